"""What users are promised when something fails (SPEC: nothing a user typed is ever lost, notices go out when
the service is back), with the workers as a deployment runs them: every setting of config/settings.py and the
README (sweep, retry delays, claim timeout, time limits, acks_late), none shortened for the tests.

The guarantee (README, "Notices"): every notice arrives at least once; it is sent again only when a process
died after the mail server accepted it and before the row was marked sent, at most once per such death, and
the copy carries the first one's Message-ID, by which receiving systems drop it."""

import os
import signal
import time
from collections import Counter

import pytest
from django.conf import settings

from issues.models import Issue, Notice
from tests.base import make_issue

from .stack import SmtpSink, TarpitSmtp, pid_with_local_port, process_group, wait_for
from .test_delivery import file_through_the_form

pytestmark = pytest.mark.django_db(transaction=True)

# The production figures the tests hold the workers to (config/settings.py), written out here.
SWEEP_SECONDS = 15
CLAIM_TIMEOUT = 35
RETRY_BASE = 30
SOFT_TIME_LIMIT = 25
EMAIL_TIMEOUT = 10


def test_the_workers_run_with_the_production_settings():
    # The figures above are those a deployment gets: a test that shortened them would prove nothing.
    assert settings.CELERY_BEAT_SCHEDULE["send-owed-notices"]["schedule"] == SWEEP_SECONDS
    assert settings.NOTICE_CLAIM_TIMEOUT == CLAIM_TIMEOUT
    assert settings.NOTICE_RETRY_BASE == RETRY_BASE
    assert settings.NOTICE_SEND_TIME_LIMIT - 5 == SOFT_TIME_LIMIT
    assert settings.EMAIL_TIMEOUT == EMAIL_TIMEOUT
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1


def receipt_keys(issues) -> set[str]:
    return {f"issue-received:{issue.pk}:filer" for issue in issues}


def arrivals_once_settled(sink, keys, *, timeout: float = 120, settle: float = 3) -> Counter:
    """Wait until every key has arrived and every row is recorded as sent; then, after `settle` seconds in
    which a task still queued could send something again, how often each key arrived."""
    keys = set(keys)
    sink.wait_for_keys(keys, timeout=timeout)
    sent = Notice.objects.filter(key__in=keys, status=Notice.Status.SENT)
    wait_for("every notice to be recorded as sent", lambda: sent.count() == len(keys),
             describe=lambda: list(Notice.objects.filter(key__in=keys).exclude(status=Notice.Status.SENT)
                                   .values_list("key", "status", "attempts", "last_error")))
    time.sleep(settle)
    counts = sink.keys()
    assert set(counts) == keys
    return counts


def twice(counts: Counter) -> dict:
    return {key: count for key, count in counts.items() if count > 1}


def owe_receipts(count: int) -> set[str]:
    """`count` filings, each owing its receipt (a task queued for each after its commit)."""
    return receipt_keys([make_issue(contact_email=f"filer{number}@example.com") for number in range(count)])


def copies_of(sink, key: str) -> list:
    return [arrival for arrival in sink.received() if arrival.key == key]


def test_with_redis_stopped_twenty_filings_are_saved_quickly_and_their_receipts_arrive_when_it_returns(
    client, workers, on_private_redis, smtp_sink, healthcare, settings,
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "intake": 100}  # one test client files all twenty
    workers.start()
    on_private_redis.stop()

    seconds = []
    for number in range(1, 21):
        started = time.monotonic()
        file_through_the_form(client, healthcare, number)
        seconds.append(time.monotonic() - started)

    assert Issue.objects.count() == 20
    assert Notice.objects.filter(kind="issue-received", status=Notice.Status.PENDING).count() == 20
    assert max(seconds) < 2, f"slowest request took {max(seconds):.2f} s: {[round(s, 2) for s in seconds]}"
    assert not smtp_sink.received()
    on_private_redis.start()
    # No task was queued: the sweep (every 15 s) sends them once the worker is connected again.
    assert not twice(arrivals_once_settled(smtp_sink, receipt_keys(Issue.objects.all())))


def test_a_worker_killed_after_the_server_accepted_a_notice_sends_it_once_more_with_the_same_message_id(
    workers, smtp_sink, record_property,
):
    keys = owe_receipts(10)  # ten tasks wait in Redis while no worker runs
    smtp_sink.hold_after(3)  # the third message is accepted, and the worker never hears so
    first = workers.start(wait=False)
    assert smtp_sink.holding.wait(60), first.log_tail()
    held = smtp_sink.received()[-1]
    first.kill()  # the whole worker: its pool process, beat, and the task it held unacknowledged
    killed_at = time.time()
    smtp_sink.release()
    # Exactly in the window: the server has the message, the row still says it is being sent.
    assert Notice.objects.get(key=held.key).status == Notice.Status.SENDING

    workers.start()  # what a supervisor does (systemd, the Procfile's runner)
    counts = arrivals_once_settled(smtp_sink, keys)

    # Never lost; one resend, of the notice in the window, and no other.
    assert twice(counts) == {held.key: 2}
    first_copy, resend = copies_of(smtp_sink, held.key)
    assert first_copy.message_id and resend.message_id == first_copy.message_id
    # Its claim is released after NOTICE_CLAIM_TIMEOUT by a sweep: 35 s and at most one sweep (15 s) later.
    recovery = resend.arrived_at - killed_at
    record_property("recovery_seconds", round(recovery, 1))
    assert recovery < 90, f"sent again {recovery:.0f} s after the kill"


def test_a_pool_process_killed_while_sending_hands_its_task_to_the_next_one_which_sends_it_again_at_once(
    workers, smtp_sink, record_property,
):
    keys = owe_receipts(6)
    smtp_sink.hold_after(2)
    worker = workers.start(wait=False)
    assert smtp_sink.holding.wait(60), worker.log_tail()
    held = smtp_sink.received()[-1]
    sender = worker.pid_sending_on(held.peer_port)
    os.kill(sender, signal.SIGKILL)  # the pool process alone: the worker lives and starts another
    killed_at = time.time()
    smtp_sink.release()

    counts = arrivals_once_settled(smtp_sink, keys)
    assert twice(counts) == {held.key: 2}
    first_copy, resend = copies_of(smtp_sink, held.key)
    assert resend.message_id == first_copy.message_id
    # Celery handed the task back (acks_late, reject_on_worker_lost) and the new process took over the claim
    # its task had made: long before any sweep could release it (35 s after the claim).
    record_property("recovery_seconds", round(resend.arrived_at - killed_at, 1))
    assert resend.arrived_at - killed_at < CLAIM_TIMEOUT - 10, f"{resend.arrived_at - killed_at:.0f} s"
    assert worker.process.poll() is None


def test_two_workers_of_two_processes_each_racing_for_the_same_owed_notices_send_each_once(workers, smtp_sink):
    from issues.notices import outbox

    # Both workers ready first, so that both are there when the tasks come (a worker that started first could
    # otherwise take every batch before the other listens).
    one = workers.start(concurrency=2)
    other = workers.start(concurrency=2)
    keys = owe_receipts(100)  # a task queued after each filing's commit, while the workers already run
    # Each notice's task queued a second time: four processes race for every row, beside two beats' sweeps.
    for notice_id in Notice.objects.filter(key__in=keys).values_list("pk", flat=True):
        outbox.dispatch(notice_id)

    counts = arrivals_once_settled(smtp_sink, keys)
    assert not twice(counts)
    assert len(counts) == 100
    # They did race: the messages came from pool processes of both workers (each keeps its mail connection
    # open, so the connection a message came on still names the process that sent it).
    senders = {port: worker for port in {arrival.peer_port for arrival in smtp_sink.received()}
               for worker in (one, other) if pid_with_local_port(port, process_group(worker.process.pid))}
    assert set(senders.values()) == {one, other}, senders


def test_notices_refused_by_a_busy_mail_server_arrive_once_it_accepts_again(workers, smtp_sink):
    smtp_sink.refusing = True
    workers.start()
    keys = owe_receipts(5)

    # Each was tried and refused (451), and is owed again in 30 s (NOTICE_RETRY_BASE).
    wait_for("every notice to be tried", lambda: Notice.objects.filter(key__in=keys, attempts__gte=1).count() == 5)
    assert not smtp_sink.received()
    owed = Notice.objects.filter(key__in=keys, status=Notice.Status.PENDING)
    assert owed.count() == 5
    assert all("451" in error for error in owed.values_list("last_error", flat=True))

    smtp_sink.refusing = False
    assert not twice(arrivals_once_settled(smtp_sink, keys))


def test_notices_owed_while_no_mail_server_listens_arrive_once_when_it_starts(workers):
    # Its port is chosen but nobody listens on it yet: every connection is refused.
    late = SmtpSink()
    try:
        workers.start(EMAIL_URL=late.url)
        keys = owe_receipts(5)

        # Each was tried and refused, and is owed again later.
        wait_for("every notice to be tried", lambda: Notice.objects.filter(key__in=keys, attempts__gte=1).count() == 5)
        errors = set(Notice.objects.filter(key__in=keys).values_list("last_error", flat=True))
        assert all("ConnectionRefusedError" in error for error in errors), errors
        assert not Notice.objects.filter(key__in=keys, status__in=[Notice.Status.SENT, Notice.Status.FAILED]).exists()

        late.start()
        assert not twice(arrivals_once_settled(late, keys))
    finally:
        late.stop()


def test_a_mail_server_that_stops_answering_costs_a_send_ten_seconds_and_the_notice_goes_out_later(
    workers, smtp_sink,
):
    smtp_sink.rcpt_delay = 60  # it takes the connection and the sender, then says nothing
    workers.start()
    (key,) = owe_receipts(1)

    started = time.monotonic()
    notice = Notice.objects.filter(key=key, attempts=1, status=Notice.Status.PENDING)
    wait_for("the send to give up", notice.exists, timeout=EMAIL_TIMEOUT + 20)
    assert time.monotonic() - started < EMAIL_TIMEOUT + 10
    assert "timed out" in notice.get().last_error

    smtp_sink.rcpt_delay = 0
    assert arrivals_once_settled(smtp_sink, [key])[key] == 1


def test_a_send_to_a_mail_server_that_never_finishes_its_greeting_is_stopped_by_the_task_s_time_limit(workers):
    # Each read gets a line within two seconds, so no socket timeout ever fires: only the time limit ends it.
    tarpit = TarpitSmtp().start()
    try:
        worker = workers.start(EMAIL_URL=tarpit.url)
        (key,) = owe_receipts(1)

        wait_for("the send to be stopped", lambda: Notice.objects.filter(key=key, attempts=1).exists(),
                 timeout=SOFT_TIME_LIMIT + 20, describe=worker.log_tail)
        notice = Notice.objects.get(key=key)
        # Recorded as a temporary failure, owed again: the worker is free for the next notice.
        assert notice.status == Notice.Status.PENDING
        assert "SoftTimeLimitExceeded" in notice.last_error
        assert tarpit.connections == 1
        assert worker.process.poll() is None
    finally:
        tarpit.stop()
