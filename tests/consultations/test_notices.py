"""The e-mails of a consultation, through the outbox: the expert is told of a request (with its link), of a
follow-up question and of a request given to someone else; the officer who asked of an opinion and of a
decline. One e-mail per person per event, in the reader's language (staff read the site's, Korean)."""

import pytest
from django.core import mail
from django.utils import translation

from issues import consultations
from issues.models import Notice
from issues.notices import kinds
from issues.notices.render import render
from tests.base import make_officer

from .conftest import LEGAL_BASIS, QUESTION, SUMMARY, in_days

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def sent():
    return [(message.to, message.subject) for message in mail.outbox]


def test_the_expert_is_told_of_the_request_with_its_question_due_date_and_link(issue, people, committed, settings):
    settings.SITE_URL = SITE
    with committed():
        made = consultations.request_consultation(issue, expert=people["expert"], question=QUESTION,
                                                  due_on=in_days(10), by=people["officer"])

    (message,) = mail.outbox
    assert message.to == ["jungwoo.park@law.example.com"]
    assert message.subject == f"[{issue.number}] 전문가 자문 요청"
    assert f"이수민 님이 과제 {issue.number} “비대면 진료 허용”에 대한 의견을" in message.body
    assert QUESTION in message.body
    assert f"{SITE}/admin/issues/issue/consultations/{made.pk}/" in message.body
    # Nothing of who filed it: the expert reads the question, not the filer's contact.
    assert "정하나" not in message.body and "hana.jung" not in message.body


def test_the_requesting_officer_is_told_of_the_opinion_once(requested, people, committed):
    mail.outbox.clear()
    with committed():
        consultations.submit_opinion(requested, summary=SUMMARY, legal_basis=LEGAL_BASIS, recommendation="as_is",
                                     by=people["expert"])

    (message,) = mail.outbox
    assert message.to == ["sumin.lee@seoul.example.org"]
    assert message.subject == f"[{requested.issue.number}] 박정우 전문가가 의견을 제출했습니다"
    assert "박정우 전문가(변호사)가" in message.body
    assert "권고 의견: 원안대로 건의" in message.body and SUMMARY in message.body


def test_the_expert_is_told_of_a_follow_up_question(answered, people, committed):
    mail.outbox.clear()
    with committed():
        consultations.ask_follow_up(answered, text="원격 모니터링도 같은 조항에 해당합니까?", by=people["officer"])

    (message,) = mail.outbox
    assert message.to == ["jungwoo.park@law.example.com"]
    assert message.subject == f"[{answered.issue.number}] 의견에 대한 추가 질의"
    assert "원격 모니터링도 같은 조항에 해당합니까?" in message.body


def test_the_officer_is_told_of_a_decline_and_its_reason(requested, people, committed):
    mail.outbox.clear()
    with committed():
        consultations.decline(requested, reason="의뢰 기업과 이해관계가 있습니다.", by=people["expert"])

    (message,) = mail.outbox
    assert message.to == ["sumin.lee@seoul.example.org"]
    assert message.subject == f"[{requested.issue.number}] 박정우 전문가가 자문을 거절했습니다"
    assert "의뢰 기업과 이해관계가 있습니다." in message.body


def test_a_declined_request_given_to_another_tells_the_new_expert_only(requested, people, committed):
    consultations.decline(requested, reason="이해충돌", by=people["expert"])
    mail.outbox.clear()
    with committed():
        consultations.reassign(requested, expert=people["other_expert"], due_on=in_days(7), by=people["officer"])

    assert sent() == [(["yujin.choi@patent.example.com"], f"[{requested.issue.number}] 전문가 자문 요청")]


def test_an_overdue_request_given_to_another_tells_both_experts_once_each(requested, people, committed):
    type(requested).objects.filter(pk=requested.pk).update(due_on=in_days(-2))
    mail.outbox.clear()
    with committed():
        consultations.reassign(requested, expert=people["other_expert"], due_on=in_days(7), by=people["officer"])

    number = requested.issue.number
    assert sorted(sent()) == [
        (["jungwoo.park@law.example.com"], f"[{number}] 자문 요청이 다른 전문가에게 재배정되었습니다"),
        (["yujin.choi@patent.example.com"], f"[{number}] 전문가 자문 요청"),
    ]


def test_accepting_an_opinion_sends_nothing(answered, people, committed):
    mail.outbox.clear()
    with committed():
        consultations.accept_opinion(answered, by=people["officer"], published_summary="요지")

    assert mail.outbox == []


def test_the_same_event_owes_one_notice_however_often_it_is_told(requested):
    before = Notice.objects.count()

    kinds.owe_consultation("consultation-requested", requested, event=f"consultation{requested.pk}")

    assert Notice.objects.count() == before


def test_a_notice_reads_in_its_readers_language_rendered_when_sent(requested):
    notice = Notice.objects.get(kind="consultation-requested")
    notice.language = "en"

    message = render(notice)

    assert message.subject == f"[{requested.issue.number}] A request for your opinion"
    assert f"이수민 asks for your opinion on the issue {requested.issue.number}" in message.body
    with translation.override("ko"):
        assert render(Notice.objects.get(pk=notice.pk)).subject.endswith("전문가 자문 요청")


def test_the_morning_digest_lists_the_overdue_requests_to_the_officer_who_asked(requested, people, committed):
    type(requested).objects.filter(pk=requested.pk).update(due_on=in_days(-3))
    make_officer("minho", first_name="민호", last_name="강", email="minho.kang@seoul.example.org")
    mail.outbox.clear()
    with committed():
        assert kinds.owe_overdue_digests() == 1

    (message,) = mail.outbox
    assert message.to == ["sumin.lee@seoul.example.org"]
    assert message.subject == "회신 기한이 지난 자문 1건"
    assert f"{requested.issue.number} “비대면 진료 허용” — 박정우, 회신 기한" in message.body
    assert f"/admin/issues/issue/consultations/{requested.pk}/" in message.body
