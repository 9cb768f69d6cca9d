"""The issue list at scale: as many queries for 200 issues as for 20, no count of the whole table, an
honest "more than N" past the count's cap, and a search (on PostgreSQL through the bigram index) that
finds exactly what a plain `icontains` over the same fields finds."""

import itertools
from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.db.models import Q
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from companies.models import Company
from companies.validators import normalize_business_number
from issues.models import Issue, TrackingCounter
from issues.search import words
from issues.workflow import State
from tests.base import business_number

from .conftest import CHANGELIST

pytestmark = pytest.mark.django_db

VIEWS = ["", "state=open&overdue=yes", "state=proposal", "q=드론", "q=비대면 규제", "q=드론&state=open&overdue=yes",
         "meetings__isnull=True"]

# Titles and problems as filers write them: particles stuck to the words, English and digits among them.
TITLES = ["드론 배송 허용", "야간 드론 비행 승인", "비대면 진료 확대", "자율주행 셔틀 운행", "AI 기반 의료기기 인증",
          "원격의료 제도화", "규제샌드박스 실증특례", "전동킥보드 보도 통행", "Drone delivery permit", "e-커머스 통관"]
PROBLEMS = ["드론을 띄울 수 없다.", "비대면진료 시범사업 지침이 자주 바뀐다.", "의료법 제34조가 원격의료를 막는다.",
            "규제 때문에 서비스 출시가 늦어진다.", "Open API 개방이 필요하다.",
            "자율주행차 임시운행 허가는 연구 목적뿐이다.", "배달로봇은 보행자로 인정되지 않는다.",
            "AI기반 진단 소프트웨어의 인증 기준이 없다."]
LAWS = ["", "항공안전법 제129조", "의료법 제34조(원격의료)", "도로교통법 제2조", "전자금융거래법"]
COMPANIES = ["하늘드론", "(주)메디테크", "로보배송", "Open Mobility", "비대면헬스"]


def file_many(count: int) -> list[Issue]:
    """`count` more issues with bulk_create: varied texts and companies, every state, some overdue."""
    year = timezone.localdate().year
    counter, _created = TrackingCounter.objects.get_or_create(year=year)
    companies = [Company.objects.get_or_create(name=name, defaults={"business_number": business_number()})[0]
                 for name in COMPANIES]
    now, texts = timezone.now(), itertools.count(counter.last)
    rows = []
    for i in range(counter.last + 1, counter.last + count + 1):
        n = next(texts)
        rows.append(Issue(
            number=f"REG-{year}-{i:04d}", title=TITLES[n % len(TITLES)], problem=PROBLEMS[n * 7 % len(PROBLEMS)],
            related_law=LAWS[n % len(LAWS)], company=companies[n * 3 % len(companies)],
            state=list(State)[n % len(State)], filed_at=now - timedelta(hours=i),
            state_changed_at=now - timedelta(days=n % 120),
        ))
    counter.last += count
    counter.save()
    return Issue.objects.bulk_create(rows)


@pytest.fixture
def officer_client(client, cast):
    client.force_login(cast["officer"])
    return client


def captured(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


# --- Queries that do not grow with the table ----------------------------------------------------------------


@pytest.mark.parametrize("query", VIEWS)
@override_settings(ISSUE_LIST_COUNT_CAP=60)
def test_the_list_makes_as_many_queries_for_200_issues_as_for_20(officer_client, query):
    url = f"{CHANGELIST}?{query}"
    file_many(20)
    officer_client.get(url)  # per-process caches (content types, permissions) warm

    with_20 = len(captured(officer_client, url))
    file_many(180)

    # Counted exactly with 20, past the cap with 200 (the views that match most of them): the same queries.
    assert len(captured(officer_client, url)) == with_20


@pytest.mark.parametrize("query", [*VIEWS, "p=2", "q=규제&state=open"])
def test_the_list_never_counts_more_rows_than_the_cap(officer_client, query):
    file_many(120)

    counts = [sql for sql in captured(officer_client, f"{CHANGELIST}?{query}") if "COUNT(" in sql.upper()]

    # One count, of a subquery that stops at a LIMIT: never the table, never the filters' facets.
    assert len(counts) == 1, counts
    assert "LIMIT" in counts[0].upper().split("COUNT(", 1)[1], counts[0]


# --- What the officer reads past the cap --------------------------------------------------------------------


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 5 issues, counted up to 10: the cap is reached with a few issues."""
    monkeypatch.setattr(admin.site._registry[Issue], "list_per_page", 5)
    with override_settings(ISSUE_LIST_COUNT_CAP=10):
        yield


def ko(message: str, **values) -> str:
    with translation.override("ko"):
        return translation.gettext(message) % values


def test_past_the_cap_the_list_says_which_rows_of_more_than_how_many(officer_client, small_pages):
    file_many(30)

    response = officer_client.get(CHANGELIST)

    page = response.content.decode()
    assert ko("%(first)s–%(last)s of more than %(bound)s issues", first=1, last=5, bound=10) in page
    # No "last page" that is not the last: the links end with "…".
    links = page[page.index('<p class="paginator">'):page.index("</p>", page.index('<p class="paginator">'))]
    assert links.index('href="?p=2"') < links.index(str(response.context["cl"].paginator.ELLIPSIS))
    assert 'href="?p=3"' not in links
    assert "?all=" not in links  # "show all" would not be all
    # No "select all N issues" across pages when N is not known.
    assert 'class="question' not in page


def test_the_next_pages_past_the_cap_still_open(officer_client, small_pages):
    issues = sorted(file_many(30), key=lambda issue: issue.filed_at, reverse=True)

    response = officer_client.get(f"{CHANGELIST}?p=4")

    assert [issue.number for issue in response.context["cl"].result_list] == [i.number for i in issues[15:20]]
    assert ko("%(first)s–%(last)s of more than %(bound)s issues", first=16, last=20, bound=25) in \
        response.content.decode()


def test_under_the_cap_the_list_counts_exactly(officer_client, small_pages):
    file_many(8)

    response = officer_client.get(CHANGELIST)

    assert response.context["cl"].result_count == 8
    assert not response.context["cl"].paginator.is_capped
    assert '<a href="?p=2" class="end">' in response.content.decode()


@pytest.mark.parametrize("search", ["드론", "비대면", "드", "드론 허용"])
def test_a_search_past_the_cap_shows_the_same_pages_as_under_it(officer_client, small_pages, search):
    file_many(120)
    expected = [issue.number for issue in Issue.objects.filter(pk__in=naive(search)).order_by("-filed_at", "-pk")]

    numbers = (1, 2, 3) if len(expected) > 15 else (1, 2)
    pages = [officer_client.get(CHANGELIST, {"q": search, "p": number}).context["cl"] for number in numbers]

    assert pages[0].paginator.is_capped
    for number, cl in zip(numbers, pages, strict=True):
        assert [issue.number for issue in cl.result_list] == expected[(number - 1) * 5:number * 5], number


def test_a_search_past_the_cap_says_more_than_so_many_results(officer_client, small_pages):
    file_many(30)

    page = officer_client.get(f"{CHANGELIST}?q=REG").content.decode()

    assert ko("more than %(bound)s results", bound=10) in page


# --- Search: exactly the plain icontains, found through the index on PostgreSQL -----------------------------

FIELDS = ["number", "title", "problem", "company__name", "company__business_number", "related_law"]
SEARCHES = [
    # One syllable, two (most Korean words), three and more, with a particle, mixed with Latin and digits.
    "드", "론", "의", "드론", "규제", "의료", "비대면", "자율주행", "드론을", "실증특례", "AI기반", "AI", "ai",
    "drone", "DELIVERY", "api 개방", "제129조", "129조", "(원격의료)", "e-커머스", "드론 배송", '"드론 배송"',
    "하늘드론", "메디", "(주)", "-", "없는말", "zz", "2024", "REG", "로보배송 드론",
    # All three grams are there (원격의료, 의료법), never together: found by the index, dropped by the exact test.
    "격의료법",
]


def naive(search: str) -> set[int]:
    """What the admin's search finds without any index: each word in any field, icontains."""
    digits = normalize_business_number(search)
    if digits.isdigit() and len(digits) == 10:
        search = digits
    found = Issue.objects.filter(is_suspected_spam=False)
    for word in words(search):
        found = found.filter(Q.create([(f"{field}__icontains", word) for field in FIELDS], connector=Q.OR))
    return set(found.values_list("pk", flat=True))


def searched(search: str) -> set[int]:
    model_admin = admin.site._registry[Issue]
    request = RequestFactory().get(CHANGELIST)
    found, _duplicates = model_admin.get_search_results(request, Issue.objects.filter(is_suspected_spam=False),
                                                       search)
    return set(found.values_list("pk", flat=True))


@pytest.fixture
def many_texts(db):
    issues = file_many(300)
    issues[0].company.business_number = "2208100001"
    issues[0].company.save()
    return issues


def test_search_finds_exactly_what_icontains_finds(many_texts):
    searches = [*SEARCHES, many_texts[7].number, many_texts[7].number.lower(), "220-81-00001"]

    for search in searches:
        assert searched(search) == naive(search), search
    # The searches are not all empty, nor all everything.
    assert len({len(naive(search)) for search in searches}) > 10


def test_search_on_postgresql_goes_through_the_bigram_index(on_postgres, many_texts, officer_client):
    queries = captured(officer_client, f"{CHANGELIST}?q=드론")

    listing = next(sql for sql in queries if "ORDER BY" in sql and '"issues_issue"."title"' in sql)
    assert '"search_vector" @@ search_query(' in listing


def test_the_search_index_cuts_words_into_two_character_grams(on_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_bigrams('드론배송 (주)AI', 'REG-2024'), search_query('드론을'), "
                       "search_query('드'), search_query('-')")
        vector, query, one, nothing = cursor.fetchone()

    # Each run's pairs and its last character alone; upper-cased as icontains compares.
    assert vector == "'02' '20' '24' '4' 'AI' 'EG' 'G' 'I' 'RE' '드론' '론배' '배송' '송' '주'"
    assert query == "'드론' & '론을'"
    assert one == "'드':*"
    assert nothing is None


def test_past_the_cap_a_longer_word_is_read_along_the_lists_order(on_postgres, officer_client, small_pages):
    file_many(120)

    queries = captured(officer_client, f"{CHANGELIST}?q=비대면")

    # The count goes through the index; the page, with more matches than that, reads the newest first
    # (PostgreSQL would expect far fewer issues holding both 비대 and 대면, fetch them all and sort them).
    count = next(sql for sql in queries if "COUNT(" in sql)
    listing = next(sql for sql in queries if "ORDER BY" in sql and '"issues_issue"."title"' in sql)
    assert '"search_vector" @@' in count
    assert '"search_vector" @@' not in listing
