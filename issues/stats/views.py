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
from .facts import CACHE_SECONDS, cached_facts, figures, refresh_facts, tables

SECTIONS = {  # table id → (heading, note under the heading)
    "per-year": (gettext_lazy("Per year"), None),
    "per-field": (gettext_lazy("By field"), None),
    "per-ministry": (gettext_lazy("By ministry"), gettext_lazy(
        "The competent ministries of the proposals, with the answers they gave and the issues solved.")),
    "answers": (gettext_lazy("The government's answers"), gettext_lazy(
        "How the central government answered the proposals, as shares of all its answers.")),
    "durations": (gettext_lazy("How long it takes"), gettext_lazy(
        "In calendar days: half of the issues took no longer than the median, nine in ten no longer than the "
        "90th percentile. Filing to closing covers every closed issue, whatever the outcome.")),
    "meetings": (gettext_lazy("Meetings held"), gettext_lazy(
        "On-site meetings, seminars and forums with companies and experts, by field. A meeting about several "
        "fields counts in each of them; the last row counts every meeting once.")),
}


@require_GET
def stats_page(request):
    facts = cached_facts()
    year = _year(request.GET.get("year"), facts)
    data = figures(facts, year)
    figure_charts = charts.figure_charts(data)
    sections = [
        {"table": table, "chart": figure_charts[table["id"]],
         "heading": SECTIONS[table["id"]][0], "note": SECTIONS[table["id"]][1]}
        for table in tables(data)
    ]
    return render(request, "stats/page.html", {
        "data": data,
        "totals": [(key, label, data["totals"][key]) for key, label in data["measures"]],
        "sections": sections,
        "cache_minutes": CACHE_SECONDS // 60,
        # Staff who may download the annual report find the links here too.
        "may_report": request.user.is_authenticated and roles.may(request.user, roles.READ_REPORTS),
    })


def _year(value, facts) -> int | None:
    if not value:
        return None
    if not value.isdigit() or int(value) not in facts["scopes"]:
        raise Http404
    return int(value)


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
