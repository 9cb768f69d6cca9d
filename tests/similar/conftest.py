"""The cast of similar issues: an officer (이수민) and a superuser who mark and merge; the expert (박정우) the
issue is assigned to, who sees it and the other issue assigned to him only; an official, who sees proposals
and what followed them. Three issues cite 의료법 제34조, so that similar_issues finds each for the others:

- `issue` (REG-YYYY-0001): 비대면 진료, proposed to the government, assigned to the expert;
- `repeat` (REG-YYYY-0002): 선원 원격 진료, of an earlier filer, answered and closed as improved;
- `seen` (REG-YYYY-0003): 약 배송, in discovery, assigned to the expert too.

The expert may open `issue` and `seen`, never `repeat`; the official `issue` and `repeat`, never `seen`."""

import pytest
from django.utils import timezone

from issues import services
from issues.citations import law_key, parent_law
from issues.models import Citation
from issues.workflow import State
from tests.base import make_expert, make_issue, make_officer, make_official, make_user, ministry

YEAR = timezone.localdate().year
ISSUE, REPEAT, SEEN = f"REG-{YEAR}-0001", f"REG-{YEAR}-0002", f"REG-{YEAR}-0003"
REPEAT_EMAIL = "captain.han@seaclinic.example.com"


def cite(issue, law: str, article: int | None = None):
    """A citation row as issues.citations would read it from 관련 법령."""
    text = f"{law} 제{article}조" if article else law
    return Citation.objects.create(issue=issue, law=law, law_key=law_key(law), act_key=law_key(parent_law(law)),
                                   article=article, text=text)


@pytest.fixture
def people(db):
    return {
        "officer": make_officer("sumin", first_name="수민", last_name="이"),
        "expert": make_expert("jungwoo", first_name="정우", last_name="박"),
        "official": make_official("jiho", first_name="지호", last_name="김"),
        "superuser": make_user("root", is_superuser=True, is_staff=True, first_name="Admin", last_name="Kim"),
    }


@pytest.fixture
def issues(people):
    officer, welfare = people["officer"], ministry("보건복지부")
    # related_law left empty: the rows below are the only citations, whatever reads 관련 법령.
    issue = make_issue(State.PROPOSAL, by=officer, title="비대면 진료 허용", related_law="", ministry=welfare,
                       problem="환자와 의사 사이의 비대면 진료가 의료법상 허용되지 않습니다.")
    repeat = make_issue(State.CLOSED, by=officer, title="선원 원격 진료 허용", related_law="", ministry=welfare,
                        problem="원양 선박의 선원은 의사를 만날 수 없어 원격 진료가 필요합니다.",
                        contact_email=REPEAT_EMAIL)
    seen = make_issue(title="약 배송 허용", related_law="", problem="처방 약을 집으로 배송받을 수 없습니다.",
                      contact_email="pharm@delivery.example.com")
    for one in (issue, repeat, seen):
        cite(one, "의료법", 34)
    services.assign_issue(issue, people["expert"], by=officer)
    services.assign_issue(seen, people["expert"], by=officer)
    assert (issue.number, repeat.number, seen.number) == (ISSUE, REPEAT, SEEN)
    return {"issue": issue, "repeat": repeat, "seen": seen}
