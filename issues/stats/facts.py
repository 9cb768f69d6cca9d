"""The figures of the public page /stats/ and of the annual report, as plain data.

`compute_facts()` asks the database a dozen grouped questions (counts per year, field and ministry;
histograms of day counts) and returns plain lists and dicts; `cached_facts()` keeps them in the cache
for CACHE_SECONDS; `figures(facts, year)` derives in Python what a page or a report shows, for one
year or for all of them, with labels in the active language.

The rules:
- Each event counts in the year it happened, in Seoul time (settings.TIME_ZONE): an issue filed in
  2023 and proposed in 2024 was found in 2023 and proposed in 2024.
- "Consultation" counts the issues that entered consultation in the year (from the status history,
  once per issue and year); "solved" the issues closed as improved; "answered" the government answers
  recorded, by the date of the answer.
- Durations are calendar days, by the year the interval ended. Percentiles interpolate between ranks
  as PostgreSQL's percentile_cont does, computed in Python from histograms the database counted, so
  that SQLite and PostgreSQL give the same numbers.
- Suspected spam counts nowhere. Nothing here reads a company, a contact person or a note: the solved
  cases are the issues officers marked publishable, shown by title, field, ministry, answer and outcome.
"""

import math
import time
import zoneinfo
from collections import Counter, defaultdict
from fractions import Fraction

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DurationField, ExpressionWrapper, F
from django.db.models.functions import ExtractYear, TruncDate
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from companies.models import Field, Organization
from meetings.models import Meeting

from ..models import Issue, StatusChange
from ..workflow import Answer, Resolution, State

MEASURES = ("filed", "consultation", "proposed", "answered", "solved")
MEASURE_LABELS = {
    "filed": gettext_lazy("Found"),
    "consultation": gettext_lazy("Consultation"),
    "proposed": gettext_lazy("Proposed"),
    "answered": gettext_lazy("Answered"),
    "solved": gettext_lazy("Solved"),
}
MINISTRY_MEASURES = ("proposed", "answered", "accepted", "solved")
ACCEPTED = (Answer.ACCEPTED, Answer.PARTIALLY_ACCEPTED)
INTERVALS = ("filing_to_proposal", "proposal_to_answer", "filing_to_closing")
INTERVAL_LABELS = {
    "filing_to_proposal": gettext_lazy("Filing to proposal"),
    "proposal_to_answer": gettext_lazy("Proposal to answer"),
    "filing_to_closing": gettext_lazy("Filing to closing"),
}
# The public list shows solved cases since the start, newest first, up to this many (a year shows its own).
SOLVED_CASES_SHOWN = 50

CACHE_KEY = "stats:facts:v1"
CACHE_SECONDS = 10 * 60  # how old the figures of the public page may be
STALE_SECONDS = 24 * 60 * 60  # how long old figures may stand in while fresh ones are computed
LOCK_KEY, LOCK_SECONDS = "stats:facts:refreshing", 60


# --- What the database counts -------------------------------------------------------------------

def compute_facts(now=None) -> dict:
    """Everything the figures show, for every year and for all years together: `scopes[year]` and
    `scopes[None]`. About a dozen grouped queries, each returning at most a few thousand small rows
    whatever the number of issues; then sums and percentiles in Python, once per cache period, so that
    a request only labels what it shows."""
    return _summarize(_count_in_database(now or timezone.now()))


def _count_in_database(now) -> dict:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    issues = Issue.objects.filter(is_suspected_spam=False).order_by()
    proposed = issues.filter(proposed_on__isnull=False)
    answered = issues.filter(government_answered_on__isnull=False).exclude(government_answer="")
    closed = issues.filter(state=State.CLOSED, closed_at__isnull=False)

    def year(name, *, moment=True):  # of a moment in Seoul time, or of a date
        return ExtractYear(name, tzinfo=tz) if moment else ExtractYear(name)

    counts = {  # measure → [(year, field, ministry, n)]
        "filed": _by_year_field_ministry(issues, year("filed_at")),
        # Entries into consultation, once per issue and year (a proposal sent back twice is one issue).
        "consultation": list(
            StatusChange.objects.filter(to_state=State.CONSULTATION, issue__is_suspected_spam=False).order_by()
            .annotate(year=year("at"))
            .values_list("year", "issue__field_id", "issue__ministry_id")
            .annotate(n=Count("issue_id", distinct=True))
        ),
        "proposed": _by_year_field_ministry(proposed, year("proposed_on", moment=False)),
        "solved": _by_year_field_ministry(closed.filter(resolution=Resolution.IMPROVED), year("closed_at")),
    }
    answers = list(  # [(year, field, ministry, answer, n)]
        answered.annotate(year=year("government_answered_on", moment=False))
        .values_list("year", "field_id", "ministry_id", "government_answer").annotate(n=Count("pk"))
    )
    filed_on, closed_on = TruncDate("filed_at", tzinfo=tz), TruncDate("closed_at", tzinfo=tz)
    durations = {  # interval → [(year, days, n)]
        "filing_to_proposal": _day_histogram(proposed, year("proposed_on", moment=False), F("proposed_on"),
                                             filed_on),
        "proposal_to_answer": _day_histogram(answered.filter(proposed_on__isnull=False),
                                             year("government_answered_on", moment=False),
                                             F("government_answered_on"), F("proposed_on")),
        "filing_to_closing": _day_histogram(closed, year("closed_at"), closed_on, filed_on),
    }

    held = Meeting.objects.filter(starts_at__lt=now).order_by()
    meeting_year = ExtractYear("starts_at", tzinfo=tz)
    meetings = {
        "total": dict(held.annotate(year=meeting_year).values_list("year").annotate(n=Count("pk"))),
        "by_field": list(  # [(year, field, n)]; a meeting about several fields counts in each
            Meeting.fields.through.objects.filter(meeting__starts_at__lt=now).order_by()
            .annotate(year=ExtractYear("meeting__starts_at", tzinfo=tz))
            .values_list("year", "field_id").annotate(n=Count("meeting_id", distinct=True))
        ),
        "without_field": dict(held.filter(fields__isnull=True).annotate(year=meeting_year)
                              .values_list("year").annotate(n=Count("pk"))),
    }

    cases = []
    for title, field_id, ministry_id, answer, state, resolution, closed_at, answered_on in (
        issues.filter(is_publishable=True, state__in=(State.CLOSED, State.FOLLOW_UP))
        .values_list("title", "field_id", "ministry_id", "government_answer", "state", "resolution", "closed_at",
                     "government_answered_on")
    ):
        # A closed case counts in the year it closed, one in follow-up in the year of its answer.
        on = timezone.localdate(closed_at, tz) if state == State.CLOSED and closed_at else answered_on
        cases.append({"title": title, "field": field_id, "ministry": ministry_id, "answer": answer,
                      "state": state, "resolution": resolution, "on": on})

    used_ministries = {row[2] for rows in (*counts.values(), answers) for row in rows}
    used_ministries |= {case["ministry"] for case in cases}
    return {
        "now": now, "counts": counts, "answers": answers, "durations": durations, "meetings": meetings,
        "cases": cases,
        "fields": [(pk, name, name_en) for pk, name, name_en in Field.objects.values_list("pk", "name", "name_en")],
        "ministries": {pk: (name, name_en) for pk, name, name_en in Organization.objects.filter(
            pk__in=used_ministries - {None}).values_list("pk", "name", "name_en")},
    }


def _by_year_field_ministry(queryset, year) -> list[tuple]:
    return list(queryset.annotate(year=year).values_list("year", "field_id", "ministry_id").annotate(n=Count("pk")))


def _day_histogram(queryset, year, end, start) -> list[tuple[int, int, int]]:
    """(year, days, how many) for the interval from `start` to `end`, both dates: the database
    subtracts and groups, so only the distinct day counts travel, never the issues."""
    days = ExpressionWrapper(end - start, output_field=DurationField())
    rows = queryset.annotate(year=year, days=days).values_list("year", "days").annotate(n=Count("pk"))
    return [(y, d.days, n) for y, d, n in rows if d is not None]


def _summarize(raw: dict) -> dict:
    """The database's counts summed per scope: each year, and None for all years together."""
    years = {row[0] for rows in (*raw["counts"].values(), raw["answers"]) for row in rows}
    years |= set(raw["meetings"]["total"]) | {case["on"].year for case in raw["cases"] if case["on"]}
    years.discard(None)
    years = list(range(min(years), max(years) + 1)) if years else []

    meeting_totals = raw["meetings"]["total"]
    scopes = {None: _empty_scope(years, meeting_totals), **{y: _empty_scope([y], meeting_totals) for y in years}}

    def both(year):
        return scopes[None], scopes[year]

    for measure, rows in raw["counts"].items():
        for year, field_id, ministry_id, n in rows:
            for scope in both(year):
                scope["totals"][measure] += n
                scope["fields"][field_id][measure] += n
                if measure in MINISTRY_MEASURES:
                    scope["ministries"][ministry_id][measure] += n
    for year, field_id, ministry_id, answer, n in raw["answers"]:
        for scope in both(year):
            scope["totals"]["answered"] += n
            scope["fields"][field_id]["answered"] += n
            scope["ministries"][ministry_id]["answered"] += n
            scope["ministries"][ministry_id]["accepted"] += n if answer in ACCEPTED else 0
            scope["answers"][answer] = scope["answers"].get(answer, 0) + n
    for interval, rows in raw["durations"].items():
        for year, days, n in rows:
            for scope in both(year):
                scope["histograms"][interval][days] += n
    for year, field_id, n in raw["meetings"]["by_field"]:
        for scope in both(year):
            scope["meetings"][field_id][year] = n
    for year, n in raw["meetings"]["without_field"].items():
        for scope in both(year):
            scope["meetings"][None][year] = n
    for case in sorted(raw["cases"], key=lambda case: (case["on"] is not None, case["on"]), reverse=True):
        for scope in both(case["on"].year) if case["on"] else (scopes[None],):
            scope["cases"].append(case)

    for scope in scopes.values():
        _finish(scope)
    return {"computed_at": raw["now"], "years": years, "scopes": scopes, "fields": raw["fields"],
            "ministries": raw["ministries"]}


def _empty_scope(years: list[int], meeting_totals: dict) -> dict:
    return {
        "totals": dict.fromkeys(MEASURES, 0),
        "fields": defaultdict(lambda: dict.fromkeys(MEASURES, 0)),
        "ministries": defaultdict(lambda: dict.fromkeys(MINISTRY_MEASURES, 0)),
        "answers": dict.fromkeys(Answer.values, 0),
        "histograms": {interval: Counter() for interval in INTERVALS},
        "meeting_years": years,
        "meetings": defaultdict(dict),  # field (None: without a field) → {year: n}
        "meeting_totals": [meeting_totals.get(y, 0) for y in years],
        "cases": [],
    }


def _finish(scope: dict) -> dict:
    """Percentiles from the histograms, the solved cases cut to what a page shows, plain dicts."""
    scope["durations"] = {
        interval: {"n": sum(histogram.values()), "median": percentile(histogram, 0.5),
                   "p90": percentile(histogram, 0.9)}
        for interval, histogram in scope.pop("histograms").items()
    }
    scope["cases_count"] = len(scope["cases"])
    scope["cases"] = scope["cases"][:SOLVED_CASES_SHOWN]
    for name in ("fields", "ministries", "meetings"):
        scope[name] = dict(scope[name])  # the cache pickles them: no defaultdict of lambdas
    return scope


def cached_facts() -> dict:
    """compute_facts(), at most CACHE_SECONDS old, from the cache (Redis in production: shared by all
    processes). The figures are cached, not the pages: one entry serves every language and year.

    When the figures are older than that, the one request that takes the refresh lock recomputes them
    (a second or so with 100,000 issues) while the others go on serving the old ones, so that an
    expiry never sends every request to the database at once. The entry itself lives STALE_SECONDS."""
    entry = cache.get(CACHE_KEY)
    if entry is not None and (entry["fresh_until"] > time.time() or not cache.add(LOCK_KEY, True, LOCK_SECONDS)):
        return entry["facts"]
    try:
        return refresh_facts()
    finally:
        if entry is not None:
            cache.delete(LOCK_KEY)


def refresh_facts() -> dict:
    """Fresh figures (for a report an official downloads, or when the cached ones are too old)."""
    facts = compute_facts()
    cache.set(CACHE_KEY, {"facts": facts, "fresh_until": time.time() + CACHE_SECONDS}, STALE_SECONDS)
    return facts


# --- What a page or a report shows ---------------------------------------------------------------

def percentile(histogram: dict[int, int], p: float) -> float | None:
    """The p-quantile (0 ≤ p ≤ 1) of the values counted in `histogram` (value → how many), as
    PostgreSQL's percentile_cont: the value at rank p·(n−1), interpolated linearly between the two
    ranks around it. Rounded to one decimal; None without values."""
    n = sum(histogram.values())
    if not n:
        return None
    position = Fraction(str(p)) * (n - 1)  # exact: 0.9 × 6 is 5.4, not 5.3999…
    lower = math.floor(position)
    low = high = None
    seen = 0
    for value, count in sorted(histogram.items()):
        seen += count
        if low is None and seen > lower:
            low = value
        if seen > lower + 1 or seen == n:
            high = value
            break
    return round(float(low + (high - low) * (position - lower)), 1)


def figures(facts: dict, year: int | None = None) -> dict:
    """The figures for `year` (None: all years), labelled in the active language. The table per year
    always covers every year; everything else only `year` (nothing at all for a year without figures)."""
    english = (get_language() or "ko").startswith("en")
    scope = facts["scopes"].get(year) or _finish(_empty_scope([year], {}))

    def name(pair, missing):
        if pair is None:
            return str(missing)
        ko, en = pair
        return en if english and en else ko

    fields = {pk: (ko, en) for pk, ko, en in facts["fields"]}
    field_order = {pk: index for index, (pk, _ko, _en) in enumerate(facts["fields"])}
    no_field, no_ministry = _("No field given"), _("No ministry given")
    answered = sum(scope["answers"].values())
    answer_labels = {a.value: str(a.label) for a in Answer}
    resolution_labels = {r.value: str(r.label) for r in Resolution}
    follow_up = _("Follow-up under way")
    return {
        "year": year,
        "years": facts["years"],
        "computed_at": facts["computed_at"],
        "measures": [(m, str(MEASURE_LABELS[m])) for m in MEASURES],
        "totals": scope["totals"],
        "per_year": [{"year": y, **facts["scopes"][y]["totals"]} for y in facts["years"]],
        "per_field": sorted(
            ({"label": name(fields.get(f), no_field), **row} for f, row in scope["fields"].items()
             if any(row.values())),
            key=lambda row: (-row["filed"], -row["proposed"], row["label"])),
        "per_ministry": sorted(
            ({"label": name(facts["ministries"].get(m), no_ministry), **row}
             for m, row in scope["ministries"].items() if any(row.values())),
            key=lambda row: (-row["proposed"], -row["answered"], row["label"])),
        "answers": [{"key": a, "label": answer_labels[a], "n": scope["answers"].get(a, 0),
                     "share": scope["answers"].get(a, 0) / answered if answered else None} for a in Answer.values],
        "answered": answered,
        "durations": [{"key": interval, "label": str(INTERVAL_LABELS[interval]), **scope["durations"][interval]}
                      for interval in INTERVALS],
        "meetings": {
            "years": scope["meeting_years"],
            "rows": [{"label": name(fields.get(f), no_field),
                      "counts": [scope["meetings"][f].get(y, 0) for y in scope["meeting_years"]]}
                     for f in sorted(scope["meetings"], key=lambda f: field_order.get(f, len(field_order)))],
            "totals": scope["meeting_totals"],
        },
        "solved_cases": [
            {"title": case["title"],
             "field": name(fields.get(case["field"]), "—"),
             "ministry": name(facts["ministries"].get(case["ministry"]), "—"),
             "answer": answer_labels.get(case["answer"], "—"),
             "outcome": resolution_labels.get(case["resolution"], "—") if case["state"] == State.CLOSED
             else follow_up,
             "on": case["on"]}
            for case in scope["cases"]
        ],
        "solved_cases_count": scope["cases_count"],
    }


# --- The figures as tables: the page shows them next to its charts, the report prints them ---------

def tables(data: dict, *, up_to: int | None = None) -> list[dict]:
    """The figures of `data` (figures()) as tables, in the order of the page: each with an `id`, a
    `title`, column `header`s, `rows` and an optional `total` row, a row being a label and cells
    {"value", "text", "kind"} (kind: count, share or days). `up_to` leaves later years out of the
    table per year (a report of 2023 written in 2025)."""
    year = data["year"]
    scope = str(year) if year else _("all years")
    measures = data["measures"]
    per_year = [row for row in data["per_year"] if up_to is None or row["year"] <= up_to]
    ministry_labels = {"proposed": MEASURE_LABELS["proposed"], "answered": MEASURE_LABELS["answered"],
                       "accepted": _("Accepted in full or in part"), "solved": MEASURE_LABELS["solved"]}
    meetings = data["meetings"]
    return [
        {
            "id": "per-year",
            "title": _("Issues per year"),
            "header": [_("Year"), *(label for _m, label in measures)],
            "rows": [(str(row["year"]), [_count(row[m]) for m, _label in measures]) for row in per_year],
            "total": (_("Total"), [_count(sum(row[m] for row in per_year)) for m, _label in measures])
            if len(per_year) > 1 else None,
        },
        {
            "id": "per-field",
            "title": _("Issues by field (%(scope)s)") % {"scope": scope},
            "header": [_("Field"), *(label for _m, label in measures)],
            "rows": [(row["label"], [_count(row[m]) for m, _label in measures]) for row in data["per_field"]],
        },
        {
            "id": "per-ministry",
            "title": _("Proposals by ministry (%(scope)s)") % {"scope": scope},
            "header": [_("Ministry"), *(str(ministry_labels[m]) for m in MINISTRY_MEASURES)],
            "rows": [(row["label"], [_count(row[m]) for m in MINISTRY_MEASURES]) for row in data["per_ministry"]],
        },
        {
            "id": "answers",
            "title": _("The government's answers (%(scope)s)") % {"scope": scope},
            "header": [_("Answer"), _("Number"), _("Share")],
            "rows": [(row["label"], [_count(row["n"]), _share(row["share"])]) for row in data["answers"]],
            "total": (_("Total"), [_count(data["answered"]), _share(1 if data["answered"] else None)]),
        },
        {
            "id": "durations",
            "title": _("How long it takes, in days (%(scope)s)") % {"scope": scope},
            "header": [_("Interval"), _("Issues"), _("Median"), _("90th percentile")],
            "rows": [(row["label"], [_count(row["n"]), _days(row["median"]), _days(row["p90"])])
                     for row in data["durations"]],
        },
        {
            "id": "meetings",
            "title": _("Meetings held (%(scope)s)") % {"scope": scope},
            "header": [_("Field"), *(str(y) for y in meetings["years"])],
            "rows": [(row["label"], [_count(n) for n in row["counts"]]) for row in meetings["rows"]],
            # A meeting may cover several fields: the total counts each meeting once.
            "total": (_("All meetings"), [_count(n) for n in meetings["totals"]]) if meetings["years"] else None,
        },
    ]


# Korean and English write numbers alike ("1,234.5"): plain formatting, much quicker than
# django.utils.formats for the thousands of numbers of a page.

def count_text(n) -> str:
    return f"{n:,}"


def share_text(share) -> str:
    """A share (0 to 1) as a percentage with one decimal: "16.7%"."""
    return "—" if share is None else f"{100 * share:,.1f}%"


def days_text(days) -> str:
    """A number of days, with a decimal only where a percentile fell between two values: "33", "37.5"."""
    if days is None:
        return "—"
    return f"{int(days):,}" if float(days).is_integer() else f"{days:,.1f}"


def _count(n) -> dict:
    return {"value": n, "text": count_text(n), "kind": "count"}


def _share(share) -> dict:
    return {"value": share, "text": share_text(share), "kind": "share"}


def _days(days) -> dict:
    return {"value": days, "text": days_text(days), "kind": "days"}
