"""What the filer of a merged duplicate reads of the issue it was merged into, on their own status page:
its public progress (states, the support center's public notes and move notes, the government's answer).
Never what belongs to that issue's own filer: their messages, their files, the requests made of them,
their name or company."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from ..models import Issue, Note, StatusChange
from ..workflow import Resolution, State

# A duplicate merged into an issue that was later merged into another follows the last one.
MAX_HOPS = 3


@dataclass
class Step:
    at: datetime
    title: str
    text: str = ""


@dataclass
class Followed:
    issue: Issue
    steps: list  # (label, "done" | "current" | "todo") per state, as the status page draws them
    entries: list  # Step, oldest first


def followed_issue(issue: Issue) -> Issue | None:
    """The issue `issue`'s filer follows since it was merged, or None if it was not merged."""
    kept, hops = None, 0
    while issue.resolution == Resolution.DUPLICATE and issue.duplicate_of_id and hops < MAX_HOPS:
        kept = issue = Issue.objects.only(
            "pk", "number", "state", "resolution", "duplicate_of", "government_answer", "government_answer_text",
            "government_answered_on",
        ).get(pk=issue.duplicate_of_id)
        hops += 1
    return kept


def progress(issue: Issue) -> Followed | None:
    """The public progress of the issue `issue` was merged into (None if it was not merged)."""
    kept = followed_issue(issue)
    if kept is None:
        return None
    changes = StatusChange.objects.filter(issue=kept).defer("note")
    # The filer's own messages and the requests made of them stay theirs.
    notes = Note.objects.filter(issue=kept, is_public=True, is_from_filer=False, asks_filer=False).only(
        "issue_id", "body", "created_at")
    entries, visited = [], set()
    for change in changes:
        visited.add(change.to_state)
        said = getattr(change, "public_text", change.public_note)
        if not change.from_state:
            entries.append(Step(change.at, _("Report received")))
        elif change.to_state == State.CLOSED:
            entries.append(Step(change.at, _("Closed: %(resolution)s") % {
                "resolution": change.get_resolution_display()}, "" if change.by_filer else said))
        else:
            entries.append(Step(change.at, _("Now: %(state)s") % {"state": change.get_to_state_display()}, said))
    entries += [Step(note.created_at, _("Message from the support center"), note.body) for note in notes]
    entries.sort(key=lambda e: e.at)
    steps = []
    for state in State:
        status = "current" if state == kept.state else "done" if state in visited and state != State.CLOSED else "todo"
        steps.append((state.label, status))
    return Followed(kept, steps, entries)
