"""The Celery app. Settings come from Django's, under the CELERY_ prefix (see config/settings.py)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("regulatory")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
