"""A meeting's conclusions carried out through the workflow: each agenda item's conclusion says where its
issue should stand (`conclusion_path`), `pending_conclusions` shows what applying them would do, and
`apply_meeting_conclusions` does it through services.move_issue, for officers."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
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
    access.require(by, roles.PLAN_MEETINGS, _("Only officers apply meeting conclusions."))
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
            outcomes.append(Outcome(pending, is_done=False, message=error.explained))
        else:
            outcomes.append(Outcome(item, path, message=message))
    return outcomes
