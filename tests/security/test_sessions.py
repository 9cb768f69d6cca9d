"""Staff sessions end after STAFF_SESSION_IDLE_SECONDS without a request and SESSION_COOKIE_AGE after
the password, however busy; a filer's anonymous session (the receipt) is left alone."""

import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

from companies.models import Field
from config.staff import middleware
from issues.models import Issue
from tests.base import intake, make_officer

pytestmark = pytest.mark.django_db
MINUTE = 60
PASSWORD = "kettle-on-the-stove-7"


class Clock:
    """time.time() of config.staff.middleware, moved forward by the test."""

    def __init__(self, monkeypatch):
        self.now = time.time()
        monkeypatch.setattr(middleware, "time", SimpleNamespace(time=lambda: self.now))

    def advance(self, minutes):
        self.now += minutes * MINUTE


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def officer():
    officer = make_officer()
    officer.set_password(PASSWORD)
    officer.save()
    return officer


def log_in(client):
    response = client.post(reverse("admin:login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


def is_signed_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def test_the_session_and_csrf_cookies_are_http_only_and_same_site_lax(client, officer):
    client.get(reverse("admin:login"))
    response = client.post(reverse("admin:login"), {"username": "officer", "password": PASSWORD})

    session, csrf = response.cookies["sessionid"], response.cookies["csrftoken"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    # Secure in production: checked with the production settings in test_headers.py.


def test_a_staff_session_ends_after_thirty_idle_minutes(client, officer, clock, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 30 * MINUTE
    log_in(client)
    clock.advance(29)
    assert is_signed_in(client)

    clock.advance(31)
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))
    assert "로그아웃" in response.content.decode() or "logged out" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_activity_keeps_a_staff_session_open_but_not_beyond_eight_hours(client, officer, clock, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 30 * MINUTE
    log_in(client)
    for _ in range(23):  # a request every 20 minutes: 7 hours 40 minutes
        clock.advance(20)
        assert is_signed_in(client)

    clock.advance(21)  # 8 hours and a minute after the password
    assert not is_signed_in(client)


def test_the_idle_clock_does_not_save_the_session_on_every_request(client, officer, clock):
    log_in(client)
    seen = client.session["accounts_seen_at"]

    clock.advance(0.5)
    assert is_signed_in(client)

    assert client.session["accounts_seen_at"] == seen


def test_a_filers_receipt_survives_hours_without_activity(client, clock):
    response = client.post(reverse("issues-new"), {**intake(), "field": Field.objects.first().pk, "homepage": ""})
    issue = Issue.objects.get()
    assert response.status_code == 302

    clock.advance(10 * 60)
    receipt = client.get(reverse("issues-receipt", args=[issue.number]))

    assert receipt.status_code == 200
    assert issue.number in receipt.content.decode()
