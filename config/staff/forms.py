import math

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class CodeForm(forms.Form):
    """The six-digit code of an authenticator app, checked against `device` (django-otp's TOTP device,
    whose throttling makes each wrong code double the wait before the next try: 1, 2, 4, 8 … seconds)."""

    code = forms.CharField(label=_("Six-digit code"), max_length=12, widget=forms.TextInput(attrs={
        "inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True, "size": 8,
    }))

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError(_("Enter the digits your authenticator app shows."), code="digits")
        # The row is locked so that two tries at the same moment count as two; the error is raised after
        # the transaction, which must commit the failure count the wrong code added.
        with transaction.atomic():
            device = type(self.device).objects.select_for_update().get(pk=self.device.pk)
            is_allowed, why = device.verify_is_allowed()
            is_right = is_allowed and device.verify_token(code)
        if not is_allowed:
            raise forms.ValidationError(_wait_message(why), code="throttled")
        if not is_right:
            raise forms.ValidationError(
                _("That code is not right. Enter the newest code, and check that your phone's clock is right."),
                code="invalid",
            )
        self.device = device
        return code


def _wait_message(why: dict | None) -> str:
    locked_until = (why or {}).get("locked_until")
    if locked_until is None:
        return str(_("Codes cannot be checked at the moment. Please try again later."))
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second, then try again.",
        "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}
