"""A meeting as an iCalendar event (RFC 5545), attached to invitations so calendars can add it.

Meetings know nothing of issues: the caller passes the agenda's titles in."""

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from .models import Meeting

# Meetings take place in Seoul whatever the server's time zone: calendars show them in Seoul time.
SEOUL = ZoneInfo("Asia/Seoul")


def meeting_uid(meeting: Meeting) -> str:
    """The event's UID: the same for every invitation to this meeting, so a calendar updates its copy."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"meeting-{meeting.pk}@{host}"


def meeting_calendar(meeting: Meeting, *, agenda_titles=(), attendee_email: str = "", sequence: int = 0,
                     organizer_name: str = "", organizer_email: str = "") -> bytes:
    """The meeting as a VCALENDAR (METHOD:REQUEST) holding one VEVENT and its VTIMEZONE.

    `sequence` counts the revisions sent before (RFC 5546: a calendar keeps the highest one)."""
    description = "\n".join(f"{number}. {title}" for number, title in enumerate(agenda_titles, start=1))
    location = ", ".join(part for part in (meeting.venue, meeting.address) if part)
    event = Event.new(
        uid=meeting_uid(meeting),
        sequence=sequence,
        stamp=timezone.now(),
        start=meeting.starts_at.astimezone(SEOUL),
        end=meeting.ends_at.astimezone(SEOUL) if meeting.ends_at else None,
        summary=meeting.title,
        location=location or None,
        description=description or None,
    )
    if organizer_email:
        organizer = vCalAddress(f"mailto:{organizer_email}")
        if organizer_name:
            organizer.params["CN"] = organizer_name
        event.add("organizer", organizer)
    if attendee_email:
        # No RSVP: replies would go to an address nobody reads.
        attendee = vCalAddress(f"mailto:{attendee_email}")
        attendee.params.update({"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
        event.add("attendee", attendee)
    calendar = Calendar.new(
        prodid="-//Seoul Business Support Center//Regulatory Desk//KO", method="REQUEST", subcomponents=[event]
    )
    calendar.add_missing_timezones()
    return calendar.to_ical()
