"""How many issues the public form takes per second: a measurement, not a test.

gunicorn runs as the Procfile's `web` line says (its workers and worker class), on a loopback port, with
production's settings from the environment (bench/settings.py adds only /bench/bare/): DEBUG off, PostgreSQL
(INTAKE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test_intake_bench, created and migrated when
missing), a private Redis on a spare port as cache and Celery broker, so each filing publishes its receipt's
task as in production. No worker runs: the tasks wait in Redis, and the two CPUs are left to gunicorn,
PostgreSQL and wrk. The intake rate limit is raised (RATE_LIMIT_INTAKE) so that it does not answer 429.

wrk drives two endpoints of the same server, one after the other, with the same connections and threads:

    intake    POST /issues/new/: a valid filing (CONTRACT.md field names, consent, a title that differs on
              every request) for a company not seen before (a business number of its own, with its check
              digit: the longest path, a new company and contact); expected 302 to /issues/receipt/…
    bare      POST /bench/bare/ with the same CSRF cookie and token: the same middleware (sessions, CSRF,
              locale, messages, history, two-factor, axes) and a view that returns "ok"; expected 200

The CSRF cookie and the form's token come from one GET of the form and are reused by every request; no other
cookie is sent, as from a new visitor (a filing writes no session: its receipt is a signed cookie). wrk's Lua
`response` hook counts every answer that is not the expected one: a run with any is an error, not a figure.
The issues the database gained are compared with wrk's count too. Bare then intake, --rounds times; the best
round of each counts (the one least disturbed by whatever else the machine does). Beside the rates: the CPU
time per request of gunicorn's processes and of PostgreSQL's backends (from /proc), which other load disturbs
less. Queries per filing: one submission through Django's test client under CaptureQueriesContext; --queries
prints them.

    .venv/bin/python bench/intake.py [--duration 12] [--warmup 3] [--connections 8] [--threads 2] [--rounds 2]
    .venv/bin/python bench/intake.py --queries

wrk: `apt-get install wrk` (Debian, Ubuntu) or `brew install wrk`.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.database import ensure_database  # noqa: E402
from bench.table import Row, ratio  # noqa: E402
from tests.notices.stack import PrivateRedis, free_port, wait_for  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test_intake_bench"
WRK_MISSING = ("wrk is not installed. Install it with `sudo apt-get install wrk` (Debian, Ubuntu) "
               "or `brew install wrk` (macOS), then run the bench again.")
TARGET = 0.5  # the intake form answers at least half as many requests per second as the bare view

# The filing every request sends. Each request files for a company not seen before (the longest path: a new
# company and contact), with a business number of its own, "9" + run + thread + request + check digit.
FILING = {
    "company_name": "주식회사 로보배송", "ceo_name": "박대표",
    "contact_name": "김민지", "contact_email": "minji.kim@robo.example.com", "contact_phone": "010-1234-5678",
    "problem": "실외 이동로봇은 보행자로 인정되지 않아 보도를 다닐 수 없습니다. 배달 서비스 실증이 막혀 있습니다.",
    "improvement": "안전 인증을 받은 실외 이동로봇의 보도 통행을 허용해 주십시오.",
    "related_law": "도로교통법 제2조", "privacy_consent": "on",
}
TITLE = "배달로봇의 보도 통행 허용 요청 "

# `response` counts, per wrk thread, what came back; `done` prints one JSON line for this script.
LUA = r"""
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

counter = 0
good = 0
bad = 0
first_bad = 0

local weights = {1, 3, 7, 1, 3, 7, 1, 3, 5}

-- companies/validators.py business_number_check_digit, in Lua.
function business_number(first_nine)
  local total = 0
  for i = 1, 9 do total = total + tonumber(string.sub(first_nine, i, i)) * weights[i] end
  total = total + math.floor(tonumber(string.sub(first_nine, 9, 9)) * 5 / 10)
  return first_nine .. ((10 - total % 10) % 10)
end

function request()
  counter = counter + 1
  local body = BODY
  if VARY then
    body = body .. id .. "-" .. counter
    if NUMBERED then
      body = body .. "&business_number=" .. business_number(string.format("9%03d%d%04d", RUN, id, counter % 10000))
    end
  end
  return wrk.format("POST", PATH, nil, body)
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  if status == EXPECTED and string.sub(location, 1, #LOCATION) == LOCATION then
    good = good + 1
  else
    bad = bad + 1
    if first_bad == 0 then first_bad = status end
  end
end

"""
# Every wrk script of the bench ends so: the threads' counts summed, one JSON line (read by wrk() below).
LUA_DONE = r"""
function done(summary, latency, requests)
  local total_good, total_bad, first = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_good = total_good + thread:get("good")
    total_bad = total_bad + thread:get("bad")
    if first == 0 then first = thread:get("first_bad") end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "good": %d, "bad": %d, "first_bad": %d, ' ..
    '"socket_errors": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, total_good, total_bad, first,
    errors.connect + errors.read + errors.write + errors.timeout,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(99))))
end
"""
LUA += LUA_DONE


def environment(*, database_url: str, redis_url: str, port: int) -> dict:
    """Production's settings, on loopback over plain HTTP, with a rate limit that a bench does not reach."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 30,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "RATE_LIMIT_INTAKE": str(10**9),
        "PYTHONUNBUFFERED": "1",
    }


def gunicorn_command(port: int) -> tuple[list[str], str]:
    """The Procfile's `web` command on `port` (with this Python's gunicorn), and its worker class as said."""
    line = next(line for line in (BASE_DIR / "Procfile").read_text().splitlines() if line.startswith("web:"))
    words = shlex.split(line.removeprefix("web:").replace("${PORT:-8000}", str(port)))
    assert words[0].endswith("gunicorn"), f"the Procfile's web process is not gunicorn: {line}"
    options = dict(zip(words, [*words[1:], ""], strict=True))
    workers = options.get("--workers") or options.get("-w") or "1"
    kind = options.get("--worker-class") or options.get("-k") or "sync"
    threads = options.get("--threads")
    described = f"gunicorn, {workers} {kind} workers" + (f" × {threads} threads" if threads else "")
    return [sys.executable, "-m", "gunicorn", *words[1:]], described


class Server:
    """gunicorn in its own process group, its output in a log file."""

    def __init__(self, env: dict, port: int, workdir: Path):
        self.env, self.port, self.log_path = env, port, workdir / "gunicorn.log"
        self.command, self.described = gunicorn_command(port)
        self.process = None

    def __enter__(self):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - the Procfile's command
                self.command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for("gunicorn to answer", self._answers, timeout=60, describe=self.log_tail)
        return self

    def _answers(self) -> bool:
        assert self.process.poll() is None, f"gunicorn exited:\n{self.log_tail()}"
        try:
            return get(self.port, "/bench/bare/")[0] == 200
        except OSError:
            return False

    def __exit__(self, *exc):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, 15)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the workers have used so far: robust to other load on the machine."""
        pids = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        total = 0
        for pid in [self.process.pid, *pids]:
            with contextlib.suppress(FileNotFoundError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""


def get(port: int, path: str) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        connection.close()


def csrf(port: int, path: str = "/issues/new/") -> tuple[str, str]:
    """The csrftoken cookie and the form's token, from one GET of the form, as a browser gets them."""
    status, headers, html = get(port, path)
    assert status == 200, f"GET {path} answered {status}"
    cookies = [value for name, value in headers if name.lower() == "set-cookie"]
    cookie = next(re.match(r"csrftoken=([^;]+)", c).group(1) for c in cookies if c.startswith("csrftoken="))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie, token


def script(workdir: Path, name: str, *, path: str, body: str, vary: bool, expected: int, location: str,
           cookie: str, run: int = 0, numbered: bool = True) -> Path:
    """wrk's script: `vary` appends a part of its own to the body's last field on every request, and
    `numbered` a business number of its own too (a new company per filing)."""
    assert '"' not in body and "\\" not in body, "an urlencoded body needs no escaping"
    header = "\n".join([
        f'PATH = "{path}"', f'BODY = "{body}"', f"VARY = {'true' if vary else 'false'}", f"RUN = {run}",
        f"NUMBERED = {'true' if numbered else 'false'}",
        f"EXPECTED = {expected}", f'LOCATION = "{location}"',
        f'wrk.headers["Cookie"] = "csrftoken={cookie}"',
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
    ])
    target = workdir / f"{name}.lua"
    target.write_text(header + "\n" + LUA)
    return target


def wrk(port: int, lua: Path, *, seconds: float, connections: int, threads: int, timeout: float | None = None) -> dict:
    """wrk's run of `lua`; `timeout`: seconds an answer may take before wrk counts a socket error (its own: 2)."""
    waits = ["--timeout", f"{timeout:g}s"] if timeout else []
    output = subprocess.run(  # noqa: S603 - wrk with our own script
        [shutil.which("wrk"), f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
         *waits, "-s", str(lua), f"http://127.0.0.1:{port}/"],
        check=True, capture_output=True, text=True,
    ).stdout
    line = next((line for line in output.splitlines() if line.startswith("BENCH ")), None)
    assert line, f"wrk printed no result:\n{output}"
    result = json.loads(line.removeprefix("BENCH "))
    result["rate"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def issues_filed() -> int:
    """The issues in the database once the requests still in flight when wrk stopped have been answered."""
    from issues.models import Issue

    counts = [Issue.objects.count()]
    while True:
        time.sleep(0.5)
        counts.append(Issue.objects.count())
        if counts[-1] == counts[-2]:
            return counts[-1]


def database_cpu_seconds() -> float | None:
    """CPU time used so far by the PostgreSQL backends connected to this database (gunicorn's workers keep
    theirs open, CONN_MAX_AGE); None when PostgreSQL runs on another machine."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        pids = [pid for (pid,) in cursor.fetchall()]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, PermissionError):
            return None
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def fresh_numbers() -> int:
    """A run number no company's business number starts with yet ("9" + run): every filing a new company."""
    from companies.models import Company

    for run in range(1000):
        if not Company.objects.filter(business_number__startswith=f"9{run:03d}").exists():
            return run
    raise AssertionError("no business numbers left: drop the database test_intake_bench")


def business_number(first_nine: str) -> str:
    from companies.validators import business_number_check_digit

    return first_nine + str(business_number_check_digit(first_nine))


def queries_per_request(field_id: int) -> tuple[int, int, list[str]]:
    """SQL queries of one GET of the form and of one filing for a new company, through the test client with a
    fresh session (after one filing to warm up); and the filing's statements, for the report."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    run = fresh_numbers()
    data = {**FILING, "field": field_id, "title": TITLE + "queries"}
    response = Client(HTTP_HOST="127.0.0.1").post(
        "/issues/new/", {**data, "business_number": business_number(f"9{run:03d}00000")})
    assert response.status_code == 302, response.status_code
    client = Client(HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as form:
        assert client.get("/issues/new/").status_code == 200
    client = Client(HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as filing:
        response = client.post("/issues/new/", {**data, "business_number": business_number(f"9{run:03d}00001")})
    assert response.status_code == 302, response.status_code
    return len(form), len(filing), [query["sql"] for query in filing.captured_queries]


def measure(*, duration: float = 12, warmup: float = 3, connections: int = 8, threads: int = 2,
            rounds: int = 2, verbose: bool = False) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit(WRK_MISSING)
    assert threads <= 9, "one digit of the business numbers tells wrk's threads apart"
    database_url = os.environ.get("INTAKE_DATABASE_URL", DEFAULT_DATABASE_URL)
    ensure_database(database_url)
    workdir = Path(tempfile.mkdtemp(prefix="bench-intake-"))
    redis = PrivateRedis(workdir / "redis.log").start()
    port = free_port()
    env = environment(database_url=database_url, redis_url=redis.url, port=port)
    os.environ.update(env)
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from companies.models import Field

        call_command("migrate", verbosity=0)
        field_id = Field.objects.filter(is_active=True).values_list("pk", flat=True).first()
        assert field_id, "no active field to choose on the form"
        form_queries, filing_queries, statements = queries_per_request(field_id)
        connection.close()

        with Server(env, port, workdir) as server:
            cookie, token = csrf(port)
            filing = urlencode({**FILING, "field": field_id, "csrfmiddlewaretoken": token})

            def run(name: str, seconds: float) -> dict:
                if name == "intake":
                    lua = script(workdir, name, path="/issues/new/", vary=True, expected=302,
                                 location="/issues/receipt/", cookie=cookie, run=fresh_numbers(),
                                 body=f"{filing}&title={quote(TITLE)}")
                else:
                    lua = script(workdir, name, path="/bench/bare/", vary=False, expected=200, location="",
                                 cookie=cookie, body=urlencode({"csrfmiddlewaretoken": token}))
                before, cpu, database_cpu = issues_filed(), server.cpu_seconds(), database_cpu_seconds()
                result = check(name, wrk(port, lua, seconds=seconds, connections=connections, threads=threads))
                result["filed"] = issues_filed() - before
                # Requests in flight when wrk stopped were answered (and filed) but not counted by wrk.
                answered = result["filed"] if name == "intake" else result["good"]
                result["cpu_ms"] = (server.cpu_seconds() - cpu) * 1000 / answered
                after = database_cpu_seconds()
                result["database_cpu_ms"] = (after - database_cpu) * 1000 / answered if after is not None else None
                connection.close()
                if name == "intake":
                    assert result["good"] <= result["filed"] <= result["good"] + connections, result
                elif result["filed"]:
                    raise AssertionError(f"the bare view filed {result['filed']} issues")
                return result

            for name in ("bare", "intake"):
                run(name, warmup)
            results = {"bare": [], "intake": []}
            for _round in range(rounds):
                for name in ("bare", "intake"):
                    result = run(name, duration)
                    results[name].append(result)
                    if verbose:
                        print(f"  {name}: {result['rate']:.1f} req/s, p50 {result['p50_us'] / 1000:.1f} ms, "
                              f"p99 {result['p99_us'] / 1000:.1f} ms, {result['cpu_ms']:.2f} ms CPU in gunicorn + "
                              f"{result['database_cpu_ms'] or 0:.2f} ms in PostgreSQL "
                              f"({result['good']} × {result['expected']}, "
                              f"{result['filed']} issues filed)", file=sys.stderr, flush=True)
            described = server.described
    finally:
        redis.stop()
    best = {name: max(runs, key=lambda r: r["rate"]) for name, runs in results.items()}
    return {**best, "server": described, "form_queries": form_queries, "filing_queries": filing_queries,
            "statements": statements, "connections": connections, "threads": threads, "duration": duration,
            "rounds": rounds}


def check(name: str, result: dict) -> dict:
    """A run that got any unexpected answer measured error pages: stop there."""
    result["expected"] = 302 if name == "intake" else 200
    if result["bad"] or result["socket_errors"] or not result["good"]:
        raise AssertionError(f"{name}: {result['bad']} unexpected answers (the first: {result['first_bad']}), "
                             f"{result['socket_errors']} socket errors, {result['good']} as expected")
    return result


def rows(*, duration: float = 12, warmup: float = 3, connections: int = 8, threads: int = 2, rounds: int = 2,
         verbose: bool = False) -> list[Row]:
    m = measure(duration=duration, warmup=warmup, connections=connections, threads=threads, rounds=rounds,
                verbose=verbose)
    intake, bare = m["intake"], m["bare"]
    passes = intake["rate"] >= TARGET * bare["rate"]
    section = "Intake form"
    load = (f"{m['server']}; wrk {m['connections']} connections, {m['threads']} threads, "
            f"{m['duration']:.0f} s, best of {m['rounds']}")
    return [
        Row(section, f"filings/s, POST /issues/new/ → 302 ({load})", f"{intake['rate']:.0f} req/s",
            f"bare view, POST with CSRF → 200: {bare['rate']:.0f} req/s", ratio(intake["rate"], bare["rate"]),
            str(m["filing_queries"]), f"≥ {TARGET}× {'✓' if passes else '✗'}"),
        Row(section, "latency p50", f"{intake['p50_us'] / 1000:.1f} ms",
            f"bare view: {bare['p50_us'] / 1000:.1f} ms", ratio(intake["p50_us"], bare["p50_us"])),
        Row(section, "latency p99", f"{intake['p99_us'] / 1000:.1f} ms",
            f"bare view: {bare['p99_us'] / 1000:.1f} ms", ratio(intake["p99_us"], bare["p99_us"])),
        Row(section, "CPU per request: gunicorn worker + PostgreSQL", cpu(intake), f"bare view: {cpu(bare)}",
            ratio(cpu_ms(intake), cpu_ms(bare))),
        Row(section, "GET /issues/new/ (the form a filer loads first)", "", "", "", str(m["form_queries"])),
    ]


def cpu(result: dict) -> str:
    database = result["database_cpu_ms"]
    return f"{result['cpu_ms']:.1f} ms" + (f" + {database:.1f} ms" if database is not None else "")


def cpu_ms(result: dict) -> float:
    return result["cpu_ms"] + (result["database_cpu_ms"] or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=12, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="bare then intake, this many times; the best counts")
    parser.add_argument("--queries", action="store_true", help="print the SQL of one filing")
    args = parser.parse_args()
    if args.queries:
        m = measure(duration=1, warmup=1, rounds=1, connections=args.connections, threads=args.threads)
        for number, sql in enumerate(m["statements"], 1):
            print(f"{number:3}  {sql[:160]}")
        return
    from bench.table import markdown

    print(markdown(rows(duration=args.duration, warmup=args.warmup, connections=args.connections,
                        threads=args.threads, rounds=args.rounds, verbose=True)))


if __name__ == "__main__":
    main()
