"""The worklist as an official reads it, opened by readers that did not write it: the PDF by poppler
(pdftotext, pdfinfo, pdftoppm), the HWPX by openhanji. Long Korean paragraphs (tests/documents/paragraphs.py) as a
filer's 현황 및 문제점 and 개선 방안 in the table's columns: no word broken across lines, every cell as the data."""

from datetime import date

import pytest
from django.utils import timezone

from issues.models import Issue, ProposalBatch
from issues.proposals import batches
from tests.documents.readers import (
    article_paragraphs,
    assert_words_whole,
    hwpx_metadata,
    hwpx_preview,
    hwpx_tables,
    hwpx_text,
    page_images,
    pdf_info,
    pdf_lines,
    png_size,
)

from ..conftest import HEADERS_EN, HEADERS_KO
from .conftest import attachment_name, download

ANSWERED_ON = date(2024, 5, 31)


@pytest.fixture
def official_client(client, cast):
    client.force_login(cast["official"])
    return client


@pytest.fixture
def long_texts(cast):
    """The robots' and the drones' problem and improvement: several long Korean sentences each
    (tests/documents/paragraphs.py)."""
    paragraphs = article_paragraphs()
    texts = {
        "robots": (" ".join(paragraphs[0:3]), paragraphs[3]),
        "drones": ("\n".join(paragraphs[4:6]), " ".join(paragraphs[6:8])),
    }
    for name, (problem, improvement) in texts.items():
        Issue.objects.filter(pk=cast[name].pk).update(problem=problem, improvement=improvement)
    Issue.objects.filter(pk=cast["drones"].pk).update(government_answered_on=ANSWERED_ON)
    return texts


def test_no_line_of_the_pdf_ends_inside_a_word(official_client, cast, long_texts, tmp_path):
    data = download(official_client, format="pdf").body
    lines = pdf_lines(data)
    sources = [text for pair in long_texts.values() for text in pair]
    sources += [cast[name].title for name in ("robots", "drones", "bio")] + HEADERS_KO
    assert_words_whole(lines, sources)
    # The tracking numbers and dates are whole on their lines, never cut over two.
    tokens = {token for line in lines for token in line.split()}
    assert {cast["robots"].number, cast["drones"].number, cast["bio"].number, "2024-03-02", "2024-05-31"} <= tokens
    # Every word of the long paragraphs is printed (none clipped by a column).
    for problem, improvement in long_texts.values():
        for word in f"{problem} {improvement}".split():
            assert word in tokens or any(word in line.replace(" ", "") for line in lines), word
    assert page_images(data, tmp_path / "pages")  # kept for looking at (pytest --basetemp)


def test_the_pdf_says_who_sends_it_what_it_is_and_when(official_client, cast):
    data = download(official_client, format="pdf").body
    info = pdf_info(data)
    assert info["Title"] == "정부 건의 규제 개선 과제"
    assert info["Author"] == "서울기업지원센터"
    assert info["CreationDate"].startswith(f"{timezone.localdate():%Y-%m-%d}")
    lines = pdf_lines(data)
    assert lines[0] == "서울특별시 서울기업지원센터 · 경제정책실 경제정책과"
    assert lines[1] == f"작성일 {timezone.localdate():%Y. %-m. %-d.}"
    assert lines[2] == "정부 건의 규제 개선 과제"
    # pdftotext reads the header row column after column: the last header is the last column's.
    assert [line for line in lines if line in ("회신일", "비고")] == ["회신일", "비고"]


def test_the_hwpx_read_by_another_parser_holds_the_data_cell_for_cell(official_client, cast, long_texts):
    data = download(official_client, format="hwpx").body
    (table,) = hwpx_tables(data)
    assert table[0] == HEADERS_KO
    drones, robots = cast["drones"], cast["robots"]
    rows = {row[0]: row for row in table[1:]}
    assert list(rows) == [cast["bio"].number, drones.number, robots.number]
    # By hand: the issues as filed (conftest) and as the meeting and the answer left them.
    assert dict(zip(HEADERS_KO, rows[drones.number], strict=True)) == {
        "번호": drones.number, "과제명": "드론 야간 비행 승인 간소화", "분야": "모빌리티", "건의기업": "하늘드론",
        "현황 및 문제점": long_texts["drones"][0], "개선 방안": long_texts["drones"][1],
        "관련 법령": "도로교통법 제2조",
        "소관 부처": "국토교통부", "상태": "사후관리", "논의 간담회": "규제혁신 현장 간담회 (2024-03-28)",
        "접수일": "2024-02-10", "건의일": f"{drones.proposed_on:%Y-%m-%d}",
        "정부 회신": "중장기 검토\n중장기 검토하겠습니다.", "회신일": "2024-05-31", "비고": "",
    }
    row = dict(zip(HEADERS_KO, rows[robots.number], strict=True))
    assert (row["과제명"], row["관련 법령"], row["현황 및 문제점"], row["회신일"]) == (
        "배달로봇의 보도 통행 허용", "도로교통법 제2조", long_texts["robots"][0], "")
    text = hwpx_text(data)
    assert text.startswith("서울특별시 서울기업지원센터 · 경제정책실 경제정책과\n정부 건의 규제 개선 과제\n")


def test_the_hwpx_package_names_the_centre_today_and_shows_its_beginning(official_client, cast):
    data = download(official_client, format="hwpx").body
    metadata = hwpx_metadata(data)
    assert metadata["title"] == "정부 건의 규제 개선 과제"
    assert metadata["creator"] == metadata["lastsaveby"] == "서울기업지원센터"
    today = timezone.now().astimezone(metadata["created"].tzinfo).date()
    assert metadata["created"].date() == metadata["modified"].date() == today
    text, image = hwpx_preview(data)
    assert text.splitlines()[:2] == ["서울특별시 서울기업지원센터 · 경제정책실 경제정책과", "정부 건의 규제 개선 과제"]
    assert "번호\t과제명\t분야" in text
    assert png_size(image) == (600, 424)  # a landscape page, not the template's blank 1×1 picture


def test_every_format_has_the_answer_date_after_the_answer(official_client, cast, long_texts):
    from .conftest import read_csv, read_xlsx

    _sheet, rows = read_xlsx(download(official_client, format="xlsx").body)
    at = HEADERS_KO.index("회신일")
    assert rows[0][at - 1:at + 2] == ["정부 회신", "회신일", "비고"]
    drones = next(row for row in rows if row[0] == cast["drones"].number)
    assert drones[at].date() == ANSWERED_ON
    csv_rows = read_csv(download(official_client, format="csv").body)
    assert next(row for row in csv_rows if row[0] == cast["drones"].number)[at] == "2024-05-31"
    english = read_csv(download(official_client, format="csv", headers={"Accept-Language": "en"}).body)
    assert english[0] == HEADERS_EN


@pytest.mark.parametrize("format", ["pdf", "hwpx", "xlsx", "csv"])
def test_the_file_is_named_after_what_was_filtered(official_client, cast, format):
    response = download(official_client, format=format, ministry=cast["drones"].ministry_id)
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert attachment_name(response) == f"정부 건의 규제 개선 과제 (국토교통부) {today}.{format}"
    # Korean in Content-Disposition is RFC 6266's filename*, UTF-8 percent-encoded: no raw bytes.
    assert response["Content-Disposition"].isascii()
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_the_file_is_named_after_the_batch(official_client, cast):
    batch = batches.create_batch(year=2026, by=cast["officer"])
    Issue.objects.filter(pk=cast["robots"].pk).update(proposal_batch=batch)
    ProposalBatch.objects.filter(pk=batch.pk).update(submitted_at=timezone.now(), submitted_by=cast["officer"])
    response = download(official_client, format="pdf", batch=batch.pk)
    assert attachment_name(response) == "2026년 1차 정부 건의 과제.pdf"
    assert pdf_info(response.body)["Title"] == "2026년 1차 정부 건의"
