"""The Celery app. Settings come from Django's, under the CELERY_ prefix (see config/settings.py)."""

import os

from celery import Celery, signals

from .redaction import RedactSecrets

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("regulatory")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def redact_secrets(logger, **_kwargs):
    """The worker replaces the root logger's handlers (settings.LOGGING's) with its own: they too take
    status-link secrets out of what they write (config/redaction.py)."""
    for handler in logger.handlers:
        if not any(isinstance(existing, RedactSecrets) for existing in handler.filters):
            handler.filters.insert(0, RedactSecrets())
