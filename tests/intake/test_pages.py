"""Every public page: a title of its own, Korean by default, English on request, no server error."""

import re

import pytest
from django.test import override_settings

from . import files


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_the_landing_page_offers_both_ways_in_the_phone_and_the_language_switch(client, db):
    page = client.get("/").content.decode()

    assert '<html lang="ko">' in page
    assert 'href="/issues/new/"' in page and 'href="/track/"' in page
    assert "02-2133-3119" in page
    assert 'action="/i18n/setlang/"' in page and '<label for="language-select"' in page


def test_english_is_one_switch_away(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = client.get("/").content.decode()

    assert '<html lang="en">' in page and "Report a regulation" in page


def test_every_public_page_has_a_title_of_its_own(client, intake_data, settings):
    response = client.post("/issues/new/", {**intake_data(), "attachments": [files.upload("a.pdf", files.PDF)]})
    receipt = client.get(response["Location"])
    secret = re.search(r"/track/([A-Za-z0-9_-]{43})/", receipt.content.decode()).group(1)
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": 0}

    pages = {
        "landing": client.get("/"),
        "new": client.get("/issues/new/"),
        "receipt": receipt,
        "status": client.get(f"/track/{secret}/"),
        "withdraw": client.get(f"/track/{secret}/withdraw/"),
        "track": client.get("/track/"),
        "404": client.get("/track/" + "Z" * 43 + "/"),
        "429": client.post("/track/", {"lookup-number": "REG-2024-0001", "lookup-email": "a@example.com"}),
    }

    titles = {name: title_of(page) for name, page in pages.items()}
    assert [pages[name].status_code for name in pages] == [200] * 6 + [404, 429]
    assert len(set(titles.values())) == len(titles), titles


def test_an_error_page_title_says_there_is_an_error(client, intake_data):
    response = client.post("/issues/new/", intake_data(title=""))

    assert title_of(response).startswith(("Error:", "오류:"))


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=3)
def test_more_files_than_the_server_parses_is_a_bad_request_not_a_server_error(client, intake_data):
    response = client.post("/issues/new/", {**intake_data(),
                                            "attachments": [files.upload(f"{n}.pdf", files.PDF) for n in range(4)]})

    assert response.status_code == 400


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused_cleanly(client, db, method):
    assert getattr(client, method)("/issues/new/").status_code == 405


def test_an_expired_form_gets_a_friendly_page(db, intake_data):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/issues/new/", intake_data())

    assert response.status_code == 403
    assert "<h1>" in response.content.decode() and "<title>" in response.content.decode()
