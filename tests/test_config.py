"""Settings from the environment, the deployment checklist, and the two pages operators and visitors hit first."""

import os
import subprocess
import sys

import pytest
from django.conf import global_settings, settings

import config.settings as production


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with only the given environment, so neither the test run's relaxed
    settings (pyproject.toml) nor a test's own variables leak in. DEBUG is always given, so a developer's .env
    cannot switch it on: real environment variables win over .env."""
    environment = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "DATABASE_URL": "sqlite:///:memory:", **env}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=environment,
        capture_output=True, text=True, timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    # An empty SECRET_KEY in the environment also wins over one a developer's .env might hold.
    result = manage("check", DEBUG="0", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_local_work_with_debug_on_needs_no_secret_key():
    assert manage("check", DEBUG="1").returncode == 0


def test_the_deployment_checklist_passes_with_production_settings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0",
        SECRET_KEY="f3Q9-vR2sLx8_Kp7mWz4Tb6Nc1Hd5Jy0Ue3Gi8Ao2Ps9Xr4Ek7Lq",
        ALLOWED_HOSTS="regulatory.example.org",
        SITE_URL="https://regulatory.example.org",
        # The production defaults, stated so that a developer's .env cannot relax them.
        SECURE_SSL_REDIRECT="1", SESSION_COOKIE_SECURE="1", CSRF_COOKIE_SECURE="1", SECURE_HSTS_SECONDS="31536000",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_healthz_answers_200_while_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200


@pytest.mark.django_db
def test_the_landing_page_gives_the_support_phone(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "02-2133-3119" in response.content.decode()


def test_korean_and_seoul_time_are_the_defaults():
    assert settings.LANGUAGE_CODE == "ko"
    assert settings.TIME_ZONE == "Asia/Seoul"
    assert [code for code, _name in settings.LANGUAGES] == ["ko", "en"]


def test_production_stores_passwords_with_a_slow_hasher():
    # The suite hashes with MD5 for speed (tests/conftest.py); the project's settings must not.
    hashers = getattr(production, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers[0] in ("django.contrib.auth.hashers.PBKDF2PasswordHasher",
                          "django.contrib.auth.hashers.Argon2PasswordHasher",
                          "django.contrib.auth.hashers.ScryptPasswordHasher")
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
