"""Setting up two-factor login needs more than the password: a one-time enrolment link that a superuser
makes (on the user's admin page, or `manage.py staff_enrolment_link` on the server) and hands over apart
from the password. It works for its own account only, once, for STAFF_ENROLMENT_LINK_HOURS."""

import re
import time
from base64 import b32decode
from contextlib import contextmanager
from datetime import UTC, datetime
from io import StringIO
from types import SimpleNamespace
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.staff.enrolment import make_enrolment_link
from tests.base import make_expert, make_officer, make_official
from tests.security.test_two_factor import ENROL, PASSWORD, VERIFY, code_of, enrolled

pytestmark = pytest.mark.django_db
LINK = "/accounts/two-factor/link/"
ASK = "Ask an administrator for an enrolment link."


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.STAFF_TWO_FACTOR = True
    settings.STAFF_ENROLMENT_LINK_HOURS = 72


@pytest.fixture
def officer():
    return with_password(make_officer())


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, username="officer", next_url="/admin/"):
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD, "next": next_url})
    assert response.status_code == 302, "the password was refused"
    return response


def signed_in_with_code(client, user):
    """A staff session past both factors, as after a normal login."""
    device = enrolled(user)
    client.force_login(user)
    assert client.post(VERIFY, {"code": code_of(device)}).status_code == 302
    return client


def key_on(page) -> bytes:
    """The key the enrolment page shows in letters under the QR code."""
    return b32decode(re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', page.content.decode())
                     .group(1).replace(" ", ""))


def enrol_with_the_app(client, next_url="/admin/"):
    """Scan the QR code (here: read the key) and type the code the app then shows."""
    page = client.get(ENROL)
    assert page.status_code == 200
    device = TOTPDevice(key=key_on(page).hex())
    return client.post(ENROL, {"code": code_of(device), "next": next_url})


@contextmanager
def links_clock_at(seconds: float):
    """The links' clock (django.core.signing) set; sessions and codes keep the real time."""
    with mock.patch.object(signing, "time", SimpleNamespace(time=lambda: seconds)):
        yield


def hours_later(hours: int):
    return links_clock_at(time.time() + hours * 3600)


def refusal(response) -> str:
    assert response.status_code == 403
    html = response.content.decode()
    # Nothing of the key: no QR code, no letters, no form to confirm a code.
    assert "qr-code" not in html and "otp-secret" not in html and 'name="code"' not in html
    assert ASK in html
    return html


def test_a_password_alone_never_reaches_the_qr_code_or_the_key(english, officer):
    log_in(english)

    assert english.get("/admin/")["Location"] == f"{ENROL}?next=%2Fadmin%2F"
    html = refusal(english.get(ENROL))
    assert "Setting up two-factor login needs an enrolment link made for your account." in html
    # Nor does a code sent blind: no key was made to check it against.
    refusal(english.post(ENROL, {"code": "123456"}))
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert english.get("/admin/").status_code == 302


def test_an_officer_opens_the_link_logs_in_scans_and_reaches_the_workspace(client, officer):
    link = make_enrolment_link(officer)

    opened = client.get(link.path)
    assert opened["Location"] == "/admin/login/?next=%2Faccounts%2Ftwo-factor%2Fenrol%2F"
    assert log_in(client, next_url=ENROL)["Location"] == ENROL
    page = client.get(ENROL)
    assert page.status_code == 200 and 'class="qr-code"' in page.content.decode()
    assert key_on(page) == TOTPDevice.objects.get(user=officer).bin_key
    done = enrol_with_the_app(client)

    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=officer).confirmed


def test_a_link_opened_after_the_password_leads_to_the_qr_code(client, officer):
    log_in(client)
    assert client.get("/admin/")["Location"].startswith(ENROL)

    opened = client.get(make_enrolment_link(officer).path)

    assert opened["Location"] == ENROL
    assert enrol_with_the_app(client)["Location"] == "/admin/"


def test_a_used_link_is_refused(english, officer):
    link = make_enrolment_link(officer)
    english.get(link.path)
    log_in(english, next_url=ENROL)
    enrol_with_the_app(english)
    english.post("/admin/logout/")

    html = refusal(english.get(link.path))

    assert "This enrolment link has already been used" in html
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_a_link_made_for_another_account_is_refused(english, officer):
    expert = with_password(make_expert())
    link = make_enrolment_link(expert)

    # Opened while logged in as someone else.
    log_in(english)
    html = refusal(english.get(link.path))
    assert "This enrolment link was made for another account than the one you are logged in with." in html
    english.post("/admin/logout/")

    # Opened first, then the password of someone else.
    english.get(link.path)
    log_in(english, next_url=ENROL)
    refusal(english.get(ENROL))
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not TOTPDevice.objects.get(user=expert).confirmed


def test_a_link_works_for_72_hours_then_is_refused(english, officer):
    link = make_enrolment_link(officer)

    with hours_later(73):
        html = refusal(english.get(link.path))
    assert "This enrolment link has expired." in html

    with hours_later(71):
        assert english.get(link.path)["Location"].startswith("/admin/login/")
    log_in(english, next_url=ENROL)
    # Opened in time, but the QR code is asked for after the 72 hours.
    with hours_later(73):
        refusal(english.get(ENROL))
    assert english.get(ENROL).status_code == 403  # the session forgot the link


def test_a_tampered_link_is_refused(english, officer):
    expert = make_expert()
    token = make_enrolment_link(officer).path.removeprefix(LINK).rstrip("/")
    device_pk = str(TOTPDevice.objects.get(user=officer).pk)
    other_signature = token[:-1] + ("A" if token[-1] != "A" else "B")
    # The same signature over another user's number.
    other_user = f"{expert.pk}{token[token.index('.'):]}"
    other_device = token.replace(f".{device_pk}.", f".{int(device_pk) + 1}.", 1)

    for forged in (other_signature, other_user, other_device, "nonsense"):
        html = refusal(english.get(f"{LINK}{forged}/"))
        assert "This enrolment link is not valid. Check that the whole link was copied." in html


def test_a_newer_link_cancels_the_one_before(english, officer):
    first = make_enrolment_link(officer)
    second = make_enrolment_link(officer)

    html = refusal(english.get(first.path))

    assert "This enrolment link no longer works: a newer link was made for the account" in html
    assert english.get(second.path).status_code == 302


def test_after_otp_reset_the_old_link_stays_dead_and_a_new_one_is_needed(english, officer):
    link = make_enrolment_link(officer)
    english.get(link.path)
    log_in(english, next_url=ENROL)
    enrol_with_the_app(english)
    english.post("/admin/logout/")
    out = StringIO()

    call_command("otp_reset", "officer", stdout=out)

    assert "staff_enrolment_link officer" in out.getvalue()
    refusal(english.get(link.path))
    log_in(english)
    refusal(english.get(ENROL))


def test_the_command_prints_a_link_that_works(client, officer, settings):
    settings.SITE_URL = "https://regdesk.example.org"
    out = StringIO()

    call_command("staff_enrolment_link", "officer", stdout=out)

    url = out.getvalue().splitlines()[0]
    assert url.startswith("https://regdesk.example.org/accounts/two-factor/link/")
    client.get(url.removeprefix("https://regdesk.example.org"))
    log_in(client, next_url=ENROL)
    assert enrol_with_the_app(client)["Location"] == "/admin/"


def test_the_command_refuses_an_unknown_or_already_enrolled_user(officer):
    enrolled(officer)

    with pytest.raises(CommandError, match="nobody"):
        call_command("staff_enrolment_link", "nobody")
    with pytest.raises(CommandError, match="otp_reset officer"):
        call_command("staff_enrolment_link", "officer")


def test_a_superuser_makes_the_link_on_the_users_page_and_sees_it_once(client, officer):
    signed_in_with_code(client, make_official("admin", is_superuser=True))
    page = f"/admin/auth/user/{officer.pk}/enrolment-link/"

    assert f'href="{page}"' in client.get(f"/admin/auth/user/{officer.pk}/change/").content.decode()
    assert "Make the link" in client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    # Made at 10:00 in Seoul on the day of the meeting: it works until the same hour three days later.
    with links_clock_at(datetime(2024, 3, 28, 1, tzinfo=UTC).timestamp()):
        made = client.post(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        url = re.search(r'<code class="enrolment-link">([^<]+)</code>', made).group(1)
        assert "It works once, until 31 Mar 2024, 10:00 AM." in made
        assert '<code class="enrolment-link">' not in client.get(page).content.decode()

        officer_browser = Client()
        officer_browser.get(urlsplit(url).path)
        log_in(officer_browser, next_url=ENROL)
        assert enrol_with_the_app(officer_browser)["Location"] == "/admin/"


def test_only_a_superuser_may_make_a_link(client, officer):
    manager = make_official("manager")
    manager.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="auth", codename__in=["view_user", "change_user"]))
    signed_in_with_code(client, manager)
    page = f"/admin/auth/user/{officer.pk}/enrolment-link/"

    change = client.get(f"/admin/auth/user/{officer.pk}/change/")
    assert change.status_code == 200 and page not in change.content.decode()
    assert client.get(page).status_code == 403
    assert client.post(page).status_code == 403
    assert not TOTPDevice.objects.filter(user=officer).exists()


def test_the_admin_says_when_an_account_is_already_set_up(client, officer):
    signed_in_with_code(client, make_official("admin", is_superuser=True))
    device = enrolled(officer)

    made = client.post(f"/admin/auth/user/{officer.pk}/enrolment-link/", HTTP_ACCEPT_LANGUAGE="en")

    assert "officer already has two-factor login set up." in made.content.decode()
    assert '<code class="enrolment-link">' not in made.content.decode()
    assert list(TOTPDevice.objects.filter(user=officer)) == [device]
