from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .roles import sync_roles_after_migrate


class IssuesConfig(AppConfig):
    name = "issues"
    verbose_name = _("Regulatory issues")

    def ready(self):
        # After the permissions themselves are (re)created, which a post_migrate handler of
        # django.contrib.auth does; `flush` (between transactional tests) sends the signal too.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="issues-sync-roles")
        # The Celery tasks are known by name in every process, as the worker knows them (it imports each
        # app's tasks.py too): the features queue them by name, and without a broker (CELERY_TASK_ALWAYS_EAGER)
        # a task queued by name runs in-process only if it is registered.
        autodiscover_modules("tasks")
        # The dashboard's cached figures are recomputed once an issue or its history is written (stats/dashboard.py).
        from .models import Issue, StatusChange
        from .stats.dashboard import data_changed

        for model in (Issue, StatusChange):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(data_changed, sender=model, dispatch_uid=f"stats-{name}-{model.__name__}")
