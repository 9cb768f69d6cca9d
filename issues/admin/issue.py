"""The issue list and the issue page: where officers work their queue."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from companies.validators import normalize_business_number

from .. import access, laws, roles, search, selectors, services, similar, workflow
from ..models import Attachment, Issue, Note
from . import actions, duplicates
from .consultations import ConsultationPanel
from .filters import AssigneeFilter, MeetingFilter, OverdueFilter, ScreeningFilter, StateFilter
from .forms import AssignForm, MoveForm, NoteForm, person
from .laws import CitationInline
from .paginator import BoundedPaginator
from .similar import SimilarPanel


@admin.register(Issue)
class IssueAdmin(ConsultationPanel, SimilarPanel, admin.ModelAdmin):
    # What an officer scans for first comes first: a narrow screen scrolls the classification out of sight.
    list_display = ["number", "title", "company_column", "state_badge", "assignee", "overdue_mark", "days_in_state",
                    "days_filed", "field", "ministry"]
    list_display_links = ["number", "title"]
    list_filter = [StateFilter, "field", "ministry", AssigneeFilter, ("meetings", MeetingFilter), "source",
                   OverdueFilter, ("filed_at", admin.DateFieldListFilter), ScreeningFilter]
    list_select_related = ["company", "field", "ministry", "assignee"]
    search_fields = ["number", "title", "problem", "company__name", "company__business_number", "related_law",
                     "filer_company_name", "filer_business_number"]
    search_help_text = _("Tracking number, title, problem, company name, business number or related law")
    ordering = ["-filed_at", "-pk"]
    list_per_page = 50
    # At a million issues nothing on the list may count them all: not the total, not the filters' facets.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    autocomplete_fields = ["company", "contact", "ministry"]
    actions = [*actions.MOVE_ACTIONS, actions.assign_to_me, actions.assign_to, actions.add_to_agenda,
               actions.mark_duplicate]
    inlines = [CitationInline]
    fieldsets = [
        (_("Filer"), {"fields": ["company", "may_name_company", "contact", "filer_company_name",
                                 "filer_business_number", "filer_ceo_name", "filer_contact_name", "filer_email",
                                 "filer_phone"]}),
        (_("The problem"), {"fields": ["title", "problem", "related_law"]}),
        (_("The improvement"), {"fields": ["improvement", "expected_effect"]}),
        (_("Classification"), {"fields": ["field", "ministry", "source", "priority", "assignee"]}),
        (_("Workflow"), {"fields": ["number", "state_badge", "state_changed_at", "due", "resolution",
                                    "duplicate_of", "proposed_on", "closed_at"]}),
        (_("Government answer"), {"fields": ["government_answer", "government_answer_text",
                                             "government_answered_on", "is_publishable"]}),
        (_("Filing"), {"fields": ["filed_at", "language", "privacy_consent_version", "privacy_consented_at",
                                  "anonymised_at"], "classes": ["collapse"]}),
    ]
    # The government's answer is recorded by the move to follow-up (or the answers import), never typed here.
    readonly_fields = ["number", "state_badge", "state_changed_at", "due", "resolution", "duplicate_of",
                       "proposed_on", "closed_at", "government_answer", "government_answer_text",
                       "government_answered_on", "privacy_consent_version",
                       "privacy_consented_at", "anonymised_at", "filed_at", "language",
                       # As the filer typed them: the filer's own words, never edited (services.submit_issue).
                       "filer_company_name", "filer_business_number", "filer_ceo_name", "filer_contact_name",
                       "filer_email", "filer_phone"]

    class Media:
        css = {"all": ["admin/issues.css"]}

    # --- who sees and does what (rules in issues/workflow.py and selectors.visible_issues)

    def get_queryset(self, request):
        return selectors.visible_issues(request.user, super().get_queryset(request))

    def has_move_permission(self, request):
        # Whoever the workflow lets make some move (workflow.MOVES); each action checks its own.
        return any(move.roles & workflow.roles_of(request.user) - {workflow.FILER} for move in workflow.MOVES.values())

    def has_assign_permission(self, request):
        return roles.may(request.user, roles.ASSIGN)

    def has_delete_permission(self, request, obj=None):
        return False  # issues are closed through the workflow, never deleted from the workspace

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # No maxlength for the browser to cut a pasted text at: the form refuses what is too long, saying
        # how long it is, and keeps all of it for the officer to shorten (as the public form does).
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs.pop("maxlength", None)
        return field

    def get_actions(self, request):
        # A move action is offered for the states the viewer's roles can move an issue to (workflow.MOVES);
        # every other action asks its own permission (roles.MAY).
        found = super().get_actions(request)
        mine = workflow.roles_of(request.user) - {workflow.FILER}
        reachable = {move.target for move in workflow.MOVES.values() if move.roles & mine}
        return {name: found_action for name, found_action in found.items()
                if not name.startswith("move_to_") or name.removeprefix("move_to_") in reachable}

    # Fields of the groups the viewer may not see (roles.SEES) are neither shown, searched nor filtered by.

    def get_fieldsets(self, request, obj=None):
        hidden = roles.hidden_fields(request.user)

        def kept(fields):  # a line of several fields (a tuple) keeps those not hidden
            lines = [tuple(f for f in line if f not in hidden) if isinstance(line, (list, tuple)) else line
                     for line in fields]
            return [line for line in lines if line and line not in hidden]

        shown = [(name, {**options, "fields": kept(options["fields"])})
                 for name, options in super().get_fieldsets(request, obj)]
        return [(name, options) for name, options in shown if options["fields"]]

    def get_list_display(self, request):
        hidden = roles.hidden_fields(request.user)
        return [f for f in super().get_list_display(request) if not isinstance(f, str) or f not in hidden]

    def get_search_fields(self, request):
        # A request without a user (the search index's own checks) gets what nobody in particular may see.
        hidden = roles.hidden_fields(getattr(request, "user", None))
        return [f for f in super().get_search_fields(request) if not roles.is_hidden_lookup(f.lstrip("^=@"), hidden)]

    def lookup_allowed(self, lookup, value, request):
        if roles.is_hidden_lookup(lookup, roles.hidden_fields(request.user)):
            return False  # ?filer_email__startswith=a would spell out a hidden address letter by letter
        return super().lookup_allowed(lookup, value, request)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("assignee")  # changed through "assign", which tells the new assignee
        return fields

    # --- list columns

    @admin.display(description=_("company"), ordering="company__name")
    def company_column(self, issue):
        return issue.company_label or "—"

    @admin.display(description=_("state"), ordering="state")
    def state_badge(self, issue):
        return format_html('<span class="state-badge state-{}">{}</span>', issue.state, issue.get_state_display())

    @admin.display(description=_("days filed"), ordering="filed_at")
    def days_filed(self, issue):
        return (timezone.now() - issue.filed_at).days

    @admin.display(description=_("days in state"), ordering="state_changed_at")
    def days_in_state(self, issue):
        return (timezone.now() - issue.state_changed_at).days

    @admin.display(description=_("overdue"))
    def overdue_mark(self, issue):
        if issue.is_overdue:
            return format_html('<span class="overdue" title="{}">⚠ {}</span>',
                               gettext("Due %(date)s") % {"date": date_format(timezone.localtime(issue.due_at))},
                               gettext("overdue"))
        return ""

    @admin.display(description=_("due"))
    def due(self, issue):
        return timezone.localtime(issue.due_at).date() if issue.due_at else "—"

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        try:
            number = int(request.GET.get(PAGE_VAR, 1))
        except ValueError:
            number = 1
        return BoundedPaginator(queryset, per_page, bound=settings.ISSUE_LIST_COUNT_CAP, number=number,
                                when_capped=search.read_along, orphans=orphans,
                                allow_empty_first_page=allow_empty_first_page)

    def get_search_results(self, request, queryset, search_term):
        digits = normalize_business_number(search_term)
        if digits.isdigit() and len(digits) == 10:  # 123-45-67890 finds 1234567890
            search_term = digits
        if search_term and search.uses_index(queryset):  # the same fields as search_fields, through indexes
            return search.matching(queryset, search_term), False
        return super().get_search_results(request, queryset, search_term)

    # --- saving: new issues get a number and a first history row; assignment goes through services

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.register_issue(obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # an officer's corrected citations first
        if change and "related_law" in form.changed_data:
            laws.cite_laws(form.instance)  # which keeps them, if any was corrected
        if change and {"title", "problem"} & set(form.changed_data):
            similar.forget_terms([form.instance.pk])  # read again by the worker, or by the next similar page

    # --- the issue page: move buttons, notes, attachments, duplicates and the timeline

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/move/<str:target>/", view(self.move_view), name="issues_issue_move"),
            path("<int:pk>/notes/", view(self.note_view), name="issues_issue_note"),
            path("<int:pk>/assign-me/", view(self.assign_me_view), name="issues_issue_assign_me"),
            path("<int:pk>/assign/", view(self.assign_view), name="issues_issue_assign"),
            path("kept-candidates/", view(self.kept_candidates_view), name="issues_issue_kept_candidates"),
            path("<int:pk>/filer-match/", view(self.filer_match_view), name="issues_issue_filer_match"),
            *self.consultation_urls(),
            *self.similar_urls(),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self.get_object(request, object_id)
        if issue is not None:
            extra_context = {
                **(extra_context or {}),
                "moves": workflow.moves_from(issue.state, workflow.roles_of(request.user)),
                "timeline": selectors.timeline(issue, viewer=request.user),
                "attachments": self._attachments(request, issue),
                "duplicates": self._duplicates(request, issue),
                "note_form": NoteForm() if access.may_note(request.user, issue) else None,
                "may_write_public": roles.may(request.user, roles.WRITE_PUBLIC_NOTES),
                "assign_form": AssignForm(initial={"assignee": issue.assignee_id}, auto_id="assign_%s")
                if roles.may(request.user, roles.ASSIGN) else None,
                "assignee_name": person(issue.assignee) if issue.assignee_id else "",
                "filer_match": selectors.filer_match(issue) if roles.may(request.user, roles.LINK_FILINGS) else None,
                "consultation_panel": self.consultation_context(request, issue),
                "similar_panel": self.similar_context(request, issue),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def _attachments(self, request, issue):
        """None when the viewer's role reads no attachments: the page then says nothing rather than "none"."""
        if not roles.may_see(request.user, roles.ATTACHMENTS):
            return None
        attachments = Attachment.objects.filter(issue=issue).select_related("note")
        return selectors.visible_attachments(request.user, attachments)

    def _duplicates(self, request, issue):
        """The issues merged into this one that the viewer may see, with what the viewer may read of them."""
        user = request.user
        return selectors.visible_issues(user, Issue.objects.filter(duplicate_of=issue)).prefetch_related(
            Prefetch("notes", queryset=selectors.visible_notes(user, Note.objects.order_by("created_at", "pk"))),
            Prefetch("attachments", queryset=selectors.visible_attachments(user)),
        )

    def _issue_or_404(self, request, pk) -> Issue:
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def move_view(self, request, pk, target):
        issue = self._issue_or_404(request, pk)
        if target not in workflow.State.values:
            raise Http404
        try:
            move = workflow.find_move(issue.state, target)
        except workflow.MoveError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:issues_issue_change", args=[issue.pk]))
        if not move.roles & workflow.roles_of(request.user):
            raise PermissionDenied
        form = MoveForm(request.POST or None, target=target, issue=issue, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                services.move_issue(issue, target, by=request.user, **form.move_kwargs())
            except workflow.MoveError as error:
                for field, message in error.errors.items():
                    form.add_error(field if field in form.fields else None, message)
                if not error.errors:
                    form.add_error(None, str(error))
            else:
                self.message_user(request, gettext("%(number)s moved to “%(state)s”.") % {
                    "number": issue.number, "state": issue.get_state_display()}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:issues_issue_change", args=[issue.pk]))
        return TemplateResponse(request, "admin/issues/issue/move.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "original": issue,
            "title": f"{issue.number}: {move.label}", "move": move, "form": form,
        })

    def note_view(self, request, pk):
        issue = self._issue_or_404(request, pk)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:issues_issue_change", args=[issue.pk]))
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                services.add_note(issue, form.cleaned_data["body"], by=request.user,
                                  is_public=form.cleaned_data["is_public"],
                                  asks_filer=form.cleaned_data["asks_filer"])
            except workflow.MoveError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, gettext("The note was added."), messages.SUCCESS)
        else:
            self.message_user(request, gettext("A note cannot be empty."), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:issues_issue_change", args=[issue.pk]) + "#timeline")

    def assign_me_view(self, request, pk):
        issue = self._issue_or_404(request, pk)
        if request.method == "POST":
            try:
                services.assign_issue(issue, request.user, by=request.user)
            except workflow.MoveError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, gettext("The issue is now assigned to you."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:issues_issue_change", args=[issue.pk]))

    def assign_view(self, request, pk):
        """The picker at the top of the issue page: give the issue to an officer or expert, or to nobody."""
        issue = self._issue_or_404(request, pk)
        if not roles.may(request.user, roles.ASSIGN):
            raise PermissionDenied
        if request.method == "POST":
            form = AssignForm(request.POST)
            if not form.is_valid():
                self.message_user(request, gettext("Choose an officer or expert from the list."), messages.ERROR)
            elif form.cleaned_data["assignee"] == issue.assignee:
                self.message_user(request, gettext("Nothing changed: the issue was already assigned so."),
                                  messages.INFO)
            else:
                assignee = form.cleaned_data["assignee"]
                try:
                    services.assign_issue(issue, assignee, by=request.user)
                except workflow.MoveError as error:
                    self.message_user(request, str(error), messages.ERROR)
                else:
                    self.message_user(request, gettext("The issue is now assigned to %(who)s.") % {
                        "who": person(assignee)} if assignee else gettext("The issue is now assigned to nobody."),
                        messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:issues_issue_change", args=[issue.pk]))

    def kept_candidates_view(self, request):
        """The issues a duplicate may be merged into that match what the officer typed (JSON, for the
        search beside the field; duplicates.py): only those the officer may see."""
        if not roles.may(request.user, roles.ASSIGN):
            raise PermissionDenied
        excluding = [int(pk) for pk in request.GET.get("excluding", "").split(",") if pk.isdigit()]
        found = duplicates.candidates(request.user, request.GET.get("q", "")[:200], excluding=excluding)
        return JsonResponse({"results": duplicates.choices_json(found)})

    def filer_match_view(self, request, pk):
        """Link a filing to the known company it names, or keep it separate (services.decide_filer_match)."""
        issue = self._issue_or_404(request, pk)
        if request.method == "POST":
            try:
                services.decide_filer_match(issue, accept=request.POST.get("decision") == "accept", by=request.user)
            except workflow.MoveError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, gettext("The filing is linked to the company.") if issue.company_id
                                  else gettext("The filing stays separate from the known company."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:issues_issue_change", args=[issue.pk]))
