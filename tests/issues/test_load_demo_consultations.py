"""`manage.py load_demo`'s advisory group (서울규제혁신지원단, "50여명" of lawyers, accountants and patent attorneys in
the seed article) and the consultations of the roundtable's issues: a lawyer's accepted opinion on 비대면 진료, a
patent attorney's on the software medical device, one request due soon and one overdue, so that `make run`
shows the expert's queue, the issue page's panel, the briefing pack and the 건의서's row."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from issues.agenda import briefing
from issues.consultations.queue import expert_queue
from issues.models import Consultation, ConsultationMessage, ExpertProfile, ProposalBatch
from issues.proposals import letter
from issues.stats.dashboard import overdue_consultations
from meetings.models import Meeting

pytestmark = pytest.mark.django_db

Profession = ExpertProfile.Profession
TELEMEDICINE = "원양선박 선원 비대면 진료 및 의약품 배송 허용"
SOFTWARE = "소프트웨어 의료기기 적합성 심사 관련 규정 명확화"


@pytest.fixture
def demo(db):
    call_command("load_demo", "--force", stdout=StringIO())
    users = get_user_model().objects
    return {"officer": users.get(username="officer"), "expert": users.get(username="expert"),
            "official": users.get(username="official")}


def of(title: str) -> Consultation:
    return Consultation.objects.select_related("expert__expert_profile").get(issue__title=title)


def test_the_advisory_group_has_about_fifty_lawyers_accountants_and_patent_attorneys(demo):
    profiles = ExpertProfile.objects.select_related("user")

    assert 45 <= profiles.count() <= 55
    counts = {profession: profiles.filter(profession=profession).count() for profession in Profession.values}
    assert counts[Profession.LAWYER] > counts[Profession.ACCOUNTANT] > 5 and counts[Profession.PATENT_ATTORNEY] > 5
    assert demo["expert"].expert_profile.profession == Profession.LAWYER
    assert all(p.user.groups.filter(name="expert").exists() and p.fields.exists() for p in profiles)
    # Fictional people: addresses of example.com; nobody but the demo account can log in.
    assert all(p.email.endswith("@example.com") and p.user.email.endswith("@example.com") for p in profiles)
    assert [p.user.username for p in profiles if p.user.has_usable_password()] == ["expert"]
    assert profiles.filter(accepting_requests=False).exists() and profiles.filter(may_be_named=True).exists()


def test_a_lawyer_answered_on_telemedicine_and_the_officer_accepted_it_before_the_meeting(demo):
    telemedicine = of(TELEMEDICINE)
    meeting = Meeting.objects.get()

    assert (telemedicine.expert, telemedicine.status) == (demo["expert"], Consultation.Status.ACCEPTED)
    assert telemedicine.recommendation == Consultation.Recommendation.AMENDED
    assert "의료법 제34조" in telemedicine.question and "약사법 제50조" in telemedicine.summary
    assert "선원법 제85조" in telemedicine.legal_basis and telemedicine.published_summary
    assert telemedicine.requested_by == demo["officer"]
    assert telemedicine.created_at < telemedicine.answered_at < telemedicine.accepted_at < meeting.starts_at
    assert telemedicine.created_at.year == 2024 and telemedicine.due_on.year == 2024


def test_a_patent_attorney_who_may_be_named_answered_on_the_software_medical_device(demo):
    software = of(SOFTWARE)

    assert software.expert.expert_profile.profession == Profession.PATENT_ATTORNEY
    assert software.expert.expert_profile.may_be_named
    assert software.status == Consultation.Status.ACCEPTED
    assert software.recommendation == Consultation.Recommendation.AS_IS
    assert "의료기기법 제12조" in software.summary and "재학습" in software.question


def test_each_thread_is_dated_as_its_consultation(demo):
    for consultation in Consultation.objects.all():
        messages = list(consultation.messages.order_by("at", "pk"))
        assert (messages[0].kind, messages[0].at, messages[0].text) == (
            ConsultationMessage.Kind.QUESTION, consultation.created_at, consultation.question)
        if consultation.answered_at:
            assert (messages[-1].kind, messages[-1].at) == (ConsultationMessage.Kind.ANSWER, consultation.answered_at)


def test_the_expert_has_one_request_due_soon_one_overdue_and_one_done(demo):
    today = timezone.localdate()

    queue = expert_queue(demo["expert"])

    (soon,) = queue.due
    (late,) = queue.overdue
    assert today < soon.due_on <= today + timedelta(days=7) and soon.created_at.date() < today
    assert late.due_on < today and late.is_overdue
    assert [c.issue.title for c in queue.done] == [TELEMEDICINE]
    # The overdue one is on the officer's dashboard too.
    assert [row["pk"] for row in overdue_consultations(demo["officer"], today)["rows"]] == [late.pk]


def test_the_letter_of_the_roundtables_batch_carries_both_opinions(demo):
    made = letter.letter(ProposalBatch.objects.get(), viewer=demo["official"])

    rows = {card.title: dict(card.rows) for card in made.cards}
    assert rows[TELEMEDICINE]["전문가 검토 의견"].startswith("변호사 검토: 수정하여 건의\n현행 의료법 제34조는")
    assert rows[SOFTWARE]["전문가 검토 의견"].startswith("변리사 서지우 검토: 원안대로 건의\n의료기기법 제12조와")
    assert "한도윤" not in str(rows)
    assert sum("전문가 검토 의견" in card_rows for card_rows in rows.values()) == 2


def test_the_briefing_pack_shows_the_officer_both_opinions(demo):
    agenda = briefing.briefing(Meeting.objects.get(), viewer=demo["officer"])["agenda"]

    reviewed = {item.issue.title: [o.profession for o in item.opinions] for item in agenda if item.opinions}
    assert reviewed == {TELEMEDICINE: ["변호사"], SOFTWARE: ["변리사"]}


def test_running_it_again_adds_no_expert_and_no_consultation(demo):
    before = (ExpertProfile.objects.count(), Consultation.objects.count(), ConsultationMessage.objects.count(),
              get_user_model().objects.count())

    call_command("load_demo", "--force", stdout=StringIO())

    assert (ExpertProfile.objects.count(), Consultation.objects.count(), ConsultationMessage.objects.count(),
            get_user_model().objects.count()) == before
