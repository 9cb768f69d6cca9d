"""Staff download attachments through /attachments/<id>/, each role only where it may see the issue."""

import pytest

from companies.models import Organization
from issues import services
from issues.models import Attachment
from issues.workflow import State
from tests.base import make_expert, make_officer, make_official, make_user

from . import files


@pytest.fixture
def attachment(filed):
    issue = filed(files=[files.upload("건의서 (최종).pdf", files.PDF, "application/pdf")])
    return Attachment.objects.get(issue=issue)


def get(client, user, attachment):
    if user is not None:
        client.force_login(user)
    return client.get(f"/attachments/{attachment.pk}/")


def test_an_officer_downloads_the_file_under_its_original_name(client, attachment):
    response = get(client, make_officer(), attachment)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%EA%B1%B4%EC%9D%98%EC%84%9C%20%28%EC%B5%9C%EC%A2%85%29.pdf" in \
        response["Content-Disposition"]


def test_a_superuser_downloads_it(client, attachment):
    admin = make_user("root", is_staff=True, is_superuser=True)

    assert get(client, admin, attachment).status_code == 200


def test_anonymous_visitors_and_users_without_a_role_get_404(client, attachment):
    plain = make_user("plain", is_staff=True)

    assert get(client, None, attachment).status_code == 404
    assert get(client, plain, attachment).status_code == 404


def test_an_expert_downloads_only_from_issues_assigned_to_them(client, attachment):
    officer, assigned, other = make_officer(), make_expert("assigned"), make_expert("other")
    services.assign_issue(attachment.issue, assigned, by=officer)

    assert get(client, assigned, attachment).status_code == 200
    assert get(client, other, attachment).status_code == 403


@pytest.mark.parametrize(("path", "status"), [
    ([], 403),
    ([State.CONSULTATION], 403),
    ([State.CONSULTATION, State.PROPOSAL], 200),
    ([State.CONSULTATION, State.PROPOSAL, State.FOLLOW_UP], 200),
    ([State.CONSULTATION, State.PROPOSAL, State.FOLLOW_UP, State.CLOSED], 200),
    ([State.CONSULTATION, State.CLOSED], 403),  # closed without ever reaching the government
])
def test_an_official_downloads_from_issues_on_their_way_to_or_back_from_the_government(
        client, attachment, path, status):
    officer = make_officer()
    issue = attachment.issue
    for state in path:
        services.move_issue(issue, state, by=officer, improvement="Allow it.",
                            ministry=Organization.objects.filter(kind="ministry").first(),
                            answer="accepted", answer_text="Accepted.", resolution="improved")

    assert get(client, make_official(), attachment).status_code == status


def test_an_unknown_attachment_is_404_for_everyone(client, db):
    client.force_login(make_officer())

    assert client.get("/attachments/999999/").status_code == 404


def test_a_file_missing_from_storage_is_404_not_a_server_error(client, attachment):
    attachment.file.storage.delete(attachment.file.name)

    assert get(client, make_officer(), attachment).status_code == 404
