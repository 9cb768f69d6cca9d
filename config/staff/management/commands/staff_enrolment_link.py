from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from config.staff.enrolment import AlreadyEnrolled, make_enrolment_link

from ._staff import user_named


class Command(BaseCommand):
    help = ("Print a one-time link with which a staff user sets up two-factor login (the very first "
            "superuser, or anyone when the admin is out of reach). Links made before for them stop working.")

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = user_named(username)
        try:
            link = make_enrolment_link(user)
        except AlreadyEnrolled:
            raise CommandError(_(
                "%(username)s already has two-factor login set up. For a lost or replaced phone, run "
                "`manage.py otp_reset %(username)s` first."
            ) % {"username": username}) from None
        self.stdout.write(link.url)
        self.stdout.write(_(
            "It works once, until %(expires_at)s. Hand it over by another channel than the password; "
            "they open it, log in and scan the QR code."
        ) % {"expires_at": date_format(timezone.localtime(link.expires_at), "DATETIME_FORMAT")})
