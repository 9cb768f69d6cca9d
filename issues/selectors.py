"""Read-only questions about issues, shared by the admin, the public pages and tasks."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import DeletedObject

from companies.models import Company, Contact

from . import roles, workflow
from .models import (
    AgendaItem,
    Attachment,
    Consultation,
    ConsultationMessage,
    Issue,
    IssueRelation,
    Note,
    Notice,
    ProposalBatch,
    StatusChange,
)
from .workflow import OFFICER, OFFICIAL, State

# What an official reads: issues on their way to, or back from, the government.
OFFICIAL_STATES = (State.PROPOSAL, State.FOLLOW_UP)


def overdue_q(now: datetime | None = None) -> Q:
    """Issues that stayed in their state longer than settings.STATE_TARGET_DAYS allows."""
    now = now or timezone.now()
    q = Q(pk__in=[])
    for state, days in settings.STATE_TARGET_DAYS.items():
        q |= Q(state=state, state_changed_at__lt=now - timedelta(days=days))
    return q


def sees_all_issues(user) -> bool:
    return OFFICER in workflow.roles_of(user)


def visible_issues(user, queryset: QuerySet | None = None) -> QuerySet:
    """The issues a staff user may see: officers all; experts those assigned to them and those they are
    consulted on (not one whose request was given to another expert); officials the proposals and what
    followed them. Every list, panel, popup, autocomplete and filter choice of issues or of their records
    goes through here (of_visible_issues for the records)."""
    queryset = Issue.objects.all() if queryset is None else queryset
    roles = workflow.roles_of(user)
    if OFFICER in roles:
        return queryset
    q = Q(pk__in=[])
    if workflow.EXPERT in roles:
        q |= Q(assignee=user) | Q(pk__in=_consulted(user).values("issue"))
    if OFFICIAL in roles:
        q |= Q(state__in=OFFICIAL_STATES) | Q(state=State.CLOSED, proposed_on__isnull=False)
    return queryset.filter(q)


def _consulted(user) -> QuerySet:
    """The consultations an expert reads: those asked of them, but for those given to another expert since."""
    return Consultation.objects.filter(expert=user).exclude(status=Consultation.Status.REASSIGNED)


def visible_consultations(user, queryset: QuerySet | None = None) -> QuerySet:
    """Consultations: officers all; an expert those asked of them (not those given to another expert since);
    nobody else any, officials neither: they read an accepted opinion only as the 건의서 prints it
    (accepted_opinions: the recommendation and summary, by profession), not the request or its thread."""
    queryset = Consultation.objects.all() if queryset is None else queryset
    roles = workflow.roles_of(user)
    if OFFICER in roles:
        return queryset
    if workflow.EXPERT in roles:
        return queryset.filter(pk__in=_consulted(user).values("pk"))
    return queryset.none()


def overdue_consultations_q(today=None) -> Q:
    """Requests the expert still owes an answer to (asked, or asked again) after their due date."""
    today = today or timezone.localdate()
    return Q(status__in=Consultation.OPEN, due_on__lt=today)


def of_visible_issues(user, queryset: QuerySet, path: str = "issue") -> QuerySet:
    """Records (notes, history, agenda items …) whose issue, reached by `path`, `user` may see."""
    if sees_all_issues(user):
        return queryset  # no subquery over every issue for those who see them all
    return queryset.filter(**{f"{path}__in": visible_issues(user)})


def visible_notes(user, queryset: QuerySet | None = None) -> QuerySet:
    """Notes of visible issues; the internal ones (the filer's messages too) to roles that read them."""
    queryset = of_visible_issues(user, Note.objects.all() if queryset is None else queryset)
    return queryset if roles.may_see(user, roles.INTERNAL_NOTES) else queryset.filter(is_public=True)


def visible_attachments(user, queryset: QuerySet | None = None) -> QuerySet:
    """Files of visible issues, to roles that read files; an opinion's files only to those who read its
    consultation (visible_consultations)."""
    queryset = Attachment.objects.all() if queryset is None else queryset
    if not roles.may_see(user, roles.ATTACHMENTS):
        return queryset.none()
    if not sees_all_issues(user):
        queryset = queryset.filter(Q(consultation__isnull=True)
                                   | Q(consultation__in=visible_consultations(user).values("pk")))
    return of_visible_issues(user, queryset)


def visible_notices(user, queryset: QuerySet | None = None) -> QuerySet:
    """The outbox is a list of recipients: only for roles that may read them."""
    queryset = Notice.objects.all() if queryset is None else queryset
    return queryset if roles.may_see(user, roles.NOTICE_RECIPIENTS) else queryset.none()


def visible_batches(user, queryset: QuerySet | None = None) -> QuerySet:
    """Proposal batches: officers and officials all of them, whoever built them and whether submitted or
    not (both build and submit them, batches.py); nobody else any. Inside a batch each reads only the
    issues visible_issues gives them."""
    queryset = ProposalBatch.objects.all() if queryset is None else queryset
    if workflow.roles_of(user) & {OFFICER, OFFICIAL}:
        return queryset
    return queryset.none()


def visible_companies(user, queryset: QuerySet | None = None) -> QuerySet:
    """Companies: officers all; other staff those of an issue they may see."""
    queryset = Company.objects.all() if queryset is None else queryset
    if sees_all_issues(user):
        return queryset
    return queryset.filter(pk__in=visible_issues(user).filter(company__isnull=False).values("company"))


def visible_contacts(user, queryset: QuerySet | None = None) -> QuerySet:
    """Contact people are the filers' contact details: only for roles that read those."""
    queryset = Contact.objects.all() if queryset is None else queryset
    return queryset if roles.may_see(user, roles.FILER_CONTACT) else queryset.none()


@dataclass
class Discussion:
    """What a meeting concluded on an issue, as far as a viewer may read it."""

    meeting: object
    conclusion: str  # the conclusion's label, "" when none was recorded
    notes: list[str]  # the officers' conclusion note (to roles that read history notes), then the note to the filer


def meeting_conclusions(issues, *, viewer) -> dict[int, list[Discussion]]:
    """The meetings' conclusions on `issues` (ids or issues), per issue id, oldest meeting first: those of
    the issues `viewer` may see, and of those only what they read (the conclusion note is the note of the
    move that applied it: roles.HISTORY_NOTES). Agenda items with neither conclusion nor note are left out."""
    ids = [getattr(issue, "pk", issue) for issue in issues]
    items = (of_visible_issues(viewer, AgendaItem.objects.filter(issue_id__in=ids))
             .select_related("meeting").order_by("meeting__starts_at", "meeting_id", "position", "pk"))
    sees_history_notes = roles.may_see(viewer, roles.HISTORY_NOTES)
    found: dict[int, list[Discussion]] = {}
    for item in items:
        notes = [text.strip() for text in (item.conclusion_note if sees_history_notes else "", item.public_note)
                 if text.strip()]
        if item.conclusion or notes:
            label = item.get_conclusion_display() if item.conclusion else ""
            found.setdefault(item.issue_id, []).append(Discussion(item.meeting, label, notes))
    return found


@dataclass
class Opinion:
    """An accepted expert opinion as a document gives it, worded in the language active when it was read."""

    issue_id: int
    attribution: str  # 변호사 검토; 변호사 김민준 검토 when the expert agreed to be named
    profession: str  # the profession's label, "" for an expert without a profile
    name: str  # the expert's name, "" unless they agreed to be named (ExpertProfile.may_be_named)
    recommendation: str  # the recommendation's label
    summary: str
    legal_basis: str
    accepted_at: datetime


def accepted_opinions(issues, *, viewer=None) -> dict[int, list[Opinion]]:
    """The opinions accepted on `issues` (ids or issues), per issue id, the first accepted first. Each is
    attributed by the expert's profession, and by name only where the expert agreed to it.

    With `viewer`, only the consultations they read (visible_consultations: the briefing pack, read at the
    centre's table). Without, every accepted one: the letter of proposal carries the opinions the centre
    accepted, as it carries the meetings' conclusions, whoever writes it out; accepting an opinion is
    what puts it there (not its thread, its files or who asked). One query."""
    ids = [getattr(issue, "pk", issue) for issue in issues]
    accepted = Consultation.objects.filter(issue_id__in=ids, status=Consultation.Status.ACCEPTED)
    if viewer is not None:
        accepted = visible_consultations(viewer, accepted)
    found: dict[int, list[Opinion]] = {}
    for consultation in accepted.select_related("expert__expert_profile").order_by("accepted_at", "pk"):
        profile = getattr(consultation.expert, "expert_profile", None)
        profession = profile.get_profession_display() if profile else ""
        name = person_name(consultation.expert) if profile and profile.may_be_named else ""
        found.setdefault(consultation.issue_id, []).append(Opinion(
            issue_id=consultation.issue_id, attribution=opinion_attribution(profession, name),
            profession=profession, name=name, recommendation=consultation.get_recommendation_display(),
            summary=consultation.summary, legal_basis=consultation.legal_basis,
            accepted_at=consultation.accepted_at,
        ))
    return found


def opinion_attribution(profession: str, name: str = "") -> str:
    """Whose review an opinion is, as documents say it: 변호사 검토, 변호사 김민준 검토, 전문가 검토."""
    if not profession:
        return str(_("Expert's review"))
    if name:
        return _("Review by %(name)s (%(profession)s)") % {"profession": profession, "name": name}
    return _("%(profession)s's review") % {"profession": profession}


def queue(queryset: QuerySet) -> QuerySet:
    """The officers' working queue: issues that are not suspected spam."""
    return queryset.filter(is_suspected_spam=False)


@dataclass
class Event:
    at: datetime
    kind: str  # move, note, notice, edit
    who: str
    title: str
    text: str = ""
    is_public: bool = False


def timeline(issue: Issue, *, viewer) -> list[Event]:
    """Everything that happened to an issue, oldest first, as far as `viewer` may read it (roles.SEES):
    moves (their internal note to roles that read history notes, or to its writer), notes (internal
    ones to roles that read them), notices owed and sent (the recipient and the error to roles that read
    recipients), marks of related issues (_relation_events), and edits from the audit trail with the fields
    they changed (not those of hidden groups)."""
    events = []
    sees_history_notes = roles.may_see(viewer, roles.HISTORY_NOTES)
    for change in StatusChange.objects.filter(issue=issue).select_related("by", "meeting"):
        title = (
            _("Filed") if not change.from_state
            else f"{workflow.state_label(change.from_state)} → {workflow.state_label(change.to_state)}"
        )
        if change.resolution:
            title = f"{title} ({change.get_resolution_display()})"
        # Labels outside the f-strings: xgettext (gettext < 0.22) does not look inside them.
        public, at_meeting = _("public"), _("At the meeting")
        # What the system says of the move is rendered now, in the viewer's language (StatusChange.system_note).
        note = change.internal_text if sees_history_notes or (change.by_id and change.by_id == viewer.pk) else ""
        public_text = change.public_text
        text = "\n".join(t for t in (note, public_text and f"[{public}] {public_text}") if t)
        if change.meeting_id:
            text = f"{text}\n{at_meeting}: {change.meeting}".strip()
        events.append(Event(change.at, "move", _who(change.by, change.by_filer), title, text, bool(public_text)))
    for note in visible_notes(viewer, Note.objects.filter(issue=issue)).select_related("author"):
        title = _("Public note") if note.is_public else _("Internal note")
        if note.is_from_filer:
            title = _("Message from the filer")
        events.append(Event(note.created_at, "note", _who(note.author, note.is_from_filer), title, note.body,
                            note.is_public))
    sees_recipients = roles.may_see(viewer, roles.NOTICE_RECIPIENTS)
    for notice in Notice.objects.filter(issue=issue):
        if sees_recipients:
            title = _("Notice “%(kind)s” to %(recipient)s: %(status)s") % {
                "kind": notice.kind_label, "recipient": notice.recipient, "status": notice.get_status_display()}
        else:  # the error of a failed delivery quotes the address too
            title = _("Notice “%(kind)s”: %(status)s") % {"kind": notice.kind_label,
                                                           "status": notice.get_status_display()}
        events.append(Event(notice.sent_at or notice.created_at, "notice", _("system"), title,
                            notice.last_error if sees_recipients else ""))
    events += _consultation_events(issue, viewer)
    events += _relation_events(issue, viewer)
    hidden = roles.hidden_fields(viewer)
    records = list(issue.audit.select_related("history_user").order_by("history_date", "history_id"))
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None:
            continue
        if record.state != previous.state:
            continue  # a move: shown above with its history row
        changes = record.diff_against(previous, excluded_fields=["state_changed_at", *hidden],
                                      foreign_keys_are_objs=True).changes
        if not changes:
            continue
        text = "\n".join(_changed(c.field, c.old, c.new) for c in changes)
        events.append(Event(record.history_date, "edit", _who(record.history_user, False), _("Edited"), text))
    return sorted(events, key=lambda e: e.at)


# A consultation's thread on the issue's timeline: each message's title, in the viewer's language.
_THREAD_TITLES = {
    ConsultationMessage.Kind.QUESTION: _("Consultation requested from %(expert)s"),
    ConsultationMessage.Kind.FOLLOW_UP: _("Follow-up question to %(expert)s"),
    ConsultationMessage.Kind.ANSWER: _("Opinion of %(expert)s"),
    ConsultationMessage.Kind.DECLINE: _("%(expert)s declined the consultation"),
}


def _consultation_events(issue: Issue, viewer) -> list[Event]:
    """The consultations on `issue` that `viewer` reads (visible_consultations): their thread, the
    acceptance of the opinion (with what was published to the filer) and the request given to another."""
    events = []
    consultations = visible_consultations(viewer, Consultation.objects.filter(issue=issue)).select_related(
        "expert", "replaced_by__expert", "replaced_by__requested_by")
    messages = ConsultationMessage.objects.filter(consultation__in=consultations).select_related("author")
    by_consultation = {c.pk: c for c in consultations}
    for message in messages:
        consultation = by_consultation[message.consultation_id]
        title = _THREAD_TITLES[message.kind] % {"expert": person_name(consultation.expert)}
        events.append(Event(message.at, "consultation", _who(message.author, False), title, message.text))
    for consultation in by_consultation.values():
        expert = person_name(consultation.expert)
        if consultation.accepted_at:
            text = consultation.published_summary
            public = _("public")
            events.append(Event(consultation.accepted_at, "consultation", _("system"),
                                _("Opinion of %(expert)s accepted") % {"expert": expert},
                                f"[{public}] {text}" if text else ""))
        if consultation.status == Consultation.Status.REASSIGNED and consultation.replaced_by_id:
            events.append(Event(consultation.replaced_by.created_at, "consultation",
                                _who(consultation.replaced_by.requested_by, False),
                                _("Consultation given to %(expert)s instead of %(previous)s") % {
                                    "expert": person_name(consultation.replaced_by.expert), "previous": expert}))
    return events


def _relation_events(issue: Issue, viewer) -> list[Event]:
    """The marks of related issues (issues/similar/relations.py), set and removed, on both issues: the
    other issue by its number and title to a viewer who may open it, else as "another issue"."""
    rows = list(IssueRelation.objects.filter(Q(issue=issue) | Q(other=issue))
                .select_related("issue", "other", "created_by", "removed_by"))
    others = {row.other_id if row.issue_id == issue.pk else row.issue_id for row in rows}
    shown = set(visible_issues(viewer, Issue.objects.filter(pk__in=others)).values_list("pk", flat=True)) \
        if others else set()
    events = []
    for row in rows:
        other = row.other if row.issue_id == issue.pk else row.issue
        named = other.pk in shown
        marks = [(row.created_at, row.created_by, _("Marked as related to %(number)s"),
                  _("Marked as related to another issue"))]
        if row.removed_at:
            marks.append((row.removed_at, row.removed_by, _("No longer marked as related to %(number)s"),
                          _("No longer marked as related to another issue")))
        for at, by, naming, hiding in marks:
            title = naming % {"number": other.number} if named else str(hiding)
            events.append(Event(at, "relation", _who(by, False), title, other.title if named else ""))
    return events


def person_name(user) -> str:
    """A member of staff as colleagues write their name: a Korean name family name first without a space
    (이수민, where Django's get_full_name() gives "수민 이"), another given name first (Jane Doe); the login
    only when no name is recorded."""
    first, last = user.first_name.strip(), user.last_name.strip()
    if not (first or last):
        return user.get_username()
    if any("\uac00" <= ch <= "\ud7a3" for ch in first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()


def _who(user, by_filer: bool) -> str:
    if by_filer:
        return str(_("the filer"))
    if user is None:
        return str(_("system"))
    return person_name(user)


def _changed(name: str, old, new) -> str:
    field = Issue._meta.get_field(name)
    return f"{field.verbose_name}: {_shown(field, old)} → {_shown(field, new)}"


def _shown(field, value) -> str:
    """A value as the issue page shows it: a choice's label, a related object's name, "—" for nothing."""
    if isinstance(value, DeletedObject) and value.pk is None:
        value = None  # the diff's stand-in for an empty foreign key
    if field.choices and value not in (None, ""):
        value = dict(field.flatchoices).get(value, value)
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


@dataclass
class FilerMatch:
    """A filing whose business number belongs to a known company, waiting for an officer's decision."""

    company: object
    contact: object | None  # the company's contact with the e-mail address filed, if there is one


def filer_match(issue: Issue) -> FilerMatch | None:
    """The known company (and contact) a filing may belong to, or None when there is nothing to decide:
    the filing is linked already, was checked, or names no known business number (services.submit_issue)."""
    if issue.company_id or issue.filer_reviewed_at or not issue.filer_business_number:
        return None
    company = Company.objects.filter(business_number=issue.filer_business_number).first()
    if company is None:
        return None
    contact = company.contacts.filter(email__iexact=issue.filer_email).first() if issue.filer_email else None
    return FilerMatch(company, contact)
