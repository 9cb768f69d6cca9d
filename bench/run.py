"""`make bench`: every measurement of bench/, one table with each figure beside its baseline from the same run,
under a header naming the machine; printed, and written to docs/benchmarks.md.

Each section runs in a process of its own (each sets Django up with its own settings and database) and
hands back its rows (bench/table.py). A section that fails is a row saying so, and `make bench` fails at the end.

    .venv/bin/python bench/run.py [--quick] [--only intake intake_peer intake_scale pages admin_list similar exports
                                       stats notices]

--quick (`make bench QUICK=1`): smaller sizes and shorter runs, for development; the full run is the default.
Databases, on the PostgreSQL server BENCH_DATABASE_SERVER (default postgres://postgres@127.0.0.1:5432), named
BENCH_DATABASE_PREFIX (default test_bench) + _intake, _peer (django-helpdesk), _list_10k …, _similar_10k …,
_exports_100k, _stats_100k, _notices: made and filled when missing, reused as they are afterwards (the first full
run loads a million issues).
"""

import argparse
import dataclasses
import importlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.table import Row, markdown  # noqa: E402

DOCS = BASE_DIR / "docs" / "benchmarks.md"
LEAD_SECTION = "## What the figures say"
PLACEHOLDER = "_To be written after a full run: what passes, what does not, and why._"


@dataclasses.dataclass
class Section:
    name: str  # the module bench/<name>.py
    title: str  # for a row saying it failed
    full: dict  # options of its rows()
    quick: dict
    database: str  # the environment variable that names its database
    suffix: str  # of the database name; {size} is replaced by the size of the run

    def options(self, quick: bool) -> dict:
        return self.quick if quick else self.full


SECTIONS = [
    Section("intake", "Intake form", {"duration": 12, "warmup": 3, "rounds": 2, "verbose": True},
            {"duration": 10, "warmup": 2, "rounds": 1, "verbose": True}, "INTAKE_DATABASE_URL", "intake"),
    Section("intake_peer", "Intake against django-helpdesk",
            {"sets": 3, "rounds": 3, "duration": 12, "warmup": 3, "verbose": True},
            {"sets": 2, "rounds": 1, "duration": 5, "warmup": 2, "verbose": True}, "INTAKE_DATABASE_URL", "intake"),
    Section("intake_scale", "Intake with more workers (PostgreSQL)",
            {"workers": [2, 8], "sets": 2, "rounds": 2, "duration": 12, "warmup": 3, "verbose": True},
            {"workers": [2, 8], "sets": 1, "rounds": 1, "duration": 5, "warmup": 3, "verbose": True},
            "INTAKE_DATABASE_URL", "intake"),
    Section("pages", "Public pages against the bare view",
            {"sets": 2, "rounds": 2, "duration": 10, "warmup": 3, "verbose": True},
            {"sets": 1, "rounds": 1, "duration": 5, "warmup": 2, "verbose": True}, "INTAKE_DATABASE_URL", "intake"),
    Section("admin_list", "Admin issue list (officer)", {"sizes": [10_000, 100_000, 1_000_000], "verbose": True},
            {"sizes": [10_000, 100_000], "verbose": True}, "ADMIN_LIST_DATABASE_URL", "list"),
    Section("similar", "Similar issues", {"sizes": [10_000, 100_000, 1_000_000], "verbose": True},
            {"sizes": [10_000], "verbose": True}, "SIMILAR_DATABASE_URL", "similar"),
    Section("exports", "Exports", {"issues": 100_000}, {"issues": 10_000}, "DATABASE_URL", "exports_{size}"),
    Section("stats", "Public statistics", {"issues": 100_000}, {"issues": 10_000, "cold": 3, "cached": 20},
            "DATABASE_URL", "stats_{size}"),
    Section("notices", "Notices", {"notices": 500, "latency": 200}, {"notices": 100, "latency": 50},
            "DATABASE_URL", "notices"),
]


def size_name(size: int) -> str:
    for unit, word in ((1_000_000, "m"), (1_000, "k")):
        if size % unit == 0:
            return f"{size // unit}{word}"
    return str(size)


def database_url(section: Section, quick: bool) -> str:
    server = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    prefix = os.environ.get("BENCH_DATABASE_PREFIX", "test_bench")
    assert prefix.startswith("test_"), "the bench makes, fills and empties its own databases: test_… only"
    size = section.options(quick).get("issues")
    return f"{server}/{prefix}_{section.suffix.format(size=size_name(size) if size else '')}"


# --- The machine -------------------------------------------------------------------------------------

def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def _command(*words: str) -> str:
    if not shutil.which(words[0]):
        return "not installed"
    result = subprocess.run(words, capture_output=True, text=True, check=False)  # noqa: S603 - fixed commands
    return (result.stdout or result.stderr).strip().splitlines()[0]


def _postgresql() -> str:
    import environ
    import psycopg

    config = environ.Env.db_url_config(os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
                                       .rstrip("/") + "/postgres")
    try:
        with psycopg.connect(dbname="postgres", host=config.get("HOST") or "127.0.0.1",
                             port=config.get("PORT") or 5432, user=config.get("USER") or None,
                             password=config.get("PASSWORD") or None, connect_timeout=5) as connection:
            return "PostgreSQL " + connection.execute("SHOW server_version").fetchone()[0]
    except psycopg.OperationalError as error:
        raise SystemExit(f"PostgreSQL does not answer ({error}): start it, or set BENCH_DATABASE_SERVER.") from error


def _git(*words: str) -> str:
    # Read only: --no-optional-locks keeps `git status` from refreshing the index file.
    result = subprocess.run(["git", "--no-optional-locks", "-C", str(BASE_DIR), *words],  # noqa: S603, S607
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else ""


def machine() -> list[tuple[str, str]]:
    import django

    memory_kb = int((_first("/proc/meminfo", "MemTotal") or "0 kB").split()[0])
    git = _git("rev-parse", "--short", "HEAD")
    if git and _git("status", "--porcelain", "--untracked-files=no"):
        git += " with uncommitted changes"
    return [
        ("Date", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("Host", socket.gethostname()),
        ("CPU", f"{_first('/proc/cpuinfo', 'model name') or platform.processor() or 'unknown'}, "
                f"{os.cpu_count()} logical cores"),
        ("Memory", f"{memory_kb / 2**20:.1f} GiB"),
        ("System", platform.platform()),
        ("PostgreSQL", _postgresql().removeprefix("PostgreSQL ")),
        ("Redis", _command("redis-server", "--version")),
        ("Python", f"{platform.python_version()}, Django {django.get_version()}"),
        ("wrk", _command("wrk", "--version")),
        ("Code", git or "unknown"),
        ("Load average at the start (1, 5, 15 min)", ", ".join(f"{load:.2f}" for load in os.getloadavg())),
    ]


# --- Running the sections ------------------------------------------------------------------------------

def run_section(section: Section, quick: bool) -> tuple[list[Row], bool]:
    """The section's rows from a process of its own; a row saying why when it failed or has no rows() yet."""
    options = section.options(quick)
    env = {**os.environ, section.database: database_url(section, quick)}
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        print(f"\n== {section.name}: {json.dumps(options)}, {env[section.database]}", file=sys.stderr, flush=True)
        child = subprocess.run(  # noqa: S603 - this script
            [sys.executable, __file__, "--child", section.name, "--options", json.dumps(options),
             "--output", output.name],
            cwd=BASE_DIR, env=env, check=False,
        )
        found = json.loads(Path(output.name).read_text() or "null") if child.returncode == 0 else None
    if found is None:
        return [Row(section.title, f"FAILED: bench/{section.name}.py exited with {child.returncode}, "
                                   "see its output above", "", target="✗")], False
    if isinstance(found, dict):  # {"todo": …}
        return [Row(section.title, found["todo"])], True
    return [Row(**row) for row in found], True


def child(name: str, options: dict, output: str) -> None:
    module = importlib.import_module(f"bench.{name}")
    if not hasattr(module, "rows"):
        found = {"todo": f"TODO (lead): bench/{name}.py has no rows() yet; run it alone for its figures"}
    else:
        found = [dataclasses.asdict(row) for row in module.rows(**options)]
    Path(output).write_text(json.dumps(found, ensure_ascii=False))


# --- The report ----------------------------------------------------------------------------------------

def earlier_rows(sections_run: list[Section]) -> tuple[list[str], str]:
    """With --only: the table lines of docs/benchmarks.md for the sections not run now, and when and on
    which code they were measured."""
    if not DOCS.exists():
        return [], ""
    text = DOCS.read_text()
    titles = [section.title for section in SECTIONS if section not in sections_run]
    lines = [line for line in text.split("## Results", 1)[-1].split(LEAD_SECTION, 1)[0].splitlines()
             if line.startswith("| ") and not line.startswith("| section |")
             and any(line[2:].startswith(title) for title in titles)]
    when = next((line.removeprefix("- Date: ") for line in text.splitlines() if line.startswith("- Date: ")), "?")
    code = next((line.removeprefix("- Code: ") for line in text.splitlines() if line.startswith("- Code: ")), "?")
    return lines, f"{when}, code {code}"


def page(facts: list[tuple[str, str]], table: str, quick: bool, earlier: str = "") -> str:
    """docs/benchmarks.md; what a person wrote under LEAD_SECTION there is kept."""
    kept = PLACEHOLDER
    if DOCS.exists() and LEAD_SECTION in DOCS.read_text():
        kept = DOCS.read_text().split(LEAD_SECTION, 1)[1].strip() or PLACEHOLDER
    run = "`make bench`"
    if quick:
        run = "`make bench QUICK=1` (smaller sizes, for development: not the figures to compare)"
    if earlier:
        run += f" ({earlier})"
    machine_lines = "\n".join(f"- {name}: {value}" for name, value in facts)
    return f"""# Benchmarks

Measured on {facts[0][1]} with {run}.

Each figure stands beside its baseline, measured in the same run on the same machine: compare ratios rather
than absolute figures across machines. The load average below says how busy the machine was otherwise.

## Machine

{machine_lines}

## How to reproduce

1. Install PostgreSQL and Redis (`redis-server` on the PATH; the bench starts its own on a spare port) and
   wrk: `sudo apt-get install postgresql redis-server wrk` on Debian or Ubuntu.
2. Run `make bench` (or `make bench QUICK=1`, smaller sizes, for a quicker look). It installs what the
   project needs, makes its own databases on 127.0.0.1:5432 (`BENCH_DATABASE_SERVER`,
   `BENCH_DATABASE_PREFIX`; the first full run loads a million issues, later runs reuse them), prints the
   table below and writes this page.
3. One section alone: `.venv/bin/python bench/intake.py` (or `intake_peer.py`, `intake_scale.py`,
   `pages.py`, `admin_list.py`, `exports.py`, `stats.py`, `notices.py`); each says what it measures at its
   top and with `--help`.
   `intake_peer.py` installs its peer, django-helpdesk, into `var/bench-peer-venv` on its first run.

## Results

{table}

{LEAD_SECTION}

{kept}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and shorter runs")
    parser.add_argument("--only", nargs="+", choices=[s.name for s in SECTIONS], help="these sections only")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--options", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, json.loads(args.options), args.output)
        return

    sections = [s for s in SECTIONS if not args.only or s.name in args.only]
    if any(s.name in ("intake", "intake_peer", "intake_scale", "pages") for s in sections) and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `sudo apt-get install wrk` (Debian, Ubuntu) or `brew install wrk`.")
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is not installed: `sudo apt-get install redis-server`.")
    facts = machine()  # before the runs: the load average says how busy the machine was when they started
    rows, passed = [], True
    for section in sections:
        found, ok = run_section(section, args.quick)
        rows += found
        passed &= ok
    facts.append(("Load average at the end (1, 5, 15 min)", ", ".join(f"{load:.2f}" for load in os.getloadavg())))

    table = markdown(rows)
    header = "\n".join(f"{name}: {value}" for name, value in facts)
    print(f"\n{header}\n\n{table}")
    earlier = ""
    if args.only:
        kept_lines, measured = earlier_rows(sections)
        if kept_lines:
            # Each row still stands beside a baseline of its own run; the page says which rows are older.
            table = "\n".join([*table.splitlines()[:2], *kept_lines, *table.splitlines()[2:]])
            earlier = (f"for {', '.join(s.title for s in sections)}; the other rows are from the run of {measured}, "
                       "and the machine below is today's")
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(page(facts, table, args.quick, earlier))
    print(f"\nWritten to {DOCS.relative_to(BASE_DIR)}.")
    if not passed:
        raise SystemExit("Some measurements failed: see their rows and output above.")


if __name__ == "__main__":
    main()
