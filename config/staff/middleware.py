"""Staff sessions. Every account here is a staff account (filers have none: they hold a private link),
so these rules apply to whoever is signed in; an anonymous visitor has no session (a filer's receipt is a
signed cookie) and is never touched.

- A session ends SESSION_COOKIE_AGE seconds after the password was given, however busy, and after
  STAFF_SESSION_IDLE_SECONDS without a request.
- With STAFF_TWO_FACTOR on, a signed-in user who has not given this session's one-time code reaches
  the two-factor pages and the log-out only: every other request is sent there first. The setting is
  read on each request, so tests can switch it with override_settings.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import user_has_device

SIGNED_IN_AT = "accounts_signed_in_at"
SEEN_AT = "accounts_seen_at"
# The idle clock is written at most this often (seconds): one session save a minute, not one a request.
SEEN_RESOLUTION = 60


def stamp_sign_in(sender, request, user, **kwargs):
    """user_logged_in: both clocks start at the password."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = int(time.time())


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        session, now = request.session, int(time.time())
        # Sessions from before this rule existed start their clocks now.
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        seen_at = session.setdefault(SEEN_AT, now)
        # Saving the session pushes its expiry on by SESSION_COOKIE_AGE, so the absolute limit is kept here.
        if now - signed_in_at > settings.SESSION_COOKIE_AGE:
            logout(request)
            messages.info(request, _("Your session has ended: please log in again."))
        elif now - seen_at > settings.STAFF_SESSION_IDLE_SECONDS:
            minutes = max(1, settings.STAFF_SESSION_IDLE_SECONDS // 60)
            logout(request)
            messages.info(request, ngettext(
                "You were logged out after %(minutes)d minute without activity: please log in again.",
                "You were logged out after %(minutes)d minutes without activity: please log in again.",
                minutes,
            ) % {"minutes": minutes})
        elif now - seen_at >= SEEN_RESOLUTION:
            session[SEEN_AT] = now


class TwoFactorMiddleware:
    """Needs django_otp's OTPMiddleware before it (request.user.is_verified)."""

    OPEN = ("accounts-verify", "accounts-enrol", "accounts-enrolment-link", "admin:logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (settings.STAFF_TWO_FACTOR and user.is_authenticated and not user.is_verified()
                and not self._is_open(request.path_info)):
            page = "accounts-verify" if user_has_device(user) else "accounts-enrol"
            next_url = request.get_full_path() if request.method == "GET" else reverse("admin:index")
            return redirect(f"{reverse(page)}?{urlencode({'next': next_url})}")
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        # By view name, as the enrolment link carries its token in the path.
        try:
            return resolve(path).view_name in self.OPEN
        except Resolver404:
            return False
