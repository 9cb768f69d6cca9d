"""Invitations to a meeting: who is invited (`invitees`), and one notice owed to each, again to everyone
when what is announced changes, with the meeting's calendar file attached as it is sent (notices/calendar.py)."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from meetings.models import Attendee, Meeting

from .. import access, roles, selectors
from ..models import Issue, Notice
from ..notices import outbox
from ..notices.calendar import INVITED


@dataclass(frozen=True)
class Invitee:
    attendee: Attendee
    email: str
    name: str
    language: str


def invitees(meeting: Meeting) -> tuple[list[Invitee], list[Attendee]]:
    """Who gets an invitation (the companies' contacts; organizations' and experts' accounts) and the
    attendees who cannot be reached for want of an e-mail address. City staff host: not invited.

    A contact is written to in the language of the last issue they filed, Korean otherwise."""
    attendees = list(meeting.attendees.select_related("company", "contact", "organization", "user"))
    contact_ids = [a.contact_id for a in attendees if a.contact_id]
    languages = {}
    for contact_id, language in (Issue.objects.filter(contact_id__in=contact_ids)
                                 .order_by("contact_id", "-filed_at").values_list("contact_id", "language")):
        languages.setdefault(contact_id, language)
    found, unreachable, seen = [], [], set()
    for attendee in attendees:
        if attendee.role == Attendee.Role.COMPANY:
            person = attendee.contact
            email = person.email if person else ""
            name = attendee.name or (person.name if person else "")
            language = languages.get(attendee.contact_id, "ko")
        elif attendee.role in (Attendee.Role.ORGANIZATION, Attendee.Role.EXPERT):
            person = attendee.user
            email = person.email if person else ""
            name = attendee.name or (selectors.person_name(person) if person else "")
            language = settings.LANGUAGE_CODE
        else:
            continue
        if not email:
            unreachable.append(attendee)
        elif email.lower() not in seen:
            seen.add(email.lower())
            found.append(Invitee(attendee, email.lower(), name, language))
    return found, unreachable


def _revision(meeting: Meeting) -> str:
    """What the invitation announces; when it changes, everyone is invited again."""
    text = "|".join(str(v) for v in (meeting.title, meeting.starts_at, meeting.ends_at, meeting.venue,
                                     meeting.address))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _sequence(meeting: Meeting, revision: str) -> int:
    """The iCalendar SEQUENCE of this revision: that of the last invitation if nothing changed
    since, one more otherwise (a calendar replaces an event by one with a higher SEQUENCE)."""
    earlier = Notice.objects.filter(kind=INVITED, context__meeting_id=meeting.pk).values_list("context", flat=True)
    last = max(earlier, key=lambda context: context.get("sequence", 0), default=None)
    if last is None:
        return 0
    return last["sequence"] if last.get("revision") == revision else last["sequence"] + 1


def invite_attendees(meeting: Meeting, by) -> list[Notice]:
    """Owe each invitee one invitation (templates/emails/meeting-invited-*, with the .ics attached).

    The key names the meeting, the recipient and the revision (SEQUENCE) of what is announced:
    inviting again owes nothing to those already invited, only to attendees added since; after the
    date, time, place or title changed, everyone is invited again with the updated event."""
    access.require(by, roles.PLAN_MEETINGS, _("Only officers invite attendees."))
    found, _unreachable = invitees(meeting)
    owed = []
    with transaction.atomic():
        revision = _revision(meeting)
        sequence = _sequence(meeting, revision)
        for invitee in found:
            key = f"{INVITED}:{meeting.pk}:v{sequence}:{invitee.email}"
            if len(key) > Notice._meta.get_field("key").max_length:
                key = f"{INVITED}:{meeting.pk}:v{sequence}:{hashlib.sha256(invitee.email.encode()).hexdigest()}"
            if Notice.objects.filter(key=key).exists():
                continue
            owed.append(outbox.owe(
                INVITED, key=key, issue=None, recipient=invitee.email, language=invitee.language,
                user=invitee.attendee.user, context={
                    "meeting_id": meeting.pk, "revision": revision, "sequence": sequence, "name": invitee.name,
                },
            ))
    return owed

