"""A proposal list for the officials: issues in every state, in three fields and ministries, one
discussed at the 28 March meeting, one suspected spam; and readers for the files /exports/ makes."""

import csv
import io
import re
import subprocess
from datetime import datetime

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from companies.models import Field
from issues.models import AgendaItem, ExportLog, Issue
from issues.workflow import Answer, State
from meetings.models import Meeting
from tests.base import business_number, make_issue, make_officer, make_official, ministry

# Filer contact details: they must never reach a file.
CONTACTS = ["minji.kim@robotics.example.com", "010-1234-5678", "김민지",
            "ceo@drone.example.com", "010-9876-5432", "최드론"]


@pytest.fixture(autouse=True)
def export_storage(tmp_path, monkeypatch):
    """Large exports' files of each test go to a throw-away folder."""
    location = tmp_path / "exports"
    monkeypatch.setattr(ExportLog._meta.get_field("file"), "storage", FileSystemStorage(location=location))
    return location


def filed_on(issue, day: str) -> None:
    at = timezone.make_aware(datetime.fromisoformat(f"{day}T10:00"))
    Issue.objects.filter(pk=issue.pk).update(filed_at=at)


@pytest.fixture(scope="module")
def _proposal_list(django_db_setup, django_db_blocker):
    # Made once per module, in a transaction rolled back after it; each test runs in a savepoint inside it.
    with django_db_blocker.unblock(), transaction.atomic():
        yield _make_proposal_list()
        transaction.set_rollback(True)


@pytest.fixture
def cast(db, _proposal_list):
    """The officer, an official, the six issues and the meeting, each test with its own copies read afresh."""
    return {name: type(record).objects.get(pk=record.pk) for name, record in _proposal_list.items()}


def _make_proposal_list() -> dict:
    officer = make_officer()
    robots = make_issue(
        State.PROPOSAL, by=officer, field=Field.objects.get(code="robotics"), ministry=ministry("과학기술정보통신부"),
        title="배달로봇의 보도 통행 허용", related_law="도로교통법 제2조",
    )
    drones = make_issue(
        State.FOLLOW_UP, by=officer, field=Field.objects.get(code="mobility"), ministry=ministry("국토교통부"),
        title="드론 야간 비행 승인 간소화", company_name="하늘드론", business_number=business_number(),
        contact_name="최드론", contact_email="ceo@drone.example.com", contact_phone="010-9876-5432",
        problem="야간 비행마다 별도 승인이 필요합니다.", improvement="야간 비행 승인을 연 단위로 허용해 주십시오.",
    )
    bio = make_issue(
        State.CLOSED, by=officer, field=Field.objects.get(code="bio"), ministry=ministry("식품의약품안전처"),
        title="바이오 시료 수입 통관 간소화", company_name="바이오랩", business_number=business_number(),
        contact_email="lab@bio.example.com",
    )
    draft = make_issue(State.DISCOVERY, title="아직 검토 전인 과제", company_name="새싹",
                       business_number=business_number(), contact_email="new@seed.example.com")
    review = make_issue(State.CONSULTATION, by=officer, title="협의 중인 과제", company_name="협의기업",
                        business_number=business_number(), contact_email="talk@review.example.com")
    spam = make_issue(State.PROPOSAL, by=officer, title="스팸으로 보이는 과제", company_name="스팸",
                      business_number=business_number(), contact_email="spam@spam.example.com")
    Issue.objects.filter(pk=spam.pk).update(is_suspected_spam=True)
    meeting = Meeting.objects.create(
        title="규제혁신 현장 간담회", starts_at=timezone.make_aware(datetime(2024, 3, 28, 14, 0)),
        venue="서울파트너스하우스",
    )
    AgendaItem.objects.create(meeting=meeting, issue=robots, position=1)
    AgendaItem.objects.create(meeting=meeting, issue=drones, position=2)
    for issue, day in ((robots, "2024-03-02"), (drones, "2024-02-10"), (bio, "2023-11-20"), (draft, "2024-03-20"),
                       (review, "2024-03-21"), (spam, "2024-03-22")):
        filed_on(issue, day)
    for issue in (robots, drones, bio, draft, review, spam):
        issue.refresh_from_db()
    assert drones.government_answer == Answer.LONG_TERM_REVIEW
    return {"officer": officer, "official": make_official(), "robots": robots, "drones": drones, "bio": bio,
            "draft": draft, "review": review, "spam": spam, "meeting": meeting}


def issues_with_meetings(count, officer, meeting):
    """`count` proposals on `meeting`'s agenda, in the AI field."""
    for index in range(count):
        issue = make_issue(State.PROPOSAL, by=officer, title=f"과제 {index}", business_number=business_number(),
                           field=Field.objects.get(code="ai"))
        AgendaItem.objects.create(meeting=meeting, issue=issue, position=index)


def download(client, headers=None, **params):
    """GET /exports/ with these parameters; the response, its content in `.body` (streamed or not)."""
    response = client.get(reverse("exports"), params, headers=headers)
    if getattr(response, "streaming", False):
        response.body = b"".join(response.streaming_content)
    elif hasattr(response, "content"):
        response.body = response.content
    return response


def attachment_name(response) -> str:
    """The file name of a download, as a browser reads Content-Disposition: RFC 6266's filename*
    (UTF-8, percent-encoded) when there is one, else filename."""
    from urllib.parse import unquote

    header = response["Content-Disposition"]
    assert header.startswith("attachment;"), header
    encoded = re.search(r"filename\*=utf-8''([^;]+)", header, re.IGNORECASE)
    if encoded:
        return unquote(encoded.group(1), encoding="utf-8", errors="strict")
    return re.search(r'filename="([^"]*)"', header).group(1)


# --- Independent readers --------------------------------------------------------------------------

def read_xlsx(data: bytes):
    """(worksheet, rows as lists of values) with openpyxl in normal (not read-only) mode, so styles
    and panes can be checked."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text by pdftotext in the order it was written (cell after cell), without any white
    space: a narrow column breaks a name over lines."""
    path = tmp_path / "export.pdf"
    path.write_bytes(data)
    text = subprocess.run(["/usr/bin/pdftotext", "-raw", str(path), "-"],  # noqa: S603 - our own file
                          check=True, capture_output=True, text=True).stdout
    return "".join(text.split())


def squeezed(text: str) -> str:
    return "".join(text.split())


def hwpx_check(data: bytes):
    """The library's own validation: package structure, schemas, and that it opens again. The text."""
    import hwpx

    safety = hwpx.validate_editor_open_safety(data)
    assert safety.ok, safety.to_dict()
    assert hwpx.validate_package(data).ok
    document = hwpx.HwpxDocument.open(data)
    assert document.validate().ok
    return document.text.plain()
