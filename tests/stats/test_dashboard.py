"""The officers' dashboard on the admin index: where the issues stand now, the queue, waiting for the
government by ministry, and this year against last year, on the known program (data.py) with every figure
worked out by hand; the same figures as /stats/ for the same year; the cached figures say when they were
computed and are computed again after a move or a filing, in the memory cache and in Redis."""

import re
import uuid
from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from issues import services
from issues.models import Issue
from issues.stats import dashboard
from issues.workflow import State
from tests.base import business_number, intake, make_expert, make_issue, make_officer, make_official, ministry

from . import data
from .conftest import tables, totals

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def comparison(counts) -> dict:
    return {key: (row["this_year"], row["same_period"], row["last_year"]) for key, _label, row in counts["comparison"]}


def index_page(client, language="en") -> str:
    response = client.get(INDEX, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.content.decode()


def figures_on(page: str) -> dict[str, int]:
    """The dashboard's figure cards: figure key → the number shown."""
    return {key: int(n) for key, n in re.findall(r'<li data-figure="(\w+)"><a [^>]*><strong>(\d+)</strong>', page)}


def computed_at(page: str) -> datetime:
    return datetime.fromisoformat(re.search(r'id="dashboard-as-of"><time datetime="([^"]+)"', page).group(1))


@pytest.fixture
def on_day(monkeypatch):
    """The dashboard's today: "this year" and "last year" of the known program."""
    def set_day(day: date):
        monkeypatch.setattr(dashboard, "local_today", lambda: day)
    return set_day


def test_the_dashboard_counts_the_known_program(program):
    officer = program["officer"]
    services.assign_issue(program["B6"], officer, by=officer)

    counts = dashboard.dashboard(officer, today=date(2024, 6, 15))

    # Now: B6 in discovery; A4 in consultation; B3 at proposal; A2 B1 in follow-up; A1 A3 A5 B2 B4 B5 B7 B8 B9
    # closed, set aside or not. Suspected spam (S, closed) counts nowhere.
    assert [(state, n) for state, _label, n in counts["states"]] == [
        (State.DISCOVERY, 1), (State.CONSULTATION, 1), (State.PROPOSAL, 1), (State.FOLLOW_UP, 2), (State.CLOSED, 9)]
    # Open issues waiting past their target (B6, A4, B3, A2, B1 all are, today); B6 is the officer's.
    assert (counts["mine"], counts["overdue"], counts["unassigned_new"]) == (1, 5, 0)
    assert counts["waiting_by_ministry"] == [
        {"ministry": program["B3"].ministry_id, "label": data.MOLIT, "n": 1, "overdue": 1}]
    # 1 January to 15 June 2024 against the same days of 2023, and all of 2023 (see data.py), set aside apart:
    # filed B1 B2 B3 B5 B6 | A1 A2 A3 | A1…A5; proposed B1 B2 B3 B5 | A1 A2 | A1 A2 A3 A5;
    # answered A3 B1 B2 | A1 A2 | A1 A2 A5; solved A5 B2 | A1 | A1; set aside B4 | – | –.
    assert comparison(counts) == {"filed": (5, 3, 5), "proposed": (4, 2, 4), "answered": (3, 2, 3),
                                  "solved": (2, 1, 1), "set_aside": (1, 0, 0)}
    assert counts["this_year"] == (2024, 5) and counts["last_year"] == (2023, 5)


def test_on_the_29th_of_february_last_year_is_counted_up_to_the_28th(program):
    counts = dashboard.dashboard(program["officer"], today=date(2024, 2, 29))

    # 2024 to 29 February: filed B1 B2, proposed B1, answered A3, solved A5. 2023 to 28 February: filed and
    # proposed A1.
    assert comparison(counts) == {"filed": (2, 1, 5), "proposed": (1, 1, 4), "answered": (1, 0, 3),
                                  "solved": (1, 0, 1), "set_aside": (0, 0, 0)}


def test_the_dashboard_and_the_public_page_show_the_same_figures_for_a_year(client, program, on_day):
    on_day(date(2024, 12, 31))  # the whole of 2024 "so far", against the whole of 2023
    client.force_login(program["officer"])

    page = index_page(client)
    public_2024, public_2023 = (client.get(reverse("stats") + f"?year={y}", headers={"Accept-Language": "en"})
                                .content.decode() for y in (2024, 2023))

    shown = tables(page)["year-comparison"]
    assert shown["header"] == ["", "2024 so far", "2023 up to 31 December", "All of 2023"]
    # Worked out by hand (data.py): 2024 filed B1 B2 B3 B5 B6 B9, proposed B1 B2 B3 B5, answered A3 B1 B2 B5,
    # solved A5 B2 B5 B9, set aside B4 B7 B8; 2023 filed A1…A5, proposed A1 A2 A3 A5, answered A1 A2 A5, solved A1.
    assert shown["rows"] == [["Filed", "6", "5", "5"], ["Proposed", "4", "4", "4"], ["Answered", "4", "3", "3"],
                             ["Solved", "4", "1", "1"], ["Set aside", "3", "0", "0"]]
    # /stats/ says the same of each year, with the same words.
    assert {m: int(n) for m, n in totals(public_2024).items()} == {
        "filed": 6, "consultation": 5, "proposed": 4, "answered": 4, "solved": 4}
    assert {m: int(n) for m, n in totals(public_2023).items()} == {
        "filed": 5, "consultation": 5, "proposed": 4, "answered": 3, "solved": 1}
    assert 'id="set-aside" data-measure-total="3"' in public_2024
    assert 'id="set-aside" data-measure-total="0"' in public_2023
    # Each figure says what it counts, here as there.
    for definition in ("Issues filed in the year, by the date of filing",
                       "Issues closed as improved in the year, by the date of closing, whether or not they were "
                       "proposed.",
                       "closed as withdrawn, duplicate or out of scope (test filings and spam)"):
        assert definition in page and definition in public_2024, definition


def test_the_dashboard_page_shows_where_the_issues_stand_with_what_each_figure_counts(client, program, on_day):
    on_day(date(2024, 6, 15))
    officer = program["officer"]
    services.assign_issue(program["A4"], officer, by=officer)
    client.force_login(officer)

    page = index_page(client)
    korean = index_page(client, "ko")

    assert figures_on(page) == {"now_discovery": 1, "now_consultation": 1, "now_proposal": 1, "now_follow_up": 2,
                                "now_closed": 9, "mine": 1, "overdue": 5, "unassigned_new": 1}
    assert re.search(r'data-figure="now_discovery"><a href="/admin/issues/issue/\?state=discovery"><strong>1</strong>'
                     r' <span class="figure-label">Discovery</span></a>\s*'
                     r'<small class="definition">Issues in this state now, filed in any year.</small>', page)
    assert "Issues closed now, with any outcome (set aside too), filed in any year." in page
    assert ("Open issues in their state for longer than its target number of days. (Discovery 7 days, "
            "Consultation and review 30 days, Proposed to the government 60 days, Follow-up 90 days)") in page
    assert tables(page)["waiting-by-ministry"]["rows"] == [["Ministry of Land, Infrastructure and Transport", "1", "1"]]
    # In Korean: "발굴" is the state (where an issue stands now), "접수" the filings of a year.
    assert re.search(r'data-figure="now_discovery"><a [^>]*><strong>1</strong> <span class="figure-label">발굴</span>',
                     korean)
    assert [row[0] for row in tables(korean)["year-comparison"]["rows"]] == [
        "접수", "정부 건의", "정부 회신", "해결", "집계 제외"]
    assert "기준" in re.search(r'id="dashboard-as-of">(.*?)</p>', korean, re.S).group(1)


def filed_on(issue, day: date) -> None:
    at = timezone.make_aware(datetime.combine(day, time(10, 0)))
    Issue.objects.filter(pk=issue.pk).update(filed_at=at, state_changed_at=at)


def test_the_admin_index_shows_this_year_against_last_year_and_the_ministries_waiting(client):
    officer = make_officer()
    today = timezone.localdate()
    this_year = [make_issue(business_number=business_number(), contact_email=f"a{i}@x.example.com") for i in range(2)]
    new_year = make_issue(business_number=business_number(), contact_email="b@x.example.com")
    new_years_eve = make_issue(business_number=business_number(), contact_email="c@x.example.com")
    filed_on(new_year, date(today.year - 1, 1, 1))
    filed_on(new_years_eve, date(today.year - 1, 12, 31))
    waiting = make_issue(State.PROPOSAL, by=officer, ministry=ministry("국토교통부"),
                         business_number=business_number(), contact_email="d@x.example.com")
    client.force_login(officer)

    page = index_page(client)

    shown = tables(page)
    same_period = 1 + ((today.month, today.day) >= (12, 31))
    assert shown["year-comparison"]["header"] == [
        "", f"{today.year} so far", f"{today.year - 1} up to {today.day} {today:%B}", f"All of {today.year - 1}"]
    assert shown["year-comparison"]["rows"][0] == ["Filed", str(len(this_year) + 1), str(same_period), "2"]
    assert shown["year-comparison"]["rows"][1] == ["Proposed", "1", "0", "0"]
    assert shown["waiting-by-ministry"]["rows"] == [["Ministry of Land, Infrastructure and Transport", "1", "0"]]
    link = f'href="/admin/issues/issue/?state=proposal&amp;ministry__id__exact={waiting.ministry_id}"'
    assert link in page
    # Officers download the annual report from here, and find the public figures.
    assert reverse("stats-report", args=[today.year, "xlsx"]) in page
    assert f'href="{reverse("stats")}"' in page


@pytest.mark.parametrize("make, sees_report", [(make_official, True), (make_expert, False)])
def test_the_report_links_are_for_officials_and_officers(client, make, sees_report):
    client.force_login(make())

    page = client.get(INDEX).content.decode()

    assert (reverse("stats-report", args=[timezone.localdate().year, "pdf"]) in page) is sees_report


# --- The cache ----------------------------------------------------------------------------------------


def test_the_shared_figures_are_computed_once_for_all_officers_and_apart_for_an_expert(
        program, django_assert_num_queries):
    from django.core.cache import cache

    from issues.selectors import queue, visible_issues

    today = date(2024, 11, 1)
    first, second, expert = make_officer("first"), make_officer("second"), make_expert("expert")
    computed = dashboard.cached_shared_figures(queue(visible_issues(first)), today)
    seen_by_second = queue(visible_issues(second))  # reads their roles

    with django_assert_num_queries(0):
        assert dashboard.cached_shared_figures(seen_by_second, today) == computed
    assert dashboard.cached_shared_figures(queue(visible_issues(expert)), today) != computed  # nothing assigned
    cache.clear()
    again = dashboard.cached_shared_figures(queue(visible_issues(second)), today)
    assert {**again, "computed_at": None} == {**computed, "computed_at": None}
    assert again["computed_at"] > computed["computed_at"]


@pytest.fixture(params=["memory", "redis"])
def dashboard_cache(request, settings):
    """The suite's memory cache, or Redis as in production (a prefix of this test's own)."""
    if request.param == "redis":
        import redis

        redis_url = request.getfixturevalue("redis_url")
        prefix = f"test-dashboard-{uuid.uuid4().hex}"
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": redis_url, "KEY_PREFIX": prefix}}
        yield request.param
        server = redis.Redis.from_url(redis_url)
        keys = server.keys(f"{prefix}:*")
        if keys:
            server.delete(*keys)
    else:
        yield request.param


def test_after_a_move_or_a_filing_the_dashboard_shows_the_new_figures_computed_anew(
        client, program, dashboard_cache, django_assert_max_num_queries):
    officer = program["officer"]
    client.force_login(officer)
    first = index_page(client)
    assert (figures_on(first)["now_discovery"], figures_on(first)["now_consultation"]) == (1, 1)  # B6 · A4

    with django_assert_max_num_queries(30) as cached:
        again = index_page(client)
    # Nothing changed: the same figures, from the cache, computed at the same moment.
    assert computed_at(again) == computed_at(first)
    assert figures_on(again) == figures_on(first)

    services.move_issue(Issue.objects.get(pk=program["B6"].pk), State.CONSULTATION, by=officer)
    with django_assert_max_num_queries(len(cached) + 8) as recomputed:
        moved = index_page(client)

    assert len(recomputed) > len(cached)  # counted again
    assert (figures_on(moved)["now_discovery"], figures_on(moved)["now_consultation"]) == (0, 2)
    assert figures_on(moved)["unassigned_new"] == 0
    assert computed_at(moved) > computed_at(first)

    services.submit_issue(intake(title="새로 접수된 과제", business_number=business_number(),
                                 contact_email="new@startup.example.com"))
    filed = index_page(client)

    assert (figures_on(filed)["now_discovery"], figures_on(filed)["unassigned_new"]) == (1, 1)
    assert computed_at(filed) > computed_at(moved)
    this_year = tables(filed)["year-comparison"]["rows"][0]
    assert this_year[0] == "Filed" and int(this_year[1]) == int(tables(moved)["year-comparison"]["rows"][0][1]) + 1


def test_a_cache_that_does_not_answer_never_undoes_a_move(program, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(dashboard.cache, "set", broken)

    services.move_issue(Issue.objects.get(pk=program["B6"].pk), State.CONSULTATION, by=program["officer"])

    assert Issue.objects.get(pk=program["B6"].pk).state == State.CONSULTATION
