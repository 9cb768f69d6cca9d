"""Our public form against the peer a Django shop would pick, and the bare view: a measurement, not a test.

The peer is django-helpdesk's public "submit a ticket" form (bench/peer/: a minimal project of its own, pinned
in bench/peer/requirements.txt), installed once into its own virtual environment, var/bench-peer-venv, with
the Django, gunicorn and psycopg versions the project runs, and reused afterwards. When it cannot be installed
(no network, pip fails) this says why and measures ours and the bare view alone.

Both run as the Procfile's `web` line says (the same worker count and class, the access log on; ours with
its secret-redacting logger), on loopback ports, with DEBUG off and ALLOWED_HOSTS 127.0.0.1, on the same
PostgreSQL server in databases of their own (ours: INTAKE_DATABASE_URL, as bench/intake.py; the peer:
PEER_DATABASE_URL, by default the same name with _peer for _intake), both keeping their database connections
(CONN_MAX_AGE 60). Ours is set up as bench/intake.py sets it up (a private Redis, no Celery worker: the
receipt is owed in the outbox and its task waits in Redis). The peer sends its "ticket opened" e-mail inside
the request, over SMTP to a sink on loopback that only counts (in this process), as its design does.

One wrk script (bench/intake.py's) posts a unique filing per request to each, with the CSRF cookie and token
from one GET of its form:

    ours      POST /issues/new/, a new company per filing, as bench/intake.py; expected 302 /issues/receipt/…
    peer      POST /helpdesk/tickets/submit/: title (unique), body (our filing's problem and improvement),
              priority, submitter's e-mail; expected 302 /helpdesk/view/…
    bare      POST /bench/bare/ on our server: our middleware and a view that answers "ok"; expected 200

Rows are counted before and after each round (issues; helpdesk_ticket): an answer without its row is an
error, not a figure. --sets sets of --rounds rounds each, every round running ours, the peer and the bare
view one after the other (the order turns by one each set). Figures: filings/s per round, per set and pooled
over all rounds (filings over seconds), CPU per filing of gunicorn's processes and of the PostgreSQL
backends (from /proc, as bench/intake.py), wrk's p50 and p99 (the median over the rounds).

    .venv/bin/python bench/intake_peer.py [--sets 3] [--rounds 3] [--duration 12] [--warmup 3]
"""

import argparse
import contextlib
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import intake  # noqa: E402
from bench.database import ensure_database  # noqa: E402
from bench.intake import FILING, TITLE, Server, csrf, get, script  # noqa: E402
from bench.table import Row, ratio  # noqa: E402
from tests.notices.stack import PrivateRedis, free_port  # noqa: E402

SECTION = "Intake against django-helpdesk"
PEER = "django-helpdesk 2.6.1"
PEER_DIR = BASE_DIR / "bench" / "peer"
PEER_VENV = BASE_DIR / "var" / "bench-peer-venv"
PEER_SUBMIT = "/helpdesk/tickets/submit/"
# Installed beside the peer at the versions the project runs: both sides stand on the same stack.
SAME_AS_OURS = ("Django", "gunicorn", "psycopg", "psycopg-binary")
NAMES = ("ours", "peer", "bare")
TARGET_PEER = 2.0  # issue 20: filings/s at least twice the peer's
TARGET_BARE = 0.25  # and at least a quarter of the bare view's
TARGET_TAIL = 3.0  # and a p99 at most three times the p50


# --- The peer's environment --------------------------------------------------------------------------------

def peer_requirements() -> list[str]:
    lines = (PEER_DIR / "requirements.txt").read_text().splitlines()
    pinned = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return pinned + [f"{name}=={importlib.metadata.version(name)}" for name in SAME_AS_OURS]


def install_peer() -> tuple[Path | None, str]:
    """The peer's Python, installing it first when its requirements changed; or None and why not."""
    requirements = peer_requirements()
    stamp = PEER_VENV / f".installed-{hashlib.sha256(' '.join(requirements).encode()).hexdigest()[:12]}"
    python = PEER_VENV / "bin" / "python"
    if stamp.exists() and python.exists():
        return python, ""
    print(f"  installing {PEER} into {PEER_VENV} …", file=sys.stderr, flush=True)
    steps = [[sys.executable, "-m", "venv", str(PEER_VENV)]] if not python.exists() else []
    steps.append([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements])
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
        except (OSError, subprocess.TimeoutExpired) as error:
            return None, f"{' '.join(step[:4])} … failed: {error}"
        if done.returncode:
            said = [line for line in (done.stderr or done.stdout).splitlines() if "is ignored" not in line]
            return None, f"{' '.join(step[:4])} … exited with {done.returncode}: {(said or [''])[-1][:300]}"
    for old in PEER_VENV.glob(".installed-*"):
        old.unlink()
    stamp.touch()
    return python, ""


def peer_database_url(ours: str) -> str:
    if os.environ.get("PEER_DATABASE_URL"):
        return os.environ["PEER_DATABASE_URL"]
    parts = urlsplit(ours)
    name = unquote(parts.path.lstrip("/"))
    return parts._replace(path="/" + quote(name.removesuffix("_intake") + "_peer")).geturl()


def peer_environment(*, database_url: str, email_port: int, workdir: Path) -> dict:
    """Only what the peer's settings read, and nothing of ours (no DJANGO_SETTINGS_MODULE, no PYTHONPATH)."""
    kept = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if name in os.environ}
    return {**kept, "DJANGO_SETTINGS_MODULE": "peer.settings", "PEER_DATABASE_URL": database_url,
            "PEER_EMAIL_PORT": str(email_port), "PEER_SECRET_KEY": "bench-only-not-a-secret-" + "y" * 30,
            "PEER_MEDIA_ROOT": str(workdir / "peer-media"), "PYTHONUNBUFFERED": "1"}


def prepare_peer(python: Path, env: dict, port: int) -> dict:
    """Migrated, its queue made, and the queries of one ticket (bench/peer/prepare.py)."""
    done = subprocess.run(  # noqa: S603 - our own script with the peer's Python
        [str(python), str(PEER_DIR / "prepare.py"), f"127.0.0.1:{port}"], cwd=PEER_DIR.parent, env=env,
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, f"bench/peer/prepare.py exited with {done.returncode}:\n{done.stderr[-4000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


class PeerServer(Server):
    """The Procfile's gunicorn settings around the peer's WSGI application, with the peer's Python."""

    def __init__(self, env: dict, port: int, workdir: Path, python: Path):
        super().__init__(env, port, workdir)
        self.log_path = workdir / "peer-gunicorn.log"
        ours, self.described = intake.gunicorn_command(port)
        words, options = [], iter(ours[3:])
        for word in options:
            if word == "config.wsgi":
                words.append("peer.wsgi")
            elif word == "--logger-class":  # ours redacts status-link secrets from its log; the peer has none
                next(options)
            elif word == "--control-socket":  # a socket of its own beside ours
                words += [word, str(workdir / "peer-gunicorn.ctl")]
                next(options)
            else:
                words.append(word)
        assert "peer.wsgi" in words, f"the Procfile's web process does not serve config.wsgi: {ours}"
        self.command = [str(python), "-m", "gunicorn", "--chdir", str(PEER_DIR.parent), *words]

    def _answers(self) -> bool:
        assert self.process.poll() is None, f"the peer's gunicorn exited:\n{self.log_tail()}"
        try:
            return get(self.port, PEER_SUBMIT)[0] == 200
        except OSError:
            return False


class CountingSink:
    """An SMTP server on loopback that accepts every message and only counts them."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.count, self._lock = 0, threading.Lock()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.count += 1
        return "250 OK"

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc):
        self._controller.stop(no_assert=True)


def peer_tickets(database_url: str) -> int:
    """helpdesk_ticket's rows once the requests still in flight when wrk stopped have been answered."""
    import psycopg

    counts = []
    with psycopg.connect(database_url, autocommit=True) as connection:
        while len(counts) < 2 or counts[-1] != counts[-2]:
            if counts:
                time.sleep(0.5)
            counts.append(connection.execute("SELECT count(*) FROM helpdesk_ticket").fetchone()[0])
    return counts[-1]


def backend_cpu(database: str) -> dict[int, float] | None:
    """CPU seconds used so far by each PostgreSQL backend connected to `database` (see bench/intake.py), by
    process id; None when PostgreSQL runs on another machine."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                       [database])
        pids = [pid for (pid,) in cursor.fetchall()]
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        except PermissionError:
            return None
        used[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def backend_cpu_between(before: dict | None, after: dict | None) -> float | None:
    """The backends' CPU seconds between two readings. A worker reconnects once its connection is older than
    CONN_MAX_AGE: a backend that is new counts from zero, one that has gone counts for nothing (what it used
    after the first reading is lost, never more than one request's worth)."""
    if before is None or after is None:
        return None
    return sum(used - before.get(pid, 0) for pid, used in after.items())


# --- The rounds ---------------------------------------------------------------------------------------------

@dataclass
class Round:
    name: str
    set: int
    requests: int  # answered as expected, counted by wrk
    seconds: float
    filed: int  # rows the database gained (the bare view: its answers)
    cpu: float  # gunicorn's CPU seconds over the round
    database_cpu: float | None
    p50_ms: float
    p99_ms: float
    mails: int = 0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


@dataclass
class Measured:
    rounds: list[Round] = field(default_factory=list)
    server: str = ""
    peer_missing: str = ""  # why the peer was not measured
    queries: dict = field(default_factory=dict)  # "ours", "peer": (form GET, filing POST)
    loads: list[str] = field(default_factory=list)  # the load average before each set

    def of(self, name: str, set_: int | None = None) -> list[Round]:
        return [r for r in self.rounds if r.name == name and (set_ is None or r.set == set_)]


def measure(*, sets: int = 3, rounds: int = 3, duration: float = 12, warmup: float = 3, connections: int = 8,
            threads: int = 2, verbose: bool = False) -> Measured:
    if not shutil.which("wrk"):
        raise SystemExit(intake.WRK_MISSING)
    database_url = os.environ.get("INTAKE_DATABASE_URL", intake.DEFAULT_DATABASE_URL)
    peer_url = peer_database_url(database_url)
    ensure_database(database_url)
    measured = Measured()
    python, measured.peer_missing = install_peer()
    if measured.peer_missing:
        print(f"  {PEER} is not measured: {measured.peer_missing}", file=sys.stderr, flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-intake-peer-"))
    redis = PrivateRedis(workdir / "redis.log").start()
    port, peer_port = free_port(), free_port()
    env = intake.environment(database_url=database_url, redis_url=redis.url, port=port)
    os.environ.update(env)
    try:
        with contextlib.ExitStack() as stack:
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connection

            from companies.models import Field

            call_command("migrate", verbosity=0)
            field_id = Field.objects.filter(is_active=True).values_list("pk", flat=True).first()
            assert field_id, "no active field to choose on the form"
            form_queries, filing_queries, _ = intake.queries_per_request(field_id)
            measured.queries["ours"] = (form_queries, filing_queries)
            connection.close()

            ours = stack.enter_context(Server(env, port, workdir))
            measured.server = ours.described
            cookie, token = csrf(port)
            filing = urlencode({**FILING, "field": field_id, "csrfmiddlewaretoken": token})
            peer = sink = None
            if python:
                sink = stack.enter_context(CountingSink())
                peer_env = peer_environment(database_url=peer_url, email_port=sink.port, workdir=workdir)
                try:
                    ensure_database(peer_url)
                    prepared = prepare_peer(python, peer_env, peer_port)
                    peer = stack.enter_context(PeerServer(peer_env, peer_port, workdir, python))
                except AssertionError as error:
                    measured.peer_missing = f"it did not start: {str(error).splitlines()[0]}"
                    print(f"  {PEER} is not measured: {error}", file=sys.stderr, flush=True)
                else:
                    measured.queries["peer"] = (prepared["form_queries"], prepared["ticket_queries"])
                    peer_cookie, peer_token = csrf(peer_port, PEER_SUBMIT)
                    ticket = urlencode({
                        "body": f"{FILING['problem']}\n\n{FILING['improvement']}", "priority": "3",
                        "submitter_email": FILING["contact_email"], "csrfmiddlewaretoken": peer_token})

            def run(name: str, seconds: float, set_: int) -> Round:
                if name == "ours":
                    lua = script(workdir, name, path="/issues/new/", vary=True, expected=302,
                                 location="/issues/receipt/", cookie=cookie, run=intake.fresh_numbers(),
                                 body=f"{filing}&title={quote(TITLE)}")
                    server, count = ours, intake.issues_filed
                elif name == "peer":
                    lua = script(workdir, name, path=PEER_SUBMIT, vary=True, numbered=False, expected=302,
                                 location="/helpdesk/view/", cookie=peer_cookie,
                                 body=f"{ticket}&title={quote(TITLE)}")
                    server, count = peer, lambda: peer_tickets(peer_url)
                else:
                    lua = script(workdir, name, path="/bench/bare/", vary=False, expected=200, location="",
                                 cookie=cookie, body=urlencode({"csrfmiddlewaretoken": token}))
                    server, count = ours, intake.issues_filed
                database = urlsplit(peer_url if name == "peer" else database_url).path.lstrip("/")
                before, cpu, database_cpu = count(), server.cpu_seconds(), backend_cpu(unquote(database))
                mails = sink.count if sink else 0
                answered = intake.wrk(server.port, lua, seconds=seconds, connections=connections, threads=threads)
                result = intake.check("bare" if name == "bare" else "intake", answered)
                filed = count() - before
                done = Round(
                    name, set_, result["requests"], result["duration_us"] / 1e6,
                    filed if name != "bare" else result["good"], server.cpu_seconds() - cpu,
                    backend_cpu_between(database_cpu, backend_cpu(unquote(database))),
                    result["p50_us"] / 1000, result["p99_us"] / 1000, (sink.count - mails) if sink else 0)
                connection.close()
                if name == "bare":
                    assert not filed, f"the bare view filed {filed} issues"
                else:
                    # Requests in flight when wrk stopped were answered (and filed) but not counted by wrk.
                    assert result["good"] <= filed <= result["good"] + connections, (name, result, filed)
                return done

            names = [name for name in NAMES if name != "peer" or peer]
            for name in names:
                run(name, warmup, 0)
            for set_ in range(1, sets + 1):
                turn = (set_ - 1) % len(names)
                order = names[turn:] + names[:turn]
                measured.loads.append(", ".join(f"{load:.2f}" for load in os.getloadavg()))
                for _round in range(rounds):
                    for name in order:
                        done = run(name, duration, set_)
                        measured.rounds.append(done)
                        if verbose:
                            print(f"  set {set_} {name}: {done.rate:.1f} req/s, p50 {done.p50_ms:.1f} ms, "
                                  f"p99 {done.p99_ms:.1f} ms, {done.cpu * 1000 / done.filed:.2f} ms CPU in gunicorn"
                                  f" + {(done.database_cpu or 0) * 1000 / done.filed:.2f} ms in PostgreSQL per "
                                  f"answer ({done.requests} counted by wrk, {done.filed} rows"
                                  + (f", {done.mails} e-mails" if name == "peer" else "") + ")",
                                  file=sys.stderr, flush=True)
    finally:
        redis.stop()
    return measured


# --- The rows -----------------------------------------------------------------------------------------------

def pooled_rate(rounds: list[Round]) -> float:
    return sum(r.requests for r in rounds) / sum(r.seconds for r in rounds)


def cpu_ms(rounds: list[Round], database: bool = False) -> float | None:
    if database and any(r.database_cpu is None for r in rounds):
        return None
    return sum((r.database_cpu if database else r.cpu) for r in rounds) * 1000 / sum(r.filed for r in rounds)


def median(rounds: list[Round], what: str) -> float:
    return statistics.median(getattr(r, what) for r in rounds)


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} ms"


def rows(*, sets: int = 3, rounds: int = 3, duration: float = 12, warmup: float = 3, connections: int = 8,
         threads: int = 2, verbose: bool = False) -> list[Row]:
    m = measure(sets=sets, rounds=rounds, duration=duration, warmup=warmup, connections=connections,
                threads=threads, verbose=verbose)
    ours, peer, bare = m.of("ours"), m.of("peer"), m.of("bare")
    load = (f"{m.server}; wrk {connections} connections, {threads} threads; {sets} sets × {rounds} rounds of "
            f"{duration:.0f} s, alternating")
    ours_rate, bare_rate = pooled_rate(ours), pooled_rate(bare)
    passes_bare = ours_rate >= TARGET_BARE * bare_rate
    found = []
    if peer:
        peer_rate = pooled_rate(peer)
        by_set = {name: [pooled_rate(m.of(name, s)) for s in range(1, sets + 1)] for name in ("ours", "peer")}
        found += [
            Row(SECTION, f"filings/s, all {len(ours)} rounds pooled ({load})", f"{ours_rate:.1f} req/s",
                f"{PEER} public form → 302: {peer_rate:.1f} req/s", ratio(ours_rate, peer_rate),
                str(m.queries["ours"][1]),
                f"≥ {TARGET_PEER:g}× {'✓' if ours_rate >= TARGET_PEER * peer_rate else '✗'}"),
            Row(SECTION, "filings/s by set", ", ".join(f"{rate:.1f}" for rate in by_set["ours"]),
                "django-helpdesk: " + ", ".join(f"{rate:.1f}" for rate in by_set["peer"]),
                ", ".join(ratio(*rates) for rates in zip(by_set["ours"], by_set["peer"], strict=True))),
        ]
    else:
        found.append(Row(SECTION, f"{PEER} not measured", m.peer_missing))
    found.append(Row(SECTION, f"filings/s pooled against the bare view ({'' if peer else load + '; '}"
                              "bare view: POST with CSRF → 200, same middleware)",
                     f"{ours_rate:.1f} req/s", f"bare view: {bare_rate:.0f} req/s", ratio(ours_rate, bare_rate),
                     "" if peer else str(m.queries["ours"][1]), f"≥ {TARGET_BARE:g}× {'✓' if passes_bare else '✗'}"))
    if peer:
        found += [
            Row(SECTION, "django-helpdesk's tickets/s pooled against the same bare view", f"{peer_rate:.1f} req/s",
                f"bare view: {bare_rate:.0f} req/s", ratio(peer_rate, bare_rate), str(m.queries["peer"][1])),
            Row(SECTION, "gunicorn CPU per filing, pooled", ms(cpu_ms(ours)), f"django-helpdesk: {ms(cpu_ms(peer))}",
                ratio(cpu_ms(ours), cpu_ms(peer))),
        ]
        ours_db, peer_db = cpu_ms(ours, database=True), cpu_ms(peer, database=True)
        found.append(Row(SECTION, "PostgreSQL CPU per filing, pooled", ms(ours_db), f"django-helpdesk: {ms(peer_db)}",
                         ratio(ours_db, peer_db) if ours_db is not None and peer_db else "–"))
    else:
        found.append(Row(SECTION, "CPU per filing, pooled: gunicorn + PostgreSQL",
                         f"{ms(cpu_ms(ours))} + {ms(cpu_ms(ours, database=True))}",
                         f"bare view: {ms(cpu_ms(bare))}", ratio(cpu_ms(ours), cpu_ms(bare))))
    tail = median(ours, "p99_ms") / median(ours, "p50_ms")
    other = peer or bare
    label = "django-helpdesk" if peer else "bare view"
    found += [
        Row(SECTION, "latency p50, median of the rounds", ms(median(ours, "p50_ms")),
            f"{label}: {ms(median(other, 'p50_ms'))}", ratio(median(ours, "p50_ms"), median(other, "p50_ms"))),
        Row(SECTION, "latency p99, median of the rounds", ms(median(ours, "p99_ms")),
            f"{label}: {ms(median(other, 'p99_ms'))}", ratio(median(ours, "p99_ms"), median(other, "p99_ms")),
            "", f"ours ≤ {TARGET_TAIL:g}× its p50 ({tail:.1f}×) {'✓' if tail <= TARGET_TAIL else '✗'}"),
    ]
    if peer:
        mails = sum(r.mails for r in peer) / sum(r.filed for r in peer)
        found += [
            Row(SECTION, "e-mails sent inside the request, per filing", "0 (the receipt is owed to the worker)",
                f"django-helpdesk: {mails:.2f}, over SMTP to a sink on loopback"),
            Row(SECTION, "GET of the form", "", "", "", f"{m.queries['ours'][0]} (django-helpdesk: "
                                                      f"{m.queries['peer'][0]})"),
        ]
    by_name = {name: m.of(name) for name in NAMES}
    for number in range(len(ours)):
        got = {name: runs[number] for name, runs in by_name.items() if number < len(runs)}
        found.append(Row(
            SECTION, f"set {got['ours'].set}, round {number % rounds + 1}: filings/s (load average "
                     f"{m.loads[got['ours'].set - 1]} at the set's start)" if number % rounds == 0 else
                     f"set {got['ours'].set}, round {number % rounds + 1}: filings/s",
            f"{got['ours'].rate:.1f}",
            (f"django-helpdesk: {got['peer'].rate:.1f}; " if "peer" in got else "") + f"bare: {got['bare'].rate:.0f}",
            ratio(got["ours"].rate, got["peer"].rate) if "peer" in got else ratio(got["ours"].rate, got["bare"].rate)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per set, each ours, the peer and bare")
    parser.add_argument("--duration", type=float, default=12, help="seconds per endpoint and round")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    from bench.table import markdown

    print(markdown(rows(sets=args.sets, rounds=args.rounds, duration=args.duration, warmup=args.warmup,
                        connections=args.connections, threads=args.threads, verbose=True)))


if __name__ == "__main__":
    main()
