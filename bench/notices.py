"""How fast notices go out: a measurement, not a test.

Against PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test_bench, created and migrated
when missing), a private Redis on a spare port and an SMTP sink on loopback, with one real Celery worker
(concurrency 1) as `make worker` runs it:

1. throughput: N notices owed while no worker runs, then the worker started; notices per second from the
   first arrival at the sink to the last. Three workers, each for N notices of its own: concurrency 1
   taking one notice per claim (NOTICE_BATCH_SIZE=1), concurrency 1 with the batches of production, and
   concurrency 2 as the Procfile runs it. The baseline, in the same run: the same N messages, rendered,
   sent with plain smtplib to the same sink (a new connection per message, and one connection for all);
   and, to tell Celery's share from ours, outbox.deliver() called in a loop in this process for N other
   notices, once over one mail connection and once with a new connection per notice.
2. latency: M notices owed one by one (each filing its own transaction, a pause between them); the time
   from each commit to the message's arrival at the sink, p50 and p95.

    .venv/bin/python bench/notices.py [--notices 500] [--latency 200] [--pause 0.05]
"""

import argparse
import multiprocessing
import os
import smtplib
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.database import ensure_database  # noqa: E402
from bench.table import Row, ratio  # noqa: E402
from tests.notices.stack import PrivateRedis, SmtpSink, Worker, wait_for, worker_env  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test_bench"


def owe_receipts(count: int, *, label: str) -> list[str]:
    """File `count` issues through the service (each owes its receipt); their notice keys."""
    from issues import services

    keys = []
    for number in range(count):
        issue = services.submit_issue(_intake(f"{label}-{number}"), language="ko")
        keys.append(f"issue-received:{issue.pk}:filer")
    return keys


def _intake(tag: str) -> dict:
    return {
        "company_name": "주식회사 벤치", "business_number": "2208100001", "ceo_name": "박대표",
        "contact_name": "김민지", "contact_email": f"{tag}@bench.example.com", "contact_phone": "010-1234-5678",
        "title": f"배달로봇의 보도 통행 허용 ({tag})",
        "problem": "실외 이동로봇은 보행자로 인정되지 않아 보도를 다닐 수 없습니다.",
        "improvement": "안전 인증을 받은 실외 이동로봇의 보도 통행을 허용해 주십시오.",
        "related_law": "도로교통법 제2조", "privacy_consent": True,
    }


def in_child(function, *args, **kwargs):
    """function(*args, **kwargs) in a forked process, and its result. The sink runs in a thread of this process:
    a sender here would share its interpreter lock, which the worker, a process of its own, does not."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=lambda: sending.send(function(*args, **kwargs)))
    process.start()
    result = receiving.recv()
    process.join()
    return result


def raw_smtp_rate(port: int, messages: list, *, reuse: bool) -> float:
    """Messages per second plain smtplib sends to the sink (one connection each, or one for all)."""
    started = time.perf_counter()
    if reuse:
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for message in messages:
                smtp.sendmail(message.from_email, message.recipients(), message.message().as_bytes(linesep="\r\n"))
    else:
        for message in messages:
            with smtplib.SMTP("127.0.0.1", port) as smtp:
                smtp.ehlo()
                smtp.sendmail(message.from_email, message.recipients(), message.message().as_bytes(linesep="\r\n"))
    return len(messages) / (time.perf_counter() - started)


def deliver_rate(notice_ids: list, *, reuse: bool = True) -> float:
    """Notices per second outbox.deliver() sends, called in a loop (no Celery), over the process's one
    mail connection or (reuse=False) closing it after each notice."""
    from issues.notices import outbox

    started = time.perf_counter()
    for notice_id in notice_ids:
        outbox.deliver(notice_id)
        if not reuse:
            outbox.mailer.close()
    return len(notice_ids) / (time.perf_counter() - started)


def worker_rate(env: dict, workdir: Path, sink, count: int, *, name: str, concurrency: int, keep: bool = False):
    """`count` notices owed (their tasks queued) while no worker runs, then a worker started: its notices per
    second from the first arrival to the last, their keys, and the worker if `keep`, else it is stopped."""
    from issues.models import Notice

    keys = owe_receipts(count, label=f"{name}{int(time.time())}")
    sink.arrivals.clear()
    worker = Worker(env, workdir, name=name, concurrency=concurrency).start()
    try:
        worker.wait_until_ready()
        sink.wait_for_keys(keys, timeout=600)
        wait_for("every notice recorded as sent",
                 lambda: Notice.objects.filter(key__in=keys, status=Notice.Status.SENT).count() == len(keys))
    except BaseException:
        print(worker.log_tail(), file=sys.stderr)
        worker.stop()
        raise
    if not keep:
        worker.stop()
    wanted = set(keys)
    times = sorted(arrival.arrived_at for arrival in sink.received() if arrival.key in wanted)
    return (len(times) - 1) / (times[-1] - times[0]), keys, worker if keep else None


def measure(notices_count: int = 500, latency: int = 200, pause: float = 0.05) -> dict:
    """Steps 1 and 2 of the docstring; the figures by name."""
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    workdir = Path(tempfile.mkdtemp(prefix="bench-notices-"))
    sink = SmtpSink().start()
    redis = PrivateRedis(workdir / "redis.log").start()
    worker = None
    try:
        os.environ.update(worker_env(database_url=database_url, redis_url=redis.url, smtp_url=sink.url,
                                     DJANGO_SETTINGS_MODULE="config.settings"))
        ensure_database(database_url)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, transaction

        from issues.models import Notice
        from issues.notices import outbox
        from issues.notices.render import render

        call_command("migrate", verbosity=0)
        Notice.objects.all().delete()  # nothing left over from an earlier run for the worker to send
        connection.close()

        # 1. Throughput. The periodic sweep is kept out of the way (every 10 minutes): what is measured is
        # the normal path, the task queued for each notice.
        env = worker_env(database_url=database_url, redis_url=redis.url, smtp_url=sink.url,
                         NOTICE_SWEEP_SECONDS=600)
        # The baseline's messages: notices owed without a task queued, rendered, then removed.
        with mock.patch.object(outbox, "dispatch", lambda notice_id: None):
            raw_keys = owe_receipts(notices_count, label=f"r{int(time.time())}")
        rendered = [render(notice) for notice in Notice.objects.filter(key__in=raw_keys)
                    .select_related("issue", "issue__contact")]
        Notice.objects.filter(key__in=raw_keys).delete()
        raw_new = in_child(raw_smtp_rate, sink.port, rendered, reuse=False)
        raw_reused = in_child(raw_smtp_rate, sink.port, rendered, reuse=True)
        # Where the worker's time goes: outbox.deliver() called in a loop, without Celery, for as many
        # notices again (owed without queueing a task, so the worker never sees them).
        direct = {}
        for reuse in (True, False):
            with mock.patch.object(outbox, "dispatch", lambda notice_id: None):
                direct_keys = owe_receipts(notices_count, label=f"d{reuse:d}{int(time.time())}")
            direct[reuse] = in_child(deliver_rate, list(Notice.objects.filter(key__in=direct_keys)
                                                        .order_by("pk").values_list("pk", flat=True)), reuse=reuse)
        direct_rate = direct[True]
        connection.close()

        # One after the other, each with notices of its own.
        one_by_one, _keys, _worker = worker_rate({**env, "NOTICE_BATCH_SIZE": "1"}, workdir, sink, notices_count,
                                                 name="one-by-one", concurrency=1)
        procfile, _keys, _worker = worker_rate(env, workdir, sink, notices_count, name="procfile", concurrency=2)
        worker_rate_, keys, worker = worker_rate(env, workdir, sink, notices_count, name="bench", concurrency=1,
                                                 keep=True)
        # The window in which a killed worker sends a message twice: from the sink's acceptance to the
        # moment the worker records the delivery (sent_at is taken just before its UPDATE).
        wait_for("every notice recorded as sent",
                 lambda: Notice.objects.filter(key__in=keys, status=Notice.Status.SENT).count() == len(keys))
        accepted_at = {arrival.key: arrival.arrived_at for arrival in sink.received()}
        gaps = sorted((sent_at.timestamp() - accepted_at[key]) * 1000
                      for key, sent_at in Notice.objects.filter(key__in=keys).values_list("key", "sent_at"))

        # 2. Latency, commit → arrival, with the worker idle between notices.
        sink.arrivals.clear()
        committed_at = {}
        for number in range(latency):
            commit = {}
            with transaction.atomic():
                # Registered first, so it runs first after the commit, before the task is queued.
                transaction.on_commit(lambda commit=commit: commit.setdefault("at", time.time()))
                (key,) = owe_receipts(1, label=f"l{int(time.time())}-{number}")
            committed_at[key] = commit["at"]
            time.sleep(pause)
        sink.wait_for_keys(committed_at, timeout=600)
        arrived_at = {arrival.key: arrival.arrived_at for arrival in sink.received()}
        delays = sorted((arrived_at[key] - at) * 1000 for key, at in committed_at.items())
        centiles = statistics.quantiles(delays, n=100)
        duplicates = sum(count - 1 for count in sink.keys().values() if count > 1)
        wait_for("every notice recorded as sent",
                 lambda: not Notice.objects.exclude(status=Notice.Status.SENT).exists(), timeout=30)
    except BaseException:
        if worker is not None:
            print(worker.log_tail(), file=sys.stderr)
        raise
    finally:
        if worker is not None:
            worker.stop()
        redis.stop()
        sink.stop()

    return {
        "database": database_url.rsplit("/", 1)[-1], "worker_rate": worker_rate_, "direct_rate": direct_rate,
        "direct_new": direct[False], "one_by_one": one_by_one, "procfile": procfile,
        "raw_new": raw_new, "raw_reused": raw_reused, "latency_p50": centiles[49], "latency_p95": centiles[94],
        "latency_max": delays[-1], "gap_p50": statistics.median(gaps),
        "gap_p99": statistics.quantiles(gaps, n=100)[98], "gap_max": gaps[-1], "duplicates": duplicates,
        "notices": notices_count, "latency": latency,
    }


def rows(notices: int = 500, latency: int = 200, pause: float = 0.05) -> list[Row]:
    """For bench/run.py: one worker's rate beside plain smtplib's to the same sink, and commit → delivery."""
    m = measure(notices, latency, pause)
    section = "Notices (one Celery worker, SMTP sink on loopback)"
    target = ratio(m["worker_rate"], m["raw_new"])
    passes = m["worker_rate"] >= 0.5 * m["raw_new"]
    return [
        Row(section, f"one worker (concurrency 1), {notices} receipts, batches of 20: notices/s",
            f"{m['worker_rate']:.1f}/s", f"plain smtplib, a connection per message: {m['raw_new']:.1f}/s", target,
            "", f"≥ 0.5× {'✓' if passes else '✗'}"),
        Row(section, "the same worker, one notice per claim (NOTICE_BATCH_SIZE=1)", f"{m['one_by_one']:.1f}/s",
            f"plain smtplib, a connection per message: {m['raw_new']:.1f}/s", ratio(m["one_by_one"], m["raw_new"])),
        Row(section, "one worker as the Procfile runs it (concurrency 2)", f"{m['procfile']:.1f}/s",
            f"plain smtplib, a connection per message: {m['raw_new']:.1f}/s", ratio(m["procfile"], m["raw_new"])),
        Row(section, "outbox.deliver() in a loop, no Celery, one mail connection", f"{m['direct_rate']:.1f}/s",
            f"plain smtplib, one connection for all: {m['raw_reused']:.1f}/s",
            ratio(m["direct_rate"], m["raw_reused"])),
        Row(section, "outbox.deliver() in a loop, a new mail connection per notice", f"{m['direct_new']:.1f}/s",
            f"plain smtplib, a connection per message: {m['raw_new']:.1f}/s", ratio(m["direct_new"], m["raw_new"])),
        Row(section, f"commit → arrival at the sink, {latency} one by one: p50 (p95)",
            f"{m['latency_p50']:.0f} ms ({m['latency_p95']:.0f} ms)", f"max: {m['latency_max']:.0f} ms"),
        Row(section, "accepted by the sink → recorded as sent: p50 (p99)",
            f"{m['gap_p50']:.1f} ms ({m['gap_p99']:.1f} ms)", f"max: {m['gap_max']:.1f} ms"),
        Row(section, "duplicates at the sink", str(m["duplicates"]), "", "", "",
            f"0 {'✓' if m['duplicates'] == 0 else '✗'}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notices", type=int, default=500, help="notices for the throughput measurement")
    parser.add_argument("--latency", type=int, default=200, help="notices owed one by one for the latency")
    parser.add_argument("--pause", type=float, default=0.05, help="seconds between two of those")
    args = parser.parse_args()
    m = measure(args.notices, args.latency, args.pause)

    rows = [
        (f"one worker (concurrency 1) → sink, {args.notices} notices", f"{m['worker_rate']:8.1f} notices/s"),
        ("  the same, one notice per claim (NOTICE_BATCH_SIZE=1)", f"{m['one_by_one']:8.1f} notices/s"),
        ("  concurrency 2, as the Procfile runs it", f"{m['procfile']:8.1f} notices/s"),
        (f"outbox.deliver() in a loop, no Celery, {args.notices} notices", f"{m['direct_rate']:8.1f} notices/s"),
        ("  the same, a new mail connection per notice", f"{m['direct_new']:8.1f} notices/s"),
        (f"plain smtplib, same {args.notices} messages, new connection each", f"{m['raw_new']:8.1f} messages/s"),
        (f"plain smtplib, same {args.notices} messages, one connection", f"{m['raw_reused']:8.1f} messages/s"),
        (f"commit → delivery, {args.latency} notices one by one: p50", f"{m['latency_p50']:8.1f} ms"),
        ("                                                      p95", f"{m['latency_p95']:8.1f} ms"),
        ("                                                      max", f"{m['latency_max']:8.1f} ms"),
        ("accepted by the sink → row marked sent: p50", f"{m['gap_p50']:8.1f} ms"),
        ("                                        p99", f"{m['gap_p99']:8.1f} ms"),
        ("                                        max", f"{m['gap_max']:8.1f} ms"),
        ("duplicates at the sink", f"{m['duplicates']:8d}"),
    ]
    width = max(len(name) for name, _value in rows)
    print(f"\nNotice delivery on {os.uname().nodename} ({os.cpu_count()} CPUs), PostgreSQL "
          f"{m['database']}, Redis and the SMTP sink on loopback:")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


if __name__ == "__main__":
    main()
