"""Read-only questions about issues, shared by the admin, the public pages and tasks."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import DeletedObject

from . import workflow
from .models import Issue, Note, Notice, StatusChange
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


def visible_issues(user, queryset: QuerySet | None = None) -> QuerySet:
    """The issues a staff user may see: officers all; experts those assigned to them; officials
    the proposals and what followed them."""
    queryset = Issue.objects.all() if queryset is None else queryset
    roles = workflow.roles_of(user)
    if OFFICER in roles:
        return queryset
    q = Q(pk__in=[])
    if workflow.EXPERT in roles:
        q |= Q(assignee=user)
    if OFFICIAL in roles:
        q |= Q(state__in=OFFICIAL_STATES) | Q(state=State.CLOSED, proposed_on__isnull=False)
    return queryset.filter(q)


def queue(queryset: QuerySet) -> QuerySet:
    """The officers' working queue: issues that are not suspected spam."""
    if hasattr(Issue, "is_suspected_spam"):
        return queryset.filter(is_suspected_spam=False)
    return queryset


def dashboard_counts(user) -> dict:
    """Counts for the admin index: per state, my open issues, overdue, new and unassigned,
    waiting for the government by ministry."""
    issues = queue(visible_issues(user))
    by_state = dict(issues.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    open_issues = issues.exclude(state=State.CLOSED)
    totals = open_issues.aggregate(
        mine=Count("pk", filter=Q(assignee=user)),
        overdue=Count("pk", filter=overdue_q()),
        unassigned_new=Count("pk", filter=Q(state=State.DISCOVERY, assignee__isnull=True)),
    )
    waiting = list(
        issues.filter(state=State.PROPOSAL)
        .values("ministry__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "ministry__name")
    )
    this_year = timezone.localdate().year
    years = dict(
        issues.filter(filed_at__year__gte=this_year - 1)
        .values_list("filed_at__year")
        .annotate(n=Count("pk"))
        .values_list("filed_at__year", "n")
    )
    return {
        "states": [(s, s.label, by_state.get(s.value, 0)) for s in State],
        "waiting_by_ministry": waiting,
        "this_year": (this_year, years.get(this_year, 0)),
        "last_year": (this_year - 1, years.get(this_year - 1, 0)),
        **totals,
    }


@dataclass
class Event:
    at: datetime
    kind: str  # move, note, notice, edit
    who: str
    title: str
    text: str = ""
    is_public: bool = False


def timeline(issue: Issue) -> list[Event]:
    """Everything that happened to an issue, oldest first: moves, notes, notices owed and sent,
    and edits from the audit trail with the fields they changed."""
    events = []
    for change in StatusChange.objects.filter(issue=issue).select_related("by", "meeting"):
        title = (
            _("Filed") if not change.from_state
            else f"{workflow.state_label(change.from_state)} → {workflow.state_label(change.to_state)}"
        )
        if change.resolution:
            title = f"{title} ({change.get_resolution_display()})"
        # Labels outside the f-strings: xgettext (gettext < 0.22) does not look inside them.
        public, at_meeting = _("public"), _("At the meeting")
        text = "\n".join(t for t in (change.note, change.public_note and f"[{public}] {change.public_note}") if t)
        if change.meeting_id:
            text = f"{text}\n{at_meeting}: {change.meeting}".strip()
        events.append(Event(change.at, "move", _who(change.by, change.by_filer), title, text, bool(change.public_note)))
    for note in Note.objects.filter(issue=issue).select_related("author"):
        title = _("Public note") if note.is_public else _("Internal note")
        if note.is_from_filer:
            title = _("Message from the filer")
        events.append(Event(note.created_at, "note", _who(note.author, note.is_from_filer), title, note.body,
                            note.is_public))
    for notice in Notice.objects.filter(issue=issue):
        title = _("Notice %(kind)s to %(recipient)s: %(status)s") % {
            "kind": notice.kind, "recipient": notice.recipient, "status": notice.get_status_display()}
        events.append(Event(notice.sent_at or notice.created_at, "notice", _("system"), title, notice.last_error))
    records = list(issue.audit.select_related("history_user").order_by("history_date", "history_id"))
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None:
            continue
        if record.state != previous.state:
            continue  # a move: shown above with its history row
        changes = record.diff_against(previous, excluded_fields=["state_changed_at"],
                                      foreign_keys_are_objs=True).changes
        if not changes:
            continue
        text = "\n".join(_changed(c.field, c.old, c.new) for c in changes)
        events.append(Event(record.history_date, "edit", _who(record.history_user, False), _("Edited"), text))
    return sorted(events, key=lambda e: e.at)


def _who(user, by_filer: bool) -> str:
    if by_filer:
        return str(_("the filer"))
    if user is None:
        return str(_("system"))
    return user.get_full_name() or user.get_username()


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
