"""agenda.apply_meeting_conclusions: each agenda item's conclusion is carried out through the workflow,
with the meeting named in the history and the filer told; a refused item leaves the others applied."""

import pytest
from django.core import mail
from django.utils import translation

from issues.agenda import conclusions
from issues.models import AgendaItem, Notice, StatusChange
from issues.workflow import NotPermitted, Resolution, State
from tests.base import make_expert, make_official, new_link

from .conftest import filed_issue, on_agenda

pytestmark = pytest.mark.django_db
Conclusion = AgendaItem.Conclusion


def history(issue):
    return [(c.from_state, c.to_state) for c in issue.status_changes.order_by("at", "pk")][1:]


@pytest.mark.parametrize("start, conclusion, moves, resolution", [
    (State.CONSULTATION, Conclusion.PROPOSE, [(State.CONSULTATION, State.PROPOSAL)], ""),
    (State.DISCOVERY, Conclusion.PROPOSE,
     [(State.DISCOVERY, State.CONSULTATION), (State.CONSULTATION, State.PROPOSAL)], ""),
    (State.DISCOVERY, Conclusion.REVIEW, [(State.DISCOVERY, State.CONSULTATION)], ""),
    (State.DISCOVERY, Conclusion.SOLVED, [(State.DISCOVERY, State.CLOSED)], Resolution.IMPROVED),
    (State.CONSULTATION, Conclusion.NOT_PURSUED, [(State.CONSULTATION, State.CLOSED)], Resolution.OUT_OF_SCOPE),
])
def test_each_conclusion_moves_its_issue_where_the_meeting_agreed(meeting, officer, start, conclusion, moves,
                                                                  resolution):
    issue = filed_issue(start)
    item = on_agenda(meeting, issue, conclusion)
    before = len(history(issue))

    (outcome,) = conclusions.apply_meeting_conclusions(meeting, by=officer)

    issue.refresh_from_db()
    item.refresh_from_db()
    assert outcome.is_done, outcome.message
    assert history(issue)[before:] == moves
    assert issue.state == moves[-1][1]
    assert issue.resolution == resolution
    assert item.applied_at is not None


def test_review_of_an_issue_already_in_consultation_moves_nothing_and_counts_as_applied(meeting, officer):
    issue = filed_issue(State.CONSULTATION)
    item = on_agenda(meeting, issue, Conclusion.REVIEW)
    changes = StatusChange.objects.count()

    (outcome,) = conclusions.apply_meeting_conclusions(meeting, by=officer)

    item.refresh_from_db()
    assert outcome.is_done and outcome.path == []
    assert item.applied_at is not None
    assert StatusChange.objects.count() == changes


def test_the_history_names_the_meeting_and_the_filer_is_told(meeting, officer, django_capture_on_commit_callbacks):
    issue = filed_issue(State.CONSULTATION, title="배달로봇의 보도 통행 허용")
    on_agenda(meeting, issue, Conclusion.PROPOSE, note="국토교통부에 건의")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        conclusions.apply_meeting_conclusions(meeting, by=officer)

    change = issue.status_changes.latest("at", "pk")
    assert change.meeting == meeting
    assert change.by == officer
    assert change.note == "국토교통부에 건의"
    assert change.public_text == "2024. 3. 28. “규제혁신 현장 간담회”에서 논의했습니다. 결론: 정부 건의"
    notice = Notice.objects.get(kind="issue-moved", issue=issue, context__change_id=change.pk)
    assert notice.recipient == issue.contact.email
    (message,) = mail.outbox
    assert message.to == [issue.contact.email]
    assert meeting.title in message.body


def test_the_filer_reads_the_public_note_in_the_language_they_filed_in(meeting, officer):
    issue = filed_issue(State.DISCOVERY, language="en")
    on_agenda(meeting, issue, Conclusion.SOLVED)

    conclusions.apply_meeting_conclusions(meeting, by=officer)

    change = issue.status_changes.latest("at", "pk")
    with translation.override("en"):
        assert change.public_text == ("Discussed at “규제혁신 현장 간담회” on 28 Mar 2024. "
                                      "Conclusion: Solved locally.")


def test_a_proposal_without_a_ministry_is_refused_and_the_other_items_still_apply(meeting, officer):
    missing = filed_issue(State.DISCOVERY, with_ministry=False)
    solved = filed_issue(State.CONSULTATION)
    refused_item = on_agenda(meeting, missing, Conclusion.PROPOSE)
    solved_item = on_agenda(meeting, solved, Conclusion.SOLVED)

    with translation.override("en"):
        refused, done = conclusions.apply_meeting_conclusions(meeting, by=officer)

    assert not refused.is_done and "ministry" in refused.message
    assert done.is_done
    missing.refresh_from_db()
    solved.refresh_from_db()
    refused_item.refresh_from_db()
    solved_item.refresh_from_db()
    # Its first step (to consultation) was undone with the refused second one: the item is all or nothing.
    assert missing.state == State.DISCOVERY and history(missing) == []
    assert refused_item.applied_at is None
    assert solved.state == State.CLOSED and solved_item.applied_at is not None


def test_the_preview_says_what_will_happen_and_changes_nothing(meeting, officer):
    missing = filed_issue(State.CONSULTATION, with_ministry=False)
    ready = filed_issue(State.DISCOVERY)
    on_agenda(meeting, missing, Conclusion.PROPOSE)
    on_agenda(meeting, ready, Conclusion.PROPOSE)
    changes = StatusChange.objects.count()

    with translation.override("en"):
        refused, planned = conclusions.pending_conclusions(meeting, by=officer)

    assert not refused.is_done and "ministry" in refused.message
    assert planned.is_done and planned.path == [State.CONSULTATION, State.PROPOSAL]
    assert StatusChange.objects.count() == changes
    assert not AgendaItem.objects.filter(applied_at__isnull=False).exists()


def test_applying_twice_does_nothing_more(meeting, officer):
    for state, conclusion in [(State.DISCOVERY, Conclusion.PROPOSE), (State.DISCOVERY, Conclusion.REVIEW),
                              (State.CONSULTATION, Conclusion.NOT_PURSUED)]:
        on_agenda(meeting, filed_issue(state), conclusion)
    on_agenda(meeting, filed_issue(State.DISCOVERY))  # no conclusion yet: left alone
    assert len(conclusions.apply_meeting_conclusions(meeting, by=officer)) == 3
    counts = (StatusChange.objects.count(), Notice.objects.count())

    assert conclusions.apply_meeting_conclusions(meeting, by=officer) == []
    assert (StatusChange.objects.count(), Notice.objects.count()) == counts
    assert conclusions.pending_conclusions(meeting, by=officer) == []


def test_an_issue_moved_by_hand_since_is_not_moved_back(meeting, officer):
    closed = filed_issue(State.CLOSED)  # closed as improved after the government's answer
    item = on_agenda(meeting, closed, Conclusion.PROPOSE)

    with translation.override("en"):
        (outcome,) = conclusions.apply_meeting_conclusions(meeting, by=officer)

    assert not outcome.is_done and "reopen" in outcome.message
    item.refresh_from_db()
    assert item.applied_at is None


@pytest.mark.parametrize("make_user", [make_expert, make_official])
def test_only_officers_apply_conclusions(meeting, make_user):
    issue = filed_issue(State.DISCOVERY)
    on_agenda(meeting, issue, Conclusion.REVIEW)

    with pytest.raises(NotPermitted):
        conclusions.apply_meeting_conclusions(meeting, by=make_user())

    issue.refresh_from_db()
    assert issue.state == State.DISCOVERY


def test_the_filer_reads_the_officers_note_with_the_conclusion(client, meeting, officer,
                                                                django_capture_on_commit_callbacks):
    issue = filed_issue(State.CONSULTATION, title="배달로봇의 보도 통행 허용")
    item = on_agenda(meeting, issue, Conclusion.PROPOSE, note="국토교통부 담당 과장 면담 예정")
    item.public_note = "국토교통부에 보도 통행 허용을 건의하기로 했습니다.\n회신이 오면 알려 드리겠습니다."
    item.save()
    secret = new_link(issue)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        conclusions.apply_meeting_conclusions(meeting, by=officer)

    change = issue.status_changes.latest("at", "pk")
    # The note as the officer typed it, after the meeting's line; the internal note stays internal.
    assert change.public_note == "국토교통부에 보도 통행 허용을 건의하기로 했습니다.\n회신이 오면 알려 드리겠습니다."
    assert change.public_text == ("2024. 3. 28. “규제혁신 현장 간담회”에서 논의했습니다. 결론: 정부 건의\n"
                                  "국토교통부에 보도 통행 허용을 건의하기로 했습니다.\n회신이 오면 알려 드리겠습니다.")
    assert change.note == "국토교통부 담당 과장 면담 예정"
    status_page = client.get(f"/track/{secret}/").content.decode()
    assert "국토교통부에 보도 통행 허용을 건의하기로 했습니다." in status_page
    assert "회신이 오면 알려 드리겠습니다." in status_page
    assert "면담 예정" not in status_page
    (message,) = mail.outbox
    assert "국토교통부에 보도 통행 허용을 건의하기로 했습니다." in message.body
    assert "면담 예정" not in message.body


def test_an_item_without_a_note_to_the_filer_says_the_meeting_and_conclusion_alone(meeting, officer):
    issue = filed_issue(State.DISCOVERY)
    on_agenda(meeting, issue, Conclusion.REVIEW, note="내부 검토")

    conclusions.apply_meeting_conclusions(meeting, by=officer)

    change = issue.status_changes.latest("at", "pk")
    assert change.public_note == ""
    assert change.public_text == "2024. 3. 28. “규제혁신 현장 간담회”에서 논의했습니다. 결론: 추가 검토"
