"""Two-factor login (TOTP) for staff with STAFF_TWO_FACTOR on: the password, then the code of an
authenticator app; the first time, the app is set up from a QR code reached through an enrolment link
(test_enrolment.py). Until the code is given no staff page opens. Codes come from the device's key, as
the phone computes them."""

import re
from base64 import b32decode
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.staff.enrolment import make_enrolment_link
from issues.workflow import State
from tests.base import make_issue, make_officer, make_official

pytestmark = pytest.mark.django_db
PASSWORD = "tea-at-partners-house"
ENROL, VERIFY = "/accounts/two-factor/enrol/", "/accounts/two-factor/"


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.STAFF_TWO_FACTOR = True


@pytest.fixture
def officer():
    officer = make_officer()
    officer.set_password(PASSWORD)
    officer.save()
    return officer


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` periods of 30 s later)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):06d}"


def wait_out_the_throttle(device: TOTPDevice):
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp - timedelta(hours=1))


def log_in(client, next_url="/admin/"):
    response = client.post(reverse("admin:login"), {"username": "officer", "password": PASSWORD, "next": next_url})
    assert response.status_code == 302
    return response


def enrolled(officer) -> TOTPDevice:
    return TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)


def test_a_first_login_sets_up_the_app_from_the_qr_code_then_opens_the_workspace(client, officer):
    client.get(make_enrolment_link(officer).path)
    log_in(client)

    # The password alone does not open the workspace: the enrolment page does.
    assert client.get("/admin/")["Location"] == f"{ENROL}?next=%2Fadmin%2F"
    page = client.get(f"{ENROL}?next=/admin/")
    html = page.content.decode()
    assert page.status_code == 200 and '<svg width="' in html and 'class="qr-code"' in html
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    # The key in letters, as an app asks for it when the QR code cannot be scanned.
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    assert b32decode(secret) == device.bin_key
    assert client.get(f"{ENROL}?next=/admin/").content.decode().count(secret[:4]) >= 1  # the same key on reload
    assert TOTPDevice.objects.filter(user=officer).count() == 1

    wrong = client.post(ENROL, {"code": "000000" if code_of(device) != "000000" else "111111", "next": "/admin/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]
    assert client.get("/admin/").status_code == 302

    device.refresh_from_db()
    wait_out_the_throttle(device)
    right = client.post(ENROL, {"code": code_of(device), "next": "/admin/"})

    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert client.get("/admin/").status_code == 200


def test_an_enrolled_officer_gives_the_code_at_each_login(client, officer):
    device = enrolled(officer)
    log_in(client, next_url="/admin/issues/issue/")

    assert client.get("/admin/issues/issue/")["Location"] == f"{VERIFY}?next=%2Fadmin%2Fissues%2Fissue%2F"
    assert client.get(ENROL)["Location"].startswith(VERIFY)  # no second device for an enrolled account
    response = client.post(VERIFY, {"code": code_of(device), "next": "/admin/issues/issue/"})

    assert response["Location"] == "/admin/issues/issue/"
    assert client.get("/admin/issues/issue/").status_code == 200
    # A new login asks again.
    client.logout()
    log_in(client)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_a_code_is_accepted_once_and_wrong_codes_are_throttled(client, officer):
    device = enrolled(officer)
    log_in(client)
    wrong = client.post(VERIFY, {"code": "12345x"})
    assert wrong.context["form"].errors["code"]

    # Two wrong codes in a row: the second try comes too soon and is refused unchecked.
    bad = "000000" if code_of(device) != "000000" else "111111"
    client.post(VERIFY, {"code": bad})
    throttled = client.post(VERIFY, {"code": code_of(device)})
    assert "Wait" in str(throttled.context["form"].errors["code"]) or "기다" in str(throttled.context["form"].errors)
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    wait_out_the_throttle(device)
    assert client.post(VERIFY, {"code": code_of(device)}).status_code == 302

    # The same code, replayed in another session, is refused.
    other = client.__class__()
    other.post(reverse("admin:login"), {"username": "officer", "password": PASSWORD})
    assert other.post(VERIFY, {"code": code_of(device)}).status_code == 200


@pytest.mark.parametrize("url", [
    "/admin/", "/admin/issues/issue/", "/admin/meetings/meeting/", "/exports/", "/exports/answers/",
    "/stats/report/2024.xlsx", "/admin/axes/accessattempt/", "/admin/otp_totp/totpdevice/",
])
def test_no_staff_page_opens_before_the_code(client, url):
    official = make_official(is_superuser=True)
    enrolled(official)
    client.force_login(official)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")


def test_an_unverified_session_cannot_post_an_admin_action(client):
    officer = make_officer()
    enrolled(officer)
    issue = make_issue(by=officer)
    client.force_login(officer)

    response = client.post("/admin/issues/issue/", {"action": "assign_to_me", "_selected_action": [issue.pk]})

    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    issue.refresh_from_db()
    assert issue.assignee is None and issue.state == State.DISCOVERY


def test_with_the_setting_off_the_password_is_enough(client, officer, settings):
    settings.STAFF_TWO_FACTOR = False
    log_in(client)

    assert client.get("/admin/").status_code == 200


def test_the_two_factor_pages_ask_for_the_password_first(client):
    assert client.get(VERIFY)["Location"].startswith(reverse("admin:login"))
    assert client.get(ENROL)["Location"].startswith(reverse("admin:login"))


def test_the_next_address_stays_on_this_site(client, officer):
    device = enrolled(officer)
    log_in(client)

    response = client.post(VERIFY, {"code": code_of(device), "next": "https://evil.example.com/"})

    assert response["Location"] == "/admin/"


def test_otp_reset_removes_a_lost_phone_and_the_next_login_enrols_again(client, officer):
    device = enrolled(officer)
    log_in(client)
    client.post(VERIFY, {"code": code_of(device)})
    assert client.get("/admin/").status_code == 200

    out = StringIO()
    call_command("otp_reset", "officer", stdout=out)

    assert "officer" in out.getvalue() and "staff_enrolment_link officer" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    # The session the lost phone verified must give a code again: there is none, so set up a new app.
    assert client.get("/admin/")["Location"].startswith(ENROL)
    with pytest.raises(CommandError):
        call_command("otp_reset", "nobody")
