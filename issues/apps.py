from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IssuesConfig(AppConfig):
    name = "issues"
    verbose_name = _("Regulatory issues")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from config.staff.middleware import stamp_sign_in

        from .roles import sync_roles_after_migrate

        # After the permissions themselves are (re)created, which a post_migrate handler of
        # django.contrib.auth does; `flush` (between transactional tests) sends the signal too.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="issues-sync-roles")
        # Staff sessions: both clocks of config/staff/middleware.py start at the password.
        user_logged_in.connect(stamp_sign_in, dispatch_uid="staff-stamp-sign-in")
