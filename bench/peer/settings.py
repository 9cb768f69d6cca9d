"""django-helpdesk's public "submit a ticket" form, deployed as a Django shop would deploy it, for
bench/intake_peer.py to drive beside our intake form.

Run by the bench's own virtual environment (var/bench-peer-venv), never by the project's: nothing here imports
the project. What the bench decides comes from the environment (PEER_DATABASE_URL, PEER_EMAIL_PORT); the rest is
`startproject`'s defaults plus what helpdesk needs to take tickets from anonymous visitors. Where a default
would make the comparison unfair, it follows our production settings instead, and says so."""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ["PEER_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",  # helpdesk's e-mails link to the ticket on the current site
    "django.contrib.humanize",
    "rest_framework",  # helpdesk's URLs include its API
    "helpdesk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "peer.urls"
WSGI_APPLICATION = "peer.wsgi.application"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]


def _database(url: str) -> dict:
    parts = urlsplit(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "127.0.0.1",
        "PORT": str(parts.port or 5432),
        # Ours keeps its connections for 60 s (config/settings.py); Django's default of 0 would make the
        # peer open a PostgreSQL connection per request, a cost that is the setting's and not the peer's.
        "CONN_MAX_AGE": 60,
    }


DATABASES = {"default": _database(os.environ["PEER_DATABASE_URL"])}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
MEDIA_ROOT = Path(os.environ.get("PEER_MEDIA_ROOT", BASE_DIR / "media"))
SITE_ID = 1

# Mail as ours sends it in production: SMTP, here to the bench's sink on loopback. Helpdesk sends the
# submitter's "ticket opened" message inside the request.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("PEER_EMAIL_PORT", "25"))
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = "helpdesk@127.0.0.1"

# --- django-helpdesk: anonymous visitors file into one queue (bench/peer/prepare.py makes it).
HELPDESK_PUBLIC_TICKET_QUEUE = "public"
HELPDESK_SUBMIT_A_TICKET_PUBLIC = True  # the default, said out loud: this is the page measured
HELPDESK_TEAMS_MODE_ENABLED = False  # teams would need pinax-teams; the public form does not use them
