"""A meeting still to come: applying its conclusions asks first, saying the meeting's date, and only an
officer's confirmation that they were agreed already applies them; a meeting that took place applies as before."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from issues.agenda import conclusions
from issues.models import AgendaItem, StatusChange
from issues.workflow import State
from meetings.models import Meeting

from .conftest import filed_issue, make_meeting, on_agenda

pytestmark = pytest.mark.django_db
Conclusion = AgendaItem.Conclusion


@pytest.fixture
def upcoming(db):
    """A roundtable on 20 December 2099 at 14:00 (Seoul), with a proposal on its agenda."""
    meeting = make_meeting("AI 분야 릴레이 간담회", at="2099-12-20 14:00", until="")
    issue = filed_issue(State.CONSULTATION, title="AI 학습데이터 공정이용 기준")
    on_agenda(meeting, issue, Conclusion.PROPOSE)
    return meeting


def apply_page(meeting):
    return reverse("admin:meetings_meeting_apply", args=[meeting.pk])


def test_applying_before_the_meeting_is_refused_without_the_officers_word(upcoming, officer):
    changes = StatusChange.objects.count()

    with pytest.raises(conclusions.MeetingNotYetHeld) as refused:
        conclusions.apply_meeting_conclusions(upcoming, by=officer)

    assert str(refused.value) == ("이 간담회는 2099. 12. 20. 오후 2:00에 열릴 예정으로, 아직 열리지 않았습니다. "
                                  "결론이 이미 합의되었음을 확인해야 지금 반영할 수 있습니다.")
    assert StatusChange.objects.count() == changes
    assert not upcoming.agenda.filter(applied_at__isnull=False).exists()


def test_with_the_officers_confirmation_it_applies(upcoming, officer):
    (outcome,) = conclusions.apply_meeting_conclusions(upcoming, by=officer, is_early_confirmed=True)

    assert outcome.is_done
    assert upcoming.agenda.get().issue.state == State.PROPOSAL


def test_a_meeting_that_began_an_hour_ago_applies_without_asking(officer):
    meeting = Meeting.objects.create(title="오늘 간담회", starts_at=timezone.now() - timedelta(hours=1))
    on_agenda(meeting, filed_issue(State.DISCOVERY), Conclusion.REVIEW)

    assert not conclusions.is_still_to_come(meeting)
    (outcome,) = conclusions.apply_meeting_conclusions(meeting, by=officer)
    assert outcome.is_done


def test_the_confirmation_page_says_the_date_and_asks(client, upcoming, officer):
    client.force_login(officer)

    page = client.get(apply_page(upcoming)).content.decode()

    assert "이 간담회는 2099. 12. 20. 오후 2:00에 열립니다. 아직 열리지 않았으며, 신청인에게는 이 간담회에서 과제를 " \
           "논의했다고 알립니다." in page
    assert 'name="early"' in page
    assert "결론이 이미 합의되었습니다. 2099. 12. 20. 오후 2:00 전에 반영합니다." in page


def test_pressing_apply_without_confirming_keeps_everything_and_says_why(client, upcoming, officer):
    client.force_login(officer)

    response = client.post(apply_page(upcoming))

    assert response.status_code == 400
    assert "결론이 이미 합의되었음을 확인해야 지금 반영할 수 있습니다." in response.content.decode()
    assert upcoming.agenda.get().issue.state == State.CONSULTATION


def test_pressing_apply_with_the_box_ticked_applies(client, upcoming, officer):
    client.force_login(officer)

    response = client.post(apply_page(upcoming), {"early": "1"})

    assert response.status_code == 200 and response.context["done_count"] == 1
    assert upcoming.agenda.get().issue.state == State.PROPOSAL


def test_a_past_meetings_page_does_not_ask(client, meeting, officer):
    on_agenda(meeting, filed_issue(State.DISCOVERY), Conclusion.REVIEW)
    client.force_login(officer)

    assert 'name="early"' not in client.get(apply_page(meeting)).content.decode()
    assert client.post(apply_page(meeting)).context["done_count"] == 1
