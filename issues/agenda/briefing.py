"""The briefing pack handed to everyone at a meeting's table: the meeting, its attendees by role and the
issues on its agenda with the expert opinions the centre accepted on them, as a page and as a PDF."""

from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Attendee, Meeting

from .. import selectors
from ..documents import pdf
from ..models import AgendaItem


def briefing(meeting: Meeting, *, viewer) -> dict:
    """What the briefing pack shows: the meeting, its attendees by role and its agenda's issues (those
    `viewer` may see), each with the accepted expert opinions `viewer` reads (selectors.accepted_opinions:
    none to those who read no consultation). No contact details: the pack is handed to everyone at the
    table, and an expert is named only where they agreed to it."""
    agenda = list(
        selectors.of_visible_issues(viewer, AgendaItem.objects.filter(meeting=meeting))
        .select_related("issue__company", "issue__field", "issue__ministry").order_by("position", "pk")
    )
    opinions = selectors.accepted_opinions([item.issue_id for item in agenda], viewer=viewer)
    for item in agenda:
        item.opinions = opinions.get(item.issue_id, [])
    attendees = list(meeting.attendees.select_related("company", "organization", "user"))
    groups = [
        (label, [a for a in attendees if a.role == role]) for role, label in Attendee.Role.choices
    ]
    return {
        "title": title(meeting),
        "meeting": meeting,
        "fields": list(meeting.fields.all()),
        "attendee_groups": [(label, people) for label, people in groups if people],
        "agenda": agenda,
    }


def title(meeting: Meeting) -> str:
    return _("Briefing pack · %(meeting)s") % {"meeting": meeting.title}


def file_name(meeting: Meeting) -> str:
    """The PDF's name: the meeting's day and title, e.g. "2024-03-28 규제혁신 현장 간담회 자료집.pdf"."""
    name = _("%(date)s %(meeting)s briefing pack") % {
        "date": f"{timezone.localtime(meeting.starts_at):%Y-%m-%d}", "meeting": meeting.title}
    name = "".join(" " if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in name)
    return f"{' '.join(name.split())[:120]}.pdf"


def briefing_pdf(html: str) -> bytes:
    """The briefing page as a PDF (A4, the page breaks of its print style sheet), fetching nothing."""
    return pdf.write_pdf(html)
