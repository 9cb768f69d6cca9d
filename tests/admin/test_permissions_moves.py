"""Who may move an issue, one at a time (the issue page's buttons and the move page) and in bulk (the
list's dropdown, its intermediate page and the report of what moved and what was refused)."""

import pytest
from django.urls import reverse

from issues.workflow import Answer, State

from .conftest import (
    MOVE_CASES,
    ROLES,
    assert_action_not_offered,
    assert_sent_to_login,
    change_url,
    may_move,
    move_data,
    run_action,
    sees,
    template_of,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("move", MOVE_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_the_move_page_opens_for_who_may_make_the_move(role, move, as_role, issue_in):
    issue = issue_in(move.source)

    response = as_role(role).get(reverse("admin:issues_issue_move", args=[issue.pk, move.target]))

    if role == "anonymous":
        assert_sent_to_login(response)
    elif not sees(role, issue):
        assert response.status_code == 404
    elif may_move(role, move):
        assert response.status_code == 200
        assert [t.name for t in response.templates][0] == "admin/issues/issue/move.html"
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("move", MOVE_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_only_who_may_make_a_move_moves_the_issue(role, move, as_role, issue_in, cast):
    issue = issue_in(move.source)
    visible, moves_before = sees(role, issue), issue.status_changes.count()

    response = as_role(role).post(reverse("admin:issues_issue_move", args=[issue.pk, move.target]), move_data(move))

    issue.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_login(response)
    elif not visible:
        assert response.status_code == 404
    elif may_move(role, move):
        assert response.status_code == 302, response.context["form"].errors
        assert response["Location"] == change_url(issue)
        assert issue.state == move.target
        assert issue.status_changes.last().by == cast[role]
        return
    else:
        assert response.status_code == 403
    assert issue.state == move.source
    assert issue.status_changes.count() == moves_before


@pytest.mark.parametrize("role", ["officer", "expert", "official"])
def test_the_issue_page_offers_the_moves_the_role_may_make(role, as_role, issue_in):
    issue = issue_in(State.PROPOSAL)

    page = as_role(role).get(change_url(issue)).content.decode()

    offered = {t for t in State if reverse("admin:issues_issue_move", args=[issue.pk, t]) in page}
    assert offered == {
        "officer": {State.FOLLOW_UP, State.CONSULTATION, State.CLOSED},
        "official": {State.FOLLOW_UP, State.CONSULTATION},
        "expert": set(),
    }[role]


OFFICIAL_ACTIONS = {"move_to_follow_up", "move_to_consultation"}


@pytest.mark.parametrize("move", MOVE_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_a_bulk_move_moves_what_the_role_may_move_and_reports_the_rest(role, move, as_role, issue_in, cast):
    issue = issue_in(move.source)
    action, visible = f"move_to_{move.target}", sees(role, issue)

    asked, applied = run_action(as_role(role), action, [issue], move_data(move))

    issue.refresh_from_db()
    offered = role == "officer" or (role == "official" and action in OFFICIAL_ACTIONS)
    if not offered:
        assert_action_not_offered(role, asked, applied)
        assert issue.state == move.source
        return
    assert (asked.status_code, template_of(asked)) == (200, "admin/issues/issue/action_form.html")
    assert (applied.status_code, template_of(applied)) == (200, "admin/issues/issue/action_report.html")
    results = {i.pk: (ok, message) for i, ok, message in applied.context["results"]}
    if not visible:
        # An issue the role cannot see is not in its list: selecting its id does nothing.
        assert asked.context["issues"] == []
        assert results == {}
        assert issue.state == move.source
    elif may_move(role, move):
        assert results[issue.pk][0] is True
        assert issue.state == move.target
        assert issue.status_changes.last().by == cast[role]
    else:
        ok, reason = results[issue.pk]
        assert ok is False
        assert "이동할 권한이 없습니다" in reason  # "You may not move issues from … to …"
        assert reason in applied.content.decode()
        assert issue.state == move.source


@pytest.mark.parametrize("role", ROLES)
def test_the_report_lists_refused_moves_with_their_reason(role, as_role, issue_in):
    """One bulk "record the government's answer" over a proposal and a new issue: the proposal moves
    (for who may move it), the new issue is refused and the report says why."""
    proposal, new = issue_in(State.PROPOSAL), issue_in(State.DISCOVERY)

    asked, applied = run_action(as_role(role), "move_to_follow_up", [proposal, new], {
        "answer": Answer.ACCEPTED, "answer_text": "수용합니다.", "public_note": "정부가 수용했습니다."})

    proposal.refresh_from_db(), new.refresh_from_db()
    if role not in ("officer", "official"):
        assert_action_not_offered(role, asked, applied)
        assert (proposal.state, new.state) == (State.PROPOSAL, State.DISCOVERY)
        return
    page = applied.content.decode()
    results = {i.pk: (ok, message) for i, ok, message in applied.context["results"]}
    assert results[proposal.pk][0] is True
    assert (proposal.state, proposal.government_answer) == (State.FOLLOW_UP, Answer.ACCEPTED)
    assert new.state == State.DISCOVERY
    if role == "official":
        assert new.pk not in results  # not theirs to see, so not even listed
    else:
        ok, reason = results[new.pk]
        assert ok is False
        assert "이동할 수 없습니다" in reason and reason in page  # "… cannot move to …"
        assert "처리: 1건. 거부: 1건." in page  # "Done: 1. Refused: 1."
