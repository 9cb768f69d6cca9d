"""The officers' dashboard on the admin index: where the issues a user sees stand now, their queue, and
this year against last year, with the definitions of facts.py (one per figure, shown next to it).

The figures shared by everyone who sees the same issues (all officers, say) are computed once and cached
under the data's version: every write of an issue or of its history bumps the version (`data_changed`,
connected in apps.py), so that the next look at the dashboard computes them afresh, and says when it did.
They are at most DASHBOARD_SECONDS old otherwise (what is overdue changes with the clock alone). "My open
issues" is one small count per user, never cached."""

import hashlib
import logging
import time
import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import roles
from ..models import Consultation
from ..selectors import overdue_consultations_q, overdue_q, person_name, queue, visible_consultations, visible_issues
from ..workflow import State
from .facts import CONSULTATION_FIGURES, EVENTS, SET_ASIDE, consultation_tables, consultations_of, definitions

logger = logging.getLogger(__name__)

VERSION_KEY = "stats:data-version"
CACHE_PREFIX = "stats:dashboard:v2"
DASHBOARD_SECONDS = 10 * 60
# This year against last year, by the date of each event (facts.EVENTS), and the issues set aside.
COMPARED = ("filed", "proposed", "answered", "solved", "set_aside")


# --- The data's version ---------------------------------------------------------------------------

def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, str(time.time_ns()), None)
        version = cache.get(VERSION_KEY) or "0"
    return version


def data_changed(**_signal) -> None:
    """A receiver of post_save and post_delete of issues and their history: the dashboard's figures are
    out of date. Bumped at once, and again when the transaction commits (a dashboard read meanwhile saw
    the rows as they were, and may have cached them under the version of now). Once per transaction (or
    savepoint), however many rows it writes: a filing writes two."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump()
        return
    savepoints = set(connection.savepoint_ids)
    if not any(hook is _bump and ids == savepoints for ids, hook, _robust in connection.run_on_commit):
        _bump()
        transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.set(VERSION_KEY, str(time.time_ns()), None)
    except Exception:  # a cache that does not answer must never undo a move: the figures expire anyway
        logger.warning("The dashboard's data version could not be bumped", exc_info=True)


# --- The figures ------------------------------------------------------------------------------------

def dashboard(user, today: date | None = None) -> dict:
    """What the admin index shows `user`, over the issues they see, suspected spam left out."""
    issues = queue(visible_issues(user))
    today = today or local_today()
    shared = cached_shared_figures(issues, today)
    mine = issues.exclude(state=State.CLOSED).filter(assignee=user).count()
    labels = {figure["key"]: figure for figure in definitions(
        *(f"now_{state.value}" for state in State), "mine", "overdue", "unassigned_new", "waiting", *COMPARED)}
    english = (get_language() or "ko").startswith("en")
    comparison = shared["comparison"]
    return {
        "computed_at": shared["computed_at"],
        "states": [(state, labels[f"now_{state.value}"]["label"], shared["states"].get(state.value, 0))
                   for state in State],
        "state_figures": [{**labels[f"now_{state.value}"], "state": state.value,
                           "n": shared["states"].get(state.value, 0)} for state in State],
        "queue_figures": [{**labels[key], "n": n} for key, n in
                          (("mine", mine), ("overdue", shared["overdue"]),
                           ("unassigned_new", shared["unassigned_new"]))],
        "mine": mine, "overdue": shared["overdue"], "unassigned_new": shared["unassigned_new"],
        "overdue_targets": _targets(),
        "waiting": labels["waiting"],
        "waiting_by_ministry": [
            {"ministry": row["ministry"], "label": (row["name_en"] if english and row["name_en"] else row["name"]),
             "n": row["n"], "overdue": row["overdue"]} for row in shared["waiting"]],
        "this_year": (today.year, comparison["filed"]["this_year"]),
        "last_year": (today.year - 1, comparison["filed"]["last_year"]),
        "comparison": [(key, labels[key]["label"], comparison[key]) for key in COMPARED],
        "comparison_definitions": [labels[key] for key in COMPARED],
        "today": today,
        # Officers and officials download the annual report; the public figures are for everyone.
        "may_report": roles.may(user, roles.READ_REPORTS),
        "overdue_consultations": overdue_consultations(user, today)
        if roles.may(user, roles.REQUEST_CONSULTATIONS) else None,
        "consultation_figures": consultation_counts(user, today)
        if roles.may(user, roles.REQUEST_CONSULTATIONS) else None,
    }


# How many overdue consultations the dashboard lists; the count covers them all.
OVERDUE_CONSULTATIONS_LISTED = 10


def overdue_consultations(user, today: date) -> dict:
    """The requests past their due date that `user` reads (selectors.visible_consultations), the longest
    overdue first: how many, and the first OVERDUE_CONSULTATIONS_LISTED with issue, expert and due date.
    Read live, not cached: a consultation's answer changes no issue, so it bumps no data version."""
    late = visible_consultations(user, Consultation.objects.filter(overdue_consultations_q(today)))
    rows = list(late.select_related("issue", "expert").order_by("due_on", "pk")[:OVERDUE_CONSULTATIONS_LISTED])
    return {"n": late.count(), "rows": [
        {"pk": c.pk, "issue_pk": c.issue_id, "number": c.issue.number, "title": c.issue.title,
         "expert": person_name(c.expert), "due_on": c.due_on, "days": (today - c.due_on).days} for c in rows]}


def consultation_counts(user, today: date) -> dict:
    """This year's expert consultations that `user` reads (selectors.visible_consultations), by profession
    and by field, with the median days to an opinion, counted as the annual report counts them
    (facts.consultations_of). Read live, like the overdue ones: two queries, whatever the number of rows."""
    start = datetime(today.year, 1, 1, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    this_year = Consultation.objects.filter(Q(created_at__gte=start) | Q(answered_at__gte=start))
    found = consultations_of(visible_consultations(user, this_year), today.year)
    return {"year": today.year, "total": found["total"],
            "tables": consultation_tables({"year": today.year, "consultations": found}),
            "definitions": definitions(*CONSULTATION_FIGURES)}


def local_today() -> date:
    """Today in Seoul: what "this year" and "last year" mean (a test sets its own day here)."""
    return timezone.localdate()


def cached_shared_figures(issues: QuerySet, today: date) -> dict:
    """shared_figures(), cached for everyone whose visible issues are the same query (all officers, say; each
    expert and official has their own), until the data changes or DASHBOARD_SECONDS pass."""
    sql, params = issues.query.sql_with_params()
    scope = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
    key = f"{CACHE_PREFIX}:{data_version()}:{today.isoformat()}:{scope}"
    figures = cache.get(key)
    if figures is None:
        figures = shared_figures(issues, today)
        cache.set(key, figures, DASHBOARD_SECONDS)
    return figures


def shared_figures(issues: QuerySet, today: date, now: datetime | None = None) -> dict:
    """Per state now; overdue and new-and-unassigned among the open issues; the proposals waiting per
    ministry; this year against last year. Four queries."""
    now = now or timezone.now()
    open_issues = issues.exclude(state=State.CLOSED)
    totals = open_issues.aggregate(
        overdue=Count("pk", filter=overdue_q(now)),
        unassigned_new=Count("pk", filter=Q(state=State.DISCOVERY, assignee__isnull=True)),
    )
    return {
        "computed_at": now,
        "states": dict(issues.order_by().values_list("state").annotate(n=Count("pk"))),
        **totals,
        "waiting": [
            {"ministry": row["ministry"], "name": row["ministry__name"], "name_en": row["ministry__name_en"],
             "n": row["n"], "overdue": row["overdue"]}
            for row in issues.filter(state=State.PROPOSAL)
            .values("ministry", "ministry__name", "ministry__name_en")
            .annotate(n=Count("pk"), overdue=Count("pk", filter=overdue_q(now)))
            .order_by("-n", "ministry__name")
        ],
        "comparison": year_comparison(issues, today),
    }


def year_comparison(issues: QuerySet, today: date) -> dict:
    """For each figure of COMPARED: how many this year up to `today`, last year up to the same day, and all
    of last year, by the date of its event in Seoul time, counted as on /stats/ (facts.counted). One query."""
    start, last_start = date(today.year, 1, 1), date(today.year - 1, 1, 1)
    # 29 February has no twin: last year up to 28 February.
    same_day = today.replace(year=today.year - 1, day=28) if (today.month, today.day) == (2, 29) \
        else today.replace(year=today.year - 1)
    periods = {"this_year": (start, today), "same_period": (last_start, same_day),
               "last_year": (last_start, date(today.year - 1, 12, 31))}
    is_set_aside = Q(state=State.CLOSED, resolution__in=SET_ASIDE)
    steps = {name: (f"{event.field}__date" if event.moment else event.field, event.condition & ~is_set_aside)
             for name, event in EVENTS.items()}
    steps["set_aside"] = (f"{EVENTS['filed'].field}__date", is_set_aside)
    counts = issues.aggregate(**{
        f"{step}__{period}": Count("pk", filter=condition & Q(**{f"{name}__range": bounds}))
        for step, (name, condition) in steps.items() for period, bounds in periods.items()
    })
    return {step: {period: counts[f"{step}__{period}"] for period in periods} for step in COMPARED}


def _targets() -> str:
    """The target days per state, as the definition of "overdue" names them."""
    return ", ".join(
        _("%(state)s %(days)s days") % {"state": State(state).label, "days": days}
        for state, days in settings.STATE_TARGET_DAYS.items())
