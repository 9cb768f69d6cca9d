"""Settings, read from the environment (12-factor). `.env.example` lists every variable."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A local, untracked .env may hold a developer's settings; real environment variables win.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (a long random string, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set DEBUG=1 for local work."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-" + "x" * 20  # noqa: S105
# The key of the status links' stored hashes (issues/links.py). Its own setting, so that SECRET_KEY can be
# rotated without breaking every filer's link; changing this one makes every status link stop working.
STATUS_LINK_KEY = env("STATUS_LINK_KEY", default="") or SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "config.admin.AdminConfig",  # Django's admin, with the secret guard on every ModelAdmin (config/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "health_check",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Before our other apps: its admin re-registers django.contrib.auth's User.
    "config.staff",
    "companies",
    "meetings",
    "issues",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads a body (the CSRF check reads request.POST), after the two that only add headers,
    # so that its 413 page has them too.
    "config.middleware.limit_request_body",
    "config.middleware.reject_nul_in_query",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.staff.middleware.StaffSessionMiddleware",
    "config.staff.middleware.TwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
    {
        # Plain-text e-mails: the same templates folder, without HTML escaping ("R&D", not "R&amp;D").
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {"autoescape": False},
    },
]


def _database():
    db = env.db_url("DATABASE_URL", default="sqlite:///var/db.sqlite3")
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(db["NAME"])
        if not name.is_absolute() and str(name) != ":memory:":
            name = BASE_DIR / name
            name.parent.mkdir(parents=True, exist_ok=True)
        db["NAME"] = str(name)
        # Several threads of runserver write at once; wait for the lock instead of failing.
        # BEGIN IMMEDIATE takes the write lock at the start of a transaction, so two writers queue
        # instead of one failing halfway ("database is locked").
        db.setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    else:
        db.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
        db.setdefault("CONN_HEALTH_CHECKS", True)
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    # Short timeouts: a hung Redis must not hold a filing for seconds (the rate limits let requests
    # through when the cache does not answer, see issues/intake/ratelimit.py).
    CACHES = {"default": {
        "BACKEND": "config.cache.RedisCache", "LOCATION": REDIS_URL,  # Django's, keeping its clients
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery: eager (in-process) when there is no Redis, so `make run` needs nothing but Python.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TIMEZONE = env.str("TIME_ZONE", default="Asia/Seoul")
# Acknowledge a task only after it ran, and hand it back when its worker process dies, so a killed
# worker loses nothing; the notice's claim (notices/outbox.py claim) keeps a redelivered task from sending twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Reserve one task per process at a time: a crash then strands at most that one.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Kill a task stuck on a dead mail server instead of blocking a worker forever (the notices' tasks have
# shorter limits: NOTICE_SEND_TIME_LIMIT below).
CELERY_TASK_SOFT_TIME_LIMIT = 50
CELERY_TASK_TIME_LIMIT = 60
# Short broker timeouts and no publish retries: when Redis is down a request must still answer
# quickly; the notice stays owed in the database and the periodic sweep sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "max_retries": 0,  # publishing: one attempt (the worker reconnects by its own policy)
    # An unacknowledged task is redelivered after this long; longer than any task's retry delay.
    "visibility_timeout": 60 * 60,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fix-up closes the database connection before and after every task unless this is set:
# a new PostgreSQL connection per notice, a third of its cost. Connections then live as in the web process
# (CONN_MAX_AGE, checked before each task: config/celery.py).
CELERY_DB_REUSE_MAX = 10**9
CELERY_BEAT_SCHEDULE = {
    "send-owed-notices": {
        "task": "issues.tasks.send_owed_notices",
        "schedule": env.float("NOTICE_SWEEP_SECONDS", default=15.0),
    },
    # Each morning, officers get the overdue issues of their queue.
    "overdue-digests": {
        "task": "issues.tasks.send_overdue_digests",
        "schedule": crontab(hour=8, minute=30),
    },
    # Each night, the personal data of reports closed longer ago than the retention period is erased.
    "apply-retention": {
        "task": "issues.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=15),
    },
    # Old prepared export files and unconfirmed answer uploads (issues/proposals/exports/jobs.py, answers.py).
    "delete-old-files": {
        "task": "issues.tasks.delete_old_files",
        "schedule": crontab(hour=3, minute=45),
    },
    # The public figures, recomputed before the cached ones grow old (issues/stats/facts.py CACHE_SECONDS).
    "refresh-stats": {
        "task": "issues.tasks.refresh_stats",
        "schedule": 5 * 60.0,
    },
    # The terms of new and changed issues, for similar issues (issues/similar/); and, each night, how many
    # issues use each term.
    "index-similar": {
        "task": "issues.tasks.index_similar",
        "schedule": env.float("SIMILAR_INDEX_SECONDS", default=60.0),
    },
    "count-similarity-terms": {
        "task": "issues.tasks.count_similarity_terms",
        "schedule": crontab(hour=4, minute=15),
    },
}

# --- Notices: temporary failures are retried after 30 s, 60 s, 120 s … (at most an hour apart),
# NOTICE_MAX_ATTEMPTS times in all. A send (and the sweep) is stopped after NOTICE_SEND_TIME_LIMIT seconds,
# so a notice claimed longer than NOTICE_CLAIM_TIMEOUT ago (a few seconds more) was claimed by a process that
# died: the next sweep, every NOTICE_SWEEP_SECONDS, owes it again. A killed worker's notice goes out again
# within NOTICE_CLAIM_TIMEOUT + NOTICE_SWEEP_SECONDS (50 s).
NOTICE_RETRY_BASE = env.int("NOTICE_RETRY_BASE", default=30)
NOTICE_MAX_ATTEMPTS = env.int("NOTICE_MAX_ATTEMPTS", default=8)
NOTICE_SEND_TIME_LIMIT = env.int("NOTICE_SEND_TIME_LIMIT", default=30)
NOTICE_CLAIM_TIMEOUT = env.int("NOTICE_CLAIM_TIMEOUT", default=NOTICE_SEND_TIME_LIMIT + 5)
# A sending task also takes up to this many other owed notices (a backlog) over its mail connection.
NOTICE_BATCH_SIZE = env.int("NOTICE_BATCH_SIZE", default=20)
if NOTICE_CLAIM_TIMEOUT <= NOTICE_SEND_TIME_LIMIT:
    raise ImproperlyConfigured(
        "NOTICE_CLAIM_TIMEOUT must be longer than NOTICE_SEND_TIME_LIMIT, or a slow send is sent twice.")

# --- E-mail: files under var/mail/ unless EMAIL_URL names a real server.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="서울기업지원센터 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Files. Attachments live in private storage: no URL, served only through a permission-checked view.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
FILE_UPLOAD_PERMISSIONS = 0o600

# --- Language and time: Korean first, English complete.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # dates as 2026. 12. 2. 오전 4:33 (config/formats/)
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Seoul")
USE_I18N = True
USE_TZ = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Workflow: how long an issue should stay in each state before it counts as overdue.
STATE_TARGET_DAYS = {
    "discovery": env.int("TARGET_DAYS_DISCOVERY", default=7),
    "consultation": env.int("TARGET_DAYS_CONSULTATION", default=30),
    "proposal": env.int("TARGET_DAYS_PROPOSAL", default=60),
    "follow_up": env.int("TARGET_DAYS_FOLLOW_UP", default=90),
}

# The officers' issue list counts its rows up to here and says "more than …" beyond (issues/admin/paginator.py):
# counting costs as much as reading that many rows, whatever the table holds.
ISSUE_LIST_COUNT_CAP = 1_000

# --- Security. With DEBUG off `manage.py check --deploy` reports nothing.
SESSION_ENGINE = "config.sessions"  # Django's database sessions, refusing keys Django could not have made
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Staff sessions end this long after the password however busy (absolute), and after
# STAFF_SESSION_IDLE_SECONDS without a request (config/staff/middleware.py); filers have no account.
SESSION_COOKIE_AGE = int(timedelta(hours=8).total_seconds())
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script anywhere: behaviour lives in static/js/, data for scripts goes through json_script.
# Styles: our own files; the one inline style sheet (the briefing pack, which WeasyPrint also prints)
# carries the request's nonce. Charts and QR codes are inline SVG; data: is for the admin's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Staff login. django-axes counts failed passwords per user name *and* client address together:
# after AXES_FAILURE_LIMIT failures that name is refused from that address for AXES_COOLOFF_MINUTES.
# Counting by name alone would let anyone lock every officer out from everywhere; by address alone,
# one typo-prone colleague would lock out a whole office behind one NAT address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "issues.privacy.access_log.client_ip"  # the access log's (TRUSTED_PROXY_COUNT)
AXES_LOCKOUT_CALLABLE = "config.staff.views.locked_out"
# Two-factor login (TOTP) for every staff account; on unless DEBUG, so `make run`'s demo accounts log in
# with a password. Read on each request (config/staff/middleware.py).
STAFF_TWO_FACTOR = env.bool("STAFF_TWO_FACTOR", default=not DEBUG)
# The app is set up only from a one-time link a superuser makes (config/staff/enrolment.py), valid this long.
STAFF_ENROLMENT_LINK_HOURS = env.int("STAFF_ENROLMENT_LINK_HOURS", default=72)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Seoul Regulatory Desk")
OTP_TOTP_THROTTLE_FACTOR = 1  # seconds to wait after a wrong code, doubled with each further one
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # superusers see devices in the admin, never their keys

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every handler first takes status-link secrets out of what it writes (config/redaction.py); Django's
    # own handlers (runserver's request lines, the error e-mails) are declared here again to carry it.
    "filters": {
        "redact_secrets": {"()": "config.redaction.RedactSecrets"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                          "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                          "filters": ["redact_secrets"]},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR",
                        "filters": ["redact_secrets", "require_debug_false"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # One line per task run is noise; failures are still logged.
    # django-axes logs every start and successful login at INFO; failures and lockouts are warnings.
    "loggers": {
        "celery.app.trace": {"level": "WARNING"}, "axes": {"level": "WARNING"},
        # Django's defaults, but its console lines are written once, by the root's handler.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
DEFAULT_EXCEPTION_REPORTER = "config.error_reports.SecretsExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.error_reports.SecretsReporterFilter"

# The support center's switchboard and address, shown in every public page's footer (the address in
# Korean, and as English pages write it).
SUPPORT_PHONE = env.str("SUPPORT_PHONE", default="02-2133-3119")
SUPPORT_ADDRESS = env.str("SUPPORT_ADDRESS", default="서울특별시 중구 세종대로 110")
SUPPORT_ADDRESS_EN = env.str("SUPPORT_ADDRESS_EN", default="110 Sejong-daero, Jung-gu, Seoul")
# Who the documents come from: the sender block of the 건의서 and the meeting reports, the author named in
# every PDF and HWPX (issues/documents/). Each in Korean and in English (a reader who uses English).
CITY_NAME = env.str("CITY_NAME", default="서울특별시")
CITY_NAME_EN = env.str("CITY_NAME_EN", default="Seoul Metropolitan Government")
CENTRE_NAME = env.str("CENTRE_NAME", default="서울기업지원센터")
CENTRE_NAME_EN = env.str("CENTRE_NAME_EN", default="Seoul Business Support Center")
CENTRE_DEPARTMENT = env.str("CENTRE_DEPARTMENT", default="경제정책실 경제정책과")
CENTRE_DEPARTMENT_EN = env.str("CENTRE_DEPARTMENT_EN", default="Economic Policy Division, Economic Policy Office")

# --- Public forms. Attachments: how many and how large (bytes); the types are fixed in issues/intake/uploads.py.
UPLOAD_MAX_FILES = env.int("UPLOAD_MAX_FILES", default=5)
UPLOAD_MAX_FILE_SIZE = env.int("UPLOAD_MAX_FILE_SIZE", default=10 * 1024 * 1024)
UPLOAD_MAX_TOTAL_SIZE = env.int("UPLOAD_MAX_TOTAL_SIZE", default=20 * 1024 * 1024)
# The largest request body any page accepts (bytes): the form with every file at its own limit (5 × 10 MB),
# so that up to there the form itself explains the 20 MB total and keeps the text typed, plus 1 MB for the
# text fields (all of them at their limits, issues/intake/forms.py, are under 200 KB, so text well over them
# still comes back to the form with its message) and the multipart framing. Larger bodies are refused
# unread with the 413 page (config/middleware.py); a proxy in front should refuse them first (README).
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=UPLOAD_MAX_FILES * UPLOAD_MAX_FILE_SIZE + 1024 * 1024)
# Requests per client (an IPv4 address, or an IPv6 /64 network) and window (seconds), counted in the cache
# (Redis in production; see issues/intake/ratelimit.py): filed issues, look-ups on /track/ and status-page messages.
RATE_LIMITS = {
    "intake": env.int("RATE_LIMIT_INTAKE", default=5),
    "track": env.int("RATE_LIMIT_TRACK", default=10),
    "message": env.int("RATE_LIMIT_MESSAGE", default=10),
    "data": env.int("RATE_LIMIT_DATA", default=10),  # "download what you hold about me"
    # The solved cases shown while a report is written: one look-up per pause in typing.
    "similar": env.int("RATE_LIMIT_SIMILAR", default=60),
}
RATE_LIMIT_WINDOW = env.int("RATE_LIMIT_WINDOW", default=10 * 60)
# Behind N reverse proxies, the client is the N-th address from the right of X-Forwarded-For;
# 0 (no proxy): REMOTE_ADDR. Never trust the header without a proxy that overwrites it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# "Send me my links" e-mails one address at most once per this many seconds, whoever asks.
LINKS_EMAIL_INTERVAL = env.int("LINKS_EMAIL_INTERVAL", default=10 * 60)

# --- Personal data: kept this many days after a report is closed, then erased (issues/privacy/retention.py). The
# consent notice on the public form states this period: changing it changes the notice (and its version).
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=3 * 365)
# The access log (who downloaded or exported personal data) is kept two years, then deleted by the same
# nightly run: 개인정보의 안전성 확보조치 기준 asks for at least one year, two for large systems.
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=2 * 365)

# --- Exports for officials (/exports/): a list longer than this many rows is written by a worker
# (Celery) into private storage, with its progress shown, instead of during the request. PDF and HWPX
# lay out whole documents (about 40 ms and 0.5 MB per row): a worker writes them sooner, and lists too
# long to print are refused (XLSX and CSV stream any length).
EXPORT_ASYNC_ROWS = env.int("EXPORT_ASYNC_ROWS", default=5000)
EXPORT_DOCUMENT_ASYNC_ROWS = env.int("EXPORT_DOCUMENT_ASYNC_ROWS", default=100)
EXPORT_DOCUMENT_MAX_ROWS = env.int("EXPORT_DOCUMENT_MAX_ROWS", default=1000)
# Files of exports prepared by the worker are deleted this many days later (the log row stays).
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)
# WeasyPrint (the PDF exports, the meetings' briefing pack) reports every step of every document at INFO.
LOGGING["loggers"].update({"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}})
