"""/stats/: every number the public page shows, for all years and for each year, against the figures worked
out by hand in data.py; no personal data; the solved cases officers published; served from the cache."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from issues import services
from issues.models import Issue
from tests.base import business_number, intake, make_issue

from . import data
from .conftest import tables, totals

pytestmark = pytest.mark.django_db

MEASURES = ["filed", "consultation", "proposed", "answered", "solved"]
TABLE_IDS = ["per-year", "per-field", "per-ministry", "answers", "durations", "meetings"]


def english(client, query=""):
    response = client.get(reverse("stats") + query, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("year", [None, 2023, 2024])
def test_the_page_shows_every_figure_of_the_known_program(client, program, year):
    page = english(client, f"?year={year}" if year else "")
    shown = tables(page)
    expected = data.expected_tables(year)

    assert [int(totals(page)[m]) for m in MEASURES] == data.TOTALS[year]
    set_aside = tables_and_set_aside(page)
    assert set_aside == (sum(data.SET_ASIDE_BY[year]), data.SET_ASIDE_BY[year])
    for table_id in TABLE_IDS:
        rows, foot = expected[table_id]
        assert shown[table_id]["rows"] == rows, table_id
        assert shown[table_id]["foot"] == foot, table_id
    # Headers name what the numbers are; the meetings have a column per year.
    assert shown["per-year"]["header"] == ["Year", "Filed", "Entered consultation", "Proposed", "Answered", "Solved",
                                           "Set aside"]
    assert shown["per-field"]["header"] == ["Field", "Filed", "Entered consultation", "Proposed", "Answered",
                                            "Solved"]
    assert shown["per-ministry"]["header"] == ["Ministry", "Proposed", "Of these, answered", "Of these, accepted",
                                               "Of these, solved"]
    assert shown["durations"]["header"] == ["Interval", "Issues", "Median", "90th percentile"]
    assert shown["meetings"]["header"] == ["Field", *expected["meeting_years"]]
    # The table per year covers both years whatever year the page shows.
    assert [row[0] for row in shown["per-year"]["rows"]] == ["2023", "2024"]


@pytest.mark.parametrize("year", [None, 2023, 2024])
def test_the_solved_cases_are_the_published_ones_newest_first(client, program, year):
    page = english(client, f"?year={year}" if year else "")

    listed = tables(page)["solved-cases"]["rows"]
    assert listed == [[data.title(key), field, ministry, answer, outcome]
                      for key, field, ministry, answer, outcome in data.SOLVED[year]]
    # Not published, still open, or suspected spam: not on the page at all.
    for key in data.NOT_LISTED:
        assert data.title(key) not in page, key


def test_the_page_shows_nothing_of_the_filers(client, program):
    private = data.private_strings()
    private += [c.business_number for c in Company.objects.all()]
    private += [issue.secret_hash for issue in Issue.objects.all()] + [issue.number for issue in Issue.objects.all()]

    for query in ("", "?year=2023", "?year=2024"):
        for language in ("ko", "en"):
            page = client.get(reverse("stats") + query, headers={"Accept-Language": language}).content.decode()
            leaked = [text for text in private if text in page]
            assert not leaked, (query, language, leaked)
            assert "@" not in page.replace("@media", "")  # no e-mail address of any kind


def test_the_page_is_in_korean_by_default_and_in_english_when_asked(client, program):
    korean = client.get(reverse("stats")).content.decode()
    english_page = english(client)

    assert '<html lang="ko">' in korean and '<html lang="en">' in english_page
    # Fields and ministries are named in the reader's language; the numbers are the same.
    assert tables(korean)["per-field"]["rows"][0][0] == "바이오"
    assert tables(korean)["per-ministry"]["rows"][0][0] == "과학기술정보통신부"
    assert tables(english_page)["per-field"]["rows"][0][0] == "Bio"
    for table_id in TABLE_IDS:
        assert ([row[1:] for row in tables(korean)[table_id]["rows"]]
                == [row[1:] for row in tables(english_page)[table_id]["rows"]]), table_id


def test_each_chart_has_a_name_and_its_table_next_to_it(client, program):
    page = english(client)

    assert page.count('<svg class="chart" role="img"') == 6
    for table_id in TABLE_IDS:
        assert f'aria-labelledby="{table_id}-caption"' in page  # the scrolling region is named by the caption
        assert f'<caption id="{table_id}-caption">' in page
    assert 'aria-labelledby="chart-per-year-name"' in page
    assert "<title id=\"chart-per-year-name\">Bar chart: Issues per year." in page
    assert '<th scope="row">2023</th>' in page and '<th scope="col">Filed</th>' in page
    # Nothing is fetched from another host: no script, no external stylesheet or font.
    assert "<script" not in page
    assert "https://" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_each_figure_says_what_it_counts_in_both_languages(client, program):
    page = english(client)
    korean = client.get(reverse("stats")).content.decode()

    # Under each headline figure, its definition: which issues, which date decides the year.
    assert re.search(r'data-measure="filed"><strong>11</strong> <span class="figure-label">Filed</span>\s*'
                     r'<small class="definition">Issues filed in the year, by the date of filing', page)
    assert re.search(r'data-measure="solved"><strong>5</strong> <span class="figure-label">Solved</span>\s*'
                     r'<small class="definition">Issues closed as improved in the year, by the date of closing, '
                     r'whether or not they were proposed.', page)
    assert "Set aside: 3</strong>" in page
    assert "closed as withdrawn, duplicate or out of scope (test filings and spam)" in page
    # The table per ministry says what its columns count, so that none is larger than the proposals.
    assert "Of the issues proposed in the year: those closed as improved since." in page
    assert "No column can be larger than the proposals." in page
    # In Korean, "filed" is 접수 (not 발굴, the name of the first state), and each figure has its definition.
    assert re.search(r'data-measure="filed"><strong>11</strong> <span class="figure-label">접수</span>', korean)
    assert "발굴" not in re.search(r'<ul class="totals" id="totals">(.*?)</ul>', korean, re.S).group(1)
    # Five headline figures, the issues set aside and the expert consultations.
    assert korean.count('<small class="definition">') == page.count('<small class="definition">') == 7


def tables_and_set_aside(page: str) -> tuple[int, list[int]]:
    """The set-aside line: its total, and withdrawn, duplicate, out of scope."""
    total = int(re.search(r'id="set-aside" data-measure-total="(\d+)"', page).group(1))
    by = [int(re.search(rf'data-set-aside="{key}">[^<]* (\d+)</span>', page).group(1))
          for key in ("withdrawn", "duplicate", "out_of_scope")]
    return total, by


def test_no_ministry_shows_more_solved_than_proposed(client, program):
    for query in ("", "?year=2023", "?year=2024"):
        for label, proposed, answered, accepted, solved in tables(english(client, query))["per-ministry"]["rows"]:
            assert int(solved) <= int(proposed), (query, label)
            assert int(accepted) <= int(answered) <= int(proposed), (query, label)


@pytest.mark.parametrize("query, heading, status", [
    ("?year=2022", "No figures for 2022", 200),
    ("?year=2019", "No figures for 2019", 200),
    ("?year=twenty", "“twenty” is not a year", 400),
    ("?year=2024abc", "“2024abc” is not a year", 400),
    ("?year=-2024", "“-2024” is not a year", 400),
    ("?year=99999999999999999999", "“99999999999999999999” is not a year", 400),
    ("?year=%D9%A2%D9%A0%D9%A2%D9%A4", "“٢٠٢٤” is not a year", 400),
])
def test_a_year_without_figures_or_not_a_year_gives_a_friendly_page(client, program, query, heading, status):
    response = client.get(reverse("stats") + query, headers={"Accept-Language": "en"})
    page = response.content.decode()

    assert response.status_code == status
    assert f'<h2 id="no-figures-h">{heading}</h2>' in page
    if status == 200:
        assert "The figures cover 2023 to 2024: choose a year above." in page
    # No empty charts or tables: the years that have figures, to choose from.
    assert '<svg class="chart"' not in page and "<table" not in page
    assert '<a href="/stats/?year=2023">2023</a>' in page and '<a href="/stats/?year=2024">2024</a>' in page


def test_a_year_without_figures_reads_well_in_korean(client, program):
    response = client.get(reverse("stats") + "?year=2022")
    malformed = client.get(reverse("stats") + "?year=<b>x</b>")

    assert "2022년 통계가 없습니다" in response.content.decode()
    assert "2023년부터 2024년까지의 통계가 있습니다" in response.content.decode()
    assert malformed.status_code == 400
    assert "올바른 연도가 아닙니다: “&lt;b&gt;x&lt;/b&gt;”" in malformed.content.decode()


def test_an_empty_program_says_so_without_charts(client, db):
    page = english(client)

    assert '<h2 id="no-figures-h">No figures yet</h2>' in page
    assert '<svg class="chart"' not in page and "<table" not in page


# --- The cache ---------------------------------------------------------------------------------------


def test_the_second_request_is_answered_from_the_cache_in_both_languages(client, program,
                                                                          django_assert_num_queries,
                                                                          django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        first = english(client)
    # The figures are cached, not the page: Korean and English, and each year, come from the same entry.
    with django_assert_num_queries(0):
        again = english(client)
        korean = client.get(reverse("stats")).content.decode()
        year = english(client, "?year=2024")

    assert tables(again)["per-year"] == tables(first)["per-year"]
    assert tables(korean)["per-year"]["rows"] == tables(first)["per-year"]["rows"]
    assert [int(totals(year)[m]) for m in MEASURES] == data.TOTALS[2024]


def test_the_figures_change_when_the_cache_expires(client, program):
    from django.core.cache import cache

    from issues.stats import facts as stats

    before = totals(english(client))
    services.submit_issue(intake(title="새 과제", business_number=business_number(),
                                 contact_email="new@startup.example.com"))
    assert totals(english(client)) == before  # still the cached figures

    cache.delete(stats.CACHE_KEY)  # what the expiry (stats.CACHE_SECONDS) does

    assert int(totals(english(client))["filed"]) == int(before["filed"]) + 1


def test_old_figures_stand_in_while_another_request_computes_new_ones(client, program, django_assert_num_queries):
    from django.core.cache import cache

    from issues.stats import facts as stats

    before = totals(english(client))
    entry = cache.get(stats.CACHE_KEY)
    cache.set(stats.CACHE_KEY, {**entry, "fresh_until": 0})  # ten minutes have passed
    services.submit_issue(intake(title="새 과제", business_number=business_number(),
                                 contact_email="new@startup.example.com"))
    cache.add(stats.LOCK_KEY, True)  # another request is computing the new figures

    with django_assert_num_queries(0):
        assert totals(english(client)) == before

    cache.delete(stats.LOCK_KEY)  # that request failed: the next one computes them
    assert int(totals(english(client))["filed"]) == int(before["filed"]) + 1
    assert cache.get(stats.LOCK_KEY) is None


def test_an_officer_publishes_a_solved_case_with_the_checkbox_on_the_issue_page(client, program):
    from django.core.cache import cache

    from issues.stats import facts as stats
    from tests.admin.conftest import form_on_page

    b5 = program["B5"]  # closed as improved, not published
    client.force_login(program["officer"])
    url = reverse("admin:issues_issue_change", args=[b5.pk])
    issue_page = client.get(url)
    form = form_on_page(issue_page, "issue_form")
    # The checkbox is on the issue page, unticked: off by default.
    assert 'type="checkbox" name="is_publishable"' in issue_page.content.decode()
    assert "is_publishable" not in form

    client.post(url, {**form, "is_publishable": "on", "_save": "Save"})

    assert Issue.objects.get(pk=b5.pk).is_publishable
    cache.delete(stats.CACHE_KEY)
    client.logout()
    listed = [row[0] for row in tables(english(client, "?year=2024"))["solved-cases"]["rows"]]
    assert listed == [data.title("B5"), data.title("B2")]


def test_a_long_list_of_solved_cases_shows_the_most_recent(client, program, monkeypatch):
    from issues.stats import facts as stats

    monkeypatch.setattr(stats, "SOLVED_CASES_SHOWN", 2)

    page = english(client)

    assert [row[0] for row in tables(page)["solved-cases"]["rows"]] == [data.title("B2"), data.title("A1")]
    assert "The 2 most recent of 3; choose a year above to see the others." in page


def test_the_worker_refreshes_the_figures_so_that_visitors_never_compute_them(client, program,
                                                                              django_assert_num_queries):
    from django.conf import settings

    from issues import tasks
    from issues.stats import facts as stats

    before = totals(english(client))
    services.submit_issue(intake(title="새 과제", business_number=business_number(),
                                 contact_email="new@startup.example.com"))

    tasks.refresh_stats.delay()  # what beat runs every few minutes

    with django_assert_num_queries(0):
        assert int(totals(english(client))["filed"]) == int(before["filed"]) + 1
    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "issues.tasks.refresh_stats"]
    assert entry["schedule"] < stats.CACHE_SECONDS


@pytest.mark.django_db
def test_a_year_without_figures_when_only_one_year_has_them(client):
    make_issue()  # filed today: this year alone has figures
    this_year = timezone.localdate().year
    response = client.get(reverse("stats") + "?year=2022")

    assert "2022년 통계가 없습니다" in response.content.decode()
    assert f"통계는 {this_year}년 것만 있습니다. 위의 연도 단추에서 고르세요." in response.content.decode()
    assert "년부터" not in response.content.decode()
