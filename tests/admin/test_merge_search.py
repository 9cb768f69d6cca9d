"""Merging duplicates: the kept issue is named as officers type it (2026-0011, REG-2026-0011, words of its
title) and found with a search that lists only issues they may see, never the issue itself nor one already
closed as a duplicate."""

import pytest
from django.urls import reverse

from issues import services
from issues.admin.duplicates import tracking_number
from issues.workflow import Resolution, State
from tests.base import business_number, make_issue

from .conftest import run_action

pytestmark = pytest.mark.django_db

SEARCH = reverse("admin:issues_issue_kept_candidates")


def other(title, **fields):
    return make_issue(title=title, business_number=business_number(), contact_email=f"{len(title)}@example.com",
                      **fields)


@pytest.mark.parametrize("typed", ["REG-2026-0011", "2026-0011", "reg-2026-0011", " 2026 0011 ", "2026-11",
                                   "REG2026-0011"])
def test_the_forms_people_type_spell_one_tracking_number(typed):
    assert tracking_number(typed) == "REG-2026-0011"


@pytest.mark.parametrize("typed", ["배달로봇", "2026", "REG-26-11", ""])
def test_words_are_not_a_tracking_number(typed):
    assert tracking_number(typed) is None


def test_the_list_merges_into_a_number_typed_without_its_prefix(as_role, issue_in):
    kept, duplicate = issue_in(State.CONSULTATION), other("드론 배송 규제")
    typed = kept.number.removeprefix("REG-")  # 2026-0011, as the issue reported

    _asked, applied = run_action(as_role("officer"), "mark_duplicate", [duplicate], {"kept": typed})

    assert [ok for _, ok, _ in applied.context["results"]] == [True]
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.resolution, duplicate.duplicate_of) == (State.CLOSED, Resolution.DUPLICATE,
                                                                             kept)


def test_the_list_merges_into_the_one_issue_whose_title_has_the_words(as_role, issue_in):
    kept = issue_in(State.CONSULTATION, title="원격의료 플랫폼의 비대면 진료 허용")
    duplicate = other("비대면 진료 규제 완화")

    _asked, applied = run_action(as_role("officer"), "mark_duplicate", [duplicate], {"kept": "원격의료 플랫폼"})

    assert [ok for _, ok, _ in applied.context["results"]] == [True]
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == kept


def test_words_that_several_titles_have_are_refused_naming_them_and_keeping_what_was_typed(as_role, issue_in):
    first = issue_in(State.CONSULTATION, title="배달로봇 보도 통행")
    second = other("배달로봇 공원 출입")
    duplicate = other("드론 배송")

    _asked, applied = run_action(as_role("officer"), "mark_duplicate", [duplicate], {"kept": "배달로봇"})

    page = applied.content.decode()
    assert applied.context["form"].errors["kept"] == [
        f"여러 과제의 제목에 “배달로봇” 문구가 들어 있습니다: {second.number} (배달로봇 공원 출입), "
        f"{first.number} (배달로봇 보도 통행). 목록에서 하나를 고르거나 추적 번호를 입력하세요."]
    assert 'value="배달로봇"' in page
    duplicate.refresh_from_db()
    assert duplicate.state == State.DISCOVERY


def test_an_unknown_number_says_which_number_it_looked_for(as_role):
    duplicate = other("드론 배송")

    _asked, applied = run_action(as_role("officer"), "mark_duplicate", [duplicate], {"kept": "2019-0999"})

    assert applied.context["form"].errors["kept"] == ["접수번호 REG-2019-0999인 과제가 없습니다."]


def close_as_duplicate(client, issue, typed):
    return client.post(reverse("admin:issues_issue_move", args=[issue.pk, State.CLOSED]),
                       {"resolution": Resolution.DUPLICATE, "duplicate_of": typed})


def test_closing_as_a_duplicate_on_the_move_page_takes_the_short_number(as_role, issue_in):
    kept, duplicate = issue_in(State.PROPOSAL), other("드론 배송")

    response = close_as_duplicate(as_role("officer"), duplicate, kept.number.removeprefix("REG-"))

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.resolution, duplicate.duplicate_of) == (Resolution.DUPLICATE, kept)


def test_the_move_page_refuses_the_issue_itself_and_one_already_merged(as_role, issue_in, cast):
    kept, merged, duplicate = issue_in(State.CONSULTATION), other("로봇 보도"), other("드론 배송")
    services.merge_duplicate(merged, kept, by=cast["officer"])
    client = as_role("officer")

    itself = close_as_duplicate(client, duplicate, duplicate.number)
    into_merged = close_as_duplicate(client, duplicate, merged.number)

    assert itself.context["form"].errors["duplicate_of"] == ["자기 자신과 중복으로 처리할 수 없습니다."]
    assert into_merged.context["form"].errors["duplicate_of"] == [
        f"{merged.number} 과제는 이미 {kept.number} 과제의 중복으로 종결되었습니다. {kept.number} 과제로 병합하세요."]
    duplicate.refresh_from_db()
    assert duplicate.state == State.DISCOVERY


def test_the_search_lists_issues_by_number_or_title_without_the_issue_itself_or_merged_ones(as_role, issue_in,
                                                                                             cast):
    robots = issue_in(State.CONSULTATION, title="배달로봇 보도 통행")
    parks = other("배달로봇 공원 출입")
    merged = other("배달로봇 횡단보도")
    itself = other("배달로봇 엘리베이터 탑승")
    services.merge_duplicate(merged, robots, by=cast["officer"])
    client = as_role("officer")

    by_title = client.get(SEARCH, {"q": "배달로봇", "excluding": str(itself.pk)}).json()["results"]
    by_number = client.get(SEARCH, {"q": robots.number.removeprefix("REG-")}).json()["results"]

    assert [r["number"] for r in by_title] == [parks.number, robots.number]
    assert by_title[1] == {"number": robots.number, "title": "배달로봇 보도 통행", "state": "협의·검토"}
    assert [r["number"] for r in by_number] == [robots.number]


@pytest.mark.parametrize("role", ["expert", "official"])
def test_only_officers_search_for_an_issue_to_merge_into(role, as_role, issue_in):
    issue_in(State.PROPOSAL, title="배달로봇 보도 통행")

    response = as_role(role).get(SEARCH, {"q": "배달로봇"})

    assert response.status_code == 403


def test_the_move_and_list_pages_offer_the_search(as_role, issue_in):
    issue = issue_in(State.CONSULTATION)
    client = as_role("officer")

    move_page = client.get(reverse("admin:issues_issue_move", args=[issue.pk, State.CLOSED])).content.decode()
    asked, _applied = run_action(client, "mark_duplicate", [issue])

    assert f'data-search-url="{SEARCH}"' in move_page and f'data-excluding="{issue.pk}"' in move_page
    assert "js/kept_search.js" in move_page
    assert f'data-search-url="{SEARCH}"' in asked.content.decode()
