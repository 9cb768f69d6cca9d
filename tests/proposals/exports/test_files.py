"""Every file /exports/ makes, opened by a reader that is not ours: openpyxl, the csv module,
pdftotext (poppler-utils) and python-hwpx's own validation."""

import datetime

import pytest

from issues.models import ExportLog

from ..conftest import HEADERS_EN as ENGLISH_HEADERS
from ..conftest import HEADERS_KO as KOREAN_HEADERS
from .conftest import CONTACTS, download, hwpx_check, pdf_text, read_csv, read_xlsx, squeezed


@pytest.fixture
def official_client(client, cast):
    client.force_login(cast["official"])
    return client


def test_the_xlsx_is_a_real_spreadsheet(official_client, cast):
    response = download(official_client, format="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    sheet, rows = read_xlsx(response.body)

    assert rows[0] == KOREAN_HEADERS
    # The official's list: proposal, follow-up and closed after a proposal; oldest first; no spam.
    robots, drones, bio = cast["robots"], cast["drones"], cast["bio"]
    assert [row[0] for row in rows[1:]] == [bio.number, drones.number, robots.number]
    by_number = {row[0]: dict(zip(KOREAN_HEADERS, row, strict=True)) for row in rows[1:]}
    row = by_number[robots.number]
    assert row["과제명"] == "배달로봇의 보도 통행 허용"
    assert row["분야"] == "로봇"
    assert row["건의기업"] == "주식회사 로보틱스"
    assert row["소관 부처"] == "과학기술정보통신부"
    assert row["관련 법령"] == "도로교통법 제2조"
    assert row["상태"] == "정부 건의"
    assert row["논의 간담회"] == "규제혁신 현장 간담회 (2024-03-28)"
    # Dates are dates (a number with a date format), not text.
    assert row["접수일"] == datetime.datetime(2024, 3, 2)
    assert isinstance(row["건의일"], datetime.datetime)
    assert sheet.cell(row=2, column=11).is_date and sheet.cell(row=2, column=11).number_format == "yyyy-mm-dd"
    assert by_number[drones.number]["정부 회신"] == "중장기 검토\n중장기 검토하겠습니다."
    assert by_number[bio.number]["비고"].startswith("개선 완료")

    # The header is bold and frozen; text wraps; columns have widths.
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(row=2, column=5).alignment.wrap_text
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["C"].width


def test_the_csv_has_a_byte_order_mark_for_excel(official_client, cast):
    response = download(official_client, format="csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response.body)
    assert rows[0] == KOREAN_HEADERS
    assert len(rows) == 4
    robots = next(row for row in rows if row[0] == cast["robots"].number)
    assert robots[1] == "배달로봇의 보도 통행 허용"
    assert robots[10] == "2024-03-02"
    assert robots[9] == "규제혁신 현장 간담회 (2024-03-28)"


def test_the_pdf_carries_the_korean_text(official_client, cast, tmp_path):
    response = download(official_client, format="pdf")
    assert response.status_code == 200
    assert response.body.startswith(b"%PDF")
    text = pdf_text(response.body, tmp_path)
    for expected in (*KOREAN_HEADERS, cast["robots"].number, "드론 야간 비행 승인 간소화", "과학기술정보통신부",
                     "규제혁신 현장 간담회 (2024-03-28)", "2024-03-02", "중장기 검토하겠습니다."):
        assert squeezed(expected) in text, expected
    assert squeezed(cast["draft"].title) not in text


def test_the_hwpx_passes_the_librarys_validation(official_client, cast):
    response = download(official_client, format="hwpx")
    assert response.status_code == 200
    text = hwpx_check(response.body)
    for expected in (*KOREAN_HEADERS, cast["robots"].number, "배달로봇의 보도 통행 허용", "국토교통부"):
        assert expected in text, expected
    assert "스팸으로 보이는 과제" not in text


@pytest.mark.parametrize("format", ["xlsx", "csv", "pdf", "hwpx"])
def test_no_file_carries_the_filers_contact_details(official_client, cast, format, tmp_path):
    response = download(official_client, format=format)
    assert response.status_code == 200
    if format == "xlsx":
        _sheet, rows = read_xlsx(response.body)
        text = "\n".join(str(value) for row in rows for value in row)
    elif format == "csv":
        text = response.body.decode("utf-8-sig")
    elif format == "pdf":
        text = pdf_text(response.body, tmp_path)
    else:
        text = hwpx_check(response.body)
    text = squeezed(text)
    assert "드론야간비행승인간소화" in text  # the file was read
    for contact in CONTACTS:
        assert squeezed(contact) not in text, contact


@pytest.mark.parametrize("format", ["xlsx", "csv", "pdf", "hwpx"])
def test_every_download_is_logged_with_its_filter_and_rows(official_client, cast, format):
    ministry = cast["drones"].ministry
    response = download(official_client, format=format, ministry=ministry.pk, unknown="x", page="2")
    assert response.status_code == 200
    entry = ExportLog.objects.get()
    assert (entry.user, entry.format, entry.row_count, entry.status) == (
        cast["official"], format, 1, ExportLog.Status.READY)
    assert entry.filters == {"ministry": str(ministry.pk)}
    assert entry.finished_at is not None


def test_headers_and_labels_follow_the_pages_language(client, cast):
    client.force_login(cast["officer"])
    response = download(client, format="xlsx", state="follow_up", headers={"Accept-Language": "en"})
    _sheet, rows = read_xlsx(response.body)
    assert rows[0] == ENGLISH_HEADERS
    assert rows[1][2] == "Mobility"
    assert rows[1][7] == "Ministry of Land, Infrastructure and Transport"
    assert rows[1][8] == "Follow-up"


def test_formulas_typed_by_a_filer_stay_text(client, cast):
    from issues.models import Issue

    Issue.objects.filter(pk=cast["robots"].pk).update(title='=HYPERLINK("http://evil.example","x")',
                                                     related_law="@SUM(1+1)")
    client.force_login(cast["officer"])
    _sheet, rows = read_xlsx(download(client, format="xlsx", state="proposal").body)
    assert rows[1][1] == '=HYPERLINK("http://evil.example","x")'  # a string, not a formula
    csv_rows = read_csv(download(client, format="csv", state="proposal").body)
    assert csv_rows[1][1] == '\'=HYPERLINK("http://evil.example","x")'
    assert csv_rows[1][6] == "'@SUM(1+1)"


@pytest.mark.parametrize("format", ["xlsx", "csv", "pdf", "hwpx"])
def test_an_empty_list_still_makes_a_valid_file(official_client, cast, format, tmp_path):
    response = download(official_client, format=format, proposed_before="2000-01-01")
    assert response.status_code == 200
    if format == "xlsx":
        assert read_xlsx(response.body)[1] == [KOREAN_HEADERS]
    elif format == "csv":
        assert read_csv(response.body) == [KOREAN_HEADERS]
    elif format == "pdf":
        assert squeezed("현황 및 문제점") in pdf_text(response.body, tmp_path)
    else:
        assert "현황 및 문제점" in hwpx_check(response.body)
