"""How fast /stats/ answers with 100,000 issues: a measurement, not a test.

Against PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test_bench_stats, created and
migrated when missing), loads N issues spread over six years, the fields, the ministries and every state,
with problem statements of realistic length (a scan reads the table as wide as real texts make it), their
status history and the meetings of those years (once: a database that holds them already is reused;
--reload loads again). Then, through Django's test client in this process, with the cache of
the settings (memory, or Redis when REDIS_URL is set):

1. rebuild: /stats/ with the cache cleared, R times; the time of each request and its queries, and
   the time of the figures' computation alone (issues.stats.facts.compute_facts);
2. cached: /stats/ C times with the figures in the cache; p50 and p95, and the queries per request;
3. the same for one year's page (?year=…) and for the English page.

    .venv/bin/python bench/stats.py [--issues 100000] [--cached 50] [--cold 5] [--reload]

The targets of issue 7: cached under 50 ms, rebuilt under 2 s.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.database import ensure_database  # noqa: E402
from bench.table import Row, ratio  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test_bench_stats"
# The targets of issue 7.
CACHED_TARGET_MS = 50
REBUILT_TARGET_MS = 2000
BATCH = 5000


def load(count: int, *, seed: int = 7) -> None:
    """`count` issues with their history, as the workflow would have left them, and the meetings held."""
    from django.db import connection, transaction
    from django.utils import timezone

    from companies.models import Company, Field, Organization
    from issues.models import Issue, StatusChange, TrackingCounter
    from issues.workflow import Answer, Resolution, State
    from meetings.models import Meeting

    rng = random.Random(seed)  # noqa: S311 - made-up data, the same on every run
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # CASCADE empties every table that refers to these: history, notes, agendas, attendees …
            cursor.execute("TRUNCATE issues_issue, issues_trackingcounter, meetings_meeting CASCADE")
        else:
            for model in (StatusChange, Issue, TrackingCounter, Meeting):
                model.objects.all().delete()
    fields = list(Field.objects.all())
    field_weights = [14 - i for i in range(len(fields))]  # the first fields of the program are the busiest
    ministries = list(Organization.objects.filter(kind=Organization.Kind.MINISTRY))
    ministry_weights = [len(ministries) - i for i in range(len(ministries))]
    companies = list(Company.objects.all()[:500])
    if len(companies) < 500:
        companies += Company.objects.bulk_create(
            Company(name=f"벤치 스타트업 {i}", business_number=f"9{i:09d}") for i in range(len(companies), 500))

    now = timezone.now()
    first_year = timezone.localdate(now).year - 5
    start = timezone.make_aware(datetime(first_year, 1, 1))
    span = (now - start).total_seconds()
    counters: dict[int, int] = {}
    issues, histories = [], []

    def flush():
        created = Issue.objects.bulk_create(issues, batch_size=BATCH)
        rows = [StatusChange(issue_id=issue.pk, **change) for issue, changes in zip(created, histories, strict=True)
                for change in changes]
        StatusChange.objects.bulk_create(rows, batch_size=BATCH)
        issues.clear()
        histories.clear()

    answers = [Answer.ACCEPTED, Answer.PARTIALLY_ACCEPTED, Answer.LONG_TERM_REVIEW, Answer.NOT_ACCEPTED]
    with transaction.atomic():
        for _n in range(count):
            # More issues in later years: the program grows.
            filed_at = start + timedelta(seconds=span * rng.random() ** 0.8)
            year = timezone.localdate(filed_at).year
            counters[year] = counters.get(year, 0) + 1
            issue = Issue(
                number=f"REG-{year}-{counters[year]:05d}", title=f"규제 애로 {year}-{counters[year]}",
                problem=prose(rng, 300, 900), improvement=prose(rng, 150, 500), related_law="도로교통법 제2조",
                company=rng.choice(companies),
                field=rng.choices(fields, field_weights)[0], filed_at=filed_at, state=State.DISCOVERY,
                state_changed_at=filed_at, is_suspected_spam=rng.random() < 0.01,
            )
            history = [{"from_state": "", "to_state": State.DISCOVERY, "at": filed_at, "by_filer": True}]

            def move(target, at, issue=issue, history=history, **extra):
                history.append({"from_state": issue.state, "to_state": target, "at": at, **extra})
                issue.state, issue.state_changed_at = target, at

            at = filed_at + timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
            if rng.random() < 0.1 and at < now:
                move(State.CLOSED, at, resolution=rng.choice([Resolution.WITHDRAWN, Resolution.DUPLICATE,
                                                             Resolution.OUT_OF_SCOPE]))
                issue.resolution, issue.closed_at = history[-1]["resolution"], at
            elif rng.random() < 0.85 and at < now:
                move(State.CONSULTATION, at)
                at += timedelta(days=rng.randint(10, 90))
                if rng.random() < 0.65 and at < now:
                    if rng.random() < 0.1:  # sent back once for more data, then proposed again
                        move(State.PROPOSAL, at)
                        at += timedelta(days=rng.randint(3, 20))
                        move(State.CONSULTATION, at, note="추가 자료 필요")
                        at += timedelta(days=rng.randint(5, 30))
                    if at < now:
                        issue.ministry = rng.choices(ministries, ministry_weights)[0]
                        issue.proposed_on = timezone.localdate(at)
                        move(State.PROPOSAL, at)
                        at += timedelta(days=rng.randint(20, 200))
                        if rng.random() < 0.75 and at < now:
                            issue.government_answer = rng.choices(answers, [35, 25, 25, 15])[0]
                            issue.government_answer_text = "회신 내용"
                            issue.government_answered_on = timezone.localdate(at)
                            move(State.FOLLOW_UP, at)
                            at += timedelta(days=rng.randint(10, 150))
                            if rng.random() < 0.7 and at < now:
                                improved = issue.government_answer in (Answer.ACCEPTED, Answer.PARTIALLY_ACCEPTED)
                                resolution = Resolution.IMPROVED if improved else Resolution.NOT_ACCEPTED
                                move(State.CLOSED, at, resolution=resolution)
                                issue.resolution, issue.closed_at = resolution, at
                                issue.is_publishable = improved and rng.random() < 0.2
            issues.append(issue)
            histories.append(history)
            if len(issues) >= BATCH:
                flush()
        flush()
        TrackingCounter.objects.bulk_create(TrackingCounter(year=y, last=n) for y, n in counters.items())

        meetings = []
        for year in range(first_year, timezone.localdate(now).year + 1):
            for quarter in range(4):
                for field in fields[:6]:
                    starts_at = timezone.make_aware(datetime(year, 3 * quarter + 2, 10 + fields.index(field), 14))
                    meetings.append((Meeting(title=f"{field.name} 규제혁신 현장 간담회", starts_at=starts_at,
                                             venue="서울파트너스하우스"), field))
        Meeting.objects.bulk_create([m for m, _f in meetings])
        Meeting.fields.through.objects.bulk_create(
            Meeting.fields.through(meeting_id=m.pk, field_id=f.pk) for m, f in meetings)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE issues_issue")
            cursor.execute("VACUUM ANALYZE issues_statuschange")
    print(f"loaded {count:,} issues, {StatusChange.objects.count():,} status changes and {len(meetings)} meetings "
          f"in {time.perf_counter() - started:.1f} s")


WORDS = ("규제", "실증", "특례", "허용", "기업", "서비스", "인증", "기준", "개정", "시행령",
         "고시", "제한", "완화", "신청", "승인", "데이터", "플랫폼", "로봇", "의료기기", "비대면",
         "진료", "배송", "보도", "통행", "안전", "관리", "운영", "사업자")


def prose(rng, shortest: int, longest: int) -> str:
    """Korean-looking text of shortest…longest characters, varied enough that the database cannot
    compress it much: the issues table is as wide on disk as real problem statements make it."""
    length = rng.randint(shortest, longest)
    words = []
    while sum(map(len, words)) + len(words) < length:
        words.append(rng.choice(WORDS) + rng.choice(("을", "를", "이", "가", "의", "에", "은", "는", "으로", "")))
    return " ".join(words) + "."


def timed_get(client, url: str, **headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed, queries


def measure(cold: int, cached: int) -> dict:
    """The figures of the docstring's steps 1 to 3, for report() and rows()."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from issues.models import Issue
    from issues.stats import facts as stats

    client = Client()
    result = {"database": f"{connection.vendor} {connection.settings_dict['NAME']}", "issues": Issue.objects.count(),
              "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1], "cold": cold, "cached": cached}
    timed_get(client, "/stats/")  # connections, templates and translations warmed up

    computations = []
    for _n in range(cold):
        started = time.perf_counter()
        stats.compute_facts()
        computations.append((time.perf_counter() - started) * 1000)
    rebuilds, last_queries = [], None
    for _n in range(cold):
        cache.clear()
        elapsed, last_queries = timed_get(client, "/stats/")
        rebuilds.append(elapsed)
    result.update(computations=computations, rebuilds=rebuilds, rebuild_queries=len(last_queries),
                  slowest=sorted(last_queries.captured_queries, key=lambda q: -float(q["time"]))[:4])

    year = max(stats.cached_facts()["years"]) - 1
    result["pages"] = []
    for label, url, headers in (("/stats/", "/stats/", {}), (f"/stats/?year={year}", f"/stats/?year={year}", {}),
                                ("/stats/ in English", "/stats/", {"Accept-Language": "en"})):
        timed_get(client, url, **headers)
        times, counts = [], set()
        for _n in range(cached):
            elapsed, queries = timed_get(client, url, **headers)
            times.append(elapsed)
            counts.add(len(queries))
        times.sort()
        result["pages"].append({"label": label, "p50": statistics.median(times),
                                "p95": times[int(0.95 * (len(times) - 1))], "queries": sorted(counts)})
    return result


def report(result: dict) -> None:
    computations, rebuilds, cold = result["computations"], result["rebuilds"], result["cold"]
    print(f"database: {result['database']}, {result['issues']:,} issues; cache: {result['cache']}")
    print(f"figures computed (compute_facts): p50 {statistics.median(computations):.0f} ms, "
          f"max {max(computations):.0f} ms over {cold}")
    print(f"/stats/ rebuilt (cache cleared):  p50 {statistics.median(rebuilds):.0f} ms, "
          f"max {max(rebuilds):.0f} ms over {cold}; {result['rebuild_queries']} queries")
    for query in result["slowest"]:
        print(f"    {float(query['time']) * 1000:6.0f} ms  {query['sql'][:110]}")
    for page in result["pages"]:
        print(f"{page['label'] + ' cached:':32} p50 {page['p50']:.1f} ms, p95 {page['p95']:.1f} ms over "
              f"{result['cached']}; queries per request: {', '.join(map(str, page['queries']))}")


def prepare(issues: int, *, reload: bool = False) -> None:
    """Django set up on the bench database, holding `issues` issues (loaded when it holds another number)."""
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    ensure_database(database_url)
    os.environ.update({"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"})
    for name, value in (("SECRET_KEY", "bench-only-secret-key"), ("DEBUG", "0"), ("SECURE_SSL_REDIRECT", "0"),
                        ("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")):
        os.environ.setdefault(name, value)
    import warnings

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.signals import setting_changed

    # Plain static URLs, as in the tests: the manifest storage of production needs `collectstatic` first
    # (and its look-up of a name costs nothing that matters here).
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    setting_changed.send(sender=None, setting="STORAGES", value=settings.STORAGES, enter=True)
    warnings.filterwarnings("ignore", "No directory at", UserWarning)

    from issues.models import Issue

    call_command("migrate", verbosity=0)
    if reload or Issue.objects.count() != issues:
        load(issues)


def rows(issues: int = 100_000, *, cold: int = 5, cached: int = 50, reload: bool = False) -> list[Row]:
    """For bench/run.py: /stats/ rebuilt and cached, the cache in a private Redis as in production."""
    from tests.notices.stack import PrivateRedis

    redis = PrivateRedis(Path(tempfile.mkdtemp(prefix="bench-stats-")) / "redis.log").start()
    try:
        os.environ["REDIS_URL"] = redis.url
        prepare(issues, reload=reload)
        result = measure(cold, cached)
    finally:
        redis.stop()
    rebuilt = statistics.median(result["rebuilds"])
    section = f"Public statistics, {result['issues']:,} issues"
    passes = rebuilt < REBUILT_TARGET_MS
    found = [Row(section, f"/stats/ rebuilt (cache cleared): p50 (max of {cold})",
                 f"{rebuilt:,.0f} ms ({max(result['rebuilds']):,.0f} ms)",
                 f"the figures' computation alone: {statistics.median(result['computations']):,.0f} ms", "",
                 str(result["rebuild_queries"]), f"< {REBUILT_TARGET_MS:,} ms {'✓' if passes else '✗'}")]
    for page in result["pages"]:
        found.append(Row(
            section, f"{page['label']} cached ({result['cache']}): p50 (p95)",
            f"{page['p50']:.1f} ms ({page['p95']:.1f} ms)", f"rebuilt: {rebuilt:,.0f} ms", ratio(page["p50"], rebuilt),
            ", ".join(map(str, page["queries"])),
            f"< {CACHED_TARGET_MS} ms {'✓' if page['p50'] < CACHED_TARGET_MS else '✗'}",
        ))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--cached", type=int, default=50)
    parser.add_argument("--reload", action="store_true", help="load the issues again even if they are there")
    args = parser.parse_args()

    prepare(args.issues, reload=args.reload)
    report(measure(args.cold, args.cached))


if __name__ == "__main__":
    main()
