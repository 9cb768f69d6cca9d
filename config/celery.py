"""The Celery app. Settings come from Django's, under the CELERY_ prefix (see config/settings.py)."""

import os

from celery import Celery, signals

from .redaction import RedactSecrets

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("regulatory")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
def check_database_connections(task=None, **_kwargs):
    """As Django does before each request: a connection older than CONN_MAX_AGE, or broken (the
    database restarted), is closed, and the task opens a new one (CELERY_DB_REUSE_MAX in settings).
    Not for a task run in the caller's process (eager), whose connection is the caller's."""
    from django.db import close_old_connections

    if task is not None and not getattr(task.request, "is_eager", False):
        close_old_connections()


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def redact_secrets(logger, **_kwargs):
    """The worker replaces the root logger's handlers (settings.LOGGING's) with its own: they too take
    status-link secrets out of what they write (config/redaction.py)."""
    for handler in logger.handlers:
        if not any(isinstance(existing, RedactSecrets) for existing in handler.filters):
            handler.filters.insert(0, RedactSecrets())
