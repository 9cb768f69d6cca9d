"""Proposal batches in the workspace: the list of batches with their issues, the "submit to the
government" page, the links to the batch's export and to its letter of proposal (건의서), and the issue
list's "Add to a proposal batch…" action. Every change goes through issues/proposals/batches.py."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import roles, selectors, workflow
from ..models import ProposalBatch
from ..proposals import batches, letter
from ..workflow import State
from .actions import _ask_or_apply
from .filters import BatchFilter
from .issue import IssueAdmin


def export_url(batch_pk: int) -> str:
    """The batch's proposal list as a spreadsheet, from the officials' export page."""
    try:
        base = reverse("exports")
    except NoReverseMatch:  # the export page is not installed
        base = "/exports/"
    return f"{base}?{urlencode({'batch': batch_pk, 'format': 'xlsx'})}"


def letter_url(batch_pk: int, format: str, ministry="") -> str:
    """The batch's letter of proposal as a `format` file: to all its ministries, to one (its id) or to each
    ("each": a ZIP file), from the proposals' letter page."""
    query = {"format": format, **({"ministry": ministry} if ministry else {})}
    return f"{reverse('proposals-letter', args=[batch_pk])}?{urlencode(query)}"


def letter_links(request, batch) -> dict | None:
    """The batch page's downloads of the letter of proposal, for the roles that export proposals: the one
    letter (with a part per ministry), and when the batch has several ministries a letter to each."""
    if not roles.may(request.user, roles.EXPORT) or not letter.letter_issues(batch, viewer=request.user).exists():
        return None
    ministries = letter.ministries(batch, viewer=request.user)
    return {
        "all": [(gettext("Letter of proposal (%(format)s)") % {"format": f.upper()}, letter_url(batch.pk, f))
                for f in letter.FORMATS],
        "ministries": [(m, [(f.upper(), letter_url(batch.pk, f, m.pk)) for f in letter.FORMATS])
                       for m in ministries] if len(ministries) > 1 else [],
        "each": [(f.upper(), letter_url(batch.pk, f, "each")) for f in letter.FORMATS] if len(ministries) > 1 else [],
    }


class SubmittedFilter(admin.SimpleListFilter):
    title = _("submission")
    parameter_name = "submitted"

    def lookups(self, request, model_admin):
        return [("no", _("Not yet submitted")), ("yes", _("Submitted"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(submitted_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(submitted_at__isnull=False)
        return queryset


class BatchForm(forms.ModelForm):
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100,
                              help_text=_("Leave empty for this year. The number in the year is given on saving."))

    class Meta:
        model = ProposalBatch
        fields = ["year", "title", "note"]
        help_texts = {"title": _("Leave empty to call it by its number, e.g. “2024년 1차 정부 건의”.")}


class SubmitForm(forms.Form):
    note = forms.CharField(label=_("Internal note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
                           help_text=_("Written in each issue's history. Leave empty to name the batch."))


@admin.register(ProposalBatch)
class ProposalBatchAdmin(admin.ModelAdmin):
    form = BatchForm
    list_display = ["name", "issue_count", "proposed_count", "answered_count", "submission", "export_link",
                    "letter_link"]
    list_display_links = ["name"]
    list_filter = ["year", SubmittedFilter]
    search_fields = ["title", "note", "issues__number"]
    readonly_fields = ["sequence", "created_by", "created_at", "submission", "export_link"]

    def get_queryset(self, request):
        proposed = Q(issues__proposed_on__isnull=False, issues__state__in=[State.PROPOSAL, State.FOLLOW_UP,
                                                                           State.CLOSED])
        queryset = selectors.visible_batches(request.user, super().get_queryset(request))
        return queryset.select_related("submitted_by").annotate(
            n_issues=Count("issues", distinct=True),
            n_proposed=Count("issues", filter=proposed, distinct=True),
            n_answered=Count("issues", filter=~Q(issues__government_answer=""), distinct=True),
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["year", "title", "note"]
        return ["title", "note", "sequence", "created_by", "created_at", "submission", "export_link"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        # An empty batch not yet submitted may go; one that reached the government stays on record.
        if obj is not None and (obj.submitted_at is not None or obj.issues.exists()):
            return False
        return super().has_delete_permission(request, obj)

    def has_submit_permission(self, request, obj=None):
        return roles.may(request.user, roles.BUILD_BATCHES)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = batches.create_batch(year=form.cleaned_data.get("year"), title=obj.title, note=obj.note,
                                       by=request.user)
        obj.pk, obj.year, obj.sequence, obj.created_by, obj.created_at = (
            created.pk, created.year, created.sequence, created.created_by, created.created_at)
        obj._state.adding, obj._state.db = False, created._state.db

    # --- columns

    @admin.display(description=_("batch"), ordering="year")
    def name(self, batch):
        return str(batch)

    @admin.display(description=_("issues"), ordering="n_issues")
    def issue_count(self, batch):
        return batch.n_issues

    @admin.display(description=_("proposed"), ordering="n_proposed")
    def proposed_count(self, batch):
        return batch.n_proposed

    @admin.display(description=_("answered"), ordering="n_answered")
    def answered_count(self, batch):
        return batch.n_answered

    @admin.display(description=_("submission"), ordering="submitted_at")
    def submission(self, batch):
        if batch.submitted_at is None:
            return gettext("Not yet submitted")
        who = selectors.person_name(batch.submitted_by) if batch.submitted_by else "—"
        return gettext("Submitted on %(date)s by %(who)s") % {
            "date": date_format(timezone.localtime(batch.submitted_at), "DATETIME_FORMAT"), "who": who}

    @admin.display(description=_("export"))
    def export_link(self, batch):
        return format_html('<a href="{}">{}</a>', export_url(batch.pk), gettext("XLSX"))

    @admin.display(description=_("letter of proposal"))
    def letter_link(self, batch):
        return format_html_join(" · ", '<a href="{}">{}</a>',
                                ((letter_url(batch.pk, f), f.upper()) for f in letter.FORMATS))

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return shown if roles.may(request.user, roles.EXPORT) else [c for c in shown if c != "letter_link"]

    # --- submitting

    def get_urls(self):
        return [
            path("<int:pk>/submit/", self.admin_site.admin_view(self.submit_view), name="issues_proposalbatch_submit"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The batch's issues are listed below the form, each only to those who may see it.
        issues = selectors.visible_issues(request.user).filter(proposal_batch_id=object_id)
        batch = self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None
        extra_context = {
            **(extra_context or {}),
            "letter_links": letter_links(request, batch) if batch is not None else None,
            "may_submit": self.has_submit_permission(request),
            "export_url": export_url(object_id),
            "batch_issues": issues.select_related("ministry").order_by("number"),
            # An official does not see the issues an officer put in that are not yet proposed: how many.
            "hidden_count": ProposalBatch.objects.filter(pk=object_id).aggregate(n=Count("issues"))["n"]
            - issues.count() if str(object_id).isdigit() and not selectors.sees_all_issues(request.user) else 0,
            "issue_list_url": reverse("admin:issues_issue_changelist") + f"?proposal_batch__id__exact={object_id}",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def submit_view(self, request, pk):
        if not self.has_submit_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(self.get_queryset(request), pk=pk)
        change_url = reverse("admin:issues_proposalbatch_change", args=[batch.pk])
        form = SubmitForm(request.POST or None)
        refusal = None
        if request.method == "POST" and form.is_valid():
            try:
                moved = batches.submit_batch(batch, by=request.user, note=form.cleaned_data["note"])
            except workflow.MoveError as error:
                refusal = error
            else:
                already = batch.issues.count() - len(moved)
                self.message_user(request, batches.submitted_message(batch, len(moved), already), messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        # The batch's issues as the viewer may see them; an official is told how many others it holds (an
        # officer may have put issues in consultation in it), never which.
        issues = list(selectors.visible_issues(request.user).filter(proposal_batch=batch)
                      .select_related("ministry").order_by("number"))
        numbers = {issue.number for issue in issues}
        hidden = batch.issues.count() - len(issues)
        refusals = {number: reason for number, reason in (refusal.errors if refusal else {}).items()
                    if number in numbers}
        return TemplateResponse(request, "admin/issues/proposalbatch/submit.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "original": batch,
            "title": gettext("Submit “%(batch)s” to the government") % {"batch": batch},
            "form": form, "issues": issues, "refusal": refusal, "change_url": change_url,
            "refusals": refusals, "hidden_refusals": len(refusal.errors) - len(refusals) if refusal else 0,
            "hidden": hidden, "export_url": export_url(batch.pk),
            "to_move": hidden + sum(1 for i in issues if i.state != State.PROPOSAL),
            "already": sum(1 for i in issues if i.state == State.PROPOSAL),
        })


# --- The issue list's action ----------------------------------------------------------------------------


class AddToBatchForm(forms.Form):
    batch = forms.ModelChoiceField(
        label=_("Proposal batch"), required=False,
        queryset=ProposalBatch.objects.filter(submitted_at__isnull=True),
        empty_label=_("A new batch (the next number of this year)"),
    )


@admin.action(description=_("Add to a proposal batch…"), permissions=["build_batches"])
def add_to_proposal_batch(modeladmin, request, queryset):
    created = {}

    def apply(issue, form):
        batch = form.cleaned_data["batch"]
        batches.check_addable(issue, batch)
        if batch is None:  # one new batch for all the selected issues, made when the first one may join
            if "batch" not in created:
                created["batch"] = batches.create_batch(by=request.user)
            batch = created["batch"]
        batches.add_to_batch([issue], batch, by=request.user)
        return gettext("In “%(batch)s”.") % {"batch": batch}

    return _ask_or_apply(
        modeladmin, request, queryset, form_class=AddToBatchForm, title=gettext("Add to a proposal batch"),
        apply=apply,
        intro=gettext("Issues in discovery, consultation or already proposed can join a batch that has not been "
                      "submitted. Submitting the batch later moves them all to “%(state)s” at once.")
        % {"state": State.PROPOSAL.label},
    )


def _has_build_batches_permission(self, request):
    return roles.may(request.user, roles.BUILD_BATCHES)


# Officers and officials put issues into batches (roles.MAY); the issue list offers them the action.
IssueAdmin.has_build_batches_permission = _has_build_batches_permission
IssueAdmin.actions = [*IssueAdmin.actions, add_to_proposal_batch]
# The batch page links to the issue list filtered by batch.
IssueAdmin.list_filter = [*IssueAdmin.list_filter, ("proposal_batch", BatchFilter)]
