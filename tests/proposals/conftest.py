"""The proposals cast: the officer who builds and submits batches, the official who records the
government's answers, an expert; issues walked through the services; and the spreadsheet a ministry
sends back, written with openpyxl the way a ministry's clerk would fill it in."""

import io
from datetime import date

import pytest
from django.core.files.storage import FileSystemStorage
from openpyxl import Workbook, load_workbook

from issues.models import Issue
from issues.proposals import answers, batches
from issues.proposals.exports import columns, formats
from issues.workflow import State
from tests.base import business_number, make_expert, make_issue, make_officer, make_official, ministry

# CONTRACT.md ("Exports"): the columns, in this order, with their Korean headers, and 회신일 (the date of the
# government's answer, which the answers import reads back) after 정부 회신; the English ones as the page
# shows them in English. Written out by hand, so that a wrong edit of exports/columns.py fails.
HEADERS_KO = ["번호", "과제명", "분야", "건의기업", "현황 및 문제점", "개선 방안", "관련 법령", "소관 부처", "상태",
              "논의 간담회", "접수일", "건의일", "정부 회신", "회신일", "비고"]
HEADERS_EN = ["No.", "Title", "Field", "Proposing company", "Current situation and problem", "Requested improvement",
              "Related laws", "Competent ministry", "State", "Discussed at", "Filed", "Proposed", "Government answer",
              "Answered on", "Remarks"]
NUMBER_COLUMN = HEADERS_KO.index("번호") + 1
ANSWER_COLUMN = HEADERS_KO.index("정부 회신") + 1
ANSWERED_ON_COLUMN = HEADERS_KO.index("회신일") + 1


@pytest.fixture
def officer(db):
    return make_officer(first_name="지원", last_name="박")


@pytest.fixture
def official(db):
    return make_official(first_name="주무관", last_name="최")


@pytest.fixture
def expert(db):
    return make_expert()


@pytest.fixture(autouse=True)
def answers_storage(tmp_path, monkeypatch):
    """Uploaded answers files of each test are kept in a throw-away folder."""
    storage = FileSystemStorage(location=tmp_path / "answers-private")
    monkeypatch.setattr(answers, "storage", lambda: storage)
    return storage


def file_issue(state=State.CONSULTATION, *, by=None, title="배달로봇의 보도 통행 허용", **fields):
    """An issue of its own company and filer, walked to `state`."""
    n = business_number()
    fields.setdefault("company_name", f"스타트업 {n[-4:]}")
    fields.setdefault("contact_email", f"ceo{n}@startup.example.com")
    fields.setdefault("ministry", ministry())
    return make_issue(state, by=by, title=title, business_number=n, **fields)


@pytest.fixture
def batch_of(officer):
    """batch_of(3) → a batch of this year with three issues in consultation (or the given states)."""

    def make(*states, count=None, title=""):
        states = states or (State.CONSULTATION,) * (count or 3)
        batch = batches.create_batch(title=title, by=officer)
        issues = [file_issue(state, by=officer, title=f"과제 {i}: 규제 개선") for i, state in enumerate(states, 1)]
        batches.add_to_batch(issues, batch, by=officer)
        return batch

    return make


def export_batch(batch) -> bytes:
    """The batch's proposal list as the export page writes it (Korean headers)."""
    out = io.BytesIO()
    formats.write_export("xlsx", Issue.objects.filter(proposal_batch=batch).order_by("number"), out,
                         title=str(batch))
    return out.getvalue()


def fill_answers(data: bytes, answers_by_number: dict, *, dates: dict | None = None) -> bytes:
    """What a ministry does: open the list in a spreadsheet program, type each answer in the
    "정부 회신" column (and, if `dates`, its date in the "회신일" column) and save."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    header_row = next(r for r in range(1, 10) if sheet.cell(r, NUMBER_COLUMN).value in ("번호", "No."))
    date_column = ANSWERED_ON_COLUMN
    assert sheet.cell(header_row, date_column).value in ("회신일", "Answered on")
    for row in range(header_row + 1, sheet.max_row + 1):
        number = sheet.cell(row, NUMBER_COLUMN).value
        if number in answers_by_number:
            sheet.cell(row, ANSWER_COLUMN, answers_by_number[number])
        if dates and number in dates:
            sheet.cell(row, date_column, dates[number])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def answers_sheet(rows, *, headers=None, title_rows=(), extra_header=None) -> bytes:
    """A hand-made answers spreadsheet: optional title rows, the export's header row, then `rows`
    as {column key: value} (or whole lists)."""
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append([title])
    header = list(headers or HEADERS_KO)
    if extra_header:
        header.append(extra_header)
    sheet.append(header)
    for row in rows:
        if isinstance(row, dict):
            values = [row.get(key, "") for key in columns.KEYS]
            if extra_header:
                values.append(row.get("extra"))
            sheet.append(values)
        else:
            sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()
