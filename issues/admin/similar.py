"""The issue page's "similar issues" panel: the issues most like this one (issues/similar), each with why,
its state and outcome; the issues marked as related to it; and, for officers, the mark (both ways, in both
histories: similar/relations.py) and the merge of this issue into a similar one as its duplicate
(services.merge_duplicate, through the workflow's move).

Who reads it: everyone who may open the issue, each seeing only the issues they may open themselves
(selectors.visible_issues). The panel says no more of them than the issue page does: their number, title,
state, year and outcome, and the laws, ministry and words both issues share. Officials read it too, as
they read the proposals themselves (roles.SEES asks nothing more of it); buttons only for roles.RELATE_ISSUES
and for whom the workflow lets close the issue."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import roles, selectors, services, similar, workflow
from ..models import Issue
from ..similar import relations
from ..workflow import Resolution, State

SHOWN = 5  # matches on the page


class MergeForm(forms.Form):
    """The merge of this issue into a similar one: the kept issue is the one chosen on the panel."""

    public_note = forms.CharField(
        label=_("Public note"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Shown on the filer's status page and in the e-mail they get."))

    def __init__(self, *args, kept: Issue, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = kept

    def clean(self):
        refusal = kept_refusal(self.kept)
        if refusal:
            raise forms.ValidationError(refusal)
        return self.cleaned_data


def kept_refusal(kept: Issue) -> str:
    """Why `kept` cannot keep a duplicate, as the list's action says it (forms.DuplicateForm), or ""."""
    if kept.resolution == Resolution.DUPLICATE and kept.duplicate_of_id:
        return gettext("%(number)s is itself closed as a duplicate of %(kept)s: merge into %(kept)s.") % {
            "number": kept.number, "kept": kept.duplicate_of.number}
    if kept.state == State.CLOSED:
        return gettext("The issue to keep is closed; reopen it first.")
    return ""


def may_merge(user, issue: Issue) -> bool:
    """Whether the panel offers to close `issue` as a duplicate (services.merge_duplicate decides in the end)."""
    move = workflow.MOVES.get((issue.state, State.CLOSED))
    return bool(move and move.roles & (workflow.roles_of(user) - {workflow.FILER}))


def reasons(match: similar.Match) -> list[tuple[str, str]]:
    """Why `match` is like the issue, as the panel lists it: (what, which), only the reasons it has."""
    found = []
    if match.articles:
        found.append((gettext("Same articles"), ", ".join(match.articles)))
    if match.laws:
        found.append((gettext("Same law"), ", ".join(match.laws)))
    if match.same_ministry:
        ministry = match.issue.ministry
        found.append((gettext("Same ministry"), str(ministry) if ministry else ""))
    if match.words:
        found.append((gettext("Shared words"), ", ".join(match.words)))
    return found


def outcome(issue: Issue) -> str:
    """What came of an issue, as the panel says it: the government's answer, then how it was closed."""
    parts = []
    if issue.government_answer:
        parts.append(gettext("Government answer: %(answer)s") % {"answer": issue.get_government_answer_display()})
    if issue.resolution:
        parts.append(gettext("Resolution: %(resolution)s") % {"resolution": issue.get_resolution_display()})
    return " · ".join(parts)


class SimilarPanel:
    """Mixed into IssueAdmin: the panel's context and its actions (get_urls adds similar_urls())."""

    def similar_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/related/<int:other>/", view(self.relate_view), name="issues_issue_relate"),
            path("<int:pk>/related/<int:other>/remove/", view(self.unrelate_view), name="issues_issue_unrelate"),
            path("<int:pk>/merge-into/<int:other>/", view(self.merge_into_view), name="issues_issue_merge_into"),
        ]

    def similar_context(self, request, issue: Issue) -> dict:
        """The matches and related issues the viewer may open, each in one query whatever their number,
        and what the viewer may do with them; an empty dict (no panel) for a viewer with no role."""
        user = request.user
        if not workflow.roles_of(user) - {workflow.FILER}:
            return {}
        found = [m for m in similar.similar_issues(issue, viewer=user, limit=SHOWN) if m.issue.pk != issue.pk]
        # The engine filters by viewer already; asking again costs one query and reads each match's row
        # with what the panel shows of it, whatever the engine loaded.
        rows = selectors.visible_issues(user, Issue.objects.filter(pk__in=[m.issue.pk for m in found])) \
            .select_related("ministry", "duplicate_of")
        shown = {row.pk: row for row in rows} if found else {}
        marked = relations.related_ids(issue)
        matches = []
        for match in found:
            if match.issue.pk not in shown:
                continue
            match.issue = shown[match.issue.pk]
            match.is_related = match.is_related or match.issue.pk in marked
            match.reasons = reasons(match)
            match.outcome = outcome(match.issue)
            match.may_keep = not kept_refusal(match.issue)
            matches.append(match)
        related = list(relations.related_issues(issue, viewer=user))
        for other in related:
            other.outcome = outcome(other)
        may_relate = roles.may(user, roles.RELATE_ISSUES)
        return {"matches": matches, "related": related, "may_relate": may_relate,
                "may_merge": may_relate and may_merge(user, issue)}

    def _pair_or_404(self, request, pk, other) -> tuple[Issue, Issue]:
        visible = self.get_queryset(request)
        return get_object_or_404(visible, pk=pk), get_object_or_404(visible.select_related("duplicate_of"), pk=other)

    def _similar_back(self, issue_pk):
        return HttpResponseRedirect(reverse("admin:issues_issue_change", args=[issue_pk]) + "#similar")

    def relate_view(self, request, pk, other):
        issue, other = self._pair_or_404(request, pk, other)
        if not roles.may(request.user, roles.RELATE_ISSUES):
            raise PermissionDenied
        if request.method == "POST":
            try:
                relations.relate_issues(issue, other, by=request.user)
            except workflow.MoveError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, gettext("%(number)s is marked as related to this issue.") % {
                    "number": other.number}, messages.SUCCESS)
        return self._similar_back(issue.pk)

    def unrelate_view(self, request, pk, other):
        issue, other = self._pair_or_404(request, pk, other)
        if not roles.may(request.user, roles.RELATE_ISSUES):
            raise PermissionDenied
        if request.method == "POST":
            try:
                relations.unrelate_issues(issue, other, by=request.user)
            except workflow.MoveError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, gettext("%(number)s is no longer marked as related to this issue.") % {
                    "number": other.number}, messages.SUCCESS)
        return self._similar_back(issue.pk)

    def merge_into_view(self, request, pk, other):
        """Close this issue as a duplicate of `other`: a page asking for the public note, then the move. What
        the workflow refuses (a closed issue, a role that may not close) is said before anything is typed, and
        the button is not offered; after a refused submission the form says why and keeps what was typed."""
        issue, kept = self._pair_or_404(request, pk, other)
        if not roles.may(request.user, roles.RELATE_ISSUES):
            raise PermissionDenied
        refusals = [kept_refusal(kept)] if kept_refusal(kept) else []
        try:
            services.check_move_issue(issue, State.CLOSED, by=request.user, resolution=Resolution.DUPLICATE,
                                      duplicate_of=kept)
        except workflow.MoveError as error:
            refusals.insert(0, error.explained)
        form = MergeForm(request.POST or None, kept=kept)
        if request.method == "POST" and form.is_valid():
            try:
                services.merge_duplicate(issue, kept, by=request.user, public_note=form.cleaned_data["public_note"])
            except workflow.MoveError as error:
                form.add_error(None, error.explained)
            else:
                self.message_user(request, gettext("Closed as a duplicate of %(number)s.") % {
                    "number": kept.number}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:issues_issue_change", args=[issue.pk]))
        return TemplateResponse(request, "admin/issues/issue/merge_into.html", {
            **self.admin_site.each_context(request), "opts": Issue._meta, "original": issue, "kept": kept,
            "title": gettext("%(number)s: close as a duplicate") % {"number": issue.number}, "form": form,
            # After a submission the form's own errors say it (the refusal of the kept issue among them).
            "refusals": [] if form.is_bound else refusals, "is_refused": bool(refusals),
        })
