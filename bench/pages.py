"""The pages most visitors load, against the bare view in the same run: a measurement, not a test.

gunicorn runs as the Procfile's `web` line says, set up as bench/intake.py sets it up (production's settings
from the environment, DEBUG off, PostgreSQL INTAKE_DATABASE_URL, a private Redis as cache and broker). wrk
GETs each page with the same connections and threads, as a first-time visitor (no cookie):

    form      GET /issues/new/: the intake form; expected 200 with the field name="company_name"
    status    GET /track/<secret>/: the status page of an issue filed through the form for this run, its
              link made as "send me my links" makes one (a new secret, its keyed hash stored); expected 200
              with the issue's tracking number
    stats     GET /stats/: the public figures (cached in Redis for ten minutes, as in production); expected
              200 with the totals' heading (id="totals-h"), not the page without figures
    bare      GET /bench/bare/: the same middleware and a view that answers "ok"; expected 200 with "ok"

wrk's Lua `response` hook checks the status and looks for the page's marker in every body: an answer
without it (a 200 error page, a 404, a 429) makes the run an error, not a figure. --sets sets of --rounds
rounds, every round running the four one after the other (the order turns by one each set). Figures:
requests/s pooled over all rounds (requests over seconds), wrk's p50 and p99 (the median over the rounds),
gunicorn's CPU time per request (from /proc), and the SQL queries of one request through Django's test
client under CaptureQueriesContext (after one request to warm up, so /stats/ is read from the cache).

    .venv/bin/python bench/pages.py [--sets 2] [--rounds 2] [--duration 10] [--warmup 3]
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import intake  # noqa: E402
from bench.database import ensure_database  # noqa: E402
from bench.intake_scale import with_options  # noqa: E402
from bench.table import Row, ratio  # noqa: E402
from tests.notices.stack import PrivateRedis, free_port  # noqa: E402

SECTION = "Public pages against the bare view"
NAMES = ("form", "status", "stats", "bare")

# `response` counts, per wrk thread, the answers with the expected status and the page's marker in the body.
LUA = r"""
local threads = {}
good = 0
bad = 0
first_bad = 0

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status == 200 and body and string.find(body, MARKER, 1, true) then
    good = good + 1
  else
    bad = bad + 1
    if first_bad == 0 then first_bad = status end
  end
end

""" + intake.LUA_DONE


@dataclass
class Page:
    name: str
    path: str
    marker: str  # found in every answer's body, or the answer does not count
    described: str  # for the table


@dataclass
class Round:
    name: str
    set: int
    requests: int
    seconds: float
    cpu: float  # gunicorn's CPU seconds over the round
    p50_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def script(workdir: Path, page: Page) -> Path:
    # Lua's long strings take the marker as it is, quotes and all.
    assert "]==]" not in page.marker and '"' not in page.path, "no escaping needed"
    target = workdir / f"{page.name}.lua"
    target.write_text(f'wrk.method = "GET"\nwrk.path = "{page.path}"\nMARKER = [==[{page.marker}]==]\n' + LUA)
    return target


def status_link(field_id: int) -> tuple[str, str]:
    """A status link that works: an issue filed through the form (as a filer files it), then a fresh secret
    for it as "send me my links" makes one; the secret and the issue's tracking number."""
    from django.test import Client

    from issues import links
    from issues.models import Issue

    run = intake.fresh_numbers()
    title = f"{intake.TITLE}pages {run}"
    response = Client(HTTP_HOST="127.0.0.1").post("/issues/new/", {
        **intake.FILING, "field": field_id, "title": title,
        "business_number": intake.business_number(f"9{run:03d}00000")})
    assert response.status_code == 302, f"the filing for the status page answered {response.status_code}"
    issue = Issue.objects.get(number=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    secret = links.new_secret()
    Issue.objects.filter(pk=issue.pk).update(secret_hash=links.hash_secret(secret))
    return secret, issue.number


def queries(pages: list[Page]) -> dict[str, int]:
    """The SQL queries of one GET of each page by a new visitor, after one GET to warm up (caches, the
    first request's look-ups); each answer must be the real page, its marker in the body."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counted = {}
    for page in pages:
        Client(HTTP_HOST="127.0.0.1").get(page.path)
        with CaptureQueriesContext(connection) as captured:
            response = Client(HTTP_HOST="127.0.0.1").get(page.path)
        body = response.content.decode()
        assert response.status_code == 200 and page.marker in body, (
            f"GET {page.path} answered {response.status_code} without {page.marker!r}")
        counted[page.name] = len(captured)
    return counted


def measure(*, sets: int = 2, rounds: int = 2, duration: float = 10, warmup: float = 3, connections: int = 8,
            threads: int = 2, verbose: bool = False) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit(intake.WRK_MISSING)
    database_url = os.environ.get("INTAKE_DATABASE_URL", intake.DEFAULT_DATABASE_URL)
    ensure_database(database_url)
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    redis = PrivateRedis(workdir / "redis.log").start()
    port = free_port()
    env = intake.environment(database_url=database_url, redis_url=redis.url, port=port)
    os.environ.update(env)
    measured, loads = [], []
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from companies.models import Field

        call_command("migrate", verbosity=0)
        field_id = Field.objects.filter(is_active=True).values_list("pk", flat=True).first()
        assert field_id, "no active field to choose on the form"
        secret, number = status_link(field_id)
        pages = [
            Page("form", "/issues/new/", 'name="company_name"', "GET /issues/new/ (the form)"),
            Page("status", f"/track/{secret}/", number, "GET /track/<secret>/ (a status page)"),
            Page("stats", "/stats/", 'id="totals-h"', "GET /stats/ (cached figures)"),
            Page("bare", "/bench/bare/", "ok", "GET /bench/bare/"),
        ]
        counted = queries(pages)
        connection.close()
        by_name = {page.name: page for page in pages}
        lua = {page.name: script(workdir, page) for page in pages}

        server = intake.Server(env, port, workdir)
        server.command = with_options(server.command, {"--control-socket": str(workdir / "gunicorn.ctl")})
        with server:
            described = server.described

            def run(name: str, seconds: float, set_: int) -> Round:
                cpu = server.cpu_seconds()
                result = intake.wrk(port, lua[name], seconds=seconds, connections=connections, threads=threads)
                if result["bad"] or result["socket_errors"] or not result["good"]:
                    raise AssertionError(f"GET {by_name[name].path}: {result['bad']} answers not the page (the "
                                         f"first: {result['first_bad']}), {result['socket_errors']} socket errors")
                return Round(name, set_, result["good"], result["duration_us"] / 1e6, server.cpu_seconds() - cpu,
                             result["p50_us"] / 1000, result["p99_us"] / 1000)

            for name in NAMES:
                run(name, warmup, 0)
            for set_ in range(1, sets + 1):
                turn = (set_ - 1) % len(NAMES)
                loads.append(", ".join(f"{load:.2f}" for load in os.getloadavg()))
                for _round in range(rounds):
                    for name in NAMES[turn:] + NAMES[:turn]:
                        done = run(name, duration, set_)
                        measured.append(done)
                        if verbose:
                            print(f"  set {set_} {name}: {done.rate:.1f} req/s, p50 {done.p50_ms:.1f} ms, "
                                  f"p99 {done.p99_ms:.1f} ms, {done.cpu * 1000 / done.requests:.2f} ms CPU in "
                                  f"gunicorn per request ({done.requests} pages)", file=sys.stderr, flush=True)
    finally:
        redis.stop()
    return {"rounds": measured, "pages": by_name, "queries": counted, "server": described, "loads": loads}


def rows(*, sets: int = 2, rounds: int = 2, duration: float = 10, warmup: float = 3, connections: int = 8,
         threads: int = 2, verbose: bool = False) -> list[Row]:
    m = measure(sets=sets, rounds=rounds, duration=duration, warmup=warmup, connections=connections,
                threads=threads, verbose=verbose)
    of = {name: [r for r in m["rounds"] if r.name == name] for name in NAMES}
    rate = {name: sum(r.requests for r in runs) / sum(r.seconds for r in runs) for name, runs in of.items()}
    cpu = {name: sum(r.cpu for r in runs) * 1000 / sum(r.requests for r in runs) for name, runs in of.items()}
    p50 = {name: statistics.median(r.p50_ms for r in runs) for name, runs in of.items()}
    p99 = {name: statistics.median(r.p99_ms for r in runs) for name, runs in of.items()}
    load = (f"{m['server']}; wrk {connections} connections, {threads} threads, no cookie; {sets} sets × {rounds} "
            f"rounds of {duration:.0f} s, alternating")
    found = [Row(SECTION, f"bare view, GET /bench/bare/ → 200 \"ok\" ({load})", f"{rate['bare']:.0f} req/s", "", "",
                 str(m["queries"]["bare"]))]
    for name in NAMES[:-1]:
        page = m["pages"][name]
        marker = page.marker if name != "status" else "its tracking number"
        found += [
            Row(SECTION, f"{page.described} → 200 with {marker}: requests/s pooled", f"{rate[name]:.0f} req/s",
                f"bare view: {rate['bare']:.0f} req/s", ratio(rate[name], rate["bare"]), str(m["queries"][name])),
            Row(SECTION, f"{page.described}: latency p50 / p99, median of the rounds",
                f"{p50[name]:.1f} ms / {p99[name]:.1f} ms", f"bare view: {p50['bare']:.1f} ms / {p99['bare']:.1f} ms",
                ratio(p50[name], p50["bare"])),
            Row(SECTION, f"{page.described}: gunicorn CPU per request", f"{cpu[name]:.2f} ms",
                f"bare view: {cpu['bare']:.2f} ms", ratio(cpu[name], cpu["bare"])),
        ]
    for set_, set_load in enumerate(m["loads"], 1):
        got = {name: [r for r in runs if r.set == set_] for name, runs in of.items()}
        pooled = {name: sum(r.requests for r in runs) / sum(r.seconds for r in runs) for name, runs in got.items()}
        found.append(Row(SECTION, f"set {set_}: requests/s (load average {set_load} at the set's start)",
                         ", ".join(f"{name} {pooled[name]:.0f}" for name in NAMES[:-1]),
                         f"bare: {pooled['bare']:.0f}",
                         ", ".join(ratio(pooled[name], pooled["bare"]) for name in NAMES[:-1])))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="rounds per set, each GETs every page and the bare view")
    parser.add_argument("--duration", type=float, default=10, help="seconds per page and round")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    from bench.table import markdown

    print(markdown(rows(sets=args.sets, rounds=args.rounds, duration=args.duration, warmup=args.warmup,
                        connections=args.connections, threads=args.threads, verbose=True)))


if __name__ == "__main__":
    main()
