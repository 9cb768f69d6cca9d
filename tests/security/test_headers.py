"""Production settings pass `check --deploy`; every page answers with the security headers and a
Content-Security-Policy without inline script; the templates hold no inline script, handler or style."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.base import make_officer

ROOT = Path(__file__).resolve().parents[2]
# Rendered for WeasyPrint or for mail clients only, never served to a browser.
NOT_FOR_BROWSERS = {"emails", "stats/report.html", "exports/document.html", "proposals/letter.html",
                    "meetings/result_report.html"}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_production_settings_pass_check_deploy_with_secure_cookies():
    # A fresh process with the environment of a production server: none of the test overrides.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SECURE_", "SESSION_", "CSRF_", "STAFF_", "DJANGO_ALLOW_ASYNC_UNSAFE"))}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="regulatory.example.org")
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "from django.core.management import call_command; call_command('check', deploy=True, fail_level='DEBUG'); "
        "print(json.dumps({n: getattr(s, n) for n in ['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY', 'CSRF_COOKIE_SAMESITE', "
        "'STAFF_TWO_FACTOR', 'STAFF_SESSION_IDLE_SECONDS', 'SESSION_COOKIE_AGE']}))"
    )
    done = subprocess.run([sys.executable, "-c", script],  # noqa: S603 - our own script
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout
    assert json.loads(done.stdout.splitlines()[-1]) == {
        "SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_HTTPONLY": True, "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True, "CSRF_COOKIE_HTTPONLY": True, "CSRF_COOKIE_SAMESITE": "Lax",
        "STAFF_TWO_FACTOR": True, "STAFF_SESSION_IDLE_SECONDS": 30 * 60, "SESSION_COOKIE_AGE": 8 * 60 * 60,
    }


@pytest.mark.parametrize("url", ["/", "/issues/new/", "/stats/", "/admin/login/"])
def test_pages_carry_the_security_headers(client, db, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_the_briefing_packs_style_sheet_carries_the_nonce_of_the_policy(client, db):
    from tests.agenda.conftest import make_meeting

    meeting = make_meeting()
    client.force_login(make_officer())

    response = client.get(reverse("admin:meetings_meeting_briefing", args=[meeting.pk]))

    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert policy(response)["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert "onclick" not in response.content.decode()


def _browser_templates():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        name = path.relative_to(ROOT / "templates").as_posix()
        if not any(name == skip or name.startswith(skip + "/") for skip in NOT_FOR_BROWSERS):
            yield name, path.read_text()


def test_no_template_served_to_browsers_has_inline_script_handlers_or_styles():
    found = []
    for name, text in _browser_templates():
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                found.append((name, tag))
        found += [(name, m) for m in re.findall(r"<[^>]*\son[a-z]+\s*=[^>]*>", text)]
        found += [(name, m) for m in re.findall(r"<[^>]*\sstyle\s*=[^>]*>", text)]
        found += [(name, m) for m in re.findall(r"<style\b[^>]*>", text) if "nonce=" not in m]
        found += [(name, m) for m in re.findall(r"javascript:", text)]
    assert not found
