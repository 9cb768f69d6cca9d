from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "config.staff"
    label = "staff"
    verbose_name = _("Staff sign-in")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_sign_in

        # Both clocks of middleware.py start at the password.
        user_logged_in.connect(stamp_sign_in, dispatch_uid="staff-stamp-sign-in")
