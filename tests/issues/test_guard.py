"""The one guard: who may take each action beyond the workflow's moves, asked by services and views alike;
the dry run of a move is the check the move itself makes; the government's answer is not typed in the form."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from issues import access, roles, services, workflow
from issues.models import StatusChange
from issues.workflow import State
from tests.base import make_expert, make_issue, make_officer, make_official, make_user

pytestmark = pytest.mark.django_db

# Written from CONTRACT.md's roles, not read from roles.MAY: officers everything on issues and meetings;
# officials proposals, building and submitting batches, exports and answers; experts notes, and the opinions
# asked of them (answering or declining: access.may_answer keeps each to their own requests).
EXPECTED = {
    "assign": {"officer"},
    "write_notes": {"officer", "expert"},
    "write_public_notes": {"officer"},
    "register_issues": {"officer"},
    "link_filings": {"officer"},
    "plan_meetings": {"officer"},
    "build_batches": {"officer", "official"},
    "export": {"officer", "official"},
    "read_every_export": {"officer"},
    "import_answers": {"officer", "official"},
    "read_reports": {"officer", "official"},
    "keep_roster": {"officer"},
    "request_consultations": {"officer"},
    "ask_follow_ups": {"officer"},
    "accept_opinions": {"officer"},
    "reassign_consultations": {"officer"},
    "answer_consultations": {"expert"},
    "relate_issues": {"officer"},
}


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ["officer", "expert", "official", "superuser", "no role", "filer"])
def test_each_role_may_take_the_actions_of_its_table_and_no_other(action, role):
    if role == "filer":
        user = None
    elif role == "superuser":
        user = make_user("root", is_superuser=True, is_staff=True)
    elif role == "no role":
        user = make_user("visitor")
    else:
        user = make_user(f"a-{role}", role)

    allowed = role in EXPECTED[action] or (role == "superuser" and "officer" in EXPECTED[action])
    assert roles.may(user, action) is allowed


def test_the_table_names_every_action_there_is():
    assert set(roles.MAY) == set(EXPECTED)


def test_a_service_refused_by_the_guard_says_why_and_changes_nothing():
    issue = make_issue()

    with translation.override("en"), pytest.raises(workflow.NotPermitted, match="Only officers assign issues."):
        services.assign_issue(issue, make_expert(), by=make_official())

    issue.refresh_from_db()
    assert issue.assignee is None


def test_an_expert_notes_only_the_issues_assigned_to_them():
    expert, officer = make_expert(), make_officer()
    theirs, other = make_issue(), make_issue()
    services.assign_issue(theirs, expert, by=officer)

    assert access.may_note(expert, theirs) and not access.may_note(expert, other)
    assert access.may_note(officer, other) and not access.may_note(make_official(), theirs)
    with pytest.raises(workflow.NotPermitted):
        services.add_note(other, "자문 의견", by=expert)


def test_the_workflow_permissions_nobody_checked_are_gone():
    assert not Permission.objects.filter(content_type__app_label="issues",
                                         codename__in=["move_issue", "record_answer"]).exists()


def test_the_dry_run_refuses_what_the_move_refuses_and_writes_nothing():
    issue = make_issue(State.CONSULTATION)
    officer = make_officer()
    changes = StatusChange.objects.count()

    with pytest.raises(workflow.MissingInformation) as dry:
        services.check_move_issue(issue, State.PROPOSAL, by=officer, improvement="")
    with pytest.raises(workflow.MissingInformation) as real:
        services.move_issue(issue, State.PROPOSAL, by=officer, improvement="")

    assert dry.value.errors == real.value.errors and set(dry.value.errors) == {"ministry", "improvement"}
    assert StatusChange.objects.count() == changes
    assert services.check_move_issue(issue, State.DISCOVERY, by=officer, note="자료 보완").target == State.DISCOVERY


def test_a_refusal_explained_in_one_line_names_what_is_missing():
    error = workflow.MissingInformation("Some information is missing for this move.",
                                        errors={"ministry": "A proposal needs the competent ministry."})

    assert error.explained == "Some information is missing for this move. A proposal needs the competent ministry."


def test_the_government_answer_is_not_typed_on_the_issue_page(client):
    issue = make_issue(State.FOLLOW_UP)
    client.force_login(make_officer())
    url = reverse("admin:issues_issue_change", args=[issue.pk])

    page = client.get(url).content.decode()

    assert 'name="government_answer_text"' not in page and 'name="government_answered_on"' not in page
    assert "중장기 검토하겠습니다." in page  # shown, read-only
