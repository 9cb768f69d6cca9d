"""Filings with more gunicorn workers: do they queue on the tracking-number counter? A measurement, not a test.

Two gunicorn servers run at once, each as the Procfile's `web` line says but for its number of workers
(--workers, default 2 as the Procfile and 8), set up as bench/intake.py sets it up: production's settings,
DEBUG off, PostgreSQL INTAKE_DATABASE_URL (the bench runs on PostgreSQL only: its row locks are what is
measured), a private Redis, no Celery worker. wrk posts bench/intake.py's filing (a new company per filing,
expected 302 to /issues/receipt/…) to each in turn, with the same connections and threads (and a timeout of
10 s, so that a filing queued behind others counts in the latency); --sets sets of --rounds rounds, the order
turning by one each set.

While wrk runs, a thread of this process reads pg_stat_activity every --interval seconds: how many of the
database's client backends are active, how many wait on a heavyweight lock (wait_event_type 'Lock': another
transaction's row, e.g. the year's counter row that every filing updates) and which statement waits. If the
filings serialised on the counter, more workers would mean more backends waiting on it and no more filings
per second. Lock wait per filing is estimated from the samples: backends waiting × the time between samples,
over the filings.

Rows are counted before and after every round, and the numbers of the issues made in the round must all be
distinct: `count(*)` and `count(DISTINCT number)` over the new rows (and over the whole run at the end).

    .venv/bin/python bench/intake_scale.py [--workers 2 8] [--sets 2] [--rounds 2] [--duration 12]
"""

import argparse
import collections
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import intake  # noqa: E402
from bench.database import ensure_database  # noqa: E402
from bench.table import Row, ratio  # noqa: E402
from tests.notices.stack import PrivateRedis, free_port  # noqa: E402

SECTION = "Intake with more workers (PostgreSQL)"


def with_options(command: list[str], options: dict[str, str]) -> list[str]:
    """`command` with each option's value replaced, or the option added when it was not there."""
    command = list(command)
    for option, value in options.items():
        if option in command:
            command[command.index(option) + 1] = value
        else:
            command += [option, value]
    return command


def scaled_server(env: dict, port: int, workdir: Path, workers: int) -> intake.Server:
    """bench/intake.py's server with `workers` workers and a control socket of its own."""
    server = intake.Server(env, port, workdir)
    server.log_path = workdir / f"gunicorn-{workers}.log"
    command = list(server.command)
    if "-w" in command:  # one spelling only, so that the replacement below is the one gunicorn reads
        command[command.index("-w")] = "--workers"
    server.command = with_options(command, {"--workers": str(workers),
                                            "--control-socket": str(workdir / f"gunicorn-{workers}.ctl")})
    server.described = re.sub(r"\d+ (\S+) workers", rf"{workers} \1 workers", server.described)
    return server


class LockSampler:
    """pg_stat_activity of one database, read every `interval` seconds on a connection of its own."""

    QUERY = ("SELECT state, wait_event_type, wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) "
             "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
             "AND backend_type = 'client backend'")

    def __init__(self, database_url: str, interval: float):
        self.database_url, self.interval = database_url, interval
        self.samples = 0
        self.active = 0  # backend-samples in state 'active'
        self.waiting = 0  # backend-samples waiting on a heavyweight lock
        self.most_waiting = 0  # in one sample
        self.statements = collections.Counter()  # (wait_event, statement) of the waiting ones
        self._stop = threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.seconds = time.monotonic() - self._started

    def _run(self):
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            while not self._stop.is_set():
                backends = connection.execute(self.QUERY).fetchall()
                waiting = [(event, query.rstrip()) for state, kind, event, query in backends
                           if state == "active" and kind == "Lock"]
                self.samples += 1
                self.active += sum(1 for state, *_ in backends if state == "active")
                self.waiting += len(waiting)
                self.most_waiting = max(self.most_waiting, len(waiting))
                self.statements.update(waiting)
                self._stop.wait(self.interval)

    def wait_seconds(self) -> float:
        """Backend-seconds spent waiting on a lock, estimated from the samples."""
        return self.waiting * self.seconds / self.samples if self.samples else 0.0


@dataclass
class Round:
    workers: int
    set: int
    requests: int  # answered as expected, counted by wrk
    seconds: float
    filed: int  # issues the database gained
    distinct: int  # distinct numbers among them
    cpu: float  # gunicorn's CPU seconds
    p50_ms: float
    p99_ms: float
    lock_wait: float  # backend-seconds waiting on a lock (estimated)
    waiting: int  # backend-samples waiting on a lock
    active: int  # backend-samples active
    most_waiting: int
    statements: collections.Counter = field(default_factory=collections.Counter)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def new_issues(after_pk: int) -> tuple[int, int]:
    """How many issues have a primary key above `after_pk`, and how many distinct numbers they have."""
    from django.db.models import Count

    from issues.models import Issue

    got = Issue.objects.filter(pk__gt=after_pk).aggregate(rows=Count("pk"), numbers=Count("number", distinct=True))
    return got["rows"], got["numbers"]


def last_pk() -> int:
    from issues.models import Issue

    intake.issues_filed()  # the requests in flight have been answered
    return Issue.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def measure(*, workers: tuple[int, ...] = (2, 8), sets: int = 2, rounds: int = 2, duration: float = 12,
            warmup: float = 3, connections: int = 8, threads: int = 2, interval: float = 0.02,
            verbose: bool = False) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit(intake.WRK_MISSING)
    assert threads <= 9, "one digit of the business numbers tells wrk's threads apart"
    database_url = os.environ.get("INTAKE_DATABASE_URL", intake.DEFAULT_DATABASE_URL)
    ensure_database(database_url)
    workdir = Path(tempfile.mkdtemp(prefix="bench-intake-scale-"))
    redis = PrivateRedis(workdir / "redis.log").start()
    ports = {count: free_port() for count in workers}
    env = intake.environment(database_url=database_url, redis_url=redis.url, port=ports[workers[0]])
    os.environ.update(env)
    measured, loads = [], []
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from companies.models import Field

        call_command("migrate", verbosity=0)
        assert connection.vendor == "postgresql", "the counter's row locks are PostgreSQL's: run on PostgreSQL"
        field_id = Field.objects.filter(is_active=True).values_list("pk", flat=True).first()
        assert field_id, "no active field to choose on the form"
        _, filing_queries, _ = intake.queries_per_request(field_id)
        first_pk = last_pk()
        connection.close()

        servers = {}
        for count in workers:
            server = scaled_server({**env, "SITE_URL": f"http://127.0.0.1:{ports[count]}"}, ports[count], workdir,
                                   count)
            servers[count] = server.__enter__()
        try:
            forms = {}
            for count, server in servers.items():
                cookie, token = intake.csrf(server.port)
                forms[count] = (cookie, urlencode({**intake.FILING, "field": field_id, "csrfmiddlewaretoken": token}))

            def run(count: int, seconds: float, set_: int, warming: bool = False) -> Round:
                server, (cookie, filing) = servers[count], forms[count]
                lua = intake.script(workdir, f"workers-{count}", path="/issues/new/", vary=True, expected=302,
                                    location="/issues/receipt/", cookie=cookie, run=intake.fresh_numbers(),
                                    body=f"{filing}&title={quote(intake.TITLE)}")
                before, cpu = last_pk(), server.cpu_seconds()
                with LockSampler(database_url, interval) as sampler:
                    # A filing queued behind others counts in the latency, where it shows, rather than as a
                    # socket error ending the run: wrk waits 10 s for it, not its own 2 s.
                    result = intake.wrk(server.port, lua, seconds=seconds, connections=connections, threads=threads,
                                        timeout=10)
                intake.issues_filed()
                filed, distinct = new_issues(before)
                connection.close()
                assert distinct == filed, f"{count} workers: {filed} issues filed with only {distinct} numbers"
                if not warming:  # a cold worker's first answers may be slow: the warm-up only has to run
                    intake.check("intake", result)
                    # Requests in flight when wrk stopped were answered (and filed) but not counted by wrk.
                    assert result["good"] <= filed <= result["good"] + connections, (count, result, filed)
                return Round(count, set_, result["requests"], result["duration_us"] / 1e6, filed, distinct,
                             server.cpu_seconds() - cpu, result["p50_us"] / 1000, result["p99_us"] / 1000,
                             sampler.wait_seconds(), sampler.waiting, sampler.active, sampler.most_waiting,
                             sampler.statements)

            for count in workers:
                run(count, warmup, 0, warming=True)
            for set_ in range(1, sets + 1):
                turn = (set_ - 1) % len(workers)
                loads.append(", ".join(f"{load:.2f}" for load in os.getloadavg()))
                for _round in range(rounds):
                    for count in workers[turn:] + workers[:turn]:
                        done = run(count, duration, set_)
                        measured.append(done)
                        if verbose:
                            print(f"  set {set_}, {count} workers: {done.rate:.1f} filings/s, p50 {done.p50_ms:.1f}"
                                  f" ms, p99 {done.p99_ms:.1f} ms, {done.cpu * 1000 / done.filed:.2f} ms CPU in "
                                  f"gunicorn per filing; lock waits {done.lock_wait * 1000 / done.filed:.2f} ms per "
                                  f"filing ({done.waiting} of {done.active} active backend samples, at most "
                                  f"{done.most_waiting} at once); {done.filed} issues, {done.distinct} numbers",
                                  file=sys.stderr, flush=True)
                            for (event, statement), seen in done.statements.most_common(3):
                                print(f"      {seen} × Lock:{event} {statement}", file=sys.stderr, flush=True)
            described = {count: server.described for count, server in servers.items()}
        finally:
            for server in servers.values():
                server.__exit__(None, None, None)
        total, distinct = new_issues(first_pk)
        connection.close()
        assert total == distinct, f"the run filed {total} issues with only {distinct} numbers"
    finally:
        redis.stop()
    return {"rounds": measured, "server": described, "loads": loads, "total": total, "distinct": distinct,
            "queries": filing_queries, "interval": interval}


def rows(*, workers: tuple[int, ...] = (2, 8), sets: int = 2, rounds: int = 2, duration: float = 12,
         warmup: float = 3, connections: int = 8, threads: int = 2, interval: float = 0.02,
         verbose: bool = False) -> list[Row]:
    workers = tuple(workers)
    m = measure(workers=workers, sets=sets, rounds=rounds, duration=duration, warmup=warmup,
                connections=connections, threads=threads, interval=interval, verbose=verbose)
    of = {count: [r for r in m["rounds"] if r.workers == count] for count in workers}

    def pooled(runs):
        return sum(r.requests for r in runs) / sum(r.seconds for r in runs)

    def per_filing(runs, what):
        return sum(getattr(r, what) for r in runs) * 1000 / sum(r.filed for r in runs)

    base = workers[0]
    load = (f"wrk {connections} connections, {threads} threads, a new company per filing; {sets} sets × {rounds} "
            f"rounds of {duration:.0f} s, alternating; pg_stat_activity every {m['interval'] * 1000:.0f} ms")
    found = []
    for count in workers:
        runs, first = of[count], count == base
        baseline = "" if first else f"{m['server'][base]}: {pooled(of[base]):.1f} req/s"
        statements = collections.Counter()
        for r in runs:
            statements.update(r.statements)
        waited = "; ".join(f"{seen} × Lock:{event} {statement}" for (event, statement), seen
                           in statements.most_common(2)) or "none seen"
        found += [
            Row(SECTION, f"{m['server'][count]}: filings/s pooled" + (f" ({load})" if first else ""),
                f"{pooled(runs):.1f} req/s", baseline, "" if first else ratio(pooled(runs), pooled(of[base])),
                str(m["queries"]) if first else ""),
            Row(SECTION, f"{count} workers: latency p50 / p99, median of the rounds",
                f"{statistics.median(r.p50_ms for r in runs):.1f} ms / {statistics.median(r.p99_ms for r in runs):.1f}"
                " ms"),
            Row(SECTION, f"{count} workers: gunicorn CPU per filing", f"{per_filing(runs, 'cpu'):.1f} ms"),
            Row(SECTION, f"{count} workers: lock wait per filing (sampled), backends waiting on a lock",
                f"{per_filing(runs, 'lock_wait'):.2f} ms",
                f"{sum(r.waiting for r in runs)} of {sum(r.active for r in runs)} active backend samples, at most "
                f"{max(r.most_waiting for r in runs)} at once; {waited}"),
        ]
    found.append(Row(SECTION, "tracking numbers of the issues filed in the run: rows, distinct",
                     f"{m['total']}, {m['distinct']}", "", "", "",
                     f"all distinct {'✓' if m['total'] == m['distinct'] else '✗'}"))
    for set_, set_load in enumerate(m["loads"], 1):
        rates = {count: pooled([r for r in runs if r.set == set_]) for count, runs in of.items()}
        found.append(Row(SECTION, f"set {set_}: filings/s by workers (load average {set_load} at the set's start)",
                         ", ".join(f"{count}: {rates[count]:.1f}" for count in workers), "",
                         ", ".join(ratio(rates[count], rates[base]) for count in workers[1:])))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 8], help="gunicorn workers of each server")
    parser.add_argument("--sets", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="rounds per set, each filing on every server")
    parser.add_argument("--duration", type=float, default=12, help="seconds per server and round")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per server")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--interval", type=float, default=0.02, help="seconds between pg_stat_activity samples")
    args = parser.parse_args()
    from bench.table import markdown

    print(markdown(rows(workers=tuple(args.workers), sets=args.sets, rounds=args.rounds, duration=args.duration,
                        warmup=args.warmup, connections=args.connections, threads=args.threads,
                        interval=args.interval, verbose=True)))


if __name__ == "__main__":
    main()
