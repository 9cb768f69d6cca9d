"""What a filing on /issues/new/ costs, and what it keeps: a fixed number of statements (the tracking
number, then one transaction of inserts), no session row, no similar-issues analyser; the issue, its
history row, its audit row, its citations and its owed receipt commit together, or nothing does; the
receipt is remembered in a signed cookie that never holds the status link in clear."""

import base64
import json

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from companies.models import Company, Contact
from issues import links, services
from issues.intake import views
from issues.models import Citation, Issue, Notice, StatusChange, TrackingCounter
from issues.similar import terms
from tests.base import STATUS_LINK, business_number, intake, link_in

NEW = "/issues/new/"


def statements(client, data) -> list[str]:
    # The form's choices come from the cache, as after any first page of the form since they changed.
    assert client.get(NEW).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.post(NEW, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return [query["sql"] for query in captured.captured_queries]


def test_a_filing_for_a_new_company_takes_ten_statements(client, intake_data):
    sql = statements(client, intake_data())

    # The number (in autocommit), then one transaction: company, contact, issue, its audit row, its first
    # history row, its citation of 의료법 제34조 and its receipt owed. No look-up, no savepoint but the
    # test's own transaction, no session.
    assert len(sql) == 10, "\n".join(sql)
    assert "issues_trackingcounter" in sql[0]
    assert not [statement for statement in sql if "django_session" in statement or statement.startswith("SELECT")]


def test_a_filing_for_a_known_company_takes_nine(client, intake_data):
    statements(client, intake_data())

    sql = statements(client, intake_data(title="두 번째 과제"))

    assert len(sql) == 9, "\n".join(sql)
    assert Company.objects.count() == 1 and Issue.objects.filter(company=None).count() == 1


def test_the_form_page_reads_nothing_from_the_database_once_its_choices_are_cached(client, db):
    client.get(NEW)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(NEW)

    assert response.status_code == 200
    assert len(captured) == 0, [query["sql"] for query in captured.captured_queries]
    page = response.content.decode()
    assert "디지털 헬스케어" in page and "보건복지부" in page


def test_an_anonymous_visitor_gets_no_session_from_the_form_or_a_filing(client, intake_data):
    page = client.get(NEW)
    filing = client.post(NEW, intake_data())
    receipt = client.get(filing["Location"])

    assert (page.status_code, filing.status_code, receipt.status_code) == (200, 302, 200)
    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies


def test_a_field_or_ministry_added_in_the_admin_is_offered_at_once(client, db):
    from companies.models import Field, Organization

    client.get(NEW)
    Field.objects.create(code="space", name="우주항공", name_en="Space", position=99)
    Organization.objects.create(name="우주항공청", name_en="Korea AeroSpace Administration", kind="ministry")

    page = client.get(NEW).content.decode()

    assert "우주항공" in page and "우주항공청" in page


def test_a_field_taken_off_the_form_is_refused_as_any_unknown_choice(client, intake_data):
    from companies.models import Field

    data = intake_data()
    client.get(NEW)
    field = Field.objects.get(pk=data["field"])
    field.is_active = False
    field.save()

    response = client.post(NEW, data)

    assert response.status_code == 200 and not Issue.objects.exists()
    with translation.override("ko"):
        assert escape(gettext("Select a valid choice. That choice is not one of the available choices.")) in (
            response.content.decode())


def test_filing_never_loads_the_similar_issues_analyser(client, intake_data, monkeypatch):
    def refuse():
        raise AssertionError("Kiwi loaded during a filing")

    monkeypatch.setattr(terms, "_analyser", refuse)

    assert client.post(NEW, intake_data()).status_code == 302


# --- The receipt, remembered in a signed cookie


def test_the_receipt_cookie_holds_the_link_sealed_never_in_clear(client, intake_data):
    response = client.post(NEW, intake_data())
    cookie = client.cookies[views.RECEIPT_COOKIE]
    receipt = client.get(response["Location"])
    secret = link_in(receipt.content.decode())

    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/issues/"
    payload = cookie.value.split(":")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    assert secret not in cookie.value and secret not in decoded
    (issue_id,) = json.loads(decoded)["filed"]
    sealed = json.loads(decoded)["link"][1]
    assert issue_id == Issue.objects.get().pk and links.unseal(sealed) == secret


def test_after_its_first_view_the_cookie_no_longer_holds_the_link(client, intake_data):
    response = client.post(NEW, intake_data())
    first = client.get(response["Location"]).content.decode()
    again = client.get(response["Location"])

    assert STATUS_LINK.search(first)
    assert again.status_code == 200 and not STATUS_LINK.search(again.content.decode())
    held = signing.loads(client.cookies[views.RECEIPT_COOKIE].value, salt=views.RECEIPT_SALT)
    assert held == {"filed": [Issue.objects.get().pk], "link": None}


def test_a_browser_keeps_the_receipts_of_its_last_ten_filings(client, intake_data, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "intake": 20}
    numbers = [client.post(NEW, intake_data(title=f"과제 {n}"))["Location"] for n in range(11)]

    statuses = [client.get(location).status_code for location in numbers]

    assert statuses == [404] + [200] * 10


def test_a_cookie_made_elsewhere_opens_no_receipt(client, intake_data):
    response = client.post(NEW, intake_data())
    issue = Issue.objects.get()

    client.cookies[views.RECEIPT_COOKIE] = signing.dumps({"filed": [issue.pk], "link": None}, salt="another")
    forged = client.get(response["Location"])
    client.cookies[views.RECEIPT_COOKIE] = "not-a-signed-value"
    garbage = client.get(response["Location"])

    assert (forged.status_code, garbage.status_code) == (404, 404)


def test_with_cookies_refused_the_form_is_refused_by_its_csrf_check_and_nothing_is_filed(intake_data):
    # A browser that stores no cookie cannot file at all, as before: the CSRF check needs its cookie.
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(NEW).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    browser.cookies.clear()

    response = browser.post(NEW, {**intake_data(), "csrfmiddlewaretoken": token})

    assert response.status_code == 403
    assert not Issue.objects.exists()


def test_without_the_receipt_cookie_the_receipt_is_not_found_and_the_e_mail_brings_the_link(
        client, intake_data, committed):
    from django.core import mail

    with committed():
        response = client.post(NEW, intake_data())
    client.cookies.pop(views.RECEIPT_COOKIE)

    assert client.get(response["Location"]).status_code == 404
    (message,) = mail.outbox
    assert Issue.objects.get().secret_hash == links.hash_secret(link_in(message.body))


# --- All or nothing


def _refusing(table: str):
    def refuse(execute, sql, params, many, context):
        if sql.startswith("INSERT") and f'"{table}"' in sql.split("(", 1)[0]:
            raise DatabaseError(f"{table} refused")
        return execute(sql, params, many, context)
    return connection.execute_wrapper(refuse)


AUDIT_TABLE = Issue.audit.model._meta.db_table


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("table", [
    "companies_contact", AUDIT_TABLE, StatusChange._meta.db_table, Citation._meta.db_table, Notice._meta.db_table,
])
def test_a_write_that_fails_anywhere_in_a_filing_leaves_nothing_of_it(table):
    kept = services.submit_issue(intake(business_number=business_number(), contact_email="first@example.com"))

    with _refusing(table), pytest.raises(DatabaseError):
        services.submit_issue(intake(business_number=business_number(), title="실패할 과제"))

    assert list(Issue.objects.values_list("pk", flat=True)) == [kept.pk]
    assert Issue.audit.model.objects.count() == 1
    assert (Company.objects.count(), Contact.objects.count(), StatusChange.objects.count()) == (1, 1, 1)
    assert (Citation.objects.count(), Notice.objects.count()) == (1, 1)
    # Its number was taken before the transaction and is not handed out again: a gap, never a repeat.
    after = services.submit_issue(intake(business_number=business_number(), contact_email="third@example.com"))
    assert int(after.number[-4:]) == int(kept.number[-4:]) + 2
    assert TrackingCounter.objects.get().last == int(after.number[-4:])


@pytest.mark.django_db(transaction=True)
def test_a_filing_refused_by_the_database_on_the_form_leaves_nothing_and_no_receipt(intake_data):
    browser = Client(raise_request_exception=False)

    with _refusing(Notice._meta.db_table):
        response = browser.post(NEW, intake_data())

    assert response.status_code == 500
    assert not Issue.objects.exists() and not Company.objects.exists()
    assert views.RECEIPT_COOKIE not in browser.cookies


def test_the_first_audit_row_is_the_issue_as_filed_by_nobody_signed_in(client, intake_data):
    client.post(NEW, intake_data(title="감사 기록 확인"))

    issue = Issue.objects.get(title="감사 기록 확인")
    (row,) = issue.audit.all()
    assert (row.history_type, row.history_user_id, row.history_change_reason) == ("+", None, None)
    # Every column of the issue as it was saved, as django-simple-history copies it after a save.
    assert (row.number, row.title, row.state, row.filer_email, row.company_id, row.filed_at) == (
        issue.number, "감사 기록 확인", "discovery", issue.filer_email, issue.company_id, issue.filed_at)
    assert not hasattr(row, "secret_hash") and not hasattr(row, "similarity_terms")


def test_an_officer_filing_for_a_company_is_named_in_the_first_audit_row(db):
    from tests.base import make_officer

    officer = make_officer()
    issue = services.submit_issue({**intake(title="담당자 접수"), "field": None}, source=Issue.Source.OFFICER,
                                  by=officer)
    assert list(issue.audit.values_list("history_type", "history_user")) == [("+", officer.pk)]
