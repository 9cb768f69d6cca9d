"""The officer's side of consultations: the issue page's "expert consultations" panel (the requests, their
thread and opinion; ask, accept, follow up, reassign) and the experts' roster, which officers keep and
where an expert edits their own profile. Every change goes through issues/consultations."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import access, consultations, roles, selectors, workflow
from ..models import Attachment, Consultation, ConsultationMessage, ExpertProfile, Issue
from ..workflow import EXPERT

_TEXT = {"rows": 4, "cols": 60}


# --- Forms ----------------------------------------------------------------------------------------------

class ExpertChoiceField(forms.ModelChoiceField):
    """An expert of suggest_experts(), as the picker lists them: name, profession, fields, open requests."""

    def label_from_instance(self, profile):
        fields = ", ".join(str(field) for field in profile.fields.all()) or gettext("no field")
        return gettext("%(name)s · %(profession)s · %(fields)s · %(count)d open requests") % {
            "name": selectors.person_name(profile.user), "profession": profile.get_profession_display(),
            "fields": fields, "count": profile.open_requests}


def _expert_field(issue: Issue, *, excluding=None) -> ExpertChoiceField:
    profiles = consultations.suggest_experts(issue).prefetch_related("fields")
    if excluding is not None:
        profiles = profiles.exclude(user=excluding)
    return ExpertChoiceField(
        label=_("Expert"), queryset=profiles, empty_label=None,
        help_text=_("Those who take requests now: of the issue's field first, then of a profession that fits, "
                    "then those with the fewest open requests."))


def _due_field() -> forms.DateField:
    return forms.DateField(label=_("Answer due"), widget=forms.DateInput(attrs={"type": "date"}),
                           initial=lambda: timezone.localdate() + timedelta(days=consultations.DEFAULT_DAYS))


class RequestForm(forms.Form):
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs=_TEXT),
                               help_text=_("What the expert should answer; they read the issue as far as "
                                           "their role allows, never the filer's contact details."))

    def __init__(self, *args, issue: Issue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"expert": _expert_field(issue), **self.fields, "due_on": _due_field()}


class AcceptForm(forms.Form):
    published_summary = forms.CharField(
        label=_("Summary for the filer"), required=False, widget=forms.Textarea(attrs=_TEXT),
        help_text=_("Optional. The filer's status page says that an expert reviewed the report, and shows "
                    "this summary if you write one; never the opinion itself."))


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Follow-up question"), widget=forms.Textarea(attrs=_TEXT))


class ReassignForm(forms.Form):
    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"expert": _expert_field(consultation.issue, excluding=consultation.expert_id),
                       "due_on": _due_field()}


# --- The issue page's panel and its actions -------------------------------------------------------------

# The officer's actions on a request: the form, the service, the button's label and what they are told.
ACTIONS = {
    "accept": (AcceptForm, _("Accept the opinion"), _("The opinion was accepted.")),
    "follow-up": (FollowUpForm, _("Ask a follow-up question"), _("The follow-up question was sent to the expert.")),
    "reassign": (ReassignForm, _("Give to another expert"), _("The request was given to another expert.")),
}
ACTION_PERMISSIONS = {"accept": roles.ACCEPT_OPINIONS, "follow-up": roles.ASK_FOLLOW_UPS,
                      "reassign": roles.REASSIGN_CONSULTATIONS}


def may_take(user, action: str, consultation: Consultation) -> bool:
    """Whether the panel offers `action` on `consultation` to `user` (the services decide in the end)."""
    if not roles.may(user, ACTION_PERMISSIONS[action]):
        return False
    if action == "accept":
        return consultation.status == Consultation.Status.ANSWERED
    if action == "follow-up":
        return consultation.status in (Consultation.Status.REQUESTED, Consultation.Status.ANSWERED,
                                       Consultation.Status.FOLLOW_UP)
    return consultation.status == Consultation.Status.DECLINED or consultation.is_overdue


class ConsultationPanel:
    """Mixed into IssueAdmin: the panel's context and its pages (get_urls adds consultation_urls())."""

    def consultation_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/consult/", view(self.consult_view), name="issues_issue_consult"),
            path("consultations/<int:pk>/", view(self.consultation_view), name="issues_issue_consultation"),
            path("consultations/<int:pk>/<str:action>/", view(self.consultation_action_view),
                 name="issues_issue_consultation_action"),
        ]

    def consultation_context(self, request, issue: Issue) -> dict:
        """What the panel shows the viewer: the requests they read, each with the actions they may take, and
        the request form to those who may ask; an empty dict (no panel) for everyone else."""
        user = request.user
        shown = list(
            selectors.visible_consultations(user, Consultation.objects.filter(issue=issue))
            .select_related("expert__expert_profile", "requested_by", "replaced_by__expert")
            .prefetch_related(Prefetch("messages", ConsultationMessage.objects.select_related("author")),
                              Prefetch("attachments", Attachment.objects.order_by("created_at", "pk")))
        )
        for consultation in shown:
            consultation.expert_name = selectors.person_name(consultation.expert)
            consultation.replaced_name = selectors.person_name(consultation.replaced_by.expert) \
                if consultation.replaced_by_id else ""
            profile = getattr(consultation.expert, "expert_profile", None)
            consultation.profession = profile.get_profession_display() if profile else ""
            # How the letter of proposal names the accepted opinion (selectors.accepted_opinions).
            consultation.attribution = selectors.opinion_attribution(
                consultation.profession, consultation.expert_name if profile and profile.may_be_named else "")
            consultation.actions = [(name, ACTIONS[name][1]) for name in ACTIONS if may_take(user, name, consultation)]
            for message in consultation.messages.all():
                message.who = selectors.person_name(message.author) if message.author else gettext("system")
        may_request = roles.may(user, roles.REQUEST_CONSULTATIONS)
        if not shown and not may_request:
            return {}
        return {"consultations": shown,
                "consultation_form": RequestForm(issue=issue, auto_id="consult_%s")
                if may_request and issue.is_open else None}

    def _consultation_or_404(self, request, pk) -> Consultation:
        return get_object_or_404(selectors.visible_consultations(request.user).select_related("issue", "expert"),
                                 pk=pk)

    def _back(self, issue_pk, consultation_pk=None):
        anchor = f"#consultation-{consultation_pk}" if consultation_pk else "#consultations"
        return HttpResponseRedirect(reverse("admin:issues_issue_change", args=[issue_pk]) + anchor)

    def consultation_view(self, request, pk):
        """The request as an e-mail links it (notices/render.consultation_url): to the expert asked, the page
        where they answer it (the consultations' own admin, when there is one); to officers, its place on the
        issue page."""
        consultation = self._consultation_or_404(request, pk)
        if access.may_answer(request.user, consultation):
            try:
                return HttpResponseRedirect(reverse("admin:issues_consultation_change", args=[consultation.pk]))
            except NoReverseMatch:
                pass
        return self._back(consultation.issue_id, consultation.pk)

    def consult_view(self, request, pk):
        """Ask an expert (consultations.request_consultation): the panel's form, or this page again with
        what was typed and what is missing."""
        issue = get_object_or_404(self.get_queryset(request), pk=pk)
        if not roles.may(request.user, roles.REQUEST_CONSULTATIONS):
            raise PermissionDenied
        form = RequestForm(request.POST or None, issue=issue)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                made = consultations.request_consultation(issue, expert=data["expert"].user, question=data["question"],
                                                          due_on=data["due_on"], by=request.user)
            except workflow.MoveError as error:
                _add_errors(form, error)
            else:
                self.message_user(request, gettext("The request was sent to %(who)s.") % {
                    "who": selectors.person_name(made.expert)}, messages.SUCCESS)
                return self._back(issue.pk, made.pk)
        return self._consultation_page(request, issue, form, title=gettext("Ask an expert"),
                                       button=gettext("Send the request"))

    def consultation_action_view(self, request, pk, action):
        consultation = self._consultation_or_404(request, pk)
        if action not in ACTIONS:
            return self._back(consultation.issue_id, consultation.pk)
        if not roles.may(request.user, ACTION_PERMISSIONS[action]):
            raise PermissionDenied
        form_class, label, done = ACTIONS[action]
        extra = {"consultation": consultation} if form_class is ReassignForm else {}
        form = form_class(request.POST or None, **extra)
        if request.method == "POST" and form.is_valid():
            try:
                self._apply(action, consultation, form.cleaned_data, by=request.user)
            except workflow.MoveError as error:
                _add_errors(form, error)
            else:
                self.message_user(request, str(done), messages.SUCCESS)
                return self._back(consultation.issue_id, consultation.pk)
        return self._consultation_page(request, consultation.issue, form, title=str(label), button=str(label),
                                       consultation=consultation)

    @staticmethod
    def _apply(action, consultation, data, *, by):
        if action == "accept":
            consultations.accept_opinion(consultation, by=by, published_summary=data["published_summary"])
        elif action == "follow-up":
            consultations.ask_follow_up(consultation, text=data["text"], by=by)
        else:
            consultations.reassign(consultation, expert=data["expert"].user, due_on=data["due_on"], by=by)

    def _consultation_page(self, request, issue, form, *, title, button, consultation=None):
        return TemplateResponse(request, "admin/issues/issue/consultation.html", {
            **self.admin_site.each_context(request), "opts": Issue._meta, "original": issue,
            "title": f"{issue.number}: {title}", "heading": title, "button": button, "form": form,
            "consultation": consultation,
            "expert_name": selectors.person_name(consultation.expert) if consultation else "",
        })


def _add_errors(form, error: workflow.MoveError) -> None:
    for field, message in error.errors.items():
        form.add_error(field if field in form.fields else None, message)
    if not error.errors or any(field not in form.fields for field in error.errors):
        form.add_error(None, error.message)


# --- The roster -----------------------------------------------------------------------------------------

def _experts_without_profile(profile: ExpertProfile | None):
    users = get_user_model().objects.filter(groups__name=EXPERT, is_active=True)
    users = users.filter(Q(expert_profile__isnull=True) | Q(expert_profile=profile)) if profile and profile.pk \
        else users.filter(expert_profile__isnull=True)
    return users.order_by("last_name", "first_name", "username")


class ExpertUserField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{selectors.person_name(user)} ({user.get_username()})"


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    """Officers keep the roster (roles.KEEP_ROSTER); an expert sees and edits their own profile only, and
    neither whose profile it is nor the officers' note."""

    list_display = ["name", "profession", "field_list", "organisation", "accepting_requests", "open_count",
                    "may_be_named"]
    list_filter = ["profession", "fields", "accepting_requests", "may_be_named"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation"]
    list_select_related = ["user"]
    fields = ["user", "profession", "fields", "organisation", "phone", "email", "accepting_requests",
              "may_be_named", "note"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("fields").annotate(
            open_requests=Count("user__consultations", filter=Q(user__consultations__status__in=Consultation.OPEN),
                                distinct=True))
        if roles.may(request.user, roles.KEEP_ROSTER):
            return queryset
        if EXPERT in workflow.roles_of(request.user):
            return queryset.filter(user=request.user)
        return queryset.none()

    def _keeps_roster(self, request) -> bool:
        return roles.may(request.user, roles.KEEP_ROSTER)

    def has_module_permission(self, request):
        return self._keeps_roster(request) or EXPERT in workflow.roles_of(request.user)

    def has_view_permission(self, request, obj=None):
        return self._keeps_roster(request) or (
            EXPERT in workflow.roles_of(request.user) and (obj is None or obj.user_id == request.user.pk))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._keeps_roster(request)

    def has_delete_permission(self, request, obj=None):
        return self._keeps_roster(request)

    def get_fields(self, request, obj=None):
        if self._keeps_roster(request):
            return self.fields
        return [name for name in self.fields if name not in ("user", "note")]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "user":
            profile = getattr(request, "_expert_profile", None)
            return ExpertUserField(label=_("Expert"), queryset=_experts_without_profile(profile),
                                   help_text=_("A member of staff in the expert group without a profile yet."))
        if db_field.name == "fields":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        if db_field.name == "note":
            kwargs["help_text"] = _("For the officers: the expert does not see it.")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._expert_profile = obj  # the user picker keeps the profile's own expert
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description=_("expert"), ordering="user__last_name")
    def name(self, profile):
        return selectors.person_name(profile.user)

    @admin.display(description=_("fields"))
    def field_list(self, profile):
        return ", ".join(str(field) for field in profile.fields.all()) or "—"

    @admin.display(description=_("open requests"), ordering="open_requests")
    def open_count(self, profile):
        return profile.open_requests
