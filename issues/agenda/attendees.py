"""A meeting's attendees from its agenda: the companies whose issues are on it, each with the contact
person linked to the issue, added in one go (`add_agenda_filers`). A contact's position is the one they
had at their latest meeting (`last_positions`)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from companies.models import Contact
from meetings.models import Attendee, Meeting

from .. import access, roles
from ..models import AgendaItem, Issue


@dataclass
class FilersAdded:
    """What adding the agenda's filers did: the rows added, the issues whose company attends already,
    and those linked to no company yet (a filing the officer has not matched to a known company)."""

    added: list[Attendee] = field(default_factory=list)
    attending: list[Issue] = field(default_factory=list)
    unlinked: list[Issue] = field(default_factory=list)


def with_last_position(contacts: QuerySet) -> QuerySet:
    """`contacts` with `last_position`: the position written on their latest meeting's attendee row ("" if none)."""
    latest = (Attendee.objects.filter(contact=OuterRef("pk")).exclude(position="")
              .order_by("-meeting__starts_at", "-pk").values("position")[:1])
    return contacts.annotate(last_position=Subquery(latest))


def last_positions(contact_ids) -> dict[int, str]:
    contacts = with_last_position(Contact.objects.filter(pk__in=list(contact_ids)))
    return {pk: position or "" for pk, position in contacts.values_list("pk", "last_position")}


def add_agenda_filers(meeting: Meeting, by) -> FilersAdded:
    """Add an attendee row for each company with an issue on the meeting's agenda, in agenda order, with the
    issue's contact person (their name and latest position). A company that attends already is left as it is
    (the officer may have chosen another of its people), and so is a company with two issues on the agenda."""
    access.require(by, roles.PLAN_MEETINGS, _("Only officers plan meetings."))
    result = FilersAdded()
    with transaction.atomic():
        # Locked: two officers pressing the button at once add each company once.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        attending = set(meeting.attendees.filter(company__isnull=False).values_list("company_id", flat=True))
        items = (AgendaItem.objects.filter(meeting=meeting).select_related("issue__company", "issue__contact")
                 .order_by("position", "pk"))
        issues = [item.issue for item in items]
        positions = last_positions(i.contact_id for i in issues if i.contact_id)
        for issue in issues:
            if issue.company_id is None:
                result.unlinked.append(issue)
            elif issue.company_id in attending:
                result.attending.append(issue)
            else:
                contact = issue.contact if issue.contact and issue.contact.company_id == issue.company_id else None
                result.added.append(Attendee(
                    meeting=meeting, role=Attendee.Role.COMPANY, company=issue.company, contact=contact,
                    name=contact.name if contact else "", position=positions.get(contact.pk, "") if contact else "",
                ))
                attending.add(issue.company_id)
        Attendee.objects.bulk_create(result.added)
    return result
