from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import devices_for_user

from ._staff import user_named


class Command(BaseCommand):
    help = ("Remove a user's two-factor devices (a lost or replaced phone). Their sessions must give a code "
            "again, and they set up the app anew from a new enrolment link (staff_enrolment_link).")

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = user_named(username)
        removed = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        # Deleting the devices also cancels any enrolment link made for them, used or not.
        self.stdout.write(ngettext(
            "Removed %(count)d two-factor device of %(username)s.",
            "Removed %(count)d two-factor devices of %(username)s.",
            removed,
        ) % {"count": removed, "username": username})
        self.stdout.write(_(
            "To log in again they need a new enrolment link: `manage.py staff_enrolment_link %(username)s`, "
            "or the button on their user page in the admin."
        ) % {"username": username})
