"""The two-factor pages, between the admin's password form and the workspace: the code from the
authenticator app (verify) or, the first time, the QR code that adds this account to the app (enrol),
which opens only to a session holding an enrolment link for this account (enrolment.py).
middleware.py sends every unverified request here when STAFF_TWO_FACTOR is on."""

import math
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .enrolment import SESSION_KEY, LinkRefused, device_for_link
from .forms import CodeForm


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("admin:index")


def _page(request, template, title, **context):
    return render(request, template, {
        "title": title, "site_title": admin.site.site_title, "site_header": admin.site.site_header,
        "next": _next_url(request), **context,
    })


def _verified(request, device):
    # A new session key for the raised privilege, as Django does at the password.
    request.session.cycle_key()
    otp_login(request, device)
    return redirect(_next_url(request))


@never_cache
@login_required(login_url="admin:login")
def verify(request):
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse('accounts-enrol')}?{urlencode({'next': _next_url(request)})}")
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        return _verified(request, form.device)
    return _page(request, "accounts/verify.html", _("Two-factor login"), form=form)


@never_cache
def enrolment_link(request, token):
    """Opening an enrolment link remembers it in the session, then asks for the password if need be."""
    user = request.user if request.user.is_authenticated else None
    try:
        device_for_link(token, user=user)
    except LinkRefused as refusal:
        return _refused(request, refusal)
    request.session[SESSION_KEY] = token
    # A redirect, so that the address bar and the history keep the link no longer than this.
    if user is None:
        return redirect(f"{reverse('admin:login')}?{urlencode({'next': reverse('accounts-enrol')})}")
    return redirect("accounts-enrol")


@never_cache
@login_required(login_url="admin:login")
def enrol(request):
    user = request.user
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        return redirect(f"{reverse('accounts-verify')}?{urlencode({'next': _next_url(request)})}")
    try:
        # The link made the device, so a reload shows the same QR code.
        device = device_for_link(request.session.get(SESSION_KEY), user=user)
    except LinkRefused as refusal:
        request.session.pop(SESSION_KEY, None)
        return _refused(request, refusal)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        del request.session[SESSION_KEY]
        # Compare-and-set: a newer link may have removed this device since the page was shown.
        if not TOTPDevice.objects.filter(pk=device.pk, confirmed=False).update(confirmed=True):
            return _refused(request, LinkRefused(LinkRefused.REPLACED))
        form.device.confirmed = True
        return _verified(request, form.device)
    secret = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    return _page(
        request, "accounts/enrol.html", _("Set up two-factor login"), form=form,
        # segno draws paths with presentation attributes only: no style attribute for the CSP to refuse.
        # Safe to mark safe: segno writes the code as paths and escapes the title (ours anyway).
        qr_svg=mark_safe(qr.svg_inline(scale=5, border=3, light="#fff", svgclass="qr-code",  # noqa: S308  # nosec B308 B703
                                       title=_("QR code for your authenticator app"))),
        secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
    )


def _refused(request, refusal: LinkRefused):
    return render(request, "accounts/enrolment_refused.html", {
        "title": _("Two-factor enrolment link needed"), "site_title": admin.site.site_title,
        "site_header": admin.site.site_header, "reason": refusal.message,
    }, status=403)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer when a user name has failed too often from this address (AXES_LOCKOUT_CALLABLE)."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)
