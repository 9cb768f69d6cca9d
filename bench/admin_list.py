"""How fast the officers' issue list answers as the table grows: a measurement, not a test.

Against PostgreSQL, one database per size, test_list_bench_10k, _100k, _1m (ADMIN_LIST_DATABASE_URL names
the first part, default postgres://postgres@127.0.0.1:5432/test_list_bench): each grows from a copy of the
one before (CREATE DATABASE … TEMPLATE) by `seed_bulk` appending the difference, and a database that holds
its size already is used as it is, so a second run loads nothing. Then, as an officer (a staff user in
the `officer` group, not a superuser) through Django's test client in this process, with production's
settings (bench/settings.py; two-factor login off, since the test client cannot type a code), it requests
each view R times, in rounds that go through every size (so that whatever else the machine does weighs
on all sizes alike), and reports p50, p95 and the queries of a request:

    list          /admin/issues/issue/ as it opens: newest first, suspected spam left out
    overdue       the ready-made view "Overdue" (state=open&overdue=yes)
    state         one state (state=proposal)
    search 2      a 2-syllable Korean word in titles and problems (드론)
    search 3      a 3-syllable Korean word (비대면)

The baseline of each view is the same view at the smallest size, measured in the same run. The target:
p50 at most 2× the baseline, and as many queries at every size.

    .venv/bin/python bench/admin_list.py [--sizes 10000 100000 1000000] [--requests 20]
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.table import Row, ratio  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test_list_bench"
SIZES = (10_000, 100_000, 1_000_000)
TARGET = 2.0
CHANGELIST = "/admin/issues/issue/"
VIEWS = [
    ("list", ""),
    ("overdue", "state=open&overdue=yes"),
    ("state", "state=proposal"),
    ("search 2", "q=드론"),
    ("search 3", "q=비대면"),
]
LABELS = {
    "list": "default list",
    "overdue": "overdue (ready-made view)",
    "state": "state = proposal",
    "search 2": "search 드론 (2 syllables)",
    "search 3": "search 비대면 (3 syllables)",
}


def size_name(size: int) -> str:
    for unit, word in ((1_000_000, "m"), (1_000, "k")):
        if size % unit == 0:
            return f"{size // unit}{word}"
    return str(size)


def setup(database_url: str) -> None:
    """Production's settings on plain HTTP, for the test client, before Django is set up."""
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 30, "DEBUG": "0", "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "STAFF_TWO_FACTOR": "0",
    })
    import django

    django.setup()


def server(url: str) -> dict:
    """psycopg's connection keywords for the server of database URL `url`, without its database."""
    import environ

    config = environ.Env.db_url_config(url)
    return {"host": config.get("HOST") or "127.0.0.1", "port": config.get("PORT") or 5432,
            "user": config.get("USER") or None, "password": config.get("PASSWORD") or None}


def _seed(missing: int, is_first: bool) -> None:
    from django.core.management import call_command

    call_command("seed_bulk", issues=missing, seed=1, force=True, quiet=True, verbosity=0)


def database_with(size: int, previous: str | None, url: str, grow=_seed) -> str:
    """The name of a database holding `size` issues: found, or copied from `previous` (or made empty),
    migrated, and grown by `grow(missing, is_first)` (seed_bulk). Django's connection is left on it."""
    import psycopg
    from django.core.management import call_command
    from django.db import connection
    from psycopg import sql

    from issues.models import Issue

    name = f"{url.rsplit('/', 1)[1]}_{size_name(size)}"
    connection.close()  # a template database must have no session
    with psycopg.connect(dbname="postgres", autocommit=True, **server(url)) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if previous:
                create += sql.SQL(" TEMPLATE {} STRATEGY FILE_COPY").format(sql.Identifier(previous))
            for attempt in range(10):
                try:
                    admin.execute(create)
                    break
                except psycopg.errors.ObjectInUse:  # autovacuum, still busy with the template after its load
                    time.sleep(2 ** attempt)
            else:
                raise RuntimeError(f"{previous} stayed in use: cannot copy it to {name}")
    use(name)
    call_command("migrate", verbosity=0)
    have = Issue.objects.count()
    if have > size:
        raise SystemExit(f"{name} holds {have:,} issues, more than {size:,}: drop it and run again")
    if have < size:
        started = time.perf_counter()
        print(f"{name}: {have:,} issues, seeding {size - have:,} more …", file=sys.stderr, flush=True)
        grow(size - have, previous is None)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # visibility map for index-only scans; the GIN pending list
        print(f"{name}: {size:,} issues after {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return name


def use(name: str) -> None:
    """Point Django's connection at database `name` (the test runner's way of switching databases)."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def officer_client():
    """A test client logged in as an officer of the current database: staff, in the officer group."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    officer, created = User.objects.get_or_create(username="bench-officer", defaults={"is_staff": True})
    if created:
        officer.groups.add(Group.objects.get(name="officer"))
    assert not officer.is_superuser
    client = Client()
    client.force_login(officer)
    return client


def measurements(sizes=SIZES, requests: int = 20, *, rounds: int = 4, verbose: bool = False) -> dict:
    """{(view, size): (p50 ms, p95 ms, queries)} for every view of VIEWS at every size.

    The requests are made in `rounds` rounds, each going through every size and view, so that what else
    the machine does at the time weighs on every size alike (the baseline is measured in the same run)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = os.environ.get("ADMIN_LIST_DATABASE_URL", DEFAULT_DATABASE_URL)
    assert url.rsplit("/", 1)[1].startswith("test_"), "the bench makes and fills its own databases: test_… only"
    setup(url)
    sizes, names, clients, previous = sorted(sizes), {}, {}, None
    for size in sizes:
        previous = names[size] = database_with(size, previous, url)
        clients[size] = officer_client()
    times, queries = defaultdict(list), defaultdict(list)
    for _round in range(rounds):
        for size in sizes:
            use(names[size])
            for view, query in VIEWS:
                page = f"{CHANGELIST}?{query}" if query else CHANGELIST
                assert clients[size].get(page).status_code == 200  # unmeasured: connection, caches
                for _n in range(-(-requests // rounds)):
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = clients[size].get(page)
                        times[view, size].append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (page, response.status_code)
                    queries[view, size].append(len(captured))
    connection.close()
    results = {}
    for key, found in times.items():
        found.sort()
        p95 = found[-(-len(found) * 95 // 100) - 1]  # nearest rank
        # The most frequent count: the session's idle clock adds a write once a minute.
        results[key] = (statistics.median(found), p95, statistics.mode(queries[key]))
        if verbose:
            print(f"{key[1]:>10,} {key[0]:<9} p50 {results[key][0]:7.1f} ms  p95 {p95:7.1f} ms  "
                  f"{results[key][2]} queries", file=sys.stderr, flush=True)
    return results


def rows(sizes=SIZES, requests: int = 20, *, verbose: bool = False) -> list[Row]:
    results = measurements(sizes, requests, verbose=verbose)
    smallest = min(sizes)
    section = "Admin issue list (officer)"
    found = []
    for view, _query in VIEWS:
        base_p50, _base_p95, base_queries = results[view, smallest]
        for size in sorted(sizes):
            p50, p95, queries = results[view, size]
            is_baseline = size == smallest
            passes = p50 <= TARGET * base_p50 and queries == base_queries
            found.append(Row(
                section, f"{LABELS[view]}, {size:,} issues: p50 (p95)", f"{p50:.0f} ms ({p95:.0f} ms)",
                "" if is_baseline else f"p50 at {smallest:,}: {base_p50:.0f} ms",
                "" if is_baseline else ratio(p50, base_p50), str(queries),
                "" if is_baseline else f"≤ {TARGET:g}×, same queries {'✓' if passes else '✗'}",
            ))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    from bench.table import markdown

    print(markdown(rows(args.sizes, args.requests, verbose=True)))


if __name__ == "__main__":
    main()
