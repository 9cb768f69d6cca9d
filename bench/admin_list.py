"""How fast the officers' issue list answers as the table grows: a measurement, not a test.

Against PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test_bench_admin, created
and migrated when missing), for each size N it loads N issues with their history (bench/stats.py's
loader), then requests /admin/issues/issue/ as an officer through Django's test client, R times, and
prints p50, p95 and the queries per request, for the default list and for the "overdue" view.

    .venv/bin/python bench/admin_list.py [--sizes 1000 10000] [--requests 20]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test_bench_admin"


def measure(client, url: str, requests: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from bench.database import ensure_database
    from bench.stats import load

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    call_command("migrate", verbosity=0)
    officer, _ = User.objects.get_or_create(username="bench-officer", defaults={"is_staff": True,
                                                                                 "is_superuser": True})
    client = Client()
    client.force_login(officer)
    rows = []
    for size in args.sizes:
        load(size)
        for label, url in [("list", "/admin/issues/issue/"), ("overdue", "/admin/issues/issue/?state=open&overdue=yes"),
                           ("search", "/admin/issues/issue/?q=REG-2024")]:
            p50, p95, queries = measure(client, url, args.requests)
            rows.append((size, label, p50, p95, queries))
    print(f"{'issues':>8} {'view':<8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for size, label, p50, p95, queries in rows:
        print(f"{size:>8,} {label:<8} {p50:>8.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
