"""The consultation's way, as each role tries it: the officer asks, follows up, accepts and reassigns; the
expert asked answers or declines, their own request only; another expert, an official and the filer (by=None)
do none of it."""

import pytest

from issues import consultations
from issues.models import Attachment, Consultation, ConsultationMessage
from issues.workflow import MissingInformation, NotPermitted, StaleIssue, State
from tests.base import make_issue
from tests.intake import files

from .conftest import LEGAL_BASIS, QUESTION, SUMMARY, in_days

pytestmark = pytest.mark.django_db


def thread(consultation):
    return list(consultation.messages.values_list("kind", "author__username", "text"))


def test_an_officers_request_is_asked_of_the_expert_with_its_question_and_due_date(issue, people):
    made = consultations.request_consultation(issue, expert=people["expert"], question=f"  {QUESTION}\n",
                                              due_on=in_days(10), by=people["officer"])

    made = Consultation.objects.get(pk=made.pk)
    assert (made.issue, made.expert, made.requested_by, made.status) == (issue, people["expert"],
                                                                          people["officer"], "requested")
    assert made.question == QUESTION and made.due_on == in_days(10)
    assert thread(made) == [("question", "sumin", QUESTION)]


@pytest.mark.parametrize("role", ["expert", "other_expert", "official", "filer"])
def test_only_officers_ask_for_an_opinion(role, issue, people):
    with pytest.raises(NotPermitted):
        consultations.request_consultation(issue, expert=people["expert"], question=QUESTION, due_on=in_days(10),
                                           by=people.get(role))
    assert not Consultation.objects.exists()


def test_a_request_needs_an_expert_a_question_and_a_due_date_from_today(issue, people):
    with pytest.raises(MissingInformation) as refused:
        consultations.request_consultation(issue, expert=people["official"], question=" ", due_on=in_days(-1),
                                           by=people["officer"])

    assert set(refused.value.errors) == {"expert", "question", "due_on"}
    assert not Consultation.objects.exists()


def test_an_expert_who_takes_no_requests_now_is_not_asked(issue, people):
    profile = people["expert"].expert_profile
    profile.accepting_requests = False
    profile.save()

    with pytest.raises(MissingInformation) as refused:
        consultations.request_consultation(issue, expert=people["expert"], question=QUESTION, due_on=in_days(5),
                                           by=people["officer"])
    assert str(refused.value.errors["expert"]) == "이 전문가는 지금 자문 요청을 받지 않습니다."


def test_a_closed_issue_takes_no_consultation(people):
    closed = make_issue(State.CLOSED, by=people["officer"])

    with pytest.raises(NotPermitted):
        consultations.request_consultation(closed, expert=people["expert"], question=QUESTION, due_on=in_days(5),
                                           by=people["officer"])


def test_the_expert_asked_submits_an_opinion_with_its_files(requested, people):
    upload = files.upload("검토의견서.pdf", files.PDF, "application/pdf")

    consultations.submit_opinion(requested, summary=SUMMARY, legal_basis=LEGAL_BASIS, recommendation="amended",
                                 files=[upload], by=people["expert"])

    requested.refresh_from_db()
    assert (requested.status, requested.summary, requested.legal_basis, requested.recommendation) == (
        "answered", SUMMARY, LEGAL_BASIS, "amended")
    assert requested.get_recommendation_display() == "수정하여 건의"
    assert requested.answered_at is not None
    assert thread(requested)[-1] == ("answer", "jungwoo", SUMMARY)
    (attached,) = Attachment.objects.all()
    assert (attached.issue_id, attached.consultation, attached.original_name, attached.uploaded_by) == (
        requested.issue_id, requested, "검토의견서.pdf", people["expert"])


@pytest.mark.parametrize("role", ["officer", "other_expert", "official", "filer"])
def test_nobody_but_the_expert_asked_submits_the_opinion_or_declines(role, requested, people):
    with pytest.raises(NotPermitted):
        consultations.submit_opinion(requested, summary=SUMMARY, legal_basis="", recommendation="as_is",
                                     by=people.get(role))
    with pytest.raises(NotPermitted):
        consultations.decline(requested, reason="이해충돌", by=people.get(role))
    assert Consultation.objects.get().status == "requested"


def test_an_opinion_needs_a_summary_and_a_recommendation(requested, people):
    with pytest.raises(MissingInformation) as refused:
        consultations.submit_opinion(requested, summary="", legal_basis="", recommendation="maybe", by=people["expert"])
    assert set(refused.value.errors) == {"summary", "recommendation"}


def test_a_follow_up_question_reopens_the_request_and_the_second_answer_joins_the_thread(answered, people):
    consultations.ask_follow_up(answered, text="원격 모니터링도 같은 조항에 해당합니까?", by=people["officer"])
    assert Consultation.objects.get().status == "follow_up"

    consultations.submit_opinion(answered, summary="원격 모니터링은 제34조의 범위 밖입니다.", legal_basis=LEGAL_BASIS,
                                 recommendation="amended", by=people["expert"])

    assert [kind for kind, _, _ in thread(answered)] == ["question", "answer", "follow_up", "answer"]
    assert Consultation.objects.get().summary == "원격 모니터링은 제34조의 범위 밖입니다."


@pytest.mark.parametrize("role", ["expert", "other_expert", "official", "filer"])
def test_only_officers_follow_up_and_accept(role, answered, people):
    with pytest.raises(NotPermitted):
        consultations.ask_follow_up(answered, text="추가 질의", by=people.get(role))
    with pytest.raises(NotPermitted):
        consultations.accept_opinion(answered, by=people.get(role))
    assert Consultation.objects.get().status == "answered"


def test_the_officer_accepts_an_opinion_and_may_publish_a_summary(answered, people):
    consultations.accept_opinion(answered, by=people["officer"], published_summary=" 요지 ")

    answered.refresh_from_db()
    assert (answered.status, answered.published_summary) == ("accepted", "요지")
    assert answered.accepted_at is not None


def test_an_opinion_not_yet_submitted_cannot_be_accepted(requested, people):
    with pytest.raises(StaleIssue):
        consultations.accept_opinion(requested, by=people["officer"])


def test_the_expert_declines_saying_why(requested, people):
    consultations.decline(requested, reason="의뢰 기업과 이해관계가 있습니다.", by=people["expert"])

    assert Consultation.objects.get().status == "declined"
    assert thread(requested)[-1] == ("decline", "jungwoo", "의뢰 기업과 이해관계가 있습니다.")


def test_a_declined_request_is_given_to_another_expert_with_the_same_question(requested, people):
    consultations.decline(requested, reason="이해충돌", by=people["expert"])

    new = consultations.reassign(requested, expert=people["other_expert"], due_on=in_days(7), by=people["officer"])

    old = Consultation.objects.get(pk=requested.pk)
    assert (old.status, old.replaced_by) == ("reassigned", new)
    assert (new.expert, new.question, new.due_on, new.status, new.requested_by) == (
        people["other_expert"], QUESTION, in_days(7), "requested", people["officer"])
    assert thread(new) == [("question", "sumin", QUESTION)]


def test_an_overdue_request_may_be_reassigned_but_one_on_time_may_not(requested, people):
    with pytest.raises(NotPermitted):
        consultations.reassign(requested, expert=people["other_expert"], due_on=in_days(7), by=people["officer"])

    Consultation.objects.filter(pk=requested.pk).update(due_on=in_days(-1))
    consultations.reassign(requested, expert=people["other_expert"], due_on=in_days(7), by=people["officer"])
    assert Consultation.objects.get(pk=requested.pk).status == "reassigned"


@pytest.mark.parametrize("role", ["expert", "other_expert", "official", "filer"])
def test_only_officers_reassign(role, requested, people):
    consultations.decline(requested, reason="이해충돌", by=people["expert"])

    with pytest.raises(NotPermitted):
        consultations.reassign(requested, expert=people["other_expert"], due_on=in_days(7), by=people.get(role))
    assert Consultation.objects.count() == 1


def test_a_request_is_not_given_back_to_the_expert_who_declined_it(requested, people):
    consultations.decline(requested, reason="이해충돌", by=people["expert"])

    with pytest.raises(MissingInformation):
        consultations.reassign(requested, expert=people["expert"], due_on=in_days(7), by=people["officer"])


def test_an_expert_cannot_answer_a_request_once_given_to_another(requested, people):
    consultations.decline(requested, reason="이해충돌", by=people["expert"])
    consultations.reassign(requested, expert=people["other_expert"], due_on=in_days(7), by=people["officer"])

    with pytest.raises(StaleIssue):
        consultations.submit_opinion(requested, summary=SUMMARY, legal_basis="", recommendation="as_is",
                                     by=people["expert"])
    assert ConsultationMessage.objects.filter(kind="answer").count() == 0


def test_overdue_lists_the_open_requests_past_their_due_date_longest_first(issue, people):
    late, later = (consultations.request_consultation(issue, expert=expert, question=QUESTION, due_on=in_days(0),
                                                      by=people["officer"])
                   for expert in (people["expert"], people["other_expert"]))
    Consultation.objects.filter(pk=late.pk).update(due_on=in_days(-3))
    Consultation.objects.filter(pk=later.pk).update(due_on=in_days(-8))

    assert list(consultations.overdue()) == [later, late]
    # Answered, it is no longer owed; on its due date it is not overdue yet.
    consultations.submit_opinion(late, summary=SUMMARY, legal_basis="", recommendation="as_is", by=people["expert"])
    assert list(consultations.overdue()) == [later]
    assert list(consultations.overdue(today=in_days(-8))) == []
