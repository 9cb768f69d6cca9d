"""The cast of the laws' tests: an officer, the expert consulted on one issue, an official, and issues
citing 의료법 (its act, decree and rule) filed in two years, through the real services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from issues import consultations
from issues.models import Issue
from issues.workflow import State
from tests.base import make_expert, make_issue, make_officer, make_official

MEDICAL = "의료법"  # act_key of 의료법, its 시행령 and its 시행규칙
LAW_PAGE = "/admin/issues/citation/law/%EC%9D%98%EB%A3%8C%EB%B2%95/"  # /admin/issues/citation/law/의료법/
LAWS = "/admin/issues/citation/"


@pytest.fixture
def people(db):
    return {"officer": make_officer(), "expert": make_expert(), "official": make_official()}


def filed_in(year: int, **fields) -> Issue:
    """An issue filed through submit_issue, dated into `year` (its tracking number keeps this year's)."""
    issue = make_issue(**fields)
    Issue.objects.filter(pk=issue.pk).update(filed_at=issue.filed_at.replace(year=year))
    issue.refresh_from_db()
    return issue


def consult(issue: Issue, people) -> None:
    consultations.request_consultation(issue, expert=people["expert"], question="원격의료 허용 범위에 대한 의견",
                                       due_on=timezone.localdate() + timedelta(days=10), by=people["officer"])


@pytest.fixture
def medical(people):
    """Three issues citing 의료법: one in 2024 (closed), two in 2025 (one the expert is consulted on, one at
    the proposal stage the official reads), and one citing 약사법 only."""
    return {
        "closed": make_issue(State.CLOSED, by=people["officer"], title="선원 원격진료",
                             related_law="의료법 제34조, 같은 법 시행규칙 제3조"),
        "consulted": make_issue(State.CONSULTATION, by=people["officer"], title="비대면 진료 재진 허용",
                                related_law="의료법 제34조제1항"),
        "proposal": make_issue(State.PROPOSAL, by=people["officer"], title="의료기관 개설 요건 완화",
                               related_law="의료법 시행령 제14조, 의료법 제33조"),
        "pharmacy": make_issue(by=people["officer"], title="의약품 택배 배송", related_law="약사법 제50조"),
    }
