"""The expert's side of consultations: their queue of requests (due, overdue, done) and the request page,
with the issue as far as the question needs, the thread, and the opinion form (or declining, with a reason).

The queue is the consultations' list for an expert; officers get the plain list of every request, and the
request page sends them to its place on the issue page (admin/consultations.py, where they answer it).
Opinions and refusals go through consultations.submit_opinion and consultations.decline only."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import access, consultations, roles, selectors, services, workflow
from ..consultations.queue import expert_queue
from ..intake.forms import LAW_MAX, TEXT_MAX, LimitedCharField, MultipleFileField, WithAttachments
from ..models import Attachment, Consultation, ConsultationMessage
from ..workflow import EXPERT

Recommendation = Consultation.Recommendation

FILES_NOT_STORED = _("The files could not be stored because of a problem on our side, so nothing was saved. "
                     "Everything else you typed is still here: choose the files again and save once more in a few "
                     "minutes, or save without files for now.")


class OpinionForm(WithAttachments):
    required_css_class = "required"
    summary = LimitedCharField(label=_("Summary of the opinion"), max_length=TEXT_MAX,
                               widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
                               help_text=_("Your answer to the question, as the officer will read it."))
    legal_basis = LimitedCharField(label=_("Legal basis"), max_length=LAW_MAX, required=False,
                                   widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
                                   help_text=_("The laws and articles the opinion rests on, e.g. 의료법 제34조."))
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices,
                                       widget=forms.RadioSelect)
    attachments = MultipleFileField(label=_("Attachments"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].error_messages["required"] = gettext("Choose a recommendation.")
        self.fields["summary"].error_messages["required"] = gettext("Write the opinion's summary.")


class DeclineForm(forms.Form):
    required_css_class = "required"
    reason = LimitedCharField(label=_("Why you decline"), max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
                              help_text=_("The officer reads it and may give the request to another expert."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = gettext("Say why you decline.")


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["issue_number", "issue_title", "expert_name", "status", "due_on", "overdue_mark"]
    list_display_links = ["issue_number", "issue_title"]
    list_filter = ["status", "due_on"]
    list_select_related = ["issue", "expert"]
    search_fields = ["issue__number", "issue__title", "question"]
    ordering = ["due_on", "pk"]

    class Media:
        css = {"all": ["admin/issues.css"]}

    # --- who sees what: selectors.visible_consultations; every change goes through issues/consultations

    def get_queryset(self, request):
        return selectors.visible_consultations(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False  # asked from the issue page (admin/consultations.py)

    def has_change_permission(self, request, obj=None):
        return False  # answered through the services, never edited as a record

    def has_delete_permission(self, request, obj=None):
        return False

    @staticmethod
    def _is_expert(request) -> bool:
        return EXPERT in workflow.roles_of(request.user) and not selectors.sees_all_issues(request.user)

    # --- columns of the officers' list

    @admin.display(description=_("tracking number"), ordering="issue__number")
    def issue_number(self, consultation):
        return consultation.issue.number

    @admin.display(description=_("issue"), ordering="issue__title")
    def issue_title(self, consultation):
        return consultation.issue.title

    @admin.display(description=_("expert"), ordering="expert__last_name")
    def expert_name(self, consultation):
        return selectors.person_name(consultation.expert)

    @admin.display(description=_("overdue"))
    def overdue_mark(self, consultation):
        if consultation.is_overdue:
            days = (timezone.localdate() - consultation.due_on).days
            return format_html('<span class="overdue">⚠ {}</span>', _days_overdue(days))
        return ""

    # --- the expert's queue and request page

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/decline/", view(self.decline_view), name="issues_consultation_decline"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self._is_expert(request):
            return super().changelist_view(request, extra_context)
        if not self.has_view_permission(request):
            raise PermissionDenied
        return TemplateResponse(request, "admin/issues/consultation/queue.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "title": gettext("My consultation requests"),
            "queue": expert_queue(request.user),
        })

    def _consultation_or_404(self, request, pk) -> Consultation:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request).select_related("issue", "expert", "requested_by"), pk=pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        consultation = self._consultation_or_404(request, int(object_id))
        if not self._is_expert(request):
            return self._on_issue_page(consultation)
        opinion_form = None
        if request.method == "POST":
            if not consultation.is_open:
                return self._stale(request, consultation)
            opinion_form = OpinionForm(request.POST, request.FILES)
            if opinion_form.is_valid():
                data = opinion_form.cleaned_data
                try:
                    consultations.submit_opinion(
                        consultation, summary=data["summary"], legal_basis=data["legal_basis"],
                        recommendation=data["recommendation"], files=data["attachments"], by=request.user)
                except workflow.StaleIssue:
                    return self._stale(request, consultation)
                except workflow.MoveError as error:
                    _add_errors(opinion_form, error)
                except services.AttachmentsNotStored:
                    opinion_form.add_error("attachments", FILES_NOT_STORED)
                    return self._request_page(request, consultation, opinion_form=opinion_form, status=503)
                else:
                    self.message_user(request, gettext("Your opinion was sent to %(who)s.") % {
                        "who": _requester(consultation)}, messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:issues_consultation_changelist"))
        return self._request_page(request, consultation, opinion_form=opinion_form)

    def decline_view(self, request, pk):
        consultation = self._consultation_or_404(request, pk)
        if not self._is_expert(request):
            return self._on_issue_page(consultation)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:issues_consultation_change", args=[consultation.pk]))
        if not consultation.is_open:
            return self._stale(request, consultation)
        decline_form = DeclineForm(request.POST)
        if decline_form.is_valid():
            try:
                consultations.decline(consultation, reason=decline_form.cleaned_data["reason"], by=request.user)
            except workflow.StaleIssue:
                return self._stale(request, consultation)
            except workflow.MoveError as error:
                _add_errors(decline_form, error)
            else:
                self.message_user(request, gettext("You declined the request; %(who)s is told.") % {
                    "who": _requester(consultation)}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:issues_consultation_changelist"))
        return self._request_page(request, consultation, decline_form=decline_form)

    @staticmethod
    def _on_issue_page(consultation):
        """Officers work a request on its issue's page (admin/consultations.py)."""
        return HttpResponseRedirect(reverse("admin:issues_issue_change", args=[consultation.issue_id])
                                    + f"#consultation-{consultation.pk}")

    def _stale(self, request, consultation):
        """Answered, declined or given to another meanwhile (another tab, a second click): where it stands."""
        consultation.refresh_from_db()
        self.message_user(request, gettext("This request is “%(status)s” now. Reload to see where it stands.") % {
            "status": consultation.get_status_display()}, messages.WARNING)
        if consultation.status == Consultation.Status.REASSIGNED:  # no longer theirs to read
            return HttpResponseRedirect(reverse("admin:issues_consultation_changelist"))
        return HttpResponseRedirect(reverse("admin:issues_consultation_change", args=[consultation.pk]))

    def _request_page(self, request, consultation, *, opinion_form=None, decline_form=None, status=200):
        """The request as its expert reads it; the forms while it waits for their answer and is theirs."""
        issue = consultation.issue
        user = request.user
        may_answer = consultation.is_open and access.may_answer(user, consultation)
        if may_answer and opinion_form is None:
            # Asked again: the opinion sent before, to revise.
            opinion_form = OpinionForm(initial={
                "summary": consultation.summary, "legal_basis": consultation.legal_basis,
                "recommendation": consultation.recommendation or None})
        # The question heads the page; the thread is what followed it.
        thread = list(ConsultationMessage.objects.filter(consultation=consultation)
                      .exclude(kind=ConsultationMessage.Kind.QUESTION).select_related("author").order_by("at", "pk"))
        for message in thread:
            message.who = selectors.person_name(message.author) if message.author else gettext("system")
        files = selectors.visible_attachments(user, Attachment.objects.filter(issue=issue))
        return TemplateResponse(request, "admin/issues/consultation/request.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "original": consultation,
            "title": f"{issue.number} {issue.title}", "issue": issue, "consultation": consultation,
            "issue_rows": _issue_rows(issue, user),
            "issue_files": files.filter(consultation__isnull=True).order_by("created_at", "pk"),
            "opinion_files": files.filter(consultation=consultation).order_by("created_at", "pk"),
            "thread": thread, "requester": _requester(consultation),
            "days_overdue": (timezone.localdate() - consultation.due_on).days if consultation.is_overdue else 0,
            "opinion_form": opinion_form if may_answer else None,
            "decline_form": (decline_form or DeclineForm()) if may_answer else None,
            "files_dropped": bool(request.FILES.getlist("attachments")),
            "may_open_issue": selectors.visible_issues(user).filter(pk=issue.pk).exists(),
        }, status=status)


def _issue_rows(issue, user) -> list[tuple[str, str]]:
    """The issue's parts the question needs, as (label, text): never the filer's contact details, which the
    expert's role does not read (roles.SEES); the company's name is no contact detail (roles.FIELD_GROUPS)."""
    rows = [
        (_("Field"), str(issue.field or "")),
        (_("Company"), issue.company_label),
        (_("Current situation and problem"), issue.problem),
        (_("Requested improvement"), issue.improvement),
        (_("Expected effect"), issue.expected_effect),
        (_("Related laws and articles"), issue.related_law),
        (_("Competent ministry"), str(issue.ministry or "")),
        (_("State"), issue.get_state_display()),
    ]
    if roles.may_see(user, roles.FILER_CONTACT):  # not the experts' (roles.SEES), should the table change
        rows[2:2] = [(_("Contact person"), issue.filer_contact_name), (_("E-mail"), issue.filer_email),
                     (_("Phone"), issue.filer_phone)]
    return [(label, text) for label, text in rows if text]


def _requester(consultation) -> str:
    return selectors.person_name(consultation.requested_by) if consultation.requested_by else gettext("the officer")


def _days_overdue(days: int) -> str:
    return ngettext("%(days)d day overdue", "%(days)d days overdue", days) % {"days": days}


def _add_errors(form, error: workflow.MoveError) -> None:
    """The service's refusal on the form: its fields' messages beside them, the rest above the form."""
    for name, message in error.errors.items():
        form.add_error(name if name in form.fields else None, message)
    if not error.errors or any(name not in form.fields for name in error.errors):
        form.add_error(None, error.message)
