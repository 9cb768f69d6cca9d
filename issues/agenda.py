"""Meetings seen from the issues: applying a meeting's conclusions through the workflow, the briefing
pack, the invitations with their calendar file and the meetings' outcomes over time.

Plain functions; those that change something take the acting user as `by` and are for officers."""

import hashlib
from dataclasses import dataclass
from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.ical import meeting_calendar
from meetings.models import Attendee, Meeting

from . import notices, selectors, services, workflow
from .models import AgendaItem, Issue, Notice
from .workflow import OFFICER, Resolution, State

Conclusion = AgendaItem.Conclusion
INVITED = "meeting-invited"

# The conclusions that close an issue, with the resolution they close it with (conclusion_path says the rest).
RESOLUTIONS = {Conclusion.SOLVED: Resolution.IMPROVED, Conclusion.NOT_PURSUED: Resolution.OUT_OF_SCOPE}


def _officers_only(by, message) -> None:
    if OFFICER not in workflow.roles_of(by):
        raise workflow.NotPermitted(message)


# --- Conclusions ----------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What applying one agenda item's conclusion does (or would do): the states the issue passes
    through (`path`, empty when it already stands where the meeting agreed) or why it is refused."""

    item: AgendaItem
    path: list | tuple = ()
    is_done: bool = True
    message: str = ""

    @property
    def issue(self) -> Issue:
        return self.item.issue


def conclusion_path(conclusion: str, issue: Issue) -> list[str]:
    """The states `issue` passes through to carry out `conclusion`, in order; [] when it already
    stands there. Raises workflow.MoveNotAllowed when the conclusion cannot be carried out from the
    issue's state: a closed issue is reopened, and an issue past consultation sent back, by hand."""
    state = issue.state
    if conclusion in RESOLUTIONS:
        if state != State.CLOSED:
            return [State.CLOSED]
        if issue.resolution == RESOLUTIONS[conclusion]:
            return []
        raise workflow.MoveNotAllowed(_("The issue is already closed as “%(resolution)s”.")
                                      % {"resolution": issue.get_resolution_display()})
    if conclusion == Conclusion.PROPOSE:
        if state in (State.PROPOSAL, State.FOLLOW_UP):
            return []  # proposed since: nothing left to do
        if state == State.DISCOVERY:
            return [State.CONSULTATION, State.PROPOSAL]
        if state == State.CONSULTATION:
            return [State.PROPOSAL]
        raise workflow.MoveNotAllowed(_("The issue is closed: reopen it from its page before proposing it."))
    if conclusion == Conclusion.REVIEW:
        if state == State.DISCOVERY:
            return [State.CONSULTATION]
        if state == State.CONSULTATION:
            return []
        raise workflow.MoveNotAllowed(
            _("The issue is already at “%(state)s”: to review it again, send it back from its page with a note.")
            % {"state": workflow.state_label(state)}
        )
    raise workflow.MoveNotAllowed(_("The agenda item has no conclusion."))


def _reason(error: workflow.MoveError) -> str:
    return " ".join([str(error), *(str(message) for message in error.errors.values())])


def _describe(path: list[str], issue: Issue, conclusion: str, *, is_done: bool) -> str:
    state = issue.get_state_display()
    if not path and is_done:
        return gettext("Already at “%(state)s”: nothing to move.") % {"state": state}
    if not path:
        return gettext("Already at “%(state)s”: only marked as applied.") % {"state": state}
    states = " → ".join(str(workflow.state_label(s)) for s in [issue.state, *path])
    if conclusion in RESOLUTIONS:
        states += f" ({Resolution(RESOLUTIONS[conclusion]).label})"
    return (gettext("Moved: %(states)s.") if is_done else gettext("Will move: %(states)s.")) % {"states": states}


def _pending(meeting: Meeting) -> QuerySet:
    return (AgendaItem.objects.filter(meeting=meeting, applied_at__isnull=True).exclude(conclusion="")
            .select_related("issue").order_by("position", "pk"))


def pending_conclusions(meeting: Meeting, by) -> list[Outcome]:
    """What applying the meeting's conclusions would do now, item by item (nothing is changed)."""
    roles = workflow.roles_of(by)
    outcomes = []
    for item in _pending(meeting):
        issue = item.issue
        try:
            path = conclusion_path(item.conclusion, issue)
            source = issue.state
            for target in path:
                workflow.check_move(source, target, roles, {
                    "ministry": issue.ministry_id, "improvement": issue.improvement,
                    "resolution": RESOLUTIONS.get(item.conclusion, ""),
                })
                source = target
        except workflow.MoveError as error:
            outcomes.append(Outcome(item, is_done=False, message=_reason(error)))
        else:
            outcomes.append(Outcome(item, path, message=_describe(path, issue, item.conclusion, is_done=False)))
    return outcomes


def _public_note(meeting: Meeting, item: AgendaItem, issue: Issue) -> str:
    """What the filer reads on their status page and in the e-mail: the meeting and its conclusion."""
    with translation.override(issue.language):
        return gettext("Discussed at “%(meeting)s” on %(date)s. Conclusion: %(conclusion)s.") % {
            "meeting": meeting.title,
            "date": date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT"),
            "conclusion": item.get_conclusion_display(),
        }


def apply_meeting_conclusions(meeting: Meeting, by) -> list[Outcome]:
    """Carry out the conclusion of every agenda item not yet applied, through services.move_issue with
    the meeting named in the history; the filer is told by the move's notice.

    Each item in its own transaction: an item refused (an issue without a ministry cannot be
    proposed) stays unapplied with the reason, and the others go ahead. An item is marked applied
    when its issue stands where the meeting agreed, so applying again does nothing more."""
    _officers_only(by, _("Only officers apply meeting conclusions."))
    outcomes = []
    for pending in _pending(meeting):
        try:
            with transaction.atomic():
                # Locked and read again: two officers pressing the button at once apply each item once.
                item = AgendaItem.objects.select_for_update().select_related("issue").get(pk=pending.pk)
                if item.applied_at is not None or not item.conclusion:
                    continue
                issue = item.issue
                path = conclusion_path(item.conclusion, issue)
                message = _describe(path, issue, item.conclusion, is_done=True)
                for number, target in enumerate(path, start=1):
                    is_last = number == len(path)
                    services.move_issue(
                        issue, target, by=by, meeting=meeting,
                        note=item.conclusion_note if is_last else "",
                        public_note=_public_note(meeting, item, issue) if is_last else "",
                        resolution=RESOLUTIONS.get(item.conclusion, ""),
                    )
                item.applied_at = timezone.now()
                item.save(update_fields=["applied_at"])
        except workflow.MoveError as error:
            outcomes.append(Outcome(pending, is_done=False, message=_reason(error)))
        else:
            outcomes.append(Outcome(item, path, message=message))
    return outcomes


# --- Briefing pack --------------------------------------------------------------------------------------


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
    from weasyprint import HTML  # here, not at the top: it loads Pango, which only this needs

    return HTML(string=html, base_url=base_url).write_pdf()


# --- Invitations ----------------------------------------------------------------------------------------


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
            name = attendee.name or (person.get_full_name() or person.username if person else "")
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
    _officers_only(by, _("Only officers invite attendees."))
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
            owed.append(notices.owe(
                INVITED, key=key, issue=None, recipient=invitee.email, language=invitee.language,
                user=invitee.attendee.user, context={
                    "meeting_id": meeting.pk, "revision": revision, "sequence": sequence, "name": invitee.name,
                },
            ))
    return owed


def invitation_calendar(notice: Notice) -> MIMEText:
    """The invitation's calendar file, as notices.render attaches it: the meeting as it is now."""
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


# --- Over time ------------------------------------------------------------------------------------------


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
