"""The settings of the benches that serve pages (bench/intake.py, bench/admin_list.py): production's, from the
environment, plus a bare view to compare with (bench/urls.py). Nothing else differs, so the bare view pays for
the same middleware as the intake form."""

import warnings

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Plain static URLs: the manifest storage of production needs `collectstatic` first, which the bench does not
# run (the intake POST renders no page, and a manifest look-up is a dictionary look-up).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

# WhiteNoise warns on every start that STATIC_ROOT (filled by `collectstatic`) does not exist yet.
warnings.filterwarnings("ignore", "No directory at", UserWarning)
