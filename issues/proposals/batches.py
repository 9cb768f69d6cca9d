"""Proposal batches: officers and officials group issues into a numbered batch ("2024년 1차 정부 건의") and
submit it to the government. Submitting moves every issue of the batch still in consultation to `proposal`
through services.move_issue (a move only officers make, workflow.MOVES), all in one transaction: one issue
that cannot move and nothing changes. Issues already proposed stay as they are."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import access, roles, services, workflow
from ..models import Issue, ProposalBatch
from ..workflow import State

# Issues that may join a batch: those on their way to the government, or already proposed without one.
BATCHABLE_STATES = (State.DISCOVERY, State.CONSULTATION, State.PROPOSAL)


class BatchRefused(workflow.MoveError):
    """A batch could not be changed or submitted. `errors` maps tracking numbers to the reason each
    issue was refused; nothing was changed."""


def create_batch(*, year: int | None = None, title: str = "", note: str = "", by) -> ProposalBatch:
    """A new batch numbered next in its year (default: this year). Without a title it is called by
    its number ("2024년 1차 정부 건의", see ProposalBatch.__str__)."""
    access.require(by, roles.BUILD_BATCHES, _("Only officers and officials create proposal batches."))
    year = year or timezone.localdate().year
    # Two officers creating a batch at once read the same last number; the unique (year, sequence)
    # constraint refuses the second insert, which then tries again with the number after.
    for _attempt in range(10):
        try:
            with transaction.atomic():
                last = ProposalBatch.objects.filter(year=year).aggregate(m=Max("sequence"))["m"] or 0
                return ProposalBatch.objects.create(year=year, sequence=last + 1, title=title.strip(),
                                                    note=note, created_by=by)
        except IntegrityError:
            continue
    raise workflow.MoveError(_("Could not number the new batch; please try again."))


def check_addable(issue: Issue, batch: ProposalBatch | None) -> None:
    """Raise a MoveError if `issue` may not join `batch` (None: a batch about to be created)."""
    if batch is not None and batch.submitted_at is not None:
        raise BatchRefused(_("“%(batch)s” has already been submitted to the government.") % {"batch": batch})
    if issue.state not in BATCHABLE_STATES:
        raise workflow.MoveNotAllowed(
            _("An issue in “%(state)s” cannot join a proposal batch.") % {"state": issue.get_state_display()}
        )
    current = issue.proposal_batch
    if (current is not None and current.submitted_at is not None and issue.state == State.PROPOSAL
            and current != batch):
        raise BatchRefused(
            _("Already proposed in “%(batch)s”, which is waiting for the government's answer.") % {"batch": current}
        )


def add_to_batch(issues, batch: ProposalBatch, *, by) -> list[Issue]:
    """Put `issues` into `batch` (taking them out of any batch not yet submitted). All or nothing:
    if one issue may not join, BatchRefused names each refused issue and why."""
    access.require(by, roles.BUILD_BATCHES, _("Only officers and officials put issues into proposal batches."))
    with transaction.atomic():
        batch = ProposalBatch.objects.select_for_update().get(pk=batch.pk)
        locked = list(
            Issue.objects.select_for_update(of=("self",)).select_related("proposal_batch")
            .filter(pk__in=[i.pk for i in issues]).order_by("pk")
        )
        errors = {}
        for issue in locked:
            try:
                check_addable(issue, batch)
            except workflow.MoveError as error:
                errors[issue.number] = str(error)
        if errors:
            raise BatchRefused(
                ngettext("%(count)d issue cannot join “%(batch)s”; nothing was changed.",
                         "%(count)d issues cannot join “%(batch)s”; nothing was changed.", len(errors))
                % {"count": len(errors), "batch": batch},
                errors=errors,
            )
        for issue in locked:
            if issue.proposal_batch_id != batch.pk:
                services.set_proposal_batch(issue, batch, by=by)
    return locked


def submit_batch(batch: ProposalBatch, *, by, note: str = "") -> list:
    """Submit `batch` to the government: every issue in consultation moves to `proposal` (those already
    there stay), and the batch records when and by whom. One transaction: if any issue cannot move,
    BatchRefused names each one and why, and nothing changes. Returns the history rows written."""
    access.require(by, roles.BUILD_BATCHES, _("Only officers and officials submit proposal batches to the government."))
    with transaction.atomic():
        batch = ProposalBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.submitted_at is not None:
            raise BatchRefused(_("“%(batch)s” has already been submitted to the government.") % {"batch": batch})
        issues = list(batch.issues.select_related("ministry").order_by("pk"))
        if not issues:
            raise BatchRefused(_("“%(batch)s” has no issues to submit.") % {"batch": batch})
        # Every issue is checked before any moves, so that the refusal lists all of them at once.
        errors = {}
        for issue in issues:
            if issue.state == State.PROPOSAL:
                continue
            try:
                services.check_move_issue(issue, State.PROPOSAL, by=by)
            except workflow.MoveError as error:
                errors[issue.number] = error.explained
        if errors:
            raise _refused(batch, errors)
        # Without a typed note the history says it in each reader's language (StatusChange.system_note).
        system_note = None if note.strip() else {"kind": "batch-submitted", "title": batch.title,
                                                 "year": batch.year, "sequence": batch.sequence}
        changes = []
        for issue in issues:
            if issue.state == State.PROPOSAL:
                continue
            try:
                changes.append(services.move_issue(issue, State.PROPOSAL, by=by, note=note.strip(),
                                                      system_note=system_note))
            except workflow.MoveError as error:  # e.g. moved by someone else since it was read
                raise _refused(batch, {issue.number: str(error)}) from error
        batch.submitted_at, batch.submitted_by = timezone.now(), by
        batch.save(update_fields=["submitted_at", "submitted_by"])
    return changes


def submitted_message(batch: ProposalBatch, moved: int, already: int) -> str:
    """What the one who submitted `batch` is told: how many issues moved to `proposal` and how many were
    there already (a batch of issues proposed one by one moves none, and says so)."""
    state = State.PROPOSAL.label
    if not moved:
        return ngettext(
            "“%(batch)s” was submitted to the government. Its %(count)d issue was already at “%(state)s”, "
            "so no issue moved and no filer was e-mailed.",
            "“%(batch)s” was submitted to the government. All its %(count)d issues were already at "
            "“%(state)s”, so no issue moved and no filer was e-mailed.", already,
        ) % {"batch": batch, "count": already, "state": state}
    text = ngettext("“%(batch)s” was submitted to the government: %(count)d issue moved to “%(state)s”.",
                    "“%(batch)s” was submitted to the government: %(count)d issues moved to “%(state)s”.",
                    moved) % {"batch": batch, "count": moved, "state": state}
    if already:
        text += " " + ngettext("%(count)d issue was already there and stays as it is.",
                               "%(count)d issues were already there and stay as they are.",
                               already) % {"count": already}
    return text


def _refused(batch, errors: dict) -> BatchRefused:
    return BatchRefused(
        ngettext("“%(batch)s” was not submitted: %(count)d issue cannot be proposed. Nothing was changed.",
                 "“%(batch)s” was not submitted: %(count)d issues cannot be proposed. Nothing was changed.",
                 len(errors))
        % {"batch": batch, "count": len(errors)},
        errors=errors,
    )
