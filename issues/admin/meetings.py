"""Meetings as officers plan and run them: the list, the page with attendees, the ordered agenda and
the minutes, and the meeting's own pages: apply the conclusions, the briefing pack (page and PDF),
the result report after the meeting (PDF and HWPX), the invitations and the meetings over time. The work
is done in issues/agenda/."""

import io
from itertools import groupby

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from companies.models import Field
from meetings.admin import AttendeeInline as BaseAttendeeInline
from meetings.admin import MeetingAdmin as BaseMeetingAdmin
from meetings.models import Meeting

from .. import roles, selectors
from ..agenda import attendees, briefing, conclusions, invitations, reports, result_report
from ..models import AccessLog, AgendaItem
from ..privacy import access_log


class ContactPicker(AutocompleteSelect):
    """The attendee row's contact person, searched among the contacts of the row's company: the admin's
    autocomplete, started by static/js/attendee_contacts.js (which sends the company along and fills
    the row's name and position) instead of the admin's own script."""

    def get_url(self):
        return reverse("admin:meetings_meeting_attendee_contacts")

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "attendee-contact")
        return attrs

    @property
    def media(self):
        return super().media + forms.Media(js=["js/attendee_contacts.js"])


class AttendeeContactSearch(AutocompleteJsonView):
    """The contact picker's answers: the admin's contact search, narrowed to the company the request
    names (`company`), each with the company and what fills the row (name, latest position)."""

    def get_queryset(self):
        contacts = super().get_queryset().select_related("company")
        company = self.request.GET.get("company", "")
        if company:
            contacts = contacts.filter(company_id=company) if company.isdigit() else contacts.none()
        return attendees.with_last_position(contacts).order_by("name", "pk")

    def serialize_result(self, obj, to_field_name):
        return {**super().serialize_result(obj, to_field_name), "name": obj.name,
                "position": obj.last_position or "", "company": str(obj.company_id), "company_name": obj.company.name}


class AttendeeInline(BaseAttendeeInline):
    fields = ["role", "company", "contact", "name", "position", "organization", "user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "contact":
            kwargs["widget"] = ContactPicker(db_field, self.admin_site)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "contact":  # the company has its own column
            formfield.label_from_instance = lambda contact: contact.name
        return formfield


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["issue"]
    fields = ["position", "issue", "issue_state", "conclusion", "conclusion_note", "public_note", "applied"]
    readonly_fields = ["issue_state", "applied"]
    ordering = ["position", "pk"]

    def get_queryset(self, request):
        return selectors.of_visible_issues(request.user, super().get_queryset(request)).select_related("issue")

    @admin.display(description=_("current state"))
    def issue_state(self, item):
        if item.issue_id is None:
            return "—"
        return format_html('<span class="state-badge state-{}">{}</span>', item.issue.state,
                           item.issue.get_state_display())

    @admin.display(description=_("conclusion applied"))
    def applied(self, item):
        return date_format(timezone.localtime(item.applied_at), "SHORT_DATETIME_FORMAT") if item.applied_at else "—"


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(d.year), str(d.year)) for d in Meeting.objects.datetimes("starts_at", "year", order="DESC")]

    def queryset(self, request, queryset):
        return queryset.filter(starts_at__year=self.value()) if self.value() else queryset


class OverviewForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    field = forms.ModelChoiceField(label=_("Field"), required=False, queryset=Field.objects.all(),
                                   empty_label=_("All fields"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = [d.year for d in Meeting.objects.datetimes("starts_at", "year", order="DESC")]
        self.fields["year"].choices = [("", gettext("All years")), *((y, y) for y in years)]


# meetings/admin.py registered Meeting when it was imported above, whatever the order of INSTALLED_APPS.
admin.site.unregister(Meeting)


@admin.register(Meeting)
class MeetingAdmin(BaseMeetingAdmin):
    """The meeting page with its agenda, which lives here because meetings know nothing of issues."""

    list_display = ["title", "kind", "date", "venue", "field_names", "agenda_count", "attendee_count"]
    list_filter = ["kind", ("fields", admin.RelatedOnlyFieldListFilter), YearFilter]
    fieldsets = [
        (None, {"fields": ["title", "kind", "starts_at", "ends_at"]}),
        (_("Place and host"), {"fields": ["venue", "address", "host_department", "fields"]}),
        (_("Minutes"), {"fields": ["minutes", "next_steps"]}),
    ]
    inlines = [AttendeeInline, AgendaItemInline]
    # The program's dozen fields as checkboxes, one click each: no two-box picker to drive.
    filter_horizontal = ()

    class Media:
        css = {"all": ["admin/issues.css", "admin/meetings.css"]}
        js = ["js/agenda_rows.js"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "fields":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        agenda_count = Count("agenda", distinct=True)
        if not selectors.sees_all_issues(request.user):  # the items of issues the user may see
            agenda_count = Count("agenda", distinct=True,
                                 filter=Q(agenda__issue__in=selectors.visible_issues(request.user)))
        return super().get_queryset(request).annotate(
            agenda_count=agenda_count, attendee_count=Count("attendees", distinct=True),
        ).prefetch_related("fields")

    @admin.display(description=_("date"), ordering="starts_at")
    def date(self, meeting):
        return date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("fields"))
    def field_names(self, meeting):
        return ", ".join(str(f) for f in meeting.fields.all())

    @admin.display(description=_("agenda items"), ordering="agenda_count")
    def agenda_count(self, meeting):
        return meeting.agenda_count

    @admin.display(description=_("attendees"), ordering="attendee_count")
    def attendee_count(self, meeting):
        return meeting.attendee_count

    # --- the meeting's own pages, for officers

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("overview/", view(self.overview_view), name="meetings_meeting_overview"),
            path("<int:pk>/apply/", view(self.apply_view), name="meetings_meeting_apply"),
            path("<int:pk>/briefing/", view(self.briefing_view), name="meetings_meeting_briefing"),
            path("<int:pk>/briefing.pdf", view(self.briefing_pdf_view), name="meetings_meeting_briefing_pdf"),
            path("<int:pk>/result-report.<slug:extension>", view(self.result_report_view),
                 name="meetings_meeting_result_report"),
            path("<int:pk>/invite/", view(self.invite_view), name="meetings_meeting_invite"),
            path("<int:pk>/add-filers/", view(self.add_filers_view), name="meetings_meeting_add_filers"),
            path("attendee-contacts/", view(AttendeeContactSearch.as_view(admin_site=self.admin_site)),
                 name="meetings_meeting_attendee_contacts"),
            *super().get_urls(),
        ]

    def _officer_only(self, request):
        if not roles.may(request.user, roles.PLAN_MEETINGS):
            raise PermissionDenied

    def _meeting(self, request, pk) -> Meeting:
        self._officer_only(request)
        return get_object_or_404(Meeting, pk=pk)

    def _context(self, request, meeting, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.opts, "original": meeting,
                "title": title, **extra}

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "is_officer": roles.may(request.user, roles.PLAN_MEETINGS)}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        meeting = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}), "is_officer": roles.may(request.user, roles.PLAN_MEETINGS),
            # The result report goes to whoever reads the meeting (officers, officials), once it has begun.
            "has_result_report": meeting is not None and self.has_view_permission(request, meeting),
            "is_result_report_ready": meeting is not None and result_report.is_ready(meeting),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def apply_view(self, request, pk):
        meeting = self._meeting(request, pk)
        error = ""
        if request.method == "POST":
            try:
                outcomes = conclusions.apply_meeting_conclusions(
                    meeting, by=request.user, is_early_confirmed=request.POST.get("early") == "1")
            except conclusions.MeetingNotYetHeld as refused:
                error = str(refused)
            else:
                return TemplateResponse(request, "admin/meetings/meeting/apply_report.html", self._context(
                    request, meeting, gettext("Conclusions applied"), outcomes=outcomes,
                    done_count=sum(o.is_done for o in outcomes), refused_count=sum(not o.is_done for o in outcomes),
                ))
        return TemplateResponse(request, "admin/meetings/meeting/apply_confirm.html", self._context(
            request, meeting, gettext("Apply the conclusions"), error=error,
            outcomes=conclusions.pending_conclusions(meeting, by=request.user),
            is_still_to_come=conclusions.is_still_to_come(meeting), meeting_date=conclusions.meeting_date(meeting),
        ), status=400 if error else 200)

    def add_filers_view(self, request, pk):
        meeting = self._meeting(request, pk)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
        result = attendees.add_agenda_filers(meeting, by=request.user)
        if result.added:
            self.message_user(request, ngettext(
                "Added %(count)d attendee from the agenda: %(names)s.",
                "Added %(count)d attendees from the agenda: %(names)s.", len(result.added),
            ) % {"count": len(result.added), "names": ", ".join(
                f"{a.company.name} ({a.name})" if a.name else a.company.name for a in result.added)}, messages.SUCCESS)
        elif not result.unlinked:
            self.message_user(request, gettext("Every company on the agenda attends already: nobody was added."))
        if result.unlinked:
            self.message_user(request, gettext(
                "Not added, no company linked yet: %(numbers)s. Link the filer to a company on the issue's page first."
            ) % {"numbers": ", ".join(i.number for i in result.unlinked)}, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:meetings_meeting_change", args=[meeting.pk]))

    def briefing_view(self, request, pk):
        meeting = self._meeting(request, pk)
        return TemplateResponse(request, "meetings/briefing.html", briefing.briefing(meeting, viewer=request.user))

    def briefing_pdf_view(self, request, pk):
        meeting = self._meeting(request, pk)
        html = render_to_string("meetings/briefing.html",
                                {**briefing.briefing(meeting, viewer=request.user), "is_pdf": True}, request)
        response = HttpResponse(briefing.briefing_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, briefing.file_name(meeting))
        # The pack names the attendees: a download of personal data like any other.
        access_log.log_access(request, AccessLog.Kind.BRIEFING, meeting=meeting.pk, format="pdf")
        return response

    # The result report's files: HWPX is saved and opened in Hangul, the PDF read in the browser first.
    REPORT_FILES = {"pdf": ("application/pdf", False), "hwpx": ("application/hwp+zip", True)}

    def result_report_view(self, request, pk, extension):
        if extension not in self.REPORT_FILES:
            raise Http404
        meeting = get_object_or_404(Meeting, pk=pk)
        if not self.has_view_permission(request, meeting):
            raise PermissionDenied
        try:
            report = result_report.result_report(meeting, viewer=request.user)
        except result_report.NothingToReport as nothing:
            self.message_user(request, str(nothing), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
        write = result_report.report_pdf if extension == "pdf" else result_report.report_hwpx
        content_type, as_attachment = self.REPORT_FILES[extension]
        response = FileResponse(io.BytesIO(write(report)), content_type=content_type, as_attachment=as_attachment,
                                filename=report.file_name(extension))
        # The report names the attendees: a download of personal data like any other.
        access_log.log_access(request, AccessLog.Kind.MEETING_REPORT, meeting=meeting.pk, format=extension)
        return response

    def invite_view(self, request, pk):
        meeting = self._meeting(request, pk)
        if request.method == "POST":
            owed = invitations.invite_attendees(meeting, by=request.user)
            if owed:
                self.message_user(request, ngettext(
                    "%(count)d invitation is on its way.", "%(count)d invitations are on their way.", len(owed)
                ) % {"count": len(owed)}, messages.SUCCESS)
            else:
                self.message_user(request, gettext("Everyone was invited already: nothing was sent."))
            return HttpResponseRedirect(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
        found, unreachable = invitations.invitees(meeting)
        return TemplateResponse(request, "admin/meetings/meeting/invite_confirm.html", self._context(
            request, meeting, gettext("Send invitations"), invitees=found, unreachable=unreachable,
        ))

    def overview_view(self, request):
        self._officer_only(request)
        form = OverviewForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        meetings = list(reports.meeting_outcomes(year=filters.get("year"), field=filters.get("field")))
        years = []
        for year, rows in groupby(meetings, key=lambda m: timezone.localtime(m.starts_at).year):
            rows = list(rows)
            totals = {name: sum(getattr(m, name) for m in rows) for name in ("discussed", "found", "proposed",
                                                                              "solved")}
            years.append({"year": year, "meetings": rows, "totals": totals})
        return TemplateResponse(request, "admin/meetings/meeting/overview.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "title": gettext("Meetings over time"),
            "form": form, "years": years,
        })
