"""The list's other bulk actions, for every role: taking issues, assigning them to someone, putting them
on a meeting's agenda and merging duplicates; only officers have them."""

import pytest
from django.utils import timezone

from issues.models import AgendaItem
from issues.workflow import Resolution, State
from meetings.models import Meeting

from .conftest import CHANGELIST, ROLES, assert_action_not_offered, run_action, template_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_assign_issues_to_themselves(role, as_role, issue_in, cast):
    issue = issue_in(State.PROPOSAL)

    response = as_role(role).post(CHANGELIST, {"action": "assign_to_me", "index": 0, "_selected_action": [issue.pk]})

    issue.refresh_from_db()
    if role == "officer":
        assert response.status_code == 302 and response["Location"] == CHANGELIST
        assert issue.assignee == cast["officer"]
    else:
        assert_action_not_offered(role, response)
        assert issue.assignee == cast["expert"]


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_assign_issues_to_someone(role, as_role, issue_in, cast):
    issue = issue_in(State.PROPOSAL)

    asked, applied = run_action(as_role(role), "assign_to", [issue], {"assignee": cast["other_expert"].pk})

    issue.refresh_from_db()
    if role == "officer":
        assert template_of(asked) == "admin/issues/issue/action_form.html"
        assert [ok for _, ok, _ in applied.context["results"]] == [True]
        assert issue.assignee == cast["other_expert"]
    else:
        assert_action_not_offered(role, asked, applied)
        assert issue.assignee == cast["expert"]


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_put_issues_on_a_meeting_agenda(role, as_role, issue_in):
    issue = issue_in(State.PROPOSAL)
    meeting = Meeting.objects.create(title="핀테크 분야 규제혁신 현장 간담회", starts_at=timezone.now())

    asked, applied = run_action(as_role(role), "add_to_agenda", [issue], {"meeting": meeting.pk})

    if role == "officer":
        assert [ok for _, ok, _ in applied.context["results"]] == [True]
        assert AgendaItem.objects.get(meeting=meeting).issue == issue
    else:
        assert_action_not_offered(role, asked, applied)
        assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_merge_duplicates(role, as_role, issue_in):
    kept, duplicate = issue_in(State.CONSULTATION), issue_in(State.PROPOSAL)

    asked, applied = run_action(as_role(role), "mark_duplicate", [duplicate], {"kept": kept.number})

    duplicate.refresh_from_db()
    if role == "officer":
        assert [ok for _, ok, _ in applied.context["results"]] == [True]
        assert (duplicate.state, duplicate.resolution, duplicate.duplicate_of) == (
            State.CLOSED, Resolution.DUPLICATE, kept)
    else:
        assert_action_not_offered(role, asked, applied)
        assert (duplicate.state, duplicate.duplicate_of) == (State.PROPOSAL, None)
