"""What a visitor gets when the database does not answer (config.views.server_error), in both passes of
the suite: a 503 in Korean that says what became of what they sent, rendered without the database.
The failing database is played by a query wrapper (Django's `connection.execute_wrapper`) that answers
every query, or the session's only, as PostgreSQL answers during a restart; test_database_restart.py
restarts a real one."""

import logging

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.translation import gettext

from companies.models import Field
from config.views import server_error
from issues.intake import views
from issues.models import Issue, Notice, StatusChange
from tests.notices.test_delivery import form_data

NEW = "/issues/new/"


def korean(message: str) -> str:
    with translation.override("ko"):
        return gettext(message)


def down(only: str = ""):
    """Every query (or every query that mentions `only`) fails as on a server that went away."""
    def refuse(execute, sql, params, many, context):
        if only in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)
    return connection.execute_wrapper(refuse)


@pytest.fixture
def browser():
    # A browser sees the error page; the test client would raise the request's exception instead.
    return Client(raise_request_exception=False)


@pytest.fixture
def healthcare(db):
    # get_or_create: a transactional test before this one may have flushed what the migration made.
    return Field.objects.get_or_create(code="healthcare", defaults={"name": "헬스케어", "name_en": "Healthcare"})[0]


def test_a_page_asked_for_while_the_database_is_down_is_a_503_asking_to_try_again_in_a_minute(
    browser, healthcare, caplog,
):
    with down():
        response = browser.get(NEW)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store, private"
    page = response.content.decode()
    assert '<html lang="ko">' in page
    assert korean("This page cannot be shown right now. Please try again in a minute.") in page
    assert korean("Nothing was saved: what you sent did not reach our records.") not in page
    # Logged as an error, with what went wrong.
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "Service Unavailable: /issues/new/"
    assert isinstance(record.exc_info[1], OperationalError)


def test_a_filing_sent_while_the_database_is_down_gets_a_503_saying_nothing_was_saved_and_to_go_back(
    browser, healthcare,
):
    # This browser filed before: it holds a session, which the error page must not read.
    assert browser.post(NEW, form_data(healthcare, 1)).status_code == 302

    with down():
        response = browser.post(NEW, form_data(healthcare, 2), HTTP_ACCEPT_LANGUAGE="ko")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert korean("Nothing was saved: what you sent did not reach our records.") in page
    assert korean("Go back with your browser's Back button: the form usually still holds what you typed "
                  "(attached files must be chosen again). Then send it again in a minute.") in page
    assert list(Issue.objects.values_list("title", flat=True)) == [form_data(healthcare, 1)["title"]]


def test_the_503_page_speaks_english_to_an_english_browser(browser, healthcare):
    with down():
        response = browser.post(NEW, form_data(healthcare, 1), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert '<html lang="en">' in response.content.decode()
    assert "Nothing was saved" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_filing_saved_before_the_database_went_away_gets_its_number_not_a_request_to_send_it_again(
    browser, healthcare, monkeypatch,
):
    # The filing commits; then the database goes away before the answer is made.
    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views.ratelimit, "count", gone)
    response = browser.post(NEW, form_data(healthcare, 1))

    issue = Issue.objects.get()
    assert response.status_code == 503
    assert "Retry-After" not in response
    page = response.content.decode()
    assert korean("Your report was received") in page
    assert issue.number in page
    assert korean("Nothing was saved: what you sent did not reach our records.") not in page
    # It is complete, and its receipt is owed: the e-mail brings the status link the page could not show.
    assert StatusChange.objects.filter(issue=issue, from_state="").exists()
    assert Notice.objects.filter(issue=issue, kind="issue-received").exists()


@pytest.mark.django_db(transaction=True)
def test_a_filing_needs_no_session_so_a_sessions_table_that_does_not_answer_costs_it_nothing(browser, healthcare):
    # The receipt is remembered in a signed cookie: nothing of the filing reads or writes a session row.
    with down(only=Session._meta.db_table):
        response = browser.post(NEW, form_data(healthcare, 1))
        receipt = browser.get(response["Location"])

    issue = Issue.objects.get()
    assert response.status_code == 302 and receipt.status_code == 200
    assert issue.number in receipt.content.decode()


def test_any_other_error_is_still_the_500_page():
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Retry-After" not in response
