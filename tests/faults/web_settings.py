"""The settings of the app server the fault tests start (stack.WebServer): the project's own, read from
the environment as in production, except for plain static URLs, since the manifest storage needs
`collectstatic`, which tests do not run (as tests/conftest.py does for the suite)."""

from config.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
