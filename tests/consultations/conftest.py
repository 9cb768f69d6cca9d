"""The cast of consultations: an officer (이수민) who asks; the expert consulted (박정우, a lawyer of the
bio-health field); another expert (최유진, a patent attorney) who is not; an official; and the filer, who has
no account and reads their status page through its private link. The issue: 비대면 진료 of a bio startup,
in consultation, assigned to nobody, so that the consulted expert sees it through the request alone."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from companies.models import Field
from issues import consultations
from issues.models import ExpertProfile
from issues.workflow import State
from tests.base import make_expert, make_issue, make_officer, make_official

QUESTION = "비대면 진료 플랫폼이 의료법 제34조의 원격의료에 해당하는지 검토해 주십시오."
SUMMARY = "현행 의료법상 의료인 간 원격의료만 허용되어 환자 대상 비대면 진료는 특례 없이는 어렵습니다."
LEGAL_BASIS = "의료법 제34조, 제17조의2"
PUBLISHED = "의료법 개정이 필요하다는 검토 의견을 바탕으로 정부 건의를 준비하고 있습니다."


@pytest.fixture
def bio(db):
    return Field.objects.get_or_create(code="bio-health",
                                       defaults={"name": "바이오·헬스", "name_en": "Bio and health"})[0]


@pytest.fixture
def people(db, bio):
    officer = make_officer("sumin", first_name="수민", last_name="이", email="sumin.lee@seoul.example.org")
    expert = make_expert("jungwoo", first_name="정우", last_name="박", email="jungwoo.park@law.example.com")
    other = make_expert("yujin", first_name="유진", last_name="최", email="yujin.choi@patent.example.com")
    ExpertProfile.objects.create(user=expert, profession=ExpertProfile.Profession.LAWYER,
                                 organisation="법무법인 한결", email=expert.email).fields.add(bio)
    ExpertProfile.objects.create(user=other, profession=ExpertProfile.Profession.PATENT_ATTORNEY,
                                 organisation="특허법인 다온", email=other.email)
    return {"officer": officer, "expert": expert, "other_expert": other, "official": make_official()}


@pytest.fixture
def issue(people, bio):
    return make_issue(State.CONSULTATION, by=people["officer"], field=bio, title="비대면 진료 허용",
                      problem="환자와 의사 사이의 비대면 진료가 의료법상 허용되지 않습니다.",
                      related_law="의료법 제34조", contact_email="hana.jung@carelink.example.com",
                      contact_name="정하나", contact_phone="010-2468-1357")


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def requested(issue, people):
    """The officer's request to the lawyer, due in ten days."""
    return consultations.request_consultation(issue, expert=people["expert"], question=QUESTION, due_on=in_days(10),
                                              by=people["officer"])


@pytest.fixture
def answered(requested, people):
    return consultations.submit_opinion(requested, summary=SUMMARY, legal_basis=LEGAL_BASIS,
                                        recommendation="amended", by=people["expert"])
