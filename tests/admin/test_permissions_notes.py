"""What each role may do from the issue page besides moving it: write notes (internal, public, asking
the filer), take the issue with "assign me", and download its attachments."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from issues.models import Note
from issues.workflow import State

from .conftest import ROLES, TWO_STATES, assert_sent_to_login, change_url, sees

pytestmark = pytest.mark.django_db


# An internal note, a public one, and a request for information (public too: the filer is asked).
NOTE_KINDS = {"internal": {}, "public": {"is_public": "on"}, "asks-filer": {"asks_filer": "on"}}


@pytest.mark.parametrize("kind", NOTE_KINDS)
@pytest.mark.parametrize("state", TWO_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_officers_write_notes_and_the_assigned_expert_internal_ones(role, state, kind, as_role, issue_in):
    issue = issue_in(state)
    data = {"body": "전문가 의견: 관련 고시 개정으로 해결 가능", **NOTE_KINDS[kind]}
    is_public = kind != "internal"

    response = as_role(role).post(reverse("admin:issues_issue_note", args=[issue.pk]), data)

    notes = list(Note.objects.filter(issue=issue))
    if role == "anonymous":
        assert_sent_to_login(response)
    elif not sees(role, issue):
        assert response.status_code == 404
    else:
        assert response.status_code == 302
        assert response["Location"] == change_url(issue) + "#timeline"
        if role == "officer" or (role == "expert" and not is_public):
            assert [(n.body, n.is_public) for n in notes] == [(data["body"], is_public)]
            return
    assert notes == []


@pytest.mark.parametrize("role", ["officer", "expert", "official"])
def test_the_note_form_on_the_issue_page_offers_what_the_role_may_write(role, as_role, issue_in):
    page = as_role(role).get(change_url(issue_in(State.PROPOSAL))).content.decode()

    assert ('name="body"' in page) == (role in ("officer", "expert"))
    assert ('name="is_public"' in page) == (role == "officer")


@pytest.mark.parametrize("state", TWO_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_only_officers_take_an_issue_with_assign_me(role, state, as_role, issue_in, cast):
    issue = issue_in(state)

    response = as_role(role).post(reverse("admin:issues_issue_assign_me", args=[issue.pk]))

    issue.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_login(response)
    elif not sees(role, issue):
        assert response.status_code == 404
    else:
        assert response.status_code == 302 and response["Location"] == change_url(issue)
    assert issue.assignee == (cast["officer"] if role == "officer" else cast["expert"])


@pytest.mark.parametrize("state", TWO_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_attachments_download_for_who_may_see_the_issue(role, state, as_role, issue_in):
    plan = SimpleUploadedFile("사업계획서.pdf", b"%PDF-1.4\n% a business plan\n", content_type="application/pdf")
    issue = issue_in(state, files=[plan])
    attachment = issue.attachments.get()

    response = as_role(role).get(reverse("issues-attachment", args=[attachment.pk]))

    if role in ("anonymous", "no_role"):
        assert response.status_code == 404  # not even whether it exists
    elif sees(role, issue):
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4\n% a business plan\n"
    else:
        assert response.status_code == 403
