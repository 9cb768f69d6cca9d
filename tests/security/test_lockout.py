"""Staff login on the admin's form: after AXES_FAILURE_LIMIT wrong passwords a user name is locked out
from that address (not from others, and other names are not) for AXES_COOLOFF_TIME; superusers see
the attempts in the admin."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse
from django.utils import timezone

from tests.base import make_officer, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "seven-bridges-of-seoul"
LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def officers():
    for username in ("officer", "colleague"):
        user = make_officer(username)
        user.set_password(PASSWORD)
        user.save()


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip)


def fail(client, times, username="officer", ip="203.0.113.7"):
    return [attempt(client, username, f"guess-{n}", ip).status_code for n in range(times)]


def test_five_wrong_passwords_lock_the_name_out_from_that_address(client, settings):
    assert settings.AXES_FAILURE_LIMIT == 5

    # Four wrong passwords: the form again, with its error; the fifth locks.
    assert fail(client, 5) == [200, 200, 200, 200, 429]
    locked = attempt(client, "officer", PASSWORD)

    assert locked.status_code == 429
    assert "accounts/lockout.html" in [t.name for t in locked.templates]
    assert "30" in locked.content.decode()  # minutes
    assert "_auth_user_id" not in client.session


def test_the_lockout_holds_neither_other_names_nor_other_addresses(client):
    fail(client, 5)

    assert attempt(client, "colleague", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "officer", PASSWORD, ip="198.51.100.20").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))

    assert attempt(client, "officer", PASSWORD).status_code == 302


def test_a_right_password_resets_the_count(client):
    fail(client, 4)
    assert attempt(client, "officer", PASSWORD).status_code == 302
    client.logout()

    assert fail(client, 4) == [200] * 4


def test_superusers_see_the_attempts_in_the_admin_and_officers_do_not(client):
    fail(client, 5)
    assert AccessFailureLog.objects.filter(username="officer").count() == 5

    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200 and "officer" in page.content.decode()
    assert client.get(reverse("admin:axes_accessfailurelog_changelist")).status_code == 200

    client.force_login(make_officer("someone"))
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
