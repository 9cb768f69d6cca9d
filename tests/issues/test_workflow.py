"""Every move of workflow.MOVES, made through services.move_issue by each role: the allowed ones arrive with
their history row, fields and notice; the others are refused and leave no trace. The cases are generated
from the table, so a move added to MOVES is tested here without a new line."""

from datetime import date

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from issues import services, workflow
from issues.models import Issue, Notice, StatusChange
from issues.notices.render import render
from issues.workflow import (
    EXPERT,
    FILER,
    MOVES,
    OFFICER,
    OFFICIAL,
    Answer,
    MissingInformation,
    MoveNotAllowed,
    NotPermitted,
    Resolution,
    StaleIssue,
    State,
)
from tests.base import FILER_EMAIL, make_issue, make_officer, make_user, ministry

pytestmark = pytest.mark.django_db

ROLES = (OFFICER, EXPERT, OFFICIAL, FILER)


def actor(role: str):
    """Someone who holds `role`; the filer has no account and acts through the status link."""
    return None if role == FILER else make_user(role, role)


# What each need of workflow.Move.needs asks move_issue for.
FACTS = {
    "ministry": {"ministry": lambda: ministry("국토교통부"), "improvement": "인증 로봇의 보도 통행 허용"},
    "improvement": {"improvement": "인증 로봇의 보도 통행 허용"},
    "answer": {"answer": Answer.PARTIALLY_ACCEPTED, "answer_text": "시범 구역에서 허용합니다.",
               "answered_on": date(2024, 6, 3)},
    "resolution": {"resolution": Resolution.IMPROVED},
}


def arrival(needs, role: str = OFFICER) -> dict:
    """The arguments move_issue needs to make a move with these `needs` as `role`, with a note."""
    kwargs = {"note": "사유를 적었습니다.", "public_note": "진행 상황을 알려 드립니다."}
    for need in needs:
        kwargs.update({name: value() if callable(value) else value for name, value in FACTS.get(need, {}).items()})
    if "resolution" in kwargs and role == FILER:
        kwargs["resolution"] = Resolution.WITHDRAWN
    return kwargs


def snapshot(issue: Issue) -> dict:
    """What a refused move must leave as it was: the row, its history and the notices owed."""
    return {
        "copy": issue.state,
        "row": Issue.objects.values().get(pk=issue.pk),
        "history": StatusChange.objects.filter(issue=issue).count(),
        "notices": Notice.objects.count(),
    }


def refuse(issue: Issue, to: str, error: type[workflow.MoveError], *, by, **kwargs) -> workflow.MoveError:
    before = snapshot(issue)
    with pytest.raises(error) as caught:
        services.move_issue(issue, to, by=by, **kwargs)
    assert snapshot(issue) == before
    return caught.value


def notice_kind(target: str) -> str:
    return {State.CLOSED: "issue-closed", State.FOLLOW_UP: "issue-answered"}.get(target, "issue-moved")


PERMITTED = [
    pytest.param(move, role, id=f"{move.source}-to-{move.target}-by-{role}")
    for move in MOVES.values()
    for role in sorted(move.roles)
]

FORBIDDEN_ROLES = [
    pytest.param(move, role, id=f"{move.source}-to-{move.target}-by-{role}")
    for move in MOVES.values()
    for role in ROLES
    if role not in move.roles
]

NOT_IN_THE_TABLE = [
    pytest.param(source, target, id=f"{source}-to-{target}")
    for source in State.values
    for target in [*State.values, "archived"]
    if (source, target) not in MOVES
]

NEEDS = [
    pytest.param(move, need, id=f"{move.source}-to-{move.target}-without-{need}")
    for move in MOVES.values()
    for need in move.needs
]


# --- Allowed moves ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("move", "role"), PERMITTED)
def test_each_allowed_move_arrives_with_history_fields_and_a_notice(move, role):
    issue = make_issue(move.source, language="en")
    by = actor(role)
    kwargs = arrival(move.needs, role)

    change = services.move_issue(issue, move.target, by=by, **kwargs)

    issue.refresh_from_db()
    assert issue.state == move.target
    assert issue.state_changed_at == change.at
    assert (change.issue, change.from_state, change.to_state) == (issue, move.source, move.target)
    assert (change.by, change.by_filer) == (by, by is None)
    assert (change.note, change.public_note) == (kwargs["note"], kwargs["public_note"])
    assert change.resolution == issue.resolution
    assert issue.status_changes.last() == change

    today = timezone.localdate()
    if move.kind == workflow.FORWARD and move.target == State.PROPOSAL:
        assert (issue.ministry, issue.improvement) == (kwargs["ministry"], kwargs["improvement"])
        assert issue.proposed_on == today
    if move.target == State.FOLLOW_UP:
        assert issue.government_answer == Answer.PARTIALLY_ACCEPTED
        assert issue.government_answer_text == "시범 구역에서 허용합니다."
        assert issue.government_answered_on == date(2024, 6, 3)
    if move.target == State.CLOSED:
        assert issue.resolution == kwargs["resolution"]
        assert issue.closed_at == change.at
        assert issue.duplicate_of is None
    else:
        # An open issue has no resolution: reopening forgets how it was closed.
        assert (issue.resolution, issue.closed_at, issue.duplicate_of) == ("", None, None)
    if move.source == State.FOLLOW_UP and move.kind == workflow.SEND_BACK:
        # The answer sent back no longer stands.
        assert (issue.government_answer, issue.government_answer_text) == ("", "")
        assert issue.government_answered_on is None

    notice = Notice.objects.get(issue=issue, kind=notice_kind(move.target), context__change_id=change.pk)
    assert (notice.recipient, notice.language, notice.status) == (FILER_EMAIL, "en", Notice.Status.PENDING)
    assert issue.number in render(notice).subject


def test_the_callers_copy_follows_the_move():
    issue = make_issue(State.CONSULTATION)

    services.move_issue(issue, State.PROPOSAL, by=make_officer(), ministry=ministry(), improvement="허용")

    assert issue.state == State.PROPOSAL
    assert issue.proposed_on == timezone.localdate()
    # …so the same copy can make the next move without reloading.
    services.move_issue(issue, State.FOLLOW_UP, by=make_officer(), answer=Answer.ACCEPTED, answer_text="수용")
    assert Issue.objects.get(pk=issue.pk).state == State.FOLLOW_UP


def test_a_proposal_keeps_the_ministry_and_improvement_the_issue_already_has():
    issue = make_issue(State.CONSULTATION, ministry=ministry("금융위원회"), improvement="기존 개선안")

    services.move_issue(issue, State.PROPOSAL, by=make_officer())

    issue.refresh_from_db()
    assert (issue.ministry.name, issue.improvement) == ("금융위원회", "기존 개선안")


def test_closing_as_a_duplicate_points_at_the_kept_issue_and_reopening_forgets_it():
    kept, duplicate = make_issue(), make_issue()
    officer = make_officer()

    services.move_issue(duplicate, State.CLOSED, by=officer, resolution=Resolution.DUPLICATE, duplicate_of=kept)
    duplicate.refresh_from_db()
    assert (duplicate.resolution, duplicate.duplicate_of) == (Resolution.DUPLICATE, kept)

    services.move_issue(duplicate, State.CONSULTATION, by=officer, note="별개의 규제로 확인됨")
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.resolution, duplicate.duplicate_of, duplicate.closed_at) == (
        State.CONSULTATION, "", None, None,
    )


def test_only_a_duplicate_remembers_which_issue_it_duplicates():
    other, issue = make_issue(), make_issue()

    services.move_issue(issue, State.CLOSED, by=make_officer(), resolution=Resolution.IMPROVED, duplicate_of=other)

    issue.refresh_from_db()
    assert issue.duplicate_of is None


def test_a_superuser_acts_as_an_officer():
    admin = make_user("admin", is_superuser=True)
    issue = make_issue()

    change = services.move_issue(issue, State.CONSULTATION, by=admin)

    assert (change.by, issue.state) == (admin, State.CONSULTATION)


# --- Moves that are not in the table ---------------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), NOT_IN_THE_TABLE)
def test_it_refuses_every_move_that_is_not_in_the_table(source, target):
    issue = make_issue(source)

    # Even by an officer, with everything any state could need.
    refuse(issue, target, MoveNotAllowed, by=make_officer(), **arrival(FACTS))


def test_it_refuses_to_skip_consultation():
    issue = make_issue()

    error = refuse(issue, State.PROPOSAL, MoveNotAllowed, by=make_officer(), ministry=ministry(), improvement="허용")

    assert str(State.DISCOVERY.label) in str(error)
    assert str(State.PROPOSAL.label) in str(error)


def test_it_refuses_to_record_an_answer_to_an_issue_never_proposed():
    issue = make_issue(State.CONSULTATION)

    refuse(issue, State.FOLLOW_UP, MoveNotAllowed, by=make_officer(), answer=Answer.ACCEPTED, answer_text="수용")


def test_it_refuses_to_close_a_closed_issue_again():
    issue = make_issue(State.CLOSED)

    refuse(issue, State.CLOSED, MoveNotAllowed, by=make_officer(), resolution=Resolution.NOT_ACCEPTED)


def test_it_refuses_a_state_it_does_not_know():
    issue = make_issue()

    error = refuse(issue, "archived", MoveNotAllowed, by=make_officer())

    assert "archived" in str(error)


# --- Who may move ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("move", "role"), FORBIDDEN_ROLES)
def test_it_refuses_a_move_to_a_role_the_table_does_not_name(move, role):
    issue = make_issue(move.source)

    refuse(issue, move.target, NotPermitted, by=actor(role), **arrival(move.needs, role))


@pytest.mark.parametrize("move", [pytest.param(m, id=f"{m.source}-to-{m.target}") for m in MOVES.values()])
def test_it_refuses_every_move_to_an_inactive_officer(move):
    issue = make_issue(move.source)
    retired = make_officer("retired", is_active=False)

    refuse(issue, move.target, NotPermitted, by=retired, **arrival(move.needs))


@pytest.mark.parametrize("resolution", [r for r in Resolution.values if r != Resolution.WITHDRAWN])
def test_the_filer_can_only_withdraw(resolution):
    issue = make_issue(State.CONSULTATION)
    other = make_issue()

    error = refuse(issue, State.CLOSED, NotPermitted, by=None, resolution=resolution, duplicate_of=other)

    assert str(error)


def test_an_expert_moves_nothing_even_on_an_issue_assigned_to_them():
    expert = make_user("expert", EXPERT)
    issue = make_issue()
    services.assign_issue(issue, expert, by=make_officer())

    refuse(issue, State.CONSULTATION, NotPermitted, by=expert)
    refuse(issue, State.CLOSED, NotPermitted, by=expert, resolution=Resolution.OUT_OF_SCOPE)


def test_moves_offered_to_each_role_are_the_ones_it_may_make():
    assert [m.target for m in workflow.moves_from(State.PROPOSAL, {OFFICIAL})] == [
        State.FOLLOW_UP, State.CONSULTATION,
    ]
    assert workflow.moves_from(State.DISCOVERY, {EXPERT}) == []
    assert [m.target for m in workflow.moves_from(State.FOLLOW_UP, {FILER})] == [State.CLOSED]
    assert workflow.roles_of(None) == {FILER}


# --- What a state needs on arrival -----------------------------------------------------------------------


@pytest.mark.parametrize(("move", "need"), NEEDS)
def test_it_refuses_a_move_without_what_the_target_needs(move, need):
    # The filed issue has no ministry; the one without an improvement is filed without one.
    issue = make_issue(move.source, improvement="" if need == "improvement" else "기존 개선안")
    kwargs = arrival(move.needs)
    kwargs.pop(need, None)
    if need == "ministry":
        kwargs.pop("improvement")

    error = refuse(issue, move.target, MissingInformation, by=make_officer(), **kwargs)

    assert set(error.errors) == {need}
    assert all(str(message) for message in error.errors.values())


@pytest.mark.parametrize(
    ("kwargs", "keys"),
    [
        pytest.param({}, {"answer", "answer_text"}, id="nothing"),
        pytest.param({"answer": Answer.ACCEPTED}, {"answer_text"}, id="no-text"),
        pytest.param({"answer": Answer.ACCEPTED, "answer_text": "  \n"}, {"answer_text"}, id="blank-text"),
        pytest.param({"answer": "maybe", "answer_text": "검토 중"}, {"answer"}, id="unknown-answer"),
    ],
)
def test_follow_up_needs_the_government_answer_and_its_text(kwargs, keys):
    issue = make_issue(State.PROPOSAL)

    error = refuse(issue, State.FOLLOW_UP, MissingInformation, by=make_officer(), **kwargs)

    assert set(error.errors) == keys


def test_a_proposal_needs_both_a_ministry_and_an_improvement():
    issue = make_issue(State.CONSULTATION, improvement="")

    error = refuse(issue, State.PROPOSAL, MissingInformation, by=make_officer(), improvement="   ")

    assert set(error.errors) == {"ministry", "improvement"}


@pytest.mark.parametrize(
    ("kwargs", "keys"),
    [
        pytest.param({}, {"resolution"}, id="no-resolution"),
        pytest.param({"resolution": "solved"}, {"resolution"}, id="unknown-resolution"),
        pytest.param({"resolution": Resolution.DUPLICATE}, {"duplicate_of"}, id="duplicate-of-nothing"),
    ],
)
def test_closing_needs_a_resolution_and_a_duplicate_its_original(kwargs, keys):
    issue = make_issue(State.CONSULTATION)

    error = refuse(issue, State.CLOSED, MissingInformation, by=make_officer(), **kwargs)

    assert set(error.errors) == keys


@pytest.mark.parametrize("note", ["", "   \n\t"])
def test_sending_back_needs_a_note_saying_why(note):
    issue = make_issue(State.PROPOSAL)

    error = refuse(issue, State.CONSULTATION, MissingInformation, by=make_officer(), note=note)

    assert set(error.errors) == {"note"}


def test_an_issue_cannot_duplicate_itself():
    issue = make_issue()

    error = refuse(issue, State.CLOSED, MissingInformation, by=make_officer(), resolution=Resolution.DUPLICATE,
                   duplicate_of=issue)

    assert set(error.errors) == {"duplicate_of"}


# --- Someone else was faster -----------------------------------------------------------------------------


def test_it_refuses_a_move_made_from_an_out_of_date_copy():
    officer = make_officer()
    mine = make_issue()
    theirs = Issue.objects.get(pk=mine.pk)
    services.move_issue(theirs, State.CONSULTATION, by=officer)

    error = refuse(mine, State.CLOSED, StaleIssue, by=officer, resolution=Resolution.OUT_OF_SCOPE)

    # The message says where the issue stands now.
    assert str(State.CONSULTATION.label) in str(error)
    assert Issue.objects.get(pk=mine.pk).state == State.CONSULTATION


# --- Messages --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ko", "en"])
def test_refusals_are_translated_messages_naming_the_states(language):
    issue = make_issue()

    with translation.override(language):
        error = refuse(issue, State.FOLLOW_UP, MoveNotAllowed, by=make_officer())
        labels = {"source": State.DISCOVERY.label, "target": State.FOLLOW_UP.label}
        # The message is the catalogue's translation of its msgid, with the translated state labels in it.
        assert str(error) == gettext("An issue in “%(source)s” cannot move to “%(target)s”.") % labels
        assert str(State.DISCOVERY.label) in str(error)
        assert str(State.FOLLOW_UP.label) in str(error)

        error = refuse(issue, State.CONSULTATION, NotPermitted, by=None)
        assert str(error) == gettext("You may not move issues from “%(source)s” to “%(target)s”.") % {
            "source": State.DISCOVERY.label, "target": State.CONSULTATION.label,
        }

        services.move_issue(issue, State.CONSULTATION, by=make_officer())
        error = refuse(issue, State.PROPOSAL, MissingInformation, by=make_officer(), improvement="")
        assert str(error) == gettext("Some information is missing for this move.")
        assert str(error.errors["ministry"]) == gettext("A proposal needs the competent ministry.")
