"""The briefing pack handed to everyone at a meeting's table: the meeting, its attendees by role and the
issues on its agenda, as a page and as a PDF."""

from meetings.models import Attendee, Meeting

from .. import selectors
from ..models import AgendaItem


def briefing(meeting: Meeting, *, viewer) -> dict:
    """What the briefing pack shows: the meeting, its attendees by role and its agenda's issues (those
    `viewer` may see). No contact details: the pack is handed to everyone at the table."""
    agenda = list(
        selectors.of_visible_issues(viewer, AgendaItem.objects.filter(meeting=meeting))
        .select_related("issue__company", "issue__field", "issue__ministry").order_by("position", "pk")
    )
    attendees = list(meeting.attendees.select_related("company", "organization", "user"))
    groups = [
        (label, [a for a in attendees if a.role == role]) for role, label in Attendee.Role.choices
    ]
    return {
        "meeting": meeting,
        "fields": list(meeting.fields.all()),
        "attendee_groups": [(label, people) for label, people in groups if people],
        "agenda": agenda,
    }


def briefing_pdf(html: str, *, base_url: str) -> bytes:
    """The briefing page as a PDF (A4, the page breaks of its print style sheet)."""
    from weasyprint import HTML  # here, not at the top: it loads Pango, which only the PDF needs

    return HTML(string=html, base_url=base_url).write_pdf()
