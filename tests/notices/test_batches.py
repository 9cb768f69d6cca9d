"""Notices sent in batches over one mail connection (notices/outbox.py claim_batch, deliver_batch, Mailer):
which rows a claim takes, that two claims never share one, that a task handed to a new process takes
back its own, and what a failure halfway leaves. On both databases: no worker needed."""

import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.utils import timezone

from issues.models import Notice
from issues.notices import outbox
from tests.base import make_issue

pytestmark = pytest.mark.django_db


class CountingBackend(SmtpBackend):
    """A mail server that counts the sessions opened to it and refuses (451) the notice `refuse` (the SMTP
    backend, without the network: only a mail server's session is kept from one notice to the next)."""

    opened = 0
    keys: list = []
    refuse = ""

    def open(self):
        CountingBackend.opened += 1
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        for message in messages:
            if message.extra_headers["X-Notice-Key"] == CountingBackend.refuse:
                raise smtplib.SMTPSenderRefused(451, b"Try again later", "noreply@localhost")
            CountingBackend.keys.append(message.extra_headers["X-Notice-Key"])
        return len(messages)


@pytest.fixture
def server(settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened, CountingBackend.keys, CountingBackend.refuse = 0, [], ""
    outbox.mailer.close()
    yield CountingBackend
    outbox.mailer.close()


def owe(count: int) -> list[Notice]:
    """`count` receipts owed, oldest first (no task runs: the tests' transactions never commit)."""
    notices = [Notice.objects.get(issue=make_issue(contact_email=f"f{number}@example.com"), kind="issue-received")
               for number in range(count)]
    for minutes, notice in enumerate(notices):  # owed a minute apart, so "oldest" means something
        Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(minutes=60 - minutes))
    return notices


def pks(notices) -> list[int]:
    return [notice.pk for notice in notices]


def test_a_task_s_claim_takes_its_own_notice_and_the_oldest_others_owed(server):
    first, second, third, fourth, fifth = owe(5)

    assert pks(outbox.claim_batch("task-a", first=fourth.pk, size=3)) == pks([first, second, fourth])
    # Another claim gets none of them, only what is left.
    assert pks(outbox.claim_batch("task-b", size=10)) == pks([third, fifth])
    assert pks(outbox.claim_batch("task-c", size=10)) == []
    assert Notice.objects.filter(claimed_by="task-a").count() == 3


def test_a_notice_waiting_for_its_retry_is_not_taken_along_but_its_own_task_takes_it(server):
    waiting, other = owe(2)
    Notice.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))

    assert pks(outbox.claim_batch("sweep:1", size=10)) == [other.pk]
    assert pks(outbox.claim_batch("task-of-the-retry", first=waiting.pk)) == [waiting.pk]


def test_the_same_task_in_a_new_process_takes_back_what_it_had_claimed_and_nobody_else_does(server):
    notices = owe(3)
    assert len(outbox.claim_batch("task-a", first=notices[0].pk)) == 3
    # Its process died: the rows stay claimed. Another task or a sweep cannot take them…
    assert outbox.claim_batch("task-b", size=10) == []
    assert outbox.claim(notices[1].pk, "task-b") is False
    # …the same task, handed over by Celery, can.
    assert pks(outbox.claim_batch("task-a", first=notices[0].pk)) == pks(notices)
    assert outbox.claim(notices[2].pk, "task-a") is True


def test_one_connection_carries_a_batch_and_the_next_ones(server):
    notices = owe(5)
    assert outbox.deliver_batch("task-a", first=notices[0].pk, size=3) == (3, 3)
    assert outbox.deliver_batch("task-b", first=notices[3].pk, size=3) == (2, 2)

    assert server.opened == 1
    assert server.keys == [notice.key for notice in notices]
    assert Notice.objects.filter(status=Notice.Status.SENT, attempts=1).count() == 5


def test_a_refusal_halfway_records_that_notice_and_hands_back_the_rest_due_at_once(server, settings):
    first, second, third, fourth = owe(4)
    server.refuse = second.key

    with pytest.raises(smtplib.SMTPSenderRefused):
        outbox.deliver_batch("task-a", first=first.pk, size=4)

    rows = {notice.pk: notice for notice in Notice.objects.all()}
    assert (rows[first.pk].status, rows[first.pk].attempts) == (Notice.Status.SENT, 1)
    assert (rows[second.pk].status, rows[second.pk].attempts) == (Notice.Status.PENDING, 1)
    assert rows[second.pk].next_attempt_at > timezone.now() + timedelta(seconds=settings.NOTICE_RETRY_BASE - 5)
    for untried in (third, fourth):
        assert (rows[untried.pk].status, rows[untried.pk].attempts) == (Notice.Status.PENDING, 0)
        assert rows[untried.pk].next_attempt_at is None
    # The failed connection was given up: the next send opens a new one, and the rest go out.
    server.refuse = ""
    assert outbox.deliver_owed() == (2, 0)
    assert server.opened == 2
    assert server.keys == [first.key, third.key, fourth.key]


def test_a_change_of_mail_server_opens_a_connection_to_the_new_one(server, settings):
    first, second = owe(2)
    outbox.deliver(first.pk)
    settings.EMAIL_HOST = "mail.other.example"
    outbox.deliver(second.pk)
    assert server.opened == 2


def test_the_sweep_stops_claiming_after_its_time_and_leaves_the_rest_owed(server, monkeypatch):
    owe(5)
    clock = iter(range(0, 1000, 10))  # each look at the clock is ten seconds later
    monkeypatch.setattr(outbox.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(outbox, "batch_size", lambda: 2)

    # One batch of two, and by its next look at the clock the sweep is past its 15 seconds.
    assert outbox.deliver_owed(seconds=15) == (2, 0)
    assert Notice.objects.filter(status=Notice.Status.PENDING).count() == 3


def test_with_the_file_backend_of_make_run_each_notice_is_a_file_of_its_own(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    notices = owe(3)
    assert outbox.deliver_batch("task-a", first=notices[0].pk) == (3, 3)
    keys = sorted(line.split(": ", 1)[1] for path in tmp_path.iterdir() for line in path.read_text().splitlines()
                  if line.startswith("X-Notice-Key: "))
    assert keys == sorted(notice.key for notice in notices)  # three files, one notice in each
