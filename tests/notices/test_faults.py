"""What users are promised when something fails (SPEC: nothing a user typed is ever lost, notices go out
when the service is back, exactly once): Redis stopped, the worker killed, the mail server refusing or
not running at all."""

import random
import time
from collections import Counter

import pytest

from issues.models import Issue, Notice
from tests.base import make_issue

from .stack import SmtpSink, wait_for
from .test_delivery import file_through_the_form

pytestmark = pytest.mark.django_db(transaction=True)
# The workers here sweep owed notices every half second (a second by default in the stack): waiting out two
# sweeps for a notice sent again then takes one second.
SWEEP = 0.5


def receipt_keys(issues) -> set[str]:
    return {f"issue-received:{issue.pk}:filer" for issue in issues}


def arrivals_once_settled(sink, keys, *, settle: float = 2 * SWEEP) -> Counter:
    """Wait until every key has arrived and every row is recorded as sent; then, after a few more sweeps
    have had their chance to send something again, how often each key arrived."""
    keys = set(keys)
    sink.wait_for_keys(keys)
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


def test_with_redis_stopped_twenty_filings_are_saved_quickly_and_their_receipts_arrive_when_it_returns(
    client, workers, on_private_redis, smtp_sink, healthcare, settings,
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "intake": 100}  # one test client files all twenty
    workers.start(NOTICE_SWEEP_SECONDS=SWEEP)
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
    assert not twice(arrivals_once_settled(smtp_sink, receipt_keys(Issue.objects.all())))


def test_a_worker_killed_in_the_middle_of_fifty_notices_is_replaced_and_all_fifty_arrive_once(
    workers, smtp_sink,
):
    # Fifty receipts owed while no worker runs: fifty tasks wait in Redis.
    issues = [make_issue(contact_email=f"filer{number}@example.com") for number in range(50)]
    keys = receipt_keys(issues)

    first = workers.start(wait=False, NOTICE_SWEEP_SECONDS=SWEEP)
    wait_for("the first notice to arrive", smtp_sink.received, interval=0.002)
    time.sleep(random.uniform(0, 0.3))  # a crash comes at any moment, not just as a message arrives
    first.kill()
    time.sleep(0.2)  # a message fully written before the kill may still land: the same gap as below
    arrived = smtp_sink.keys()
    assert len(arrived) < 50, "the worker finished before it could be killed"
    # The one gap no mail server can close: the server accepted the message, the worker died before it
    # recorded that. The notice is released after NOTICE_CLAIM_TIMEOUT and sent again.
    in_the_gap = set(Notice.objects.filter(key__in=arrived, status=Notice.Status.SENDING)
                     .values_list("key", flat=True))

    workers.start(NOTICE_SWEEP_SECONDS=SWEEP)
    counts = arrivals_once_settled(smtp_sink, keys)

    assert set(twice(counts)) <= in_the_gap, f"sent more than once: {twice(counts)}"
    if twice(counts):
        pytest.xfail(f"the worker was killed after the mail server accepted {sorted(in_the_gap)} and before "
                     f"the row was marked sent: sent twice (at-least-once gap); every other notice once")


def test_notices_refused_by_a_busy_mail_server_arrive_once_it_accepts_again(workers, smtp_sink):
    smtp_sink.refusing = True
    workers.start(NOTICE_SWEEP_SECONDS=SWEEP)
    issues = [make_issue(contact_email=f"filer{number}@example.com") for number in range(5)]
    keys = receipt_keys(issues)

    # Each was tried and refused (451), and is owed again later.
    wait_for("every notice to be tried", lambda: Notice.objects.filter(key__in=keys, attempts__gte=1).count() == 5)
    time.sleep(3)
    assert not smtp_sink.received()
    assert not Notice.objects.filter(key__in=keys, status__in=[Notice.Status.SENT, Notice.Status.FAILED]).exists()

    smtp_sink.refusing = False
    assert not twice(arrivals_once_settled(smtp_sink, keys))


def test_notices_owed_while_no_mail_server_listens_arrive_once_when_it_starts(workers):
    # Its port is chosen but nobody listens on it yet: every connection is refused.
    late = SmtpSink()
    try:
        workers.start(EMAIL_URL=late.url, NOTICE_SWEEP_SECONDS=SWEEP)
        issues = [make_issue(contact_email=f"filer{number}@example.com") for number in range(5)]
        keys = receipt_keys(issues)

        # Each was tried and refused, and is owed again later.
        wait_for("every notice to be tried", lambda: Notice.objects.filter(key__in=keys, attempts__gte=1).count() == 5)
        errors = set(Notice.objects.filter(key__in=keys).values_list("last_error", flat=True))
        assert all("ConnectionRefusedError" in error for error in errors), errors
        time.sleep(2)
        assert not Notice.objects.filter(key__in=keys, status__in=[Notice.Status.SENT, Notice.Status.FAILED]).exists()

        late.start()
        assert not twice(arrivals_once_settled(late, keys))
    finally:
        late.stop()
