"""The workflow of a regulatory issue: its states, the moves allowed between them, who may make each
move and what the issue needs before it may arrive.

Plain Python, one screen. `services.move_issue` is the only code that applies it; everything else
(admin actions, the public withdraw button, meeting conclusions, imports) calls that function.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    DISCOVERY = "discovery", _("Discovery")  # 발굴
    CONSULTATION = "consultation", _("Consultation and review")  # 협의·검토
    PROPOSAL = "proposal", _("Proposed to the government")  # 정부 건의
    FOLLOW_UP = "follow_up", _("Follow-up")  # 사후관리
    CLOSED = "closed", _("Closed")  # 종결


class Resolution(models.TextChoices):
    IMPROVED = "improved", _("Improved")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DUPLICATE = "duplicate", _("Duplicate")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


class Answer(models.TextChoices):
    """The government's answer to a proposal."""

    ACCEPTED = "accepted", _("Accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("Partially accepted")
    LONG_TERM_REVIEW = "long_term_review", _("Long-term review")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


# Roles are auth groups of the same names (created by a migration); FILER is whoever holds the
# issue's private status link, acting through the public pages.
OFFICER, EXPERT, OFFICIAL, FILER = "officer", "expert", "official", "filer"
STAFF_ROLES = (OFFICER, EXPERT, OFFICIAL)

OPEN_STATES = (State.DISCOVERY, State.CONSULTATION, State.PROPOSAL, State.FOLLOW_UP)
FORWARD, SEND_BACK, CLOSE, REOPEN = "forward", "send_back", "close", "reopen"


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    kind: str
    roles: frozenset
    needs: tuple = ()  # what the issue must have on arrival; see _missing()

    @property
    def label(self):
        return MOVE_LABELS[(self.kind, self.target)]


MOVES = {
    (m.source, m.target): m
    for m in [
        Move(State.DISCOVERY, State.CONSULTATION, FORWARD, frozenset({OFFICER})),
        Move(State.CONSULTATION, State.PROPOSAL, FORWARD, frozenset({OFFICER}), ("ministry", "improvement")),
        Move(State.PROPOSAL, State.FOLLOW_UP, FORWARD, frozenset({OFFICER, OFFICIAL}), ("answer",)),
        # Sending back one step, e.g. a proposal returned for more data; the note says why.
        Move(State.CONSULTATION, State.DISCOVERY, SEND_BACK, frozenset({OFFICER}), ("note",)),
        Move(State.PROPOSAL, State.CONSULTATION, SEND_BACK, frozenset({OFFICER, OFFICIAL}), ("note",)),
        Move(State.FOLLOW_UP, State.PROPOSAL, SEND_BACK, frozenset({OFFICER}), ("note",)),
        # Any open issue can be closed with a resolution; the filer may only withdraw their own.
        *(Move(s, State.CLOSED, CLOSE, frozenset({OFFICER, FILER}), ("resolution",)) for s in OPEN_STATES),
        Move(State.CLOSED, State.CONSULTATION, REOPEN, frozenset({OFFICER}), ("note",)),
    ]
}

MOVE_LABELS = {
    (FORWARD, State.CONSULTATION): _("Start consultation"),
    (FORWARD, State.PROPOSAL): _("Propose to the government"),
    (FORWARD, State.FOLLOW_UP): _("Record the government's answer"),
    (SEND_BACK, State.DISCOVERY): _("Send back to discovery"),
    (SEND_BACK, State.CONSULTATION): _("Send back to consultation"),
    (SEND_BACK, State.PROPOSAL): _("Send back to proposal"),
    # With a context: Django's admin has its own "Close" (닫기, the read-only page's way back to the list).
    (CLOSE, State.CLOSED): pgettext_lazy("workflow move", "Close"),
    (REOPEN, State.CONSULTATION): _("Reopen"),
}

FILER_RESOLUTIONS = frozenset({Resolution.WITHDRAWN})


class MoveError(Exception):
    """A refused move. `message` is translated and safe to show to the person who tried."""

    def __init__(self, message, *, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}  # field name → message, for forms

    def __str__(self):
        return str(self.message)

    @property
    def explained(self) -> str:
        """The message with what each field lacks, as one line (for lists of refusals: a preview, a batch)."""
        return " ".join([str(self.message), *(str(message) for message in self.errors.values())])


class MoveNotAllowed(MoveError):
    """The workflow has no such move from the issue's current state."""


class NotPermitted(MoveError):
    """The move exists, but not for this person."""


class MissingInformation(MoveError):
    """The target state needs something the issue does not have yet."""


class StaleIssue(MoveError):
    """Someone else moved the issue between reading and moving it."""


def roles_of(user) -> frozenset:
    """The workflow roles of a user; None stands for the filer acting through the status link."""
    if user is None:
        return frozenset({FILER})
    if not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset({OFFICER})
    cached = getattr(user, "_workflow_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=STAFF_ROLES).values_list("name", flat=True))
        user._workflow_roles = cached
    return cached


def state_label(state: str) -> str:
    return State(state).label if state in State.values else str(state)


def find_move(source: str, target: str) -> Move:
    move = MOVES.get((source, target))
    if move is None:
        raise MoveNotAllowed(
            _("An issue in “%(source)s” cannot move to “%(target)s”.")
            % {"source": state_label(source), "target": state_label(target)}
        )
    return move


def check_move(source: str, target: str, roles, facts: dict) -> Move:
    """Return the move from `source` to `target` if `roles` may make it with these facts, else raise.

    `facts` describes the issue as it would be on arrival: ministry, improvement, answer, answer_text,
    resolution, duplicate_of, note."""
    move = find_move(source, target)
    allowed = move.roles & set(roles)
    if not allowed:
        raise NotPermitted(
            _("You may not move issues from “%(source)s” to “%(target)s”.")
            % {"source": state_label(source), "target": state_label(target)}
        )
    if allowed == {FILER} and facts.get("resolution") not in FILER_RESOLUTIONS:
        raise NotPermitted(_("Through the status page an issue can only be withdrawn."))
    errors = _missing(move, facts)
    if errors:
        raise MissingInformation(_("Some information is missing for this move."), errors=errors)
    return move


def _missing(move: Move, facts: dict) -> dict:
    errors = {}
    if "ministry" in move.needs and not facts.get("ministry"):
        errors["ministry"] = _("A proposal needs the competent ministry.")
    if "improvement" in move.needs and not (facts.get("improvement") or "").strip():
        errors["improvement"] = _("A proposal needs the requested improvement.")
    if "answer" in move.needs:
        if facts.get("answer") not in Answer.values:
            errors["answer"] = _("Choose the government's answer.")
        if not (facts.get("answer_text") or "").strip():
            errors["answer_text"] = _("Enter the text of the government's answer.")
    if "resolution" in move.needs:
        resolution = facts.get("resolution")
        if resolution not in Resolution.values:
            errors["resolution"] = _("Closing needs a resolution.")
        elif resolution == Resolution.DUPLICATE and not facts.get("duplicate_of"):
            errors["duplicate_of"] = _("Name the issue this one duplicates.")
    if "note" in move.needs and not (facts.get("note") or "").strip():
        errors["note"] = _("Say why in a note.")
    return errors


def moves_from(source: str, roles) -> list[Move]:
    """The moves a person with `roles` may offer from `source`, in workflow order."""
    roles = set(roles)
    return [m for m in MOVES.values() if m.source == source and m.roles & roles]
