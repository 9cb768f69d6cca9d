"""The officers' dashboard on the admin index: counts per state, my queue, overdue, waiting for the government
by ministry, and this year against last year, on the known program and on issues filed around today."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from issues import selectors, services
from issues.models import Issue
from issues.workflow import State
from tests.base import business_number, make_expert, make_issue, make_officer, make_official, ministry

from . import data
from .conftest import tables

pytestmark = pytest.mark.django_db


def comparison(counts) -> dict:
    return {key: (row["this_year"], row["same_period"], row["last_year"]) for key, _label, row in counts["comparison"]}


def test_the_dashboard_counts_the_known_program(program):
    officer = program["officer"]
    services.assign_issue(program["B6"], officer, by=officer)

    counts = selectors.dashboard_counts(officer, today=date(2024, 6, 15))

    # Suspected spam counts nowhere: the S issue (closed) is not among the closed ones.
    assert [(state, n) for state, _label, n in counts["states"]] == [
        (State.DISCOVERY, 1), (State.CONSULTATION, 1), (State.PROPOSAL, 1), (State.FOLLOW_UP, 2), (State.CLOSED, 5)]
    # Open issues waiting past their target (B6, A4, B3, A2, B1 all are, today); B6 is the officer's.
    assert (counts["mine"], counts["overdue"], counts["unassigned_new"]) == (1, 5, 0)
    assert counts["waiting_by_ministry"] == [
        {"ministry": program["B3"].ministry_id, "label": data.MOLIT, "n": 1, "overdue": 1}]
    # 1 January to 15 June 2024 against the same days of 2023, and all of 2023 (see data.py):
    # filed B1…B6 | A1 A2 A3 | A1…A4; proposed B1 B2 B3 B5 | A1 A2 | A1 A2 A3;
    # answered A3 B1 B2 | A1 A2 | A1 A2; solved B2 | A1 | A1.
    assert comparison(counts) == {"filed": (6, 3, 4), "proposed": (4, 2, 3), "answered": (3, 2, 2),
                                  "solved": (1, 1, 1)}
    assert counts["this_year"] == (2024, 6) and counts["last_year"] == (2023, 4)


def test_on_the_29th_of_february_last_year_is_counted_up_to_the_28th(program):
    counts = selectors.dashboard_counts(program["officer"], today=date(2024, 2, 29))

    # 2024 to 29 February: filed B1 B2, proposed B1, answered A3. 2023 to 28 February: filed and proposed A1.
    assert comparison(counts) == {"filed": (2, 1, 4), "proposed": (1, 1, 3), "answered": (1, 0, 2),
                                  "solved": (0, 0, 1)}


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

    page = client.get(reverse("admin:index"), headers={"Accept-Language": "en"}).content.decode()

    shown = tables(page)
    same_period = 1 + ((today.month, today.day) >= (12, 31))
    assert shown["year-comparison"]["header"] == [
        "", f"{today.year} so far", f"{today.year - 1} up to {today.month}/{today.day}", f"All of {today.year - 1}"]
    assert shown["year-comparison"]["rows"][0] == ["Filed", str(len(this_year) + 1), str(same_period), "2"]
    assert shown["year-comparison"]["rows"][1] == ["Proposed to the government", "1", "0", "0"]
    assert shown["waiting-by-ministry"]["rows"] == [["Ministry of Land, Infrastructure and Transport", "1", "0"]]
    link = f'href="/admin/issues/issue/?state=proposal&amp;ministry__id__exact={waiting.ministry_id}"'
    assert link in page
    # Officers download the annual report from here, and find the public figures.
    assert reverse("stats-report", args=[today.year, "xlsx"]) in page
    assert f'href="{reverse("stats")}"' in page


@pytest.mark.parametrize("make, sees_report", [(make_official, True), (make_expert, False)])
def test_the_report_links_are_for_officials_and_officers(client, make, sees_report):
    client.force_login(make())

    page = client.get(reverse("admin:index")).content.decode()

    assert (reverse("stats-report", args=[timezone.localdate().year, "pdf"]) in page) is sees_report


def test_the_year_on_year_figures_are_computed_once_for_all_officers_and_apart_for_an_expert(
        program, django_assert_num_queries):
    from django.core.cache import cache

    from issues.selectors import cached_year_comparison, queue, visible_issues
    from tests.base import make_expert, make_officer

    today = date(2024, 11, 1)
    first, second, expert = make_officer("first"), make_officer("second"), make_expert("expert")
    computed = cached_year_comparison(queue(visible_issues(first)), today)
    seen_by_second = queue(visible_issues(second))  # reads their roles

    with django_assert_num_queries(0):
        assert cached_year_comparison(seen_by_second, today) == computed
    assert cached_year_comparison(queue(visible_issues(expert)), today) != computed  # nothing assigned to them
    cache.clear()
    assert cached_year_comparison(queue(visible_issues(second)), today) == computed
