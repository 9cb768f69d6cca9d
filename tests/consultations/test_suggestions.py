"""The request form's picker: experts who take requests now, of the issue's field first, then of a profession
the issue calls for (a lawyer fits any), then the fewest open requests; one query."""

import pytest

from companies.models import Field
from issues import consultations
from issues.models import ExpertProfile
from issues.workflow import State
from tests.base import make_expert, make_issue, make_user

from .conftest import QUESTION, in_days

pytestmark = pytest.mark.django_db

Profession = ExpertProfile.Profession


def expert(username, profession, *fields, accepting=True, **user):
    person = make_expert(username, **user)
    profile = ExpertProfile.objects.create(user=person, profession=profession, accepting_requests=accepting)
    profile.fields.add(*fields)
    return person


def names(profiles):
    return [p.user.username for p in profiles]


def test_the_issues_field_comes_first_then_the_fitting_profession_then_the_fewest_open_requests(people, db):
    ai = Field.objects.get_or_create(code="ai-suggest", defaults={"name": "인공지능", "name_en": "AI"})[0]
    issue = make_issue(State.CONSULTATION, by=people["officer"], field=ai, title="AI 학습데이터의 특허 출원",
                       problem="학습데이터 가공 기술의 특허 출원이 거절됩니다.", related_law="특허법 제29조")
    busy_lawyer = expert("busy_lawyer", Profession.LAWYER, ai)
    expert("free_lawyer", Profession.LAWYER, ai)
    expert("ai_accountant", Profession.ACCOUNTANT, ai)
    expert("patent_elsewhere", Profession.PATENT_ATTORNEY)
    expert("resting", Profession.PATENT_ATTORNEY, ai, accepting=False)
    expert("gone", Profession.PATENT_ATTORNEY, ai, is_active=False)
    # A profile of someone no longer in the expert group is not offered either.
    ExpertProfile.objects.create(user=make_user("former"), profession=Profession.PATENT_ATTORNEY).fields.add(ai)
    other_issue = make_issue(State.CONSULTATION, by=people["officer"])
    consultations.request_consultation(other_issue, expert=busy_lawyer, question=QUESTION, due_on=in_days(3),
                                       by=people["officer"])

    suggested = list(consultations.suggest_experts(issue))

    # In the field: lawyers (they fit any issue) before the accountant, the free lawyer before the busy one;
    # then out of the field: the patent attorneys the issue's words call for (by name: one has none, 최유진),
    # before the conftest's lawyer of another field.
    assert names(suggested) == ["free_lawyer", "busy_lawyer", "ai_accountant", "patent_elsewhere", "yujin",
                                "jungwoo"]
    assert {p.user.username: p.open_requests for p in suggested}["busy_lawyer"] == 1
    assert [p.in_field for p in suggested] == [True, True, True, False, False, False]


def test_an_answered_request_is_no_longer_open(issue, answered, people):
    (lawyer,) = [p for p in consultations.suggest_experts(issue) if p.user == people["expert"]]

    assert lawyer.open_requests == 0


def test_the_suggestions_are_one_query(issue, people, django_assert_num_queries):
    with django_assert_num_queries(1):
        suggested = [(p.user.username, p.open_requests, p.in_field, p.fit)
                     for p in consultations.suggest_experts(issue)]

    # The lawyer of the issue's field, then the patent attorney (no field, and nothing of patents in the issue).
    assert suggested == [("jungwoo", 0, True, 1), ("yujin", 0, False, 0)]


def test_an_issue_without_a_field_ranks_by_profession_and_load(people):
    issue = make_issue(State.CONSULTATION, by=people["officer"], title="근로시간 특례", problem="연장근로 한도",
                       related_law="근로기준법 제53조")
    expert("labour", Profession.LABOR_ATTORNEY)

    assert names(consultations.suggest_experts(issue)) == ["labour", "jungwoo", "yujin"]
