"""Status links nobody can recover: the database keeps a keyed hash of each secret, never the secret;
the receipt shows the link once, its e-mail carries it, and a lost link is replaced, never given back."""

import re
import sqlite3
import subprocess

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from companies.models import Field
from issues import links, services
from issues.models import Issue, Notice
from issues.notices import outbox
from tests.base import FILER_EMAIL, intake

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/track/([A-Za-z0-9_-]{43})/")


def file_on_the_form(client, committed, **fields):
    post = {**intake(**fields), "field": Field.objects.first().pk, "privacy_consent": "on", "homepage": ""}
    with committed():
        response = client.post(reverse("issues-new"), post)
    assert response.status_code == 302, response.content[:2000]
    return client.get(response["Location"], headers={"Accept-Language": "en"})


def lookup(number: str, email: str) -> dict:
    return {"lookup-number": number, "lookup-email": email}


def secret_in(text: str) -> str:
    (secret,) = set(LINK.findall(text))
    return secret


def test_the_receipt_shows_the_link_once_and_the_e_mail_carries_the_same_working_link(client, db, committed):
    receipt = file_on_the_form(client, committed)
    shown = secret_in(receipt.content.decode())

    again = client.get(receipt.wsgi_request.path, headers={"Accept-Language": "en"}).content.decode()
    (message,) = mail.outbox

    assert not LINK.search(again)
    assert "cannot be shown again" in again
    assert secret_in(message.body) == shown
    assert client.get(reverse("issues-status", args=[shown])).status_code == 200


def test_the_issue_row_holds_a_keyed_hash_that_is_not_the_secret(client, db, committed):
    shown = secret_in(file_on_the_form(client, committed).content.decode())
    issue = Issue.objects.get()

    assert issue.secret_hash == links.hash_secret(shown)
    assert len(issue.secret_hash) == 64 and shown not in issue.secret_hash
    assert not hasattr(Issue, "secret")


def test_a_hash_made_under_another_key_opens_nothing(client, db, committed, settings):
    shown = secret_in(file_on_the_form(client, committed).content.decode())

    settings.STATUS_LINK_KEY = "another-key"

    assert client.get(reverse("issues-status", args=[shown])).status_code == 404


def test_the_outbox_holds_the_receipts_link_sealed_and_forgets_it_once_sent(db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the notice stays owed: nothing sends it yet
    settings.CELERY_BROKER_URL = "memory://localhost/"
    issue = services.submit_issue(intake())
    notice = Notice.objects.get(kind="issue-received")

    assert issue.secret not in str(notice.context)
    assert links.unseal(notice.context["link_token"]) == issue.secret

    outbox.deliver(notice.pk)

    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT and "link_token" not in notice.context
    assert issue.secret in mail.outbox[0].body


def test_later_notices_carry_no_link_but_say_where_to_get_a_new_one(db, committed):
    from tests.base import make_officer

    with committed():
        issue = services.submit_issue(intake())
        services.add_note(issue, "추가 자료를 보내 주십시오.", by=make_officer(), asks_filer=True)

    later = mail.outbox[-1]
    assert not LINK.search(later.body)
    assert "http://testserver/track/" in later.body


def test_send_my_links_replaces_the_link_and_the_old_one_stops_working(client, db, committed):
    old = secret_in(file_on_the_form(client, committed).content.decode())
    mail.outbox.clear()

    with committed():
        client.post(reverse("issues-links"), {"links-email": FILER_EMAIL})

    (message,) = mail.outbox
    new = secret_in(message.body)
    assert new != old
    assert client.get(reverse("issues-status", args=[new])).status_code == 200
    assert client.get(reverse("issues-status", args=[old])).status_code == 404


def test_a_number_and_e_mail_send_a_new_link_instead_of_opening_the_status_page(client, db, committed):
    file_on_the_form(client, committed)
    issue = Issue.objects.get()
    mail.outbox.clear()

    with committed():
        response = client.post(reverse("issues-track"), lookup(issue.number, FILER_EMAIL), follow=True)

    assert response.redirect_chain[-1][0] == reverse("issues-track")
    assert not LINK.search(response.content.decode())
    (message,) = mail.outbox
    assert message.to == [FILER_EMAIL] and issue.number in message.body
    assert client.get(reverse("issues-status", args=[secret_in(message.body)])).status_code == 200


def test_a_wrong_pair_gets_the_same_answer_and_sends_nothing(client, db, committed):
    file_on_the_form(client, committed)
    issue = Issue.objects.get()
    mail.outbox.clear()

    with committed():
        wrong = client.post(reverse("issues-track"), lookup(issue.number, "other@example.com"), follow=True)
        right = client.post(reverse("issues-track"), lookup(issue.number, FILER_EMAIL), follow=True)

    assert len(mail.outbox) == 1 and mail.outbox[0].to == [FILER_EMAIL]
    say = re.compile(r'<div class="messages?[^"]*".*?</div>', re.S)
    assert say.findall(wrong.content.decode()) == say.findall(right.content.decode())


def _database_bytes(tmp_path) -> bytes:
    """Every byte the database holds: a copy of the SQLite file, or a pg_dump of the PostgreSQL database."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "copy.sqlite3"
        target = sqlite3.connect(copy)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return copy.read_bytes()
    settings_dict = connection.settings_dict
    dump = subprocess.run(  # noqa: S603 - our own test database's dump
        ["pg_dump", "--data-only", "-h", settings_dict["HOST"] or "127.0.0.1",  # noqa: S607 - PATH's pg_dump
         "-p", str(settings_dict["PORT"] or 5432), "-U", settings_dict["USER"], settings_dict["NAME"]],
        capture_output=True, check=True, timeout=120,
    )
    return dump.stdout


@pytest.mark.django_db(transaction=True)
def test_no_status_link_secret_is_anywhere_in_the_database_after_a_filing(client, tmp_path, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the receipt e-mail still owed: its row holds the link, sealed
    settings.CELERY_BROKER_URL = "memory://localhost/"
    post = {**intake(), "field": Field.objects.first().pk, "privacy_consent": "on", "homepage": ""}
    shown = secret_in(client.get(client.post(reverse("issues-new"), post)["Location"]).content.decode())
    client.post(reverse("issues-links"), {"links-email": FILER_EMAIL})
    fresh = links.unseal(Notice.objects.get(kind="links-requested").context["link_tokens"][str(Issue.objects.get().pk)])

    everything = _database_bytes(tmp_path)

    assert len(everything) > 10_000 and Issue.objects.get().number.encode() in everything
    for secret in (shown, fresh):
        assert secret.encode() not in everything
