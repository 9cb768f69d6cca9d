"""Meeting reports: the meetings over time, each with what became of the issues on its agenda."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from meetings.models import Meeting

from ..models import AgendaItem
from ..workflow import Resolution, State


def meeting_outcomes(*, year: int | None = None, field=None) -> QuerySet:
    """Meetings, newest first, each with the issues on its agenda counted: `discussed` (all of
    them), `found` (on no earlier meeting's agenda: brought to the table here), `proposed`
    (proposed to the government, then or since) and `solved` (closed as improved). One query,
    whatever the number of meetings."""
    earlier = AgendaItem.objects.filter(issue=OuterRef("agenda__issue"), meeting__starts_at__lt=OuterRef("starts_at"))
    meetings = Meeting.objects.all()
    if year:
        meetings = meetings.filter(starts_at__year=year)
    if field is not None:
        meetings = meetings.filter(fields=field)
    issue = "agenda__issue"
    return meetings.annotate(
        discussed=Count(issue, distinct=True),
        found=Count(issue, distinct=True, filter=~Exists(earlier)),
        proposed=Count(issue, distinct=True, filter=Q(agenda__issue__proposed_on__isnull=False)),
        solved=Count(issue, distinct=True, filter=Q(agenda__issue__state=State.CLOSED,
                                                    agenda__issue__resolution=Resolution.IMPROVED)),
    ).prefetch_related("fields").order_by("-starts_at", "-pk")
