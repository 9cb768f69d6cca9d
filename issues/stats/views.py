"""/stats/: the public figures (anyone; cached, no personal data), and the annual report officials and
officers download as XLSX or PDF (/stats/report/<year>.xlsx|pdf)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from .. import roles
from ..access import role_required
from ..models import AccessLog
from ..privacy import access_log
from . import charts, report
from .facts import CACHE_SECONDS, MEASURES, cached_facts, definitions, figures, refresh_facts, tables

SECTIONS = {  # table id → (heading, note under the heading)
    "per-year": (gettext_lazy("Per year"), gettext_lazy(
        "Each step in the year it happened, as defined under the figures above; the last column is shown apart.")),
    "per-field": (gettext_lazy("By field"), None),
    "per-ministry": (gettext_lazy("By ministry"), gettext_lazy(
        "Each row follows the issues proposed to a ministry in the period: how many of those the government has "
        "answered, accepted and solved since. No column can be larger than the proposals.")),
    "answers": (gettext_lazy("The government's answers"), gettext_lazy(
        "How the central government answered the proposals, as shares of all its answers.")),
    "durations": (gettext_lazy("How long it takes"), gettext_lazy(
        "In whole calendar days, by the year the interval ended: half of the issues took no longer than the median, "
        "nine in ten no longer than the 90th percentile. Filing to closing covers every closed issue counted, "
        "whatever the outcome.")),
    "meetings": (gettext_lazy("Meetings held"), gettext_lazy(
        "On-site meetings, seminars and forums with companies and experts, by field. A meeting about several "
        "fields counts in each of them; the last row counts every meeting once.")),
}


@require_GET
def stats_page(request):
    facts = cached_facts()
    asked = request.GET.get("year", "").strip() or None
    year = _year(asked)
    if asked is not None and year is None:  # "twenty", "2024abc", "-1": a friendly page, not an error page
        return _no_figures(request, facts, asked=asked, status=400)
    data = figures(facts, year)
    if not data["has_figures"]:  # a year the program had nothing in (2019), or no program at all yet
        return _no_figures(request, facts, year=year, data=data)
    figure_charts = charts.figure_charts(data)
    sections = [
        {"table": table, "chart": figure_charts[table["id"]],
         "heading": SECTIONS[table["id"]][0], "note": SECTIONS[table["id"]][1],
         # The columns of the tables per year and field are the figures defined under the totals.
         "definitions": [] if table["id"] in ("per-year", "per-field") else table.get("definitions", [])}
        for table in tables(data)
    ]
    return render(request, "stats/page.html", {
        "data": data,
        "totals": [{**figure, "n": data["totals"][figure["key"]]} for figure in definitions(*MEASURES)],
        "set_aside": {**definitions("set_aside")[0], **data["set_aside"]},
        # The advisory group's work as one count: never who gave which opinion.
        "consultations": {**definitions("consultations")[0], "n": data["consultations"]["total"]["consultations"]},
        "sections": sections,
        "cache_minutes": CACHE_SECONDS // 60,
        # Staff who may download the annual report find the links here too.
        "may_report": _may_report(request),
    })


def _no_figures(request, facts, *, year=None, data=None, asked=None, status=200):
    """The page without figures: the year asked for had none (or is not a year); the years that have some."""
    return render(request, "stats/page.html", {
        "data": data or {"year": None, "years": facts["years"], "computed_at": facts["computed_at"]},
        "empty": True, "asked": asked, "empty_year": year,
        "cache_minutes": CACHE_SECONDS // 60,
        "may_report": _may_report(request),
    }, status=status)


def _may_report(request) -> bool:
    return request.user.is_authenticated and roles.may(request.user, roles.READ_REPORTS)


def _year(value) -> int | None:
    """The year of ?year=: four digits, or None (none asked for, or not a year)."""
    value = value or ""
    return int(value) if len(value) == 4 and value.isascii() and value.isdigit() and value[0] != "0" else None


@require_GET
@role_required(roles.READ_REPORTS)
def annual_report(request, year: int, format: str):
    if format not in report.FORMATS:
        raise Http404
    facts = refresh_facts()
    this_year = timezone.localdate().year
    # Any year of the program, including this one before anything happened in it.
    if not (facts["years"] or [this_year])[0] <= year <= this_year:
        raise Http404
    extension, content_type = report.FORMATS[format]
    body = report.build(format, facts, year)
    access_log.log_access(request, AccessLog.Kind.ANNUAL_REPORT, year=year, format=format,
                      rows=report.proposals(year).count())
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, report.filename(year, extension))
    response["Cache-Control"] = "no-store, private"
    return response
