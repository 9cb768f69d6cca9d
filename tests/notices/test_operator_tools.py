"""What an operator does about notices, against the real SMTP sink (tests/notices/stack.py): a notice the mail
server refuses for good (5xx) fails at once with the server's answer; the admin's "Send the failed notices
again" makes it owed again, and `manage.py send_notices` delivers it. A temporary refusal (4xx) leaves it owed,
and a server that stalls is given up at the workers' time limit."""

import io
import smtplib
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from issues.models import Notice
from issues.notices import outbox
from tests.base import FILER_EMAIL, make_issue, make_user

from .stack import TarpitSmtp


@pytest.fixture
def mail_to_sink(settings, smtp_sink):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return smtp_sink


@pytest.fixture
def receipt(db, mail_to_sink):
    """The filer's receipt, owed by a filing and not sent yet (the test's transaction never commits)."""
    issue = make_issue()
    return Notice.objects.get(issue=issue, recipient=FILER_EMAIL, kind="issue-received")


def test_a_permanent_refusal_fails_at_once_and_the_admin_and_send_notices_deliver_it_later(
        receipt, mail_to_sink, client):
    mail_to_sink.refusing, mail_to_sink.refusal = True, "550 5.1.1 No such mailbox here"
    with pytest.raises(smtplib.SMTPRecipientsRefused):  # recorded on the row, then raised for the log
        outbox.deliver(receipt.pk)

    receipt.refresh_from_db()
    assert (receipt.status, receipt.attempts) == ("failed", 1)
    assert "550" in receipt.last_error and "No such mailbox here" in receipt.last_error
    assert mail_to_sink.received() == []

    # The mail server is fixed; an operator sends the failed notices again from the outbox's list.
    mail_to_sink.refusing = False
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    response = client.post(reverse("admin:issues_notice_changelist"),
                           {"action": "retry", "_selected_action": [receipt.pk]}, follow=True)
    assert "발송 실패한 알림 1건을 다시 발송 대기로 돌렸습니다." in response.content.decode()
    receipt.refresh_from_db()
    assert (receipt.status, receipt.attempts) == ("pending", 0)

    out = io.StringIO()
    call_command("send_notices", stdout=out)
    assert out.getvalue().strip() == "발송: 1건. 실패(재발송 대기): 0건."
    receipt.refresh_from_db()
    assert receipt.status == "sent"
    assert [arrival.to for arrival in mail_to_sink.received()] == [FILER_EMAIL]


def test_a_temporary_refusal_leaves_the_notice_owed_for_a_later_attempt(receipt, mail_to_sink):
    mail_to_sink.refusing = True  # 451: try again later
    out = io.StringIO()
    call_command("send_notices", stdout=out)

    assert out.getvalue().strip() == "발송: 0건. 실패(재발송 대기): 1건."
    receipt.refresh_from_db()
    assert (receipt.status, receipt.attempts) == ("pending", 1)
    assert receipt.next_attempt_at is not None
    assert "451" in receipt.last_error


def test_send_notices_stops_a_send_to_a_stalled_server_at_the_workers_time_limit(db, settings):
    # A server that never finishes its greeting: no socket timeout fires, only the command's own limit.
    tarpit = TarpitSmtp(interval=0.5).start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", tarpit.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.NOTICE_SEND_TIME_LIMIT = 7  # the soft limit, five seconds earlier: 2 s
        notice = Notice.objects.get(issue=make_issue(), kind="issue-received")

        out = io.StringIO()
        started = time.monotonic()
        call_command("send_notices", stdout=out)

        assert 2 <= time.monotonic() - started < 5
        assert out.getvalue().strip() == "발송: 0건. 실패(재발송 대기): 1건."
        notice.refresh_from_db()
        assert (notice.status, notice.attempts) == ("pending", 1)
        assert "longer than 2 s" in notice.last_error
    finally:
        tarpit.stop()
