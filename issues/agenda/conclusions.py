"""A meeting's conclusions carried out through the workflow: each agenda item's conclusion says where its
issue should stand (`conclusion_path`), `pending_conclusions` shows what applying them would do, and
`apply_meeting_conclusions` does it through services.move_issue, for officers."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting

from .. import access, roles, services, workflow
from ..models import AgendaItem, Issue
from ..workflow import Resolution, State

Conclusion = AgendaItem.Conclusion

# The conclusions that close an issue, with the resolution they close it with (conclusion_path says the rest).
RESOLUTIONS = {Conclusion.SOLVED: Resolution.IMPROVED, Conclusion.NOT_PURSUED: Resolution.OUT_OF_SCOPE}


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
    outcomes = []
    for item in _pending(meeting):
        issue = item.issue
        try:
            path = conclusion_path(item.conclusion, issue)
            source = issue.state
            for target in path:
                services.check_move_issue(issue, target, by=by, from_state=source,
                                          resolution=RESOLUTIONS.get(item.conclusion, ""))
                source = target
        except workflow.MoveError as error:
            outcomes.append(Outcome(item, is_done=False, message=error.explained))
        else:
            outcomes.append(Outcome(item, path, message=_describe(path, issue, item.conclusion, is_done=False)))
    return outcomes


def _system_note(meeting: Meeting, item: AgendaItem) -> dict:
    """What the system says of the move (models.SYSTEM_NOTES "meeting-conclusion"), read in each reader's
    language: the meeting, its date and the conclusion. The officer's note to the filer goes beside it as typed."""
    return {"kind": "meeting-conclusion", "meeting": meeting.title,
            "on": timezone.localtime(meeting.starts_at).date().isoformat(), "conclusion": item.conclusion}


class MeetingNotYetHeld(Exception):
    """Applying the conclusions of a meeting still to come, without the officer's confirmation."""

    def __init__(self, meeting: Meeting):
        self.meeting = meeting
        super().__init__(gettext(
            "This meeting is on %(date)s, still to come. Confirm that its conclusions were agreed already "
            "to apply them now."
        ) % {"date": meeting_date(meeting)})


def meeting_date(meeting: Meeting) -> str:
    return date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


def is_still_to_come(meeting: Meeting) -> bool:
    """Whether the meeting has not begun yet: its conclusions are normally applied after it took place."""
    return meeting.starts_at > timezone.now()


def apply_meeting_conclusions(meeting: Meeting, by, *, is_early_confirmed: bool = False) -> list[Outcome]:
    """Carry out the conclusion of every agenda item not yet applied, through services.move_issue with
    the meeting named in the history; the filer is told by the move's notice.

    Before the meeting's start only with `is_early_confirmed` (the officer said the conclusions were
    agreed already), else MeetingNotYetHeld: the filers would read of a meeting that has not taken place.
    Each item in its own transaction: an item refused (an issue without a ministry cannot be
    proposed) stays unapplied with the reason, and the others go ahead. An item is marked applied
    when its issue stands where the meeting agreed, so applying again does nothing more."""
    access.require(by, roles.PLAN_MEETINGS, _("Only officers apply meeting conclusions."))
    if is_still_to_come(meeting) and not is_early_confirmed:
        raise MeetingNotYetHeld(meeting)
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
                    # The steps of one item are one event: its filer gets one e-mail saying where it ends up.
                    services.move_issue(
                        issue, target, by=by, meeting=meeting, event=f"meeting-{meeting.pk}-item-{item.pk}",
                        note=item.conclusion_note if is_last else "",
                        public_note=item.public_note.strip() if is_last else "",
                        system_note=_system_note(meeting, item) if is_last else None,
                        resolution=RESOLUTIONS.get(item.conclusion, ""),
                    )
                item.applied_at = timezone.now()
                item.save(update_fields=["applied_at"])
        except workflow.MoveError as error:
            outcomes.append(Outcome(pending, is_done=False, message=error.explained))
        else:
            outcomes.append(Outcome(item, path, message=message))
    return outcomes
