"""One e-mail per event for each person. A meeting's conclusion "propose to the government" on an issue still
in discovery moves it twice in one go (discovery → consultation → proposal): its filer gets one notice of where
the issue ends up and the way there, owed in the transaction of the moves and sent after its commit."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import transaction

from issues import services
from issues.agenda import conclusions
from issues.models import AgendaItem, Notice, StatusChange
from issues.workflow import State
from meetings.models import Meeting
from tests.base import FILER_EMAIL, business_number, make_issue, make_officer, ministry

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def roundtable() -> Meeting:
    return Meeting.objects.create(title="모빌리티 규제혁신 간담회", starts_at=datetime(2024, 3, 28, 14, tzinfo=SEOUL),
                                  venue="서울파트너스하우스")


def proposed_at_a_meeting(django_capture_on_commit_callbacks, *, language="ko"):
    """A filing in discovery, proposed to the government by a meeting's conclusion; the e-mails sent."""
    officer = make_officer()
    issue = make_issue(language=language, ministry=ministry())
    meeting = roundtable()
    AgendaItem.objects.create(meeting=meeting, issue=issue, position=1, conclusion=AgendaItem.Conclusion.PROPOSE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        (outcome,) = conclusions.apply_meeting_conclusions(meeting, by=officer)
    assert outcome.is_done and list(outcome.path) == [State.CONSULTATION, State.PROPOSAL]
    issue.refresh_from_db()
    return issue


def test_a_conclusion_that_moves_an_issue_twice_sends_its_filer_one_email(django_capture_on_commit_callbacks):
    issue = proposed_at_a_meeting(django_capture_on_commit_callbacks)

    assert issue.state == State.PROPOSAL
    assert StatusChange.objects.filter(issue=issue).exclude(from_state="").count() == 2
    (notice,) = Notice.objects.filter(issue=issue).exclude(kind="issue-received")
    assert (notice.kind, notice.recipient, notice.status) == ("issue-moved", FILER_EMAIL, Notice.Status.SENT)
    (message,) = mail.outbox
    assert message.to == [FILER_EMAIL]
    assert message.subject == f"[{issue.number}] 신고 진행 단계 변경: 정부 건의"
    # The end state, the way there and what the meeting concluded, once.
    assert (f"신고하신 과제 {issue.number} “배달로봇의 보도 통행 허용”의 진행 단계가 바뀌었습니다. "
            "현재 단계: 정부 건의.") in message.body
    assert "진행 경과: 발굴 → 협의·검토 → 정부 건의" in message.body
    assert message.body.count("“모빌리티 규제혁신 간담회”에서 논의했습니다. 결론: 정부 건의") == 1


def test_the_one_email_of_an_english_filer_is_in_english(django_capture_on_commit_callbacks):
    issue = proposed_at_a_meeting(django_capture_on_commit_callbacks, language="en")

    (message,) = mail.outbox
    assert message.subject == f"[{issue.number}] Your report is now: Proposed to the government"
    assert ("Steps taken: Discovery → Consultation and review → Proposed to the government" in message.body)
    assert "Discussed at “모빌리티 규제혁신 간담회” on 28 Mar 2024. Conclusion: Propose to the government." \
        in message.body


def test_the_notice_is_owed_with_the_moves_and_sent_only_after_their_commit(django_capture_on_commit_callbacks):
    officer = make_officer()
    issue = make_issue(ministry=ministry())
    meeting = roundtable()
    AgendaItem.objects.create(meeting=meeting, issue=issue, position=1, conclusion=AgendaItem.Conclusion.PROPOSE)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        conclusions.apply_meeting_conclusions(meeting, by=officer)

    # Owed: one row, naming both moves, its key the event's; nothing sent before the commit.
    (notice,) = Notice.objects.filter(issue=issue).exclude(kind="issue-received")
    first, second = StatusChange.objects.filter(issue=issue).exclude(from_state="").order_by("at", "pk")
    assert notice.status == Notice.Status.PENDING
    assert notice.context == {"change_id": second.pk, "change_ids": [first.pk, second.pk]}
    assert notice.key.endswith(":filer") and Notice.objects.filter(key=notice.key).count() == 1
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_two_actions_one_after_the_other_are_two_events_with_an_email_each(django_capture_on_commit_callbacks):
    officer = make_officer()
    issue = make_issue()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.move_issue(issue, State.CONSULTATION, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.move_issue(issue, State.PROPOSAL, by=officer, ministry=ministry(), improvement="보도 통행 허용")

    assert Notice.objects.filter(issue=issue, kind="issue-moved").count() == 2
    assert [m.subject for m in mail.outbox] == [f"[{issue.number}] 신고 진행 단계 변경: 협의·검토",
                                                f"[{issue.number}] 신고 진행 단계 변경: 정부 건의"]


def test_a_refused_second_step_leaves_neither_move_nor_notice(django_capture_on_commit_callbacks):
    officer = make_officer()
    issue = make_issue()  # no ministry: it cannot be proposed
    meeting = roundtable()
    AgendaItem.objects.create(meeting=meeting, issue=issue, position=1, conclusion=AgendaItem.Conclusion.PROPOSE)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        (outcome,) = conclusions.apply_meeting_conclusions(meeting, by=officer)

    assert not outcome.is_done
    issue.refresh_from_db()
    assert issue.state == State.DISCOVERY
    assert not Notice.objects.filter(issue=issue).exclude(kind="issue-received").exists()
    assert mail.outbox == []


def test_one_action_that_moves_two_issues_of_one_filer_tells_of_each(django_capture_on_commit_callbacks):
    officer = make_officer()
    first, second = make_issue(), make_issue(business_number=business_number())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for issue in (first, second):
            services.move_issue(issue, State.CONSULTATION, by=officer, event="one-click")

    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"[{issue.number}] 신고 진행 단계 변경: 협의·검토" for issue in (first, second))
