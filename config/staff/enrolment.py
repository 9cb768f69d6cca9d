"""Two-factor enrolment links. The authenticator app of a staff account is set up only from a link a
superuser made for that account and handed over apart from the password, so a password alone never
reaches the key.

A link names one unconfirmed TOTP device made with it, and is signed (its own salt) over the user, that
device and a keyed digest of the device's key. Nothing of it is stored: it stops working when that device
is confirmed (used) or deleted (a newer link for the account, `otp_reset`, the admin's device list), and
STAFF_ENROLMENT_LINK_HOURS after it was made. The password hash is left out on purpose: a login may
rehash the password (Django raises its hashers' work factor with each release), which would break the
link between opening it and logging in.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)
SALT = "config.staff.enrolment-link"
# The session remembers the link opened in it, for the enrolment page after the password.
SESSION_KEY = "staff_enrolment_link"


class AlreadyEnrolled(Exception):
    """The account has a confirmed device: a lost phone is removed first (`otp_reset`)."""


class LinkRefused(Exception):
    MISSING = "missing"
    TAMPERED = "tampered"
    EXPIRED = "expired"
    OTHER_USER = "other_user"
    USED = "used"
    REPLACED = "replaced"

    MESSAGES = {
        MISSING: _("Setting up two-factor login needs an enrolment link made for your account."),
        TAMPERED: _("This enrolment link is not valid. Check that the whole link was copied."),
        EXPIRED: _("This enrolment link has expired."),
        OTHER_USER: _("This enrolment link was made for another account than the one you are logged in with. "
                      "Log out, open the link again and log in as the person it was made for."),
        USED: _("This enrolment link has already been used: two-factor login is set up for its account."),
        REPLACED: _("This enrolment link no longer works: a newer link was made for the account, or its "
                    "two-factor device was removed."),
    }

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.reason])


@dataclass(frozen=True)
class EnrolmentLink:
    path: str
    expires_at: datetime

    @property
    def url(self) -> str:
        return f"{settings.SITE_URL}{self.path}"


def make_enrolment_link(user, *, by=None) -> EnrolmentLink:
    """A fresh link for `user`, with a fresh key: links made before for this account stop working.
    `by` is the superuser who made it (None: on the server), for the log."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise AlreadyEnrolled(user.get_username())
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    signer = _signer()
    token = signer.sign(f"{user.pk}.{device.pk}.{_digest(user, device)}")
    # The moment the signer itself will refuse the link, from the time it signed into it.
    signed_at = signing.b62_decode(token.rsplit(signer.sep, 2)[1])
    expires_at = datetime.fromtimestamp(signed_at, tz=UTC) + _max_age()
    logger.info("Two-factor enrolment link made for %s by %s", user.get_username(),
                by.get_username() if by else "the server")
    return EnrolmentLink(path=reverse("accounts-enrolment-link", args=[token]), expires_at=expires_at)


def device_for_link(token: str | None, *, user=None) -> TOTPDevice:
    """The unconfirmed device a link sets up, if it still works (for `user`, when given); else LinkRefused."""
    if not token:
        raise LinkRefused(LinkRefused.MISSING)
    try:
        value = _signer().unsign(token, max_age=_max_age())
    except signing.SignatureExpired:
        raise LinkRefused(LinkRefused.EXPIRED) from None
    except signing.BadSignature:
        raise LinkRefused(LinkRefused.TAMPERED) from None
    user_pk, device_pk, digest = value.split(".")
    if user is not None and str(user.pk) != user_pk:
        raise LinkRefused(LinkRefused.OTHER_USER)
    owner = get_user_model().objects.filter(pk=user_pk).first()
    if owner is None:
        raise LinkRefused(LinkRefused.REPLACED)
    if TOTPDevice.objects.filter(user=owner, confirmed=True).exists():
        raise LinkRefused(LinkRefused.USED)
    device = TOTPDevice.objects.filter(pk=device_pk, user=owner, confirmed=False).first()
    if device is None or not constant_time_compare(digest, _digest(owner, device)):
        raise LinkRefused(LinkRefused.REPLACED)
    return device


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def _max_age() -> timedelta:
    return timedelta(hours=settings.STAFF_ENROLMENT_LINK_HOURS)


def _digest(user, device) -> str:
    # Keyed, so the link does not reveal the key; the key, so a device row whose number comes back is not it.
    return salted_hmac(SALT, f"{user.pk}:{device.pk}:{device.key}", algorithm="sha256").hexdigest()[:32]
