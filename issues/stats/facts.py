"""The figures of the public page /stats/, of the annual report and of the officers' dashboard: what
each one counts (DEFINITIONS, one per figure, shown next to it wherever it appears), and the figures
themselves as plain data.

`compute_facts()` asks the database a dozen grouped questions (counts per year, field and ministry;
histograms of day counts) and returns plain lists and dicts; `cached_facts()` keeps them in the cache
for CACHE_SECONDS; `figures(facts, year)` derives in Python what a page or a report shows, for one
year or for all of them, with labels in the active language. The dashboard (dashboard.py) counts the
same events with the same definitions (EVENTS), over the issues an officer sees.

The rules:
- Every figure counts the same issues, `counted()`: not suspected spam, and not closed as withdrawn,
  duplicate or out of scope (test filings and spam an officer closed). Those are "set aside": shown
  apart, by the year they were filed, and counted in no other figure.
- Each event counts in the year it happened, in Seoul time (settings.TIME_ZONE): an issue filed in
  2023 and proposed in 2024 was filed in 2023 and proposed in 2024.
- "Entered consultation" counts the issues that entered consultation in the year (from the status
  history, once per issue and year); "solved" the issues closed as improved, proposed or not;
  "answered" the government answers recorded, by the date of the answer.
- The table per ministry follows the proposals of the year: of those, how many were answered, accepted
  and solved since, whenever that happened; no column is larger than the proposals.
- Durations are calendar days, by the year the interval ended, shown in whole days. Percentiles
  interpolate between ranks as PostgreSQL's percentile_cont does, computed in Python from histograms the
  database counted, so that SQLite and PostgreSQL give the same numbers.
- Nothing here reads a company, a contact person or a note: the solved cases are the issues officers
  marked publishable, shown by title, field, ministry, answer and outcome.
"""

import math
import time
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import ExtractYear, TruncDate
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from companies.models import Field, Organization
from meetings.models import Meeting

from ..models import Consultation, ExpertProfile, Issue, StatusChange
from ..workflow import Answer, Resolution, State

# --- What each figure counts ------------------------------------------------------------------------

# Closed with one of these, an issue was never a regulatory issue the program worked on: withdrawn by its
# filer, merged into the issue it repeats, or out of scope (how officers close test filings and spam).
SET_ASIDE = (Resolution.WITHDRAWN, Resolution.DUPLICATE, Resolution.OUT_OF_SCOPE)
ACCEPTED = (Answer.ACCEPTED, Answer.PARTIALLY_ACCEPTED)


def counted(queryset: QuerySet, path: str = "") -> QuerySet:
    """The issues (or, through `path`, their records) every figure counts: not suspected spam, not set aside."""
    return (queryset.filter(**{f"{path}is_suspected_spam": False})
            .exclude(**{f"{path}state": State.CLOSED, f"{path}resolution__in": SET_ASIDE}))


def set_aside(queryset: QuerySet) -> QuerySet:
    """The issues shown apart: closed as withdrawn, duplicate or out of scope (suspected spam is not shown at all)."""
    return queryset.filter(is_suspected_spam=False, state=State.CLOSED, resolution__in=SET_ASIDE)


@dataclass(frozen=True)
class Figure:
    """One figure: its name and the sentence that says what it counts, shown next to it on every page."""

    key: str
    label: Promise
    definition: Promise


@dataclass(frozen=True)
class Event:
    """What dates an event figure: the issue's field (`moment`: a datetime, read in Seoul time; else a date)
    and what else an issue must have to count."""

    field: str
    moment: bool
    condition: Q


def _figures(*figures: Figure) -> dict[str, Figure]:
    return {figure.key: figure for figure in figures}


DEFINITIONS = _figures(
    # The events of a year: /stats/, the annual report and the dashboard's year against last year.
    Figure("filed", pgettext_lazy("figure", "Filed"), gettext_lazy(
        "Issues filed in the year, by the date of filing, whatever became of them (except those set aside).")),
    Figure("consultation", pgettext_lazy("figure", "Entered consultation"), gettext_lazy(
        "Issues that entered consultation and review in the year, by that date; once a year per issue.")),
    Figure("proposed", pgettext_lazy("figure", "Proposed"), gettext_lazy(
        "Issues proposed to the central government in the year, by the date of the proposal (its last one "
        "if it was sent back and proposed again).")),
    Figure("answered", pgettext_lazy("figure", "Answered"), gettext_lazy(
        "Issues the government answered in the year, by the date of its answer.")),
    Figure("solved", pgettext_lazy("figure", "Solved"), gettext_lazy(
        "Issues closed as improved in the year, by the date of closing, whether or not they were proposed.")),
    Figure("set_aside", pgettext_lazy("figure", "Set aside"), gettext_lazy(
        "Issues filed in the year and closed as withdrawn, duplicate or out of scope (test filings and spam): "
        "counted in no other figure. Suspected spam counts nowhere.")),
    # The table per ministry: the proposals of the year and what became of them.
    Figure("of_answered", pgettext_lazy("figure", "Of these, answered"), gettext_lazy(
        "Of the issues proposed in the year: those the government has answered since.")),
    Figure("of_accepted", pgettext_lazy("figure", "Of these, accepted"), gettext_lazy(
        "Of the issues proposed in the year: those the government accepted in full or in part.")),
    Figure("of_solved", pgettext_lazy("figure", "Of these, solved"), gettext_lazy(
        "Of the issues proposed in the year: those closed as improved since.")),
    # The dashboard: where the issues stand now, whatever year they were filed.
    *(Figure(f"now_{state.value}", state.label, gettext_lazy(
        "Issues in this state now, filed in any year.")) for state in State if state != State.CLOSED),
    Figure("now_closed", State.CLOSED.label, gettext_lazy(
        "Issues closed now, with any outcome (set aside too), filed in any year.")),
    Figure("mine", gettext_lazy("My open issues"), gettext_lazy("Open issues assigned to you.")),
    Figure("overdue", gettext_lazy("Overdue"), gettext_lazy(
        "Open issues in their state for longer than its target number of days.")),
    Figure("unassigned_new", gettext_lazy("New and unassigned"), gettext_lazy(
        "Issues in discovery with nobody assigned.")),
    Figure("waiting", gettext_lazy("Proposals waiting"), gettext_lazy(
        "Issues at the proposal stage now, waiting for the ministry's answer.")),
    # The advisory group (서울규제혁신지원단): the dashboard, the annual report; /stats/ the first one only.
    Figure("consultations", pgettext_lazy("figure", "Expert consultations"), gettext_lazy(
        "Opinions asked of the experts of the advisory group in the year, by the date of the request; a request "
        "given to another expert counts once.")),
    Figure("opinions", pgettext_lazy("figure", "Opinions given"), gettext_lazy(
        "Opinions the experts gave in the year, by the date of the opinion (the last one, when an officer asked "
        "a follow-up question).")),
    Figure("opinions_accepted", pgettext_lazy("figure", "Of these, accepted by the centre"), gettext_lazy(
        "Of the opinions given in the year: those an officer accepted, which the letters of proposal carry.")),
    Figure("days_to_opinion", pgettext_lazy("figure", "Median days to an opinion"), gettext_lazy(
        "Calendar days from the request to the opinion, of the opinions given in the year: half of them took no "
        "longer.")),
)

EVENTS = {  # the event figures, by the date that decides their year
    "filed": Event("filed_at", True, Q()),
    "proposed": Event("proposed_on", False, Q(proposed_on__isnull=False)),
    "answered": Event("government_answered_on", False,
                      Q(government_answered_on__isnull=False) & ~Q(government_answer="")),
    "solved": Event("closed_at", True, Q(state=State.CLOSED, resolution=Resolution.IMPROVED, closed_at__isnull=False)),
}

MEASURES = ("filed", "consultation", "proposed", "answered", "solved")
MEASURE_LABELS = {m: DEFINITIONS[m].label for m in MEASURES}
# The table per ministry: the proposals of the year, then what became of those same proposals.
MINISTRY_MEASURES = ("proposed", "of_answered", "of_accepted", "of_solved")
INTERVALS = ("filing_to_proposal", "proposal_to_answer", "filing_to_closing")
INTERVAL_LABELS = {
    "filing_to_proposal": gettext_lazy("Filing to proposal"),
    "proposal_to_answer": gettext_lazy("Proposal to answer"),
    "filing_to_closing": gettext_lazy("Filing to closing"),
}
# The public list shows solved cases since the start, newest first, up to this many (a year shows its own).
SOLVED_CASES_SHOWN = 50

CACHE_KEY = "stats:facts:v3"  # v3: with the expert consultations
CACHE_SECONDS = 10 * 60  # how old the figures of the public page may be
STALE_SECONDS = 24 * 60 * 60  # how long old figures may stand in while fresh ones are computed
LOCK_KEY, LOCK_SECONDS = "stats:facts:refreshing", 60


def definitions(*keys: str) -> list[dict]:
    """The figures `keys` as {"key", "label", "definition"} in the active language, for a page's legend."""
    return [{"key": key, "label": str(DEFINITIONS[key].label), "definition": str(DEFINITIONS[key].definition)}
            for key in keys]


# --- What the database counts -------------------------------------------------------------------

def compute_facts(now=None) -> dict:
    """Everything the figures show, for every year and for all years together: `scopes[year]` and
    `scopes[None]`. About a dozen grouped queries, each returning at most a few thousand small rows
    whatever the number of issues; then sums and percentiles in Python, once per cache period, so that
    a request only labels what it shows."""
    return _summarize(_count_in_database(now or timezone.now()))


def _count_in_database(now) -> dict:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    issues = counted(Issue.objects.order_by())
    of_event = {name: issues.filter(event.condition) for name, event in EVENTS.items()}

    def year(name, *, moment=True):  # of a moment in Seoul time, or of a date
        return ExtractYear(name, tzinfo=tz) if moment else ExtractYear(name)

    def event_year(name):
        return year(EVENTS[name].field, moment=EVENTS[name].moment)

    counts = {  # measure → [(year, field, ministry, n)]
        "filed": _by_year_field_ministry(issues, event_year("filed")),
        # Entries into consultation, once per issue and year (a proposal sent back twice is one issue).
        "consultation": list(
            counted(StatusChange.objects.filter(to_state=State.CONSULTATION), "issue__").order_by()
            .annotate(year=year("at"))
            .values_list("year", "issue__field_id", "issue__ministry_id")
            .annotate(n=Count("issue_id", distinct=True))
        ),
        "proposed": _by_year_field_ministry(of_event["proposed"], event_year("proposed")),
        "solved": _by_year_field_ministry(of_event["solved"], event_year("solved")),
    }
    answers = list(  # [(year, field, ministry, answer, n)]
        of_event["answered"].annotate(year=event_year("answered"))
        .values_list("year", "field_id", "ministry_id", "government_answer").annotate(n=Count("pk"))
    )
    # The proposals of each year per ministry, and what became of them since: [(year, ministry, proposed,
    # answered, accepted, solved)].
    cohorts = list(
        of_event["proposed"].annotate(year=event_year("proposed")).values_list("year", "ministry_id")
        .annotate(proposed=Count("pk"), answered=Count("pk", filter=EVENTS["answered"].condition),
                  accepted=Count("pk", filter=EVENTS["answered"].condition & Q(government_answer__in=ACCEPTED)),
                  solved=Count("pk", filter=EVENTS["solved"].condition))
    )
    put_aside = list(  # [(year, resolution, n)], by the year of filing
        set_aside(Issue.objects.order_by()).annotate(year=event_year("filed"))
        .values_list("year", "resolution").annotate(n=Count("pk"))
    )
    closed = issues.filter(state=State.CLOSED, closed_at__isnull=False)
    filed_on, closed_on = TruncDate("filed_at", tzinfo=tz), TruncDate("closed_at", tzinfo=tz)
    durations = {  # interval → [(year, days, n)]
        "filing_to_proposal": _day_histogram(of_event["proposed"], event_year("proposed"), F("proposed_on"),
                                             filed_on),
        "proposal_to_answer": _day_histogram(of_event["answered"].filter(proposed_on__isnull=False),
                                             event_year("answered"), F("government_answered_on"), F("proposed_on")),
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

    consultations = consultation_rows(Consultation.objects.all())

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
    used_ministries |= {row[1] for row in cohorts}
    used_ministries |= {case["ministry"] for case in cases}
    return {
        "now": now, "counts": counts, "answers": answers, "cohorts": cohorts, "set_aside": put_aside,
        "durations": durations, "meetings": meetings, "cases": cases, "consultations": consultations,
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
    years = {row[0] for rows in (*raw["counts"].values(), raw["answers"], raw["set_aside"]) for row in rows}
    years |= set(raw["meetings"]["total"]) | {case["on"].year for case in raw["cases"] if case["on"]}
    years |= {row[0] for row in raw["consultations"]} | {row[1] for row in raw["consultations"]}
    years.discard(None)
    years = list(range(min(years), max(years) + 1)) if years else []

    meeting_totals = raw["meetings"]["total"]
    scopes = {None: _empty_scope(years, meeting_totals), **{y: _empty_scope([y], meeting_totals) for y in years}}

    def both(year):
        return scopes[None], scopes[year]

    for measure, rows in raw["counts"].items():
        for year, field_id, _ministry_id, n in rows:
            for scope in both(year):
                scope["totals"][measure] += n
                scope["fields"][field_id][measure] += n
    for year, field_id, _ministry_id, answer, n in raw["answers"]:
        for scope in both(year):
            scope["totals"]["answered"] += n
            scope["fields"][field_id]["answered"] += n
            scope["answers"][answer] = scope["answers"].get(answer, 0) + n
    for year, ministry_id, *cohort in raw["cohorts"]:
        for scope in both(year):
            for measure, n in zip(MINISTRY_MEASURES, cohort, strict=True):
                scope["ministries"][ministry_id][measure] += n
    for year, resolution, n in raw["set_aside"]:
        for scope in both(year):
            scope["set_aside"][resolution] += n
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

    add_consultations(raw["consultations"],
                      lambda year: [scope["consultations"] for scope in both(year)] if year in scopes else ())

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
        # Resolution → the issues filed in the year and closed so.
        "set_aside": dict.fromkeys([r.value for r in SET_ASIDE], 0),
        "histograms": {interval: Counter() for interval in INTERVALS},
        "meeting_years": years,
        "meetings": defaultdict(dict),  # field (None: without a field) → {year: n}
        "meeting_totals": [meeting_totals.get(y, 0) for y in years],
        "cases": [],
        "consultations": empty_consultations(),
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
    # A year in which nothing happened (between two that had figures, or asked for by hand) has no figures.
    finish_consultations(scope["consultations"])
    scope["has_figures"] = bool(any(scope["totals"].values()) or any(scope["set_aside"].values())
                                or any(scope["meeting_totals"]) or scope["cases_count"]
                                or scope["consultations"]["total"]["consultations"])
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
        "has_figures": scope["has_figures"],
        "measures": [(m, str(MEASURE_LABELS[m])) for m in MEASURES],
        "totals": scope["totals"],
        "set_aside": {"total": sum(scope["set_aside"].values()),
                      "by": [(r.value, str(r.label), scope["set_aside"].get(r.value, 0)) for r in SET_ASIDE]},
        "per_year": [{"year": y, **facts["scopes"][y]["totals"],
                      "set_aside": sum(facts["scopes"][y]["set_aside"].values())} for y in facts["years"]],
        "per_field": sorted(
            ({"label": name(fields.get(f), no_field), **row} for f, row in scope["fields"].items()
             if any(row.values())),
            key=lambda row: (-row["filed"], -row["proposed"], row["label"])),
        "per_ministry": sorted(
            ({"label": name(facts["ministries"].get(m), no_ministry), **row}
             for m, row in scope["ministries"].items() if any(row.values())),
            key=lambda row: (-row["proposed"], -row["of_answered"], row["label"])),
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
        "consultations": consultation_figures(scope["consultations"], lambda f: name(fields.get(f), no_field)),
    }


# --- Expert consultations ---------------------------------------------------------------------------
# The advisory group's work: how many opinions were asked and given, by the expert's profession and the
# issue's field, and how long an opinion took. Counted alike for /stats/ (the count only), the annual report
# and the dashboard (consultations_of, over the consultations an officer reads).

CONSULTATION_MEASURES = ("consultations", "opinions", "opinions_accepted")
CONSULTATION_FIGURES = (*CONSULTATION_MEASURES, "days_to_opinion")


def consultation_rows(queryset: QuerySet) -> list[tuple]:
    """(year asked, year of the opinion or None, profession, field, days to the opinion or None, how many, how
    many accepted) for the consultations of `queryset` the figures count: on counted issues, and not those
    given to another expert (the request that replaced one counts instead). Years and days in Seoul time.
    One grouped query: a row per distinct combination, never one per consultation."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    asked_on, answered_on = TruncDate("created_at", tzinfo=tz), TruncDate("answered_at", tzinfo=tz)
    rows = (
        counted(queryset.exclude(status=Consultation.Status.REASSIGNED), "issue__").order_by()
        .annotate(asked=ExtractYear("created_at", tzinfo=tz), answered=ExtractYear("answered_at", tzinfo=tz),
                  days=ExpressionWrapper(answered_on - asked_on, output_field=DurationField()))
        .values_list("asked", "answered", "expert__expert_profile__profession", "issue__field_id", "days")
        .annotate(n=Count("pk"), accepted=Count("pk", filter=Q(status=Consultation.Status.ACCEPTED)))
    )
    return [(asked, answered, profession, field_id, None if days is None else days.days, n, accepted)
            for asked, answered, profession, field_id, days, n, accepted in rows]


def _consultation_group() -> dict:
    return {"consultations": 0, "opinions": 0, "opinions_accepted": 0, "histogram": Counter()}


def empty_consultations() -> dict:
    """The consultations of a scope: the total, per profession (None: an expert without a profile) and per field."""
    return {"total": _consultation_group(), "professions": defaultdict(_consultation_group),
            "fields": defaultdict(_consultation_group)}


def add_consultations(rows: list[tuple], targets) -> None:
    """Add consultation_rows() to the consultations `targets(year)` gives (empty_consultations()): a request
    in the year it was made, an opinion and its days in the year it was given."""
    for asked, answered, profession, field_id, days, n, accepted in rows:
        for target in targets(asked):
            for group in (target["total"], target["professions"][profession], target["fields"][field_id]):
                group["consultations"] += n
        if answered is None:
            continue
        for target in targets(answered):
            for group in (target["total"], target["professions"][profession], target["fields"][field_id]):
                group["opinions"] += n
                group["opinions_accepted"] += accepted
                group["histogram"][days] += n


def finish_consultations(consultations: dict) -> dict:
    """Each group's median days from its histogram; plain dicts, for the cache."""
    for group in (consultations["total"], *consultations["professions"].values(),
                  *consultations["fields"].values()):
        group["median"] = percentile(group.pop("histogram"), 0.5)
    consultations["professions"] = dict(consultations["professions"])
    consultations["fields"] = dict(consultations["fields"])
    return consultations


def consultation_figures(consultations: dict, field_label) -> dict:
    """Finished consultations, labelled in the active language: the total, a row per profession in the
    roster's order, and per field (`field_label(id)` names it) the most asked first."""
    labels = dict(ExpertProfile.Profession.choices)
    order = {value: index for index, value in enumerate(ExpertProfile.Profession.values)}
    by_profession = [
        {"key": profession or "", "label": str(labels.get(profession) or _("Profession not recorded")), **group}
        for profession, group in sorted(consultations["professions"].items(),
                                        key=lambda item: order.get(item[0], len(order)))
    ]
    by_field = sorted(({"key": field_id, "label": field_label(field_id), **group}
                       for field_id, group in consultations["fields"].items()),
                      key=lambda row: (-row["consultations"], -row["opinions"], row["label"]))
    return {"total": dict(consultations["total"]), "by_profession": by_profession, "by_field": by_field}


def consultations_of(queryset: QuerySet, year: int) -> dict:
    """The consultation figures of `year` over `queryset` (the dashboard: the consultations its viewer reads),
    as figures() gives them. Two queries: the counts, and the names of their fields."""
    found = empty_consultations()
    add_consultations(consultation_rows(queryset), lambda y: (found,) if y == year else ())
    finish_consultations(found)
    english = (get_language() or "ko").startswith("en")
    names = {pk: (name_en if english and name_en else name) for pk, name, name_en in
             Field.objects.filter(pk__in=[pk for pk in found["fields"] if pk is not None])
             .values_list("pk", "name", "name_en")} if found["fields"] else {}
    return consultation_figures(found, lambda pk: names.get(pk) or str(_("No field given")))


def consultation_tables(data: dict) -> list[dict]:
    """The consultation figures of `data` (figures(), or a dict of "year" and "consultations") as tables in
    the shape of tables(): by profession and by field, each with its total. For the annual report and the
    dashboard; /stats/ shows the count only."""
    scope = str(data["year"]) if data["year"] else _("all years")
    consultations = data["consultations"]
    header = [str(DEFINITIONS[key].label) for key in CONSULTATION_FIGURES]

    def cells(group):
        return [*(_count(group[key]) for key in CONSULTATION_MEASURES), _days(group["median"])]

    total = (_("Total"), cells(consultations["total"]))
    return [
        {
            "id": "consultations-by-profession",
            "title": _("Expert consultations by profession (%(scope)s)") % {"scope": scope},
            "header": [_("Profession"), *header],
            "rows": [(row["label"], cells(row)) for row in consultations["by_profession"]],
            "total": total,
            "definitions": definitions(*CONSULTATION_FIGURES),
        },
        {
            "id": "consultations-by-field",
            "title": _("Expert consultations by field (%(scope)s)") % {"scope": scope},
            "header": [_("Field"), *header],
            "rows": [(row["label"], cells(row)) for row in consultations["by_field"]],
            "total": total,
            "definitions": definitions(*CONSULTATION_FIGURES),
        },
    ]


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
    columns = [*MEASURES, "set_aside"]
    meetings = data["meetings"]
    return [
        {
            "id": "per-year",
            "title": _("Issues per year"),
            "header": [_("Year"), *(str(DEFINITIONS[m].label) for m in columns)],
            "rows": [(str(row["year"]), [_count(row[m]) for m in columns]) for row in per_year],
            "total": (_("Total"), [_count(sum(row[m] for row in per_year)) for m in columns])
            if len(per_year) > 1 else None,
            "definitions": definitions(*columns),
        },
        {
            "id": "per-field",
            "title": _("Issues by field (%(scope)s)") % {"scope": scope},
            "header": [_("Field"), *(label for _m, label in measures)],
            "rows": [(row["label"], [_count(row[m]) for m, _label in measures]) for row in data["per_field"]],
            "definitions": definitions(*MEASURES),
        },
        {
            "id": "per-ministry",
            "title": _("Proposals by ministry (%(scope)s)") % {"scope": scope},
            "header": [_("Ministry"), *(str(DEFINITIONS[m].label) for m in MINISTRY_MEASURES)],
            "rows": [(row["label"], [_count(row[m]) for m in MINISTRY_MEASURES]) for row in data["per_ministry"]],
            "definitions": definitions(*MINISTRY_MEASURES),
        },
        {
            "id": "answers",
            "title": _("The government's answers (%(scope)s)") % {"scope": scope},
            "header": [_("Answer"), _("Number"), _("Share")],
            "rows": [(row["label"], [_count(row["n"]), _share(row["share"])]) for row in data["answers"]],
            "total": (_("Total"), [_count(data["answered"]), _share(1 if data["answered"] else None)]),
            "definitions": definitions("answered"),
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


def whole_days(days) -> int | None:
    """A number of days rounded to a whole day, halves up (a percentile falls between two values: 37.5 → 38)."""
    return None if days is None else int(Decimal(str(days)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def days_text(days) -> str:
    """A number of days in whole days: "33", "471" (for 471.2)."""
    return "—" if days is None else f"{whole_days(days):,}"


def _count(n) -> dict:
    return {"value": n, "text": count_text(n), "kind": "count"}


def _share(share) -> dict:
    return {"value": share, "text": share_text(share), "kind": "share"}


def _days(days) -> dict:
    return {"value": whole_days(days), "text": days_text(days), "kind": "days"}
