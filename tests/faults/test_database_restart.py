"""PostgreSQL restarted in the middle of a burst of filings (SPEC: nothing a user typed is ever lost).
The app runs under gunicorn against a cluster of the test's own; four browsers fill in the public form.
Each filing is answered with its receipt (302) or with a 503 page that says nothing was saved, never
a 500 or a broken connection; every acknowledged filing is complete in the database, none is half
written, and once PostgreSQL is back the same app files again without being restarted."""

import re
import threading
import time
from dataclasses import dataclass
from types import SimpleNamespace

import psycopg
import pytest
from django.utils import translation
from django.utils.translation import gettext

from companies.models import Company, Contact, Field
from issues.models import Issue, Notice, StatusChange
from tests.notices.test_delivery import form_data

from .stack import Browser

pytestmark = pytest.mark.postgres

NEW = "/issues/new/"
RECEIPT = re.compile(r"^/issues/receipt/(REG-\d{4}-\d{4,})/$")
NUMBER = re.compile(r"REG-\d{4}-\d{4,}")

BROWSERS = 4
FILINGS = 40
SPACING = 0.15  # seconds between two filings: the burst lasts about six seconds
STOP_AFTER = 1.5  # seconds into the burst; PostgreSQL is down for DOWN_FOR seconds, then starts again
DOWN_FOR = 2.0
NOTHING_SAVED = "Nothing was saved: what you sent did not reach our records."


def filing_data(field_id: int, number: int) -> dict:
    """What filer `number` types (tests/notices: each a title and an e-mail address of its own)."""
    return {**form_data(SimpleNamespace(pk=field_id), number), "ministry": ""}


@dataclass
class Filing:
    number: int
    browser: Browser
    status: int | str = ""
    location: str = ""
    retry_after: str = ""
    text: str = ""
    sent_at: float = 0.0

    @property
    def title(self) -> str:
        return filing_data(0, self.number)["title"]

    @property
    def receipt_number(self) -> str:
        match = RECEIPT.match(self.location)
        return match.group(1) if self.status == 302 and match else ""

    def send(self, field_id: int) -> None:
        self.sent_at = time.monotonic()
        try:
            self.status, headers, self.text = self.browser.submit(NEW, filing_data(field_id, self.number))
        except OSError as error:  # a reset or refused connection: what a filer must never get
            self.status = f"{type(error).__name__}: {error}"
            return
        self.location, self.retry_after = headers.get("Location", ""), headers.get("Retry-After", "")


def korean(message: str) -> str:
    with translation.override("ko"):
        return gettext(message)


def database_rows(database_url: str) -> dict:
    """Per issue in the app's database: its number and title, and whether each part of a filing is there."""
    issue, company, contact = Issue._meta.db_table, Company._meta.db_table, Contact._meta.db_table
    change, notice = StatusChange._meta.db_table, Notice._meta.db_table
    with psycopg.connect(database_url) as db:
        rows = db.execute(f"""
            SELECT i.number, i.title,
                   -- The company of the number filed (made by the first of its filings, linked or not), and the
                   -- filer as typed, with the contact made from it when the filing made the company.
                   EXISTS (SELECT 1 FROM {company} c WHERE c.business_number = i.filer_business_number),
                   i.filer_email <> '' AND (i.company_id IS NULL OR p.id IS NOT NULL),
                   EXISTS (SELECT 1 FROM {change} s WHERE s.issue_id = i.id AND s.from_state = ''
                           AND s.to_state = 'discovery'),
                   EXISTS (SELECT 1 FROM {notice} n WHERE n.issue_id = i.id AND n.kind = 'issue-received'
                           AND n.key = 'issue-received:' || i.id || ':filer')
            FROM {issue} i LEFT JOIN {contact} p ON p.id = i.contact_id
        """).fetchall()  # noqa: S608 - our own table names
    return {number: {"title": title, "parts": (has_company, has_contact, has_history, has_receipt)}
            for number, title, has_company, has_contact, has_history, has_receipt in rows}


def test_a_postgresql_restart_in_a_burst_of_filings_answers_each_with_its_receipt_or_a_503_and_loses_none(
    app_server, private_postgres,
):
    with psycopg.connect(app_server.database_url) as db:
        (field_id,) = db.execute(f"SELECT id FROM {Field._meta.db_table} WHERE code = 'healthcare'").fetchone()  # noqa: S608
    browsers = [Browser(app_server.url).open_form(NEW) for _ in range(BROWSERS)]
    filings = [Filing(number, browsers[number % BROWSERS]) for number in range(1, FILINGS + 1)]

    # Each browser sends its share of the filings, one every SPACING * BROWSERS seconds, while this
    # thread stops PostgreSQL (fast: open transactions are cut) and starts it again.
    started = time.monotonic()

    def send(share):
        for filing in share:
            time.sleep(max(0.0, started + filing.number * SPACING - time.monotonic()))
            filing.send(field_id)

    threads = [threading.Thread(target=send, args=(filings[index::BROWSERS],)) for index in range(BROWSERS)]
    for thread in threads:
        thread.start()
    time.sleep(STOP_AFTER)
    stopped_at = time.monotonic()
    private_postgres.stop("fast")
    time.sleep(DOWN_FOR)
    private_postgres.start()
    back_at = time.monotonic()
    for thread in threads:
        thread.join(timeout=60)
    burst_seconds = time.monotonic() - started

    answers = {filing.number: filing.status for filing in filings}
    unexpected = {filing.number: (filing.status, filing.text[:300]) for filing in filings
                  if filing.status not in (302, 503)}
    assert not unexpected, f"answers other than a receipt or a 503: {unexpected}\n{app_server.log_tail()}"
    acknowledged = [filing for filing in filings if filing.status == 302]
    refused = [filing for filing in filings if filing.status == 503]
    assert all(filing.receipt_number for filing in acknowledged), [f.location for f in acknowledged]
    # The restart came in the middle: filings were answered with receipts before it, and with 503
    # while PostgreSQL was down; every one sent once it was back got its receipt (the app reconnected).
    assert any(filing.sent_at < stopped_at for filing in acknowledged), answers
    assert refused, f"no filing met the restart: {answers}"
    after = [filing for filing in filings if filing.sent_at > back_at]
    assert after and all(filing.status == 302 for filing in after), [(f.number, f.status) for f in after]

    # A 503 is the page in Korean that says what became of the filing, logged as an error.
    saved_anyway = {}
    for filing in refused:
        assert 'lang="ko"' in filing.text
        if korean(NOTHING_SAVED) in filing.text:
            assert filing.retry_after == "60"
        else:  # committed, then the database went away before the receipt could be shown
            assert korean("Your report was received") in filing.text, filing.text
            saved_anyway[filing.number] = NUMBER.search(filing.text).group()
    assert "ERROR django.request: Service Unavailable: /issues/new/" in app_server.log_tail(200_000)
    assert "Internal Server Error" not in app_server.log_tail(200_000)

    # Every acknowledged filing is complete in the database; no issue is half written; a filing
    # answered "nothing was saved" is not there at all.
    rows = database_rows(app_server.database_url)
    by_title = {row["title"]: number for number, row in rows.items()}
    for filing in acknowledged:
        assert rows[filing.receipt_number]["title"] == filing.title
    for number, issue_number in saved_anyway.items():
        assert rows[issue_number]["title"] == filings[number - 1].title
    half_written = {number: row["parts"] for number, row in rows.items() if not all(row["parts"])}
    assert not half_written, f"(company, filer and contact, first history row, receipt owed): {half_written}"
    not_saved = [filing for filing in refused if filing.number not in saved_anyway]
    assert not [filing.title for filing in not_saved if filing.title in by_title]
    assert len(rows) == len(acknowledged) + len(saved_anyway)

    # Each browser sees the receipt of each of its filings, and files again: the app reconnected.
    for filing in acknowledged:
        status, _headers, text = filing.browser.request(filing.location)
        assert status == 200 and filing.receipt_number in text, (filing.location, status)
    again = [Filing(FILINGS + 1 + index, browser) for index, browser in enumerate(browsers)]
    for filing in again:
        filing.send(field_id)
    assert [filing.status for filing in again] == [302] * BROWSERS, [f.text[:300] for f in again]

    print(f"\n{len(acknowledged)} receipts, {len(refused)} answered 503 ({len(saved_anyway)} of them saved), "
          f"burst {burst_seconds:.1f} s, PostgreSQL down {back_at - stopped_at:.1f} s")
