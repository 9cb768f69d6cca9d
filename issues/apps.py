from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IssuesConfig(AppConfig):
    name = "issues"
    verbose_name = _("Regulatory issues")

    def ready(self):
        from .roles import sync_roles_after_migrate

        # After the permissions themselves are (re)created, which a post_migrate handler of
        # django.contrib.auth does; `flush` (between transactional tests) sends the signal too.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="issues-sync-roles")
