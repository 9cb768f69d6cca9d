"""Django's user admin, plus the page where a superuser makes a two-factor enrolment link for an account."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .enrolment import AlreadyEnrolled, make_enrolment_link

User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    change_form_template = "accounts/user_change_form.html"

    # Officers put staff and experts on a meeting's attendee list: its user field searches this admin. They may
    # search staff accounts there, for that field alone, without seeing the user list or any account's page.
    def _picks_an_attendee(self, request) -> bool:
        match, query = request.resolver_match, request.GET
        return bool(match and match.url_name == "autocomplete"
                    and (query.get("app_label"), query.get("model_name"), query.get("field_name"))
                    == ("meetings", "attendee", "user")
                    and (request.user.has_perm("meetings.add_attendee")
                         or request.user.has_perm("meetings.change_attendee")))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or (obj is None and self._picks_an_attendee(request))

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if self._picks_an_attendee(request) and not super().has_view_permission(request):
            return users.filter(is_staff=True, is_active=True)
        return users

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<id>/enrolment-link/", self.admin_site.admin_view(self.enrolment_link_view),
                 name="{}_{}_enrolment_link".format(*info)),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {"can_make_enrolment_link": request.user.is_superuser, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def enrolment_link_view(self, request, id):
        # Superusers only, whatever rights on users someone else holds: the link opens an account.
        if not request.user.is_superuser:
            raise PermissionDenied
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": user,
            "title": _("Two-factor enrolment link"), "hours": settings.STAFF_ENROLMENT_LINK_HOURS,
            "is_enrolled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        }
        if request.method == "POST" and not context["is_enrolled"]:
            try:
                context["link"] = make_enrolment_link(user, by=request.user)
            except AlreadyEnrolled:
                context["is_enrolled"] = True
        return TemplateResponse(request, "accounts/enrolment_link_admin.html", context)
