"""Exports of 100,000 issues: rows per second and peak memory, streamed vs. built in memory. A
measurement, not a test.

Against PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test_bench_exports, created
and migrated when missing), with --issues issues (default 100,000) loaded once by bulk_create: valid
tracking numbers over four years, 200 companies, every field and ministry, 40 meetings with a third of
the issues on their agendas, proposal batches, government answers. --reload loads them again.

Each measurement runs in a fresh Python process, so its peak resident memory is its own: VmHWM from
/proc/self/status (not getrusage's ru_maxrss, which a child inherits from its parent across fork and
exec). The table shows that peak and the growth over the process's size just before the export
(Django, the libraries and the database connection loaded). With --tracemalloc each one runs a second
time under tracemalloc for Python's own peak allocations (slower: rows/s come from the first run).
The tables are vacuumed and analysed first, so every measurement reads the same warm, settled pages.

    csv-stream    what /exports/?format=csv does: rows read through a server-side cursor in chunks of
                  1,000 (their meetings prefetched per chunk), CSV written in 64 KB pieces (to /dev/null
                  here, to the socket there)
    xlsx-stream   what ?format=xlsx does: a write-only openpyxl workbook written into a temporary file
    csv-memory    the simplest alternative: the whole queryset evaluated, every row built, the whole CSV
                  in one string, then encoded (an HttpResponse's content)
    xlsx-memory   the simplest alternative: a normal openpyxl Workbook with the same header, widths,
                  wrapping and date format, saved into memory

    .venv/bin/python bench/exports.py [--issues 100000] [--reload] [--tracemalloc] [--only csv-stream ...]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.database import ensure_database  # noqa: E402
from bench.table import Row, ratio  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test_bench_exports"
MEASUREMENTS = ["csv-stream", "xlsx-stream", "csv-memory", "xlsx-memory"]


def setup_django() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 30)
    os.environ.setdefault("DEBUG", "0")  # no query log growing in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


# --- Data ------------------------------------------------------------------------------------------

PROBLEMS = [
    "실외 이동로봇은 보행자로 인정되지 않아 보도를 다닐 수 없습니다. 배달 서비스 실증이 막혀 있습니다.",
    "비대면 진료가 초진에는 허용되지 않아 원격 모니터링 서비스를 제공할 수 없습니다.",
    "가상자산 사업자의 실명 확인 계좌 발급 기준이 불명확하여 신규 사업자가 진입하기 어렵습니다.",
    "드론 야간 비행마다 별도의 승인이 필요하여 정기 점검 서비스를 운영할 수 없습니다.",
    "의료기기 인증 절차가 길어 인공지능 진단 보조 소프트웨어의 출시가 늦어집니다.",
]
IMPROVEMENTS = [
    "안전 인증을 받은 실외 이동로봇의 보도 통행을 허용해 주십시오.",
    "만성질환자에 한하여 초진부터 비대면 진료를 허용해 주십시오.",
    "실명 확인 계좌 발급 기준을 고시로 명확히 정해 주십시오.",
    "야간 비행 승인을 연 단위로 받을 수 있도록 해 주십시오.",
]
LAWS = ["도로교통법 제2조", "의료법 제34조", "특정금융정보법 제7조", "항공안전법 제129조", "의료기기법 제6조"]
ANSWERS = ["관계 부처 협의를 거쳐 하반기 중 고시를 개정하겠습니다.", "중장기 검토 과제로 분류하여 검토하겠습니다.",
           "안전성 확보 방안이 마련되지 않아 현재로서는 수용이 어렵습니다."]


def load(count: int) -> None:
    """`count` issues by bulk_create (no history rows, no notices: the data of a busy office, not events)."""
    import random
    from datetime import datetime, timedelta

    from django.db import transaction
    from django.utils import timezone

    from companies.models import Company, Field, Organization
    from companies.validators import business_number_check_digit
    from issues.links import hash_secret, new_secret
    from issues.models import AgendaItem, Issue, ProposalBatch, TrackingCounter
    from issues.workflow import Answer, Resolution, State
    from meetings.models import Meeting

    rng = random.Random(2024)
    started = time.perf_counter()
    with transaction.atomic():
        for model in (AgendaItem, Issue, ProposalBatch, Meeting, Company, TrackingCounter):
            model.objects.all().delete()
        companies = Company.objects.bulk_create([
            Company(name=f"주식회사 벤치{n:03d}", business_number=f"{220_81_0000 + n:09d}"
                    + str(business_number_check_digit(f"{220_81_0000 + n:09d}")))
            for n in range(200)
        ])
        fields = list(Field.objects.all())
        ministries = list(Organization.objects.filter(kind=Organization.Kind.MINISTRY))
        years = [2021, 2022, 2023, 2024]
        meetings = Meeting.objects.bulk_create([
            Meeting(title=f"{year}년 {quarter}분기 {field.name} 규제혁신 현장 간담회",
                    starts_at=timezone.make_aware(datetime(year, quarter * 3, 15, 14)), venue="서울파트너스하우스")
            for year in years for quarter in (1, 2, 3, 4) for field in fields[:2] + fields[4:7]
        ][:40])
        batches = ProposalBatch.objects.bulk_create([
            ProposalBatch(year=year, sequence=n, submitted_at=timezone.make_aware(datetime(year, n * 3, 28)))
            for year in years for n in (1, 2, 3, 4)
        ])
        per_year = count // len(years)
        issues = []
        for year in years:
            for n in range(1, per_year + 1):
                filed_at = timezone.make_aware(datetime(year, 1, 1, 9) + timedelta(minutes=n * (525_600 // per_year)))
                state = rng.choices([State.CONSULTATION, State.PROPOSAL, State.FOLLOW_UP, State.CLOSED],
                                    [1, 4, 3, 2])[0]
                proposed = state != State.CONSULTATION
                answered = state in (State.FOLLOW_UP, State.CLOSED)
                issues.append(Issue(
                    number=f"REG-{year}-{n:04d}", secret_hash=hash_secret(new_secret()),
                    title=f"{rng.choice(LAWS)} 관련 규제 개선 {n}",
                    company=rng.choice(companies), field=rng.choice(fields), problem=rng.choice(PROBLEMS) * 2,
                    improvement=rng.choice(IMPROVEMENTS), related_law=rng.choice(LAWS),
                    ministry=rng.choice(ministries), state=state, state_changed_at=filed_at, filed_at=filed_at,
                    proposed_on=(filed_at + timedelta(days=60)).date() if proposed else None,
                    proposal_batch=rng.choice(batches) if proposed else None,
                    government_answer=rng.choice(Answer.values) if answered else "",
                    government_answer_text=rng.choice(ANSWERS) if answered else "",
                    government_answered_on=(filed_at + timedelta(days=120)).date() if answered else None,
                    resolution=Resolution.IMPROVED if state == State.CLOSED else "",
                ))
            TrackingCounter.objects.create(year=year, last=per_year)
        issues = Issue.objects.bulk_create(issues, batch_size=2000)
        AgendaItem.objects.bulk_create(
            [AgendaItem(meeting=rng.choice(meetings), issue=issue, position=index)
             for index, issue in enumerate(issues) if index % 3 == 0],
            batch_size=5000,
        )
    print(f"loaded {len(issues):,} issues in {time.perf_counter() - started:.0f} s", flush=True)


def queryset():
    """What an officer's unfiltered /exports/ lists: every issue but suspected spam, oldest first."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from issues.proposals.exports.filters import IssueFilter

    user, created = get_user_model().objects.get_or_create(username="bench-officer", defaults={"is_staff": True})
    if created:
        user.groups.add(Group.objects.get_or_create(name="officer")[0])
    return IssueFilter({}, user=user).qs


# --- Measurements (each in its own process) ------------------------------------------------------------

def csv_stream(qs) -> int:
    from issues.proposals.exports import columns, formats

    rows = columns.Counted(columns.export_rows(qs))
    with open(os.devnull, "wb") as sink:
        for chunk in formats.csv_chunks(rows, columns.headers("ko")):
            sink.write(chunk)
    return rows.count


def xlsx_stream(qs) -> int:
    import tempfile

    from issues.proposals.exports import formats

    with tempfile.TemporaryFile() as out:
        rows = formats.write_export("xlsx", qs, out, title="정부 건의 과제")
        print(f"  xlsx-stream file: {out.tell() / 1e6:.1f} MB", file=sys.stderr)
    return rows


def csv_memory(qs) -> int:
    import csv
    import io

    from issues.proposals.exports import columns, formats

    labels = columns.row_labels()
    rows = [columns.issue_row(issue, labels) for issue in columns.export_queryset(qs)]
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(columns.headers("ko"))
    writer.writerows([formats._csv_cell(v) for v in row] for row in rows)
    content = buffer.getvalue().encode("utf-8")
    print(f"  csv-memory content: {len(content) / 1e6:.1f} MB", file=sys.stderr)
    return len(rows)


def xlsx_memory(qs) -> int:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from issues.proposals.exports import columns

    labels = columns.row_labels()
    rows = [columns.issue_row(issue, labels) for issue in columns.export_queryset(qs)]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "정부 건의 과제"
    sheet.append(columns.headers("ko"))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, key in enumerate(columns.KEYS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = columns.WIDTHS[key]
    wrap = Alignment(vertical="top", wrap_text=True)
    dates = {columns.KEYS.index("filed_on"), columns.KEYS.index("proposed_on")}
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(row):
            cell.alignment = wrap
            if index in dates:
                cell.number_format = columns.DATE_FORMAT
    buffer = io.BytesIO()
    workbook.save(buffer)
    print(f"  xlsx-memory file: {len(buffer.getvalue()) / 1e6:.1f} MB", file=sys.stderr)
    return len(rows)


def measure(name: str, with_tracemalloc: bool) -> dict:
    import tracemalloc

    import openpyxl  # noqa: F401 - loaded before the baseline, like in a running server

    from issues.proposals.exports import formats  # noqa: F401

    qs = queryset()
    qs.filter(pk=0).exists()  # connected
    baseline_kb = _status_kb("VmRSS")
    if with_tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    rows = {"csv-stream": csv_stream, "xlsx-stream": xlsx_stream, "csv-memory": csv_memory,
            "xlsx-memory": xlsx_memory}[name](qs)
    seconds = time.perf_counter() - started
    result = {"name": name, "rows": rows, "seconds": seconds, "baseline_kb": baseline_kb,
              "peak_kb": _status_kb("VmHWM")}
    if with_tracemalloc:
        result["tracemalloc_peak"] = tracemalloc.get_traced_memory()[1]
    return result


def _status_kb(name: str) -> int:
    """VmRSS (resident now) or VmHWM (the peak of this process image) in kB, from Linux's /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    raise RuntimeError(f"{name} not in /proc/self/status (the bench needs Linux)")


def run_child(name: str, with_tracemalloc: bool) -> dict:
    command = [sys.executable, __file__, "--measure", name] + (["--tracemalloc"] if with_tracemalloc else [])
    output = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603 - this script
    sys.stderr.write(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def run_all(issues: int, *, reload: bool = False, with_tracemalloc: bool = False,
            only=MEASUREMENTS) -> tuple[list[dict], str]:
    """Each measurement of `only` in its own process, over `issues` issues (loaded when the database does
    not hold that many); the results and PostgreSQL's version."""
    ensure_database(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from issues.models import Issue

    call_command("migrate", verbosity=0)
    if reload or Issue.objects.count() != issues:
        load(issues)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    results = []
    for name in only:
        result = run_child(name, False)
        if with_tracemalloc:
            result["tracemalloc_peak"] = run_child(name, True)["tracemalloc_peak"]
        results.append(result)
        print(f"  {name}: done in {result['seconds']:.1f} s", file=sys.stderr, flush=True)
    version = connection.cursor().connection.info.server_version
    connection.close()
    return results, f"{version // 10000}.{version % 10000}"


def rows(issues: int = 100_000, *, reload: bool = False) -> list[Row]:
    """For bench/run.py: rows per second and peak memory of each streamed export beside the same export
    built in memory. Peak: the process's peak resident size; in brackets its growth during the export."""
    results, _version = run_all(issues, reload=reload)
    by_name = {r["name"]: r for r in results}
    section = f"Exports, {issues:,} issues"
    found = []
    for label, streamed, in_memory in (("CSV", "csv-stream", "csv-memory"), ("XLSX", "xlsx-stream", "xlsx-memory")):
        s, m = by_name[streamed], by_name[in_memory]
        s_rate, m_rate = s["rows"] / s["seconds"], m["rows"] / m["seconds"]
        s_growth, m_growth = (s["peak_kb"] - s["baseline_kb"]) / 1024, (m["peak_kb"] - m["baseline_kb"]) / 1024
        what = "write-only workbook" if label == "XLSX" else "streamed"
        baseline = "whole workbook in memory" if label == "XLSX" else "whole file in memory"
        found += [
            Row(section, f"{label} {what}: rows/s", f"{s_rate:,.0f} rows/s", f"{baseline}: {m_rate:,.0f} rows/s",
                ratio(s_rate, m_rate)),
            Row(section, f"{label} {what}: peak memory (growth)",
                f"{s['peak_kb'] / 1024:,.0f} MB (+{s_growth:,.0f} MB)",
                f"{baseline}: {m['peak_kb'] / 1024:,.0f} MB (+{m_growth:,.0f} MB)", ratio(s["peak_kb"], m["peak_kb"])),
        ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--only", nargs="*", choices=MEASUREMENTS, default=MEASUREMENTS)
    parser.add_argument("--measure", choices=MEASUREMENTS, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        setup_django()
        print(json.dumps(measure(args.measure, args.tracemalloc)))
        return

    results, version = run_all(args.issues, reload=args.reload, with_tracemalloc=args.tracemalloc, only=args.only)
    print(f"\n{args.issues:,} issues on PostgreSQL {version}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    header = f"{'export':<12} {'rows':>8} {'seconds':>8} {'rows/s':>8} {'peak RSS':>9} {'growth':>9}"
    header += f" {'tracemalloc':>11}" if args.tracemalloc else ""
    print(header)
    for r in results:
        line = (f"{r['name']:<12} {r['rows']:>8,} {r['seconds']:>8.1f} {r['rows'] / r['seconds']:>8,.0f} "
                f"{r['peak_kb'] / 1024:>7.0f}MB {(r['peak_kb'] - r['baseline_kb']) / 1024:>7.0f}MB")
        if args.tracemalloc:
            line += f" {r['tracemalloc_peak'] / 2**20:>9.0f}MB"
        print(line)


if __name__ == "__main__":
    main()
