"""Test-wide setup. Services the suite may use: PostgreSQL (as the default database, in the second
pass of `make test`), Redis (REDIS_URL) and Chromium. With STRICT=1 a run without Redis or Chromium
stops at once, and a missing service fails the test that needs it instead of skipping it."""

import os
import shutil

import pytest
from django.conf import settings
from django.test.signals import setting_changed


def is_strict(value: str | None) -> bool:
    """STRICT=1 (or yes, true, on) turns strict mode on; unset, empty, 0, no, false or off leave it off."""
    return (value or "").strip().lower() not in ("", "0", "no", "false", "off")


STRICT = is_strict(os.environ.get("STRICT"))
REDIS_URL = os.environ.get("REDIS_URL", "")
BASE_DIR_FOR_TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pytest_configure(config):
    # The unit tests run notices in-process whatever REDIS_URL says; the tests that need the real Redis
    # broker and a real worker ask for them explicitly. The cache (rate limits, cached figures) is the real
    # Redis in the PostgreSQL pass, as in production, and memory in the SQLite pass.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_BROKER_URL = "memory://localhost/"
    settings.CACHES = {"default": cache_for_tests()}
    settings.REDIS_URL = ""
    # Pages render with plain static URLs: the manifest storage needs `collectstatic`, which tests do not run.
    # Django is set up already, so the storages it built are dropped through the signal overrides use.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    setting_changed.send(sender=None, setting="STORAGES", value=settings.STORAGES, enter=True)
    # PBKDF2's million rounds per stored or typed password were most of some tests' time. A hash is still
    # made and checked, so logins, lockouts and two-factor run as in production (test_config checks that
    # production keeps its slow hasher).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setting_changed.send(sender=None, setting="PASSWORD_HASHERS", value=settings.PASSWORD_HASHERS, enter=True)
    # WhiteNoise warns that STATIC_ROOT (filled by `collectstatic`) does not exist yet.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


def cache_for_tests() -> dict:
    """The cache of a test process: REDIS_URL's server in the PostgreSQL pass, under a key prefix of this
    process's own (tests/cache.py clears that prefix only, so parallel workers and runs share the server);
    memory otherwise."""
    if not (REDIS_URL and settings.DATABASES["default"]["ENGINE"].endswith("postgresql")):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {"BACKEND": "tests.cache.PrefixClearedRedisCache", "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"tests-{os.getpid()}", "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}


def pytest_sessionstart(session):
    """Under STRICT=1 a run without Redis or Chromium stops before the first test, whichever tests it
    selects (a test that would have asked for them might not be among them). PostgreSQL is required by
    `make test`, which runs the second pass with it."""
    if not STRICT or hasattr(session.config, "workerinput"):  # checked once, by the xdist controller
        return
    missing = [name for name, present in [
        ("Redis (REDIS_URL)", bool(REDIS_URL)),
        ("Chromium (/usr/bin/chromium)", os.path.exists("/usr/bin/chromium")),
    ] if not present]
    if missing:
        pytest.exit(f"STRICT=1 requires {', '.join(missing)}", returncode=1)


def require(service: str, available: bool) -> None:
    """Skip a test whose service is missing, or fail it under STRICT=1."""
    if available:
        return
    message = f"{service} is not available"
    if STRICT:
        pytest.fail(f"{message} (STRICT=1 requires it)", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def on_postgres(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of `make test`")
    return connection


@pytest.fixture
def redis_url():
    require("Redis (REDIS_URL)", bool(REDIS_URL))
    return REDIS_URL


@pytest.fixture
def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require("Chromium", os.path.exists(path))
    return path


@pytest.fixture(autouse=True)
def private_media(tmp_path, monkeypatch):
    """Attachments of each test go to a throw-away folder."""
    from django.core.files.storage import FileSystemStorage

    from issues.models import Attachment

    location = tmp_path / "private"
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", FileSystemStorage(location=location))
    return location


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached figures live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the block's transactions left for after their commit (the notices)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request of the test before (Accept-Language: en, the
    language cookie) leaves its language active in this thread, and the order of tests must not matter."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
