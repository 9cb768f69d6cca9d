"""Finding similar issues (issues/similar/engine.py): the terms issues are compared by, the same regulation
raised in other words found and a different one not, the reasons given, who sees what, the published cases
the public form shows, terms read again after a change, and queries that do not grow with the issues."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from issues import services, similar
from issues.models import Issue, SimilarityTerm
from issues.similar.terms import terms
from issues.workflow import State
from tests.base import make_expert, make_issue, make_officer, ministry

from .conftest import cite

pytestmark = pytest.mark.django_db

SCOOTER = {"title": "공유 전동킥보드 주차 구역 허용",
           "problem": "공유 전동킥보드를 보도에 세워 두면 도로교통법 위반으로 견인된다. "
                      "주차 구역을 정해 주면 해결된다."}
# The same rule, by another filer in other words: 개인형 이동장치 for 전동킥보드, 거치 for 주차.
SCOOTER_AGAIN = {"title": "개인형 이동장치 거치 구역 마련",
                 "problem": "대여한 전동킥보드를 반납할 곳이 없어 길에 세우면 견인된다. 주차 구역이 필요하다."}
BAKERY = {"title": "무인 베이커리 영업 허용",
          "problem": "직원 없이 빵을 진열해 팔면 위생 기준을 지킬 수 없다고 한다."}
BACKGROUND = [("드론 배송 비행 승인 간소화", "비행 승인에 30일이 걸린다."),
              ("공유주방 영업 신고 허용", "하나의 영업장에 하나의 영업자만 신고할 수 있다."),
              ("소액 해외송금 요건 완화", "자본금 요건이 높아 진입이 어렵다."),
              ("게임물 등급분류 절차 개선", "등급분류에 두 달이 걸린다."),
              ("자율주행 셔틀 운행 허가", "유상 운송을 할 수 없다."),
              ("맞춤형 화장품 소분 판매", "조제관리사가 매장에 있어야 한다."),
              ("실외 이동로봇 배송", "로봇은 보행자로 인정되지 않는다."),
              ("영농형 태양광 설치 기간", "일시사용 허가 기간이 짧다."),
              ("가상자산 기부 허용", "기부금품 모집 방법에 없다."),
              ("한옥 숙박 체험업", "소유자가 거주해야 한다.")]


def test_the_terms_are_the_nouns_a_prefix_kept_on_its_noun():
    found = terms("비대면 진료를 허용해 주세요",
                  "의료법 제34조는 원격의료를 의료인 간에만 허용한다. API와 AI 서비스는?")
    assert found == ["비대면", "진료", "허용", "의료", "원격", "의료인", "api", "ai", "서비스"]
    assert terms("드론 배송을 위한 비행 승인이 30일 걸린다") == ["드론", "배송", "비행", "승인"]
    assert terms("", "  ") == []


@pytest.fixture
def background(db):
    """Issues about other things, so that a word two issues share is a rare one (few issues: a coarse rarity)."""
    return [make_issue(related_law="", title=title, problem=problem) for title, problem in BACKGROUND]


@pytest.fixture
def scooters(background):
    police = ministry("경찰청")
    one = make_issue(State.CONSULTATION, related_law="", ministry=police, **SCOOTER)
    again = make_issue(State.CLOSED, related_law="", ministry=police, **SCOOTER_AGAIN)
    bakery = make_issue(related_law="", **BAKERY)
    cite(one, "도로교통법", 2)
    cite(again, "도로교통법", 2)
    cite(bakery, "식품위생법", 44)
    return one, again, bakery


def test_it_finds_the_same_regulation_raised_in_other_words_and_says_why(scooters):
    one, again, bakery = scooters
    found = similar.similar_issues(one, viewer=make_officer())
    assert [m.issue.number for m in found] == [again.number]
    match = found[0]
    assert match.articles == ["도로교통법 제2조"]
    assert match.laws == []
    assert match.same_ministry is True
    # The words both use and no other issue (전동킥보드 is read 전동 + 킥 + 보드, and one letter says nothing).
    assert set(match.words) == {"전동", "보드", "주차", "구역", "견인"}
    assert match.is_related is False


def test_words_alone_find_it_when_no_law_is_cited(background):
    one = make_issue(related_law="", **SCOOTER)
    again = make_issue(related_law="", title="공유 전동킥보드 주차 구역 지정",
                       problem="전동킥보드를 보도에 세우면 견인된다. 주차 구역이 필요하다.")
    make_issue(related_law="", **BAKERY)
    found = similar.similar_issues(one, viewer=make_officer())
    assert [m.issue.number for m in found] == [again.number]
    assert found[0].articles == [] and found[0].same_ministry is False


def test_a_different_regulation_is_not_shown_even_with_the_same_act(background):
    one = make_issue(related_law="", **BAKERY)
    truck = make_issue(related_law="", title="푸드트럭 급수 시설 기준 완화",
                       problem="차량 안에 상수도 급수 시설을 갖추라는 기준은 지킬 수 없다.")
    cite(one, "식품위생법", 44)
    cite(truck, "식품위생법", 36)
    # The same act (ACT_WEIGHT 0.15) and no word in common: below the threshold.
    assert similar.similar_issues(one, viewer=make_officer()) == []


def test_an_expert_is_shown_only_the_issues_they_may_open(scooters):
    one, again, _bakery = scooters
    officer, expert = make_officer(), make_expert()
    services.assign_issue(one, expert, by=officer)
    assert similar.similar_issues(one, viewer=expert) == []  # `again` is not the expert's
    services.assign_issue(again, expert, by=officer)
    assert [m.issue.number for m in similar.similar_issues(one, viewer=expert)] == [again.number]


def test_the_public_form_is_shown_published_solved_cases_only(background):
    published = make_issue(State.CLOSED, related_law="", **SCOOTER_AGAIN)
    unpublished = make_issue(State.CLOSED, related_law="", title="공유 전동킥보드 주차 구역 지정",
                             problem="전동킥보드를 보도에 세우면 견인된다. 주차 구역이 필요하다.")
    make_issue(related_law="", **SCOOTER)  # open: never a case
    Issue.objects.filter(pk=published.pk).update(is_publishable=True)
    similar.index_pending()
    found = similar.published_cases(SCOOTER["title"], SCOOTER["problem"])
    assert [issue.number for issue in found] == [published.number]
    assert unpublished.number not in [issue.number for issue in found]
    assert similar.published_cases("무인 베이커리", "빵을 판다") == []
    assert similar.published_cases("", "") == []


def test_a_changed_text_is_read_again(scooters):
    one, again, _bakery = scooters
    similar.index_pending()
    assert Issue.objects.get(pk=one.pk).similarity_terms.split()[:4] == ["공유", "전동", "보드", "주차"]
    Issue.objects.filter(pk=one.pk).update(title="무인 베이커리 위생 기준", problem="빵을 진열해 판다.")
    similar.forget_terms([one.pk])
    assert Issue.objects.get(pk=one.pk).similarity_terms is None
    assert similar.index_pending() == 1
    assert Issue.objects.get(pk=one.pk).similarity_terms == "무인 베이커리 위생 기준 진열"


def test_terms_are_counted_per_issue(scooters):
    similar.index_pending()
    assert similar.count_terms() == 13
    counted = dict(SimilarityTerm.objects.values_list("term", "issues"))
    assert counted[""] == 13  # the issues read
    assert counted["전동"] == 2
    assert counted["견인"] == 2
    assert counted["베이커리"] == 1
    assert counted["허용"] == 4  # 주차 구역 허용, 영업 허용, 영업 신고 허용, 가상자산 기부 허용


def test_the_queries_do_not_grow_with_the_issues(scooters):
    one, _again, _bakery = scooters
    officer = make_officer()
    similar.similar_issues(one, viewer=officer)  # its terms read and the terms counted, once
    with CaptureQueriesContext(connection) as few:
        similar.similar_issues(one, viewer=officer)
    for n in range(10):
        other = make_issue(related_law="", title=f"공유 전동킥보드 주차 {n}", problem="보도에 세우면 견인된다.")
        cite(other, "도로교통법", 2)
    similar.index_pending()
    with CaptureQueriesContext(connection) as many:
        found = similar.similar_issues(one, viewer=officer)
    assert len(found) == 5
    assert len(many) == len(few)


def test_an_officer_editing_the_problem_has_it_read_again(client, scooters):
    from django.urls import reverse

    from tests.admin.conftest import form_on_page

    one, again, _bakery = scooters
    officer = make_officer()
    similar.index_pending()
    client.force_login(officer)
    url = reverse("admin:issues_issue_change", args=[one.pk])
    page = client.get(url)
    data = {**form_on_page(page, "issue_form"), "problem": "무인 매장에서 빵을 진열해 판다.", "_save": "저장"}
    assert client.post(url, data).status_code == 302
    assert Issue.objects.get(pk=one.pk).similarity_terms is None
    assert Issue.objects.get(pk=again.pk).similarity_terms is not None  # the others stay as they were
    # The next similar page reads it first.
    similar.similar_issues(Issue.objects.get(pk=one.pk), viewer=officer)
    assert Issue.objects.get(pk=one.pk).similarity_terms == "공유 전동 보드 주차 구역 허용 무인 매장 진열"
