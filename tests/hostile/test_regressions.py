"""Bugs the hostile tests found, each pinned by a plain test (run on SQLite and on PostgreSQL)."""

import pytest
from django.test import Client

from companies.models import Field, Organization
from issues.models import Issue, Notice
from tests.base import business_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def intake(**overrides):
    return {
        "company_name": "브이엠에스홀딩스", "business_number": business_number("220811234", dashed=True),
        "ceo_name": "김지석",
        "field": Field.objects.filter(is_active=True).first().pk, "contact_name": "이서연",
        "contact_email": "seoyeon@example.com", "contact_phone": "010-2345-6789", "title": "비대면 진료 허용",
        "problem": "선원은 진료를 받지 못합니다.", "improvement": "비대면 진료를 허용해 주십시오.",
        "ministry": Organization.objects.filter(kind=Organization.Kind.MINISTRY).first().pk,
        "privacy_consent": "on", **overrides,
    }


# "İ" passes Django's e-mail check and lower-cases to two characters ("i̇"): a valid address of 254
# characters grew past the 254 the database column holds, and PostgreSQL refused the whole submission.
LONG_WHEN_LOWERED = "İ" * 60 + "@" + "example.com"


def test_an_address_that_grows_when_lower_cased_is_refused_with_a_message(client):
    response = client.post("/issues/new/", intake(contact_email="İ" * 64 + "@" + ("e" * 60 + ".") * 3 + "com"))

    assert response.status_code == 200
    assert "role=\"alert\"" in response.content.decode()
    assert not Issue.objects.exists()


def test_an_address_that_grows_when_lower_cased_but_still_fits_is_filed_in_lower_case(client):
    response = client.post("/issues/new/", intake(contact_email=LONG_WHEN_LOWERED))

    assert response.status_code == 302
    issue = Issue.objects.get()
    assert issue.contact.email == LONG_WHEN_LOWERED.lower()
    assert Notice.objects.get(issue=issue).recipient == LONG_WHEN_LOWERED.lower()


def test_a_receipt_address_with_a_nul_byte_is_not_found(client):
    # Only a session that filed issues looks a receipt up in the database: file one first.
    assert client.post("/issues/new/", intake()).status_code == 302

    response = client.get("/issues/receipt/REG-2024-%00/")

    assert response.status_code == 404


# A quoted cookie value may carry octal escapes ("\000"), which Django decodes: a NUL in the session key
# reached PostgreSQL, which refused the query, and every page answered 500 to that browser.
@pytest.mark.parametrize("key", ["\x00" * 8, "abcdefgh\x00", "í³¿" * 10, "A" * 32, "a" * 10_000])
def test_a_session_cookie_of_any_text_starts_a_new_session(client, settings, key):
    client.cookies[settings.SESSION_COOKIE_NAME] = key

    response = client.get("/issues/new/")

    assert response.status_code == 200


@pytest.mark.parametrize("query", ["?state__exact=%00", "?q=%00", "?%00=1", "?o=1%002"])
def test_a_nul_in_the_query_string_is_a_bad_request_not_a_server_error(client, query):
    from tests.base import make_officer

    client.force_login(make_officer())
    for path in ["/admin/issues/issue/", "/exports/", "/stats/", "/"]:
        response = client.get(path + query)
        assert response.status_code == 400, (path, response.status_code)
