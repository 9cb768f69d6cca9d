"""Two issues marked as raising the same regulation: one IssueRelation row for both ways (the lower id
first), which both issues' timelines read (selectors.timeline). Removing the mark keeps the row, with who
removed it and when; the pair may be marked again later, as a new row."""

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import access, roles, selectors, workflow
from ..models import Issue, IssueRelation


def _pair(issue: Issue, other: Issue) -> tuple[int, int]:
    return (issue.pk, other.pk) if issue.pk < other.pk else (other.pk, issue.pk)


def _marked(issue: Issue, other: Issue) -> QuerySet:
    low, high = _pair(issue, other)
    return IssueRelation.objects.filter(issue_id=low, other_id=high, removed_at__isnull=True)


def relate_issues(issue: Issue, other: Issue, *, by) -> IssueRelation:
    """Mark `issue` and `other` as related, both ways; refused for an issue and itself, and for a pair
    marked already (workflow.MoveError, its message for the one who tried)."""
    access.require(by, roles.RELATE_ISSUES, _("You may not mark issues as related."))
    if issue.pk == other.pk:
        raise workflow.MoveError(_("An issue cannot be related to itself."))
    low, high = _pair(issue, other)
    already = workflow.MoveError(_("%(number)s is already marked as related to this issue.") % {
        "number": other.number})
    if _marked(issue, other).exists():
        raise already
    try:
        # Two officers clicking at once: the constraint relation_once lets one row through.
        with transaction.atomic():
            return IssueRelation.objects.create(issue_id=low, other_id=high, created_by=by)
    except IntegrityError:
        raise already from None


def unrelate_issues(issue: Issue, other: Issue, *, by) -> IssueRelation:
    """Remove the mark between `issue` and `other` (the row stays, with who removed it and when)."""
    access.require(by, roles.RELATE_ISSUES, _("You may not remove the mark of related issues."))
    row = _marked(issue, other).first()
    # Compare and set: of two removals at once, the second finds the mark gone.
    if row is None or not IssueRelation.objects.filter(pk=row.pk, removed_at__isnull=True).update(
            removed_at=timezone.now(), removed_by=by):
        raise workflow.MoveError(_("%(number)s is not marked as related to this issue.") % {"number": other.number})
    row.refresh_from_db()
    return row


def related_ids(issue: Issue) -> set[int]:
    """The ids of the issues marked as related to `issue` now, whoever may see them."""
    rows = IssueRelation.objects.filter(Q(issue=issue) | Q(other=issue), removed_at__isnull=True)
    return {other for pair in rows.values_list("issue_id", "other_id") for other in pair if other != issue.pk}


def related_issues(issue: Issue, *, viewer) -> QuerySet:
    """The issues marked as related to `issue` now that `viewer` may open (selectors.visible_issues),
    the newest first."""
    marked = IssueRelation.objects.filter(removed_at__isnull=True)
    ids = Q(pk__in=marked.filter(issue=issue).values("other")) | Q(pk__in=marked.filter(other=issue).values("issue"))
    return selectors.visible_issues(viewer, Issue.objects.filter(ids)).order_by("-filed_at", "-pk")
