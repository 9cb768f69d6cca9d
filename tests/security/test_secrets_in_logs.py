"""No log carries a status-link secret: what runserver, gunicorn (the Procfile's command), Django's request
warnings and the error e-mails write says `/track/[redacted]/…` instead, wherever the link appears (the
request line, the Referer, a query string, a redirect, the view's own variables)."""

import io
import logging
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from config.redaction import RedactSecrets, redact
from tests.base import make_issue
from tests.notices.stack import BASE_DIR, free_port, stop_group, tail, wait_for
from tests.security.servers import procfile_web_command, request, serve

# A secret as issues/links.py makes them (43 URL-safe characters), for the tests that need no issue.
MADE_UP = "q1W2e3R4t5Y6u7I8o9P0a-S_d1F2g3H4j5K6l7Z8x9C"


def test_redact_hides_the_secret_of_every_status_link_form():
    assert redact(f"GET /track/{MADE_UP}/ HTTP/1.1") == "GET /track/[redacted]/ HTTP/1.1"
    assert redact(f"/track/{MADE_UP}/messages/") == "/track/[redacted]/messages/"
    assert redact(f"https://desk.example/track/{MADE_UP}") == "https://desk.example/track/[redacted]"
    assert redact(f"/i18n/setlang/?next=%2Ftrack%2F{MADE_UP}%2F") == "/i18n/setlang/?next=%2Ftrack%2F[redacted]%2F"
    assert redact(f"/track/{MADE_UP}{MADE_UP}/") == "/track/[redacted]/"
    assert redact(f"issue for {MADE_UP}", secrets={MADE_UP}) == "issue for [redacted]"
    # Other pages under /track/ are not secrets.
    assert redact("POST /track/links/ HTTP/1.1") == "POST /track/links/ HTTP/1.1"
    assert redact("/track/") == "/track/"


def test_redact_hides_the_token_of_a_two_factor_enrolment_link():
    token = "12.34.0f1e2d3c4b5a69788796a5b4c3d2e1f0:1tX9aB:Zx-y_z12AbCdEfGh"
    assert redact(f"GET /accounts/two-factor/link/{token}/ HTTP/1.1") == (
        "GET /accounts/two-factor/link/[redacted]/ HTTP/1.1")
    assert token not in redact(f"/admin/login/?next=%2Faccounts%2Ftwo-factor%2Flink%2F{token}%2F")
    assert redact("/accounts/two-factor/enrol/") == "/accounts/two-factor/enrol/"


def test_the_not_found_warning_of_an_enrolment_link_names_no_token(db, console):
    token = "99.98.0f1e2d3c4b5a69788796a5b4c3d2e1f0:1tX9aB:Zx-y_z12AbCdEfGh"

    Client().get(f"/accounts/two-factor/link/{token}/no-such-page/")

    assert token not in console.getvalue()
    assert "Not Found: /accounts/two-factor/link/[redacted]/no-such-page/" in console.getvalue()


@pytest.fixture
def console():
    """What the root logger's console handler (settings.LOGGING) writes, as an operator reads it."""
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RedactSecrets) for f in h.filters))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_the_not_found_warning_of_a_status_link_names_no_secret(db, console):
    issue = make_issue()

    response = Client().get(f"/track/{issue.secret}/no-such-page/")

    assert response.status_code == 404
    written = console.getvalue()
    assert issue.secret not in written
    assert "WARNING django.request: Not Found: /track/[redacted]/no-such-page/" in written


def test_every_logging_handler_of_the_settings_redacts_first():
    # settings.LOGGING's handlers carry their names; the test runner's own do not.
    configured = {handler.name: handler for name in ("", "django", "django.server")
                  for handler in logging.getLogger(name or None).handlers if handler.name}

    assert sorted(configured) == ["console", "django.server", "mail_admins"]
    assert all(isinstance(handler.filters[0], RedactSecrets) for handler in configured.values())


def break_status_pages(monkeypatch):
    """From now on every status page fails with an error whose message holds the secret, deep inside the look-up."""
    def broken(secret):
        raise RuntimeError(f"no index for {secret}")
    monkeypatch.setattr("issues.links.hash_secret", broken)


def test_the_error_e_mail_of_a_failing_status_page_names_no_secret(db, console, settings, monkeypatch):
    settings.ADMINS = [("Operations", "ops@seoul.example.org")]
    issue = make_issue()
    break_status_pages(monkeypatch)
    link = f"/track/{issue.secret}/messages/"

    response = Client(raise_request_exception=False).post(
        link, {"body": "추가 자료입니다.", "next": f"/track/{issue.secret}/"},
        HTTP_REFERER=f"http://testserver/track/{issue.secret}/",
    )

    assert response.status_code == 500
    [report] = mail.outbox
    assert issue.secret not in report.subject + report.body
    assert "Internal Server Error: /track/[redacted]/messages/" in report.subject
    assert "Request URL: http://testserver/track/[redacted]/messages/" in report.body
    assert "no index for [redacted]" in report.body
    assert "HTTP_REFERER = 'http://testserver/track/[redacted]/'" in report.body
    assert issue.secret not in console.getvalue()
    assert "ERROR django.request: Internal Server Error: /track/[redacted]/messages/" in console.getvalue()


def test_the_debug_page_of_a_failing_status_page_names_no_secret(db, settings, monkeypatch):
    settings.DEBUG = True
    issue = make_issue()
    break_status_pages(monkeypatch)

    response = Client(raise_request_exception=False).get(f"/track/{issue.secret}/")

    page = response.content.decode()
    assert response.status_code == 500 and "RuntimeError" in page
    assert issue.secret not in page
    assert "/track/[redacted]/" in page


# --- Real servers: runserver and the Procfile's gunicorn, with a database of their own --------------

def visit_the_status_pages(port: int, secret: str) -> None:
    """A filer opens the link (coming back from another of its pages), writes a message, and mistypes a page."""
    status, headers, page = request(port, "GET", f"/track/{secret}/?from=/track/{secret}/messages/",
                                    headers={"Referer": f"http://127.0.0.1:{port}/track/{secret}/withdraw/"})
    assert status == 200, page[:2000]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    cookie = "; ".join(value.split(";")[0] for name, value in headers if name.lower() == "set-cookie")
    status, headers, _page = request(
        port, "POST", f"/track/{secret}/messages/", f"csrfmiddlewaretoken={token}&body=%EC%9E%90%EB%A3%8C".encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
         "Referer": f"http://127.0.0.1:{port}/track/{secret}/"},
    )
    assert status == 302 and dict(headers)["Location"] == f"/track/{secret}/"
    assert request(port, "GET", f"/track/{secret}/no-such-page/")[0] == 404


def wait_for_the_last_request(log_path: Path) -> str:
    """The server writes a request's line once the answer is sent: the log, once the last one is in it."""
    wait_for("the last request's line", lambda: '/no-such-page/ HTTP/1.1" 404' in log_path.read_text(),
             timeout=15, describe=lambda: tail(log_path, 4000))
    return log_path.read_text()


def log_of_a_visit(command, env, log_path: Path, port: int, secret: str) -> str:
    """What a real server started with `command` logs while a filer walks their status pages."""
    process = serve(command, env, log_path, port)
    try:
        visit_the_status_pages(port, secret)
        return wait_for_the_last_request(log_path)
    finally:
        stop_group(process)


def test_the_procfile_gunicorns_log_names_no_secret(site):
    env, secret, root = site
    port = free_port()
    log = log_of_a_visit(procfile_web_command(port), {**env, "ALLOWED_HOSTS": "127.0.0.1"}, root / "gunicorn.log",
                         port, secret)

    assert secret not in log
    # gunicorn's access log, in its default format: the request line and the Referer.
    assert re.search(r'"GET /track/\[redacted\]/\?from=/track/\[redacted\]/messages/ HTTP/1.1" 200 \d+ '
                     r'"http://127.0.0.1:\d+/track/\[redacted\]/withdraw/"', log), log
    assert re.search(r'"POST /track/\[redacted\]/messages/ HTTP/1.1" 302 ', log), log
    # And the app's own warning, which the workers write to the same stream.
    assert "WARNING django.request: Not Found: /track/[redacted]/no-such-page/" in log


def test_runservers_log_names_no_secret(site):
    env, secret, root = site
    port = free_port()
    log = log_of_a_visit([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                         env, root / "runserver.log", port, secret)

    assert secret not in log
    assert '"GET /track/[redacted]/?from=/track/[redacted]/messages/ HTTP/1.1" 200' in log
    assert '"POST /track/[redacted]/messages/ HTTP/1.1" 302' in log
    assert "Not Found: /track/[redacted]/no-such-page/" in log
    assert '"GET /track/[redacted]/no-such-page/ HTTP/1.1" 404' in log


WORKER_LOGS = f"""
import logging, sys
import django
from celery.utils.log import get_task_logger
from config.celery import app
django.setup()
app.log.setup(loglevel="INFO", logfile=sys.argv[1])  # as `celery worker` sets up its logging
logging.getLogger("issues.notices").warning("Notice for /track/%s/ not sent", "{MADE_UP}")
get_task_logger("issues.tasks").warning("Task saw /track/{MADE_UP}/messages/")
"""


def test_the_celery_workers_log_names_no_secret(tmp_path):
    env = {**os.environ, "SECRET_KEY": "insecure-key-for-tests-only", "DEBUG": "0"}
    done = subprocess.run([sys.executable, "-c", WORKER_LOGS, str(tmp_path / "worker.log")], cwd=BASE_DIR,  # noqa: S603
                          env=env, capture_output=True, text=True, timeout=60)

    assert done.returncode == 0, done.stderr
    log = (tmp_path / "worker.log").read_text()
    assert MADE_UP not in log
    assert "WARNING/MainProcess] Notice for /track/[redacted]/ not sent" in log
    assert "Task saw /track/[redacted]/messages/" in log


def test_every_gunicorn_log_atom_and_its_error_log_are_redacted(tmp_path):
    from gunicorn.config import Config

    from config.gunicorn_logger import Logger

    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("errorlog", str(tmp_path / "error.log"))
    config.set("access_log_format", "%(r)s|%(U)s|%(q)s|%(f)s|%({referer}i)s|%({location}o)s|%({raw_uri}e)s")
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": f"/track/{MADE_UP}/?next=/track/{MADE_UP}/", "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": f"/track/{MADE_UP}/", "QUERY_STRING": f"next=%2Ftrack%2F{MADE_UP}%2F",
        "HTTP_REFERER": f"https://desk.example/track/{MADE_UP}/",
    }
    response = type("Response", (), {"status": "302 Found", "sent": 0, "headers": [("Location", f"/track/{MADE_UP}/")]})
    request = type("Request", (), {"headers": [("REFERER", environ["HTTP_REFERER"])]})
    try:
        logger.access(response, request, environ, timedelta(milliseconds=3))
        logger.exception("Error handling request %s", environ["RAW_URI"])
    finally:
        for log in (logger.access_log, logger.error_log):
            for handler in list(log.handlers):
                log.removeHandler(handler)
                handler.close()

    assert (tmp_path / "access.log").read_text() == (
        "GET /track/[redacted]/?next=/track/[redacted]/ HTTP/1.1|/track/[redacted]/|next=%2Ftrack%2F[redacted]%2F|"
        "https://desk.example/track/[redacted]/|https://desk.example/track/[redacted]/|/track/[redacted]/|"
        "/track/[redacted]/?next=/track/[redacted]/\n"
    )
    errors = (tmp_path / "error.log").read_text()
    assert MADE_UP not in errors and "Error handling request /track/[redacted]/?next=/track/[redacted]/" in errors
