"""An invitation's calendar file: the meeting as it stands when the notice is sent (meetings/ical.py makes
the event), attached by render.py to every notice of the kind INVITED."""

from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings

from meetings.ical import meeting_calendar
from meetings.models import Meeting

from ..models import AgendaItem, Notice

INVITED = "meeting-invited"


def invitation_calendar(notice: Notice) -> MIMEText:
    """The invitation's calendar file: the meeting as it is now."""
    meeting = Meeting.objects.get(pk=notice.context["meeting_id"])
    titles = AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk").values_list("issue__title",
                                                                                              flat=True)
    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    ics = meeting_calendar(
        meeting, agenda_titles=list(titles), attendee_email=notice.recipient,
        sequence=notice.context.get("sequence", 0), organizer_name=organizer_name, organizer_email=organizer_email,
    )
    # Built by hand: Django's attach() cannot add the `method` parameter calendars look for.
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    return part
