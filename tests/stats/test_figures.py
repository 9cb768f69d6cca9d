"""How the figures are computed: percentiles as PostgreSQL's percentile_cont computes them, a fixed number
of grouped queries whatever the number of issues, the same figures on SQLite and PostgreSQL."""

import random
import statistics

import pytest

from issues.stats import facts as stats

from . import data


@pytest.mark.parametrize("days, shown", [(471.2, "471"), (37.5, "38"), (36.5, "37"), (45.3, "45"), (0, "0"),
                                         (1234.6, "1,235"), (None, "—")])
def test_durations_are_shown_in_whole_days_halves_up(days, shown):
    assert stats.days_text(days) == shown


@pytest.mark.parametrize("values, median, p90", [
    ([20, 30, 60], 30, 54),
    ([30, 32, 34, 39], 33, 37.5),
    ([10, 90, 122, 260], 106, 218.6),
    ([7], 7, 7),
])
def test_percentiles_interpolate_between_ranks(values, median, p90):
    histogram = {}
    for value in values:
        histogram[value] = histogram.get(value, 0) + 1

    assert stats.percentile(histogram, 0.5) == median
    assert stats.percentile(histogram, 0.9) == p90


def test_percentiles_agree_with_the_inclusive_quantiles_of_python():
    rng = random.Random(7)
    for _n in range(200):
        values = [rng.randint(0, 400) for _v in range(rng.randint(2, 60))]
        histogram = {}
        for value in values:
            histogram[value] = histogram.get(value, 0) + 1
        deciles = statistics.quantiles(values, n=10, method="inclusive")

        assert stats.percentile(histogram, 0.5) == round(statistics.median(values), 1)
        assert stats.percentile(histogram, 0.9) == round(deciles[8], 1)


def test_no_values_have_no_percentile():
    assert stats.percentile({}, 0.5) is None


@pytest.mark.django_db
def test_the_figures_take_the_same_few_queries_for_any_number_of_issues(program, django_assert_max_num_queries):
    # Sixteen for the issues and meetings, one for the expert consultations (facts.consultation_rows).
    with django_assert_max_num_queries(17) as captured:
        stats.compute_facts()

    assert len(captured) >= 10  # grouped questions, not one per issue


@pytest.mark.django_db
def test_the_figures_of_the_known_program(program):
    facts = stats.compute_facts()

    assert facts["years"] == [2023, 2024]
    for year in (None, 2023, 2024):
        scope = facts["scopes"][year]
        assert [scope["totals"][m] for m in stats.MEASURES] == data.TOTALS[year]
        durations = [(scope["durations"][i]["n"], scope["durations"][i]["median"], scope["durations"][i]["p90"])
                     for i in stats.INTERVALS]
        assert durations == [(n, float(median), float(p90)) for n, median, p90, _m, _p in data.DURATIONS[year]], year
        assert scope["set_aside"] == dict(zip(["withdrawn", "duplicate", "out_of_scope"], data.SET_ASIDE_BY[year],
                                              strict=True)), year


@pytest.mark.django_db
def test_the_percentiles_are_those_of_postgresql(on_postgres, program):
    """The same day counts, asked of PostgreSQL's percentile_cont directly."""
    facts = stats.compute_facts()
    local = "(%s AT TIME ZONE 'Asia/Seoul')::date"
    intervals = {
        "filing_to_proposal": ("proposed_on", "proposed_on - " + local % "filed_at", "proposed_on IS NOT NULL"),
        "proposal_to_answer": ("government_answered_on", "government_answered_on - proposed_on",
                               "government_answered_on IS NOT NULL AND government_answer <> ''"),
        "filing_to_closing": (local % "closed_at", f"{local % 'closed_at'} - {local % 'filed_at'}",
                              "state = 'closed' AND closed_at IS NOT NULL"),
    }
    with on_postgres.cursor() as cursor:
        for interval, (ends, days, condition) in intervals.items():
            cursor.execute(
                f"SELECT EXTRACT(YEAR FROM {ends})::int, count(*), "  # noqa: S608 - our own fixed SQL
                f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {days}), "
                f"percentile_cont(0.9) WITHIN GROUP (ORDER BY {days}) "
                f"FROM issues_issue WHERE NOT is_suspected_spam AND {condition} "
                "AND NOT (state = 'closed' AND resolution IN ('withdrawn', 'duplicate', 'out_of_scope')) "
                "GROUP BY 1 ORDER BY 1"
            )
            for year, n, median, p90 in cursor.fetchall():
                assert facts["scopes"][year]["durations"][interval] == {
                    "n": n, "median": round(median, 1), "p90": round(p90, 1)}, (interval, year)
