"""The letter of proposal's files, read back by tools that did not write them (tests/documents/readers.py):
the PDF with poppler's pdftotext and pdfinfo, the HWPX with openhanji. Long real Korean paragraphs (the seed
article) are the issues' problems, so that the PDF's lines show whether a word was broken."""

import xml.etree.ElementTree as ET  # nosec B405 - documents the tests themselves wrote
import zipfile
from io import BytesIO

import pytest
from django.utils import timezone, translation

from issues.proposals import letter
from tests.documents.readers import (
    article_paragraphs,
    assert_words_whole,
    hwpx_metadata,
    hwpx_paragraphs,
    hwpx_tables,
    pdf_info,
    pdf_lines,
)

from .letters import (
    DATA_REUSE,
    DATA_REUSE_LAW,
    PUBLIC_NOTE,
    REMOTE_CARE,
    REMOTE_CARE_EFFECT,
    REMOTE_CARE_LAW,
    SOFTWARE,
    SOFTWARE_LAW,
    sent_batch,
)

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
SUBJECT = f"{THIS_YEAR}년 1차 규제개선 과제 건의"


@pytest.fixture
def problems():
    """Three problems of two or three real sentences each (tests/documents/paragraphs.py)."""
    paragraphs = article_paragraphs()
    return (f"{paragraphs[0]} {paragraphs[1]}", f"{paragraphs[2]} {paragraphs[4]}", f"{paragraphs[7]} {paragraphs[9]}")


@pytest.fixture
def sent(officer, problems):
    return sent_batch(officer, problems=problems)


def written(sent, viewer, format, **kwargs) -> bytes:
    return letter.write(letter.letter(sent.batch, viewer=viewer, **kwargs), format)


# --- PDF -------------------------------------------------------------------------------------------------------


def read(data: bytes) -> str:
    """The PDF's text as one string: pdftotext puts a table's cells on lines of their own, or a short cell on
    the line of its label, as their spacing goes; joined by spaces, what reads as one row is one phrase."""
    return " ".join(pdf_lines(data))


def test_the_pdf_shows_the_sender_the_addressee_the_subject_and_every_card(sent, official):
    text = read(written(sent, official, "pdf"))

    assert text.startswith(f"서울특별시 수신 수신자 참조 제목 {SUBJECT} 1. 관련: 규제혁신 현장 간담회(2024. 3. 28., "
                           "서울파트너스하우스)")
    today = timezone.localdate()
    for phrase in (f"붙임 {THIS_YEAR}년 1차 규제개선 과제 건의서 1부. 끝. 서울특별시장",
                   "수신자 보건복지부장관, 식품의약품안전처장",
                   "시행 경제정책실 경제정책과 · 서울기업지원센터",
                   f"시행일 {today.year}. {today.month}. {today.day}.",
                   "주소 서울특별시 중구 세종대로 110", "전화 02-2133-3119"):
        assert phrase in text
    # Each card: its caption, then its title in the first row.
    for position, issue in enumerate([sent.remote_care, sent.data_reuse, sent.software], 1):
        assert f"과제 {position} · 관리번호 {issue.number} 과제명 {issue.title}" in text
    assert text.count("건의 기업") == 2
    assert "건의 기업 브이엠에스홀딩스" in text and "건의 기업 다윈케이에스" in text and "팀엘리시움" not in text


def test_no_line_of_the_pdf_ends_inside_a_word_of_the_long_korean_paragraphs(sent, official, problems):
    lines = pdf_lines(written(sent, official, "pdf"))

    # Every line of the problems is in the PDF: pdftotext did read them.
    assert sum(len(line) for line in lines if line in " ".join(problems)) > sum(len(p) for p in problems) * 0.9
    assert_words_whole(lines, [*problems, REMOTE_CARE_EFFECT, REMOTE_CARE_LAW, SOFTWARE_LAW, DATA_REUSE_LAW,
                               PUBLIC_NOTE])


def test_the_pdf_is_titled_by_the_subject_and_written_by_the_centre(sent, official):
    info = pdf_info(written(sent, official, "pdf"))

    assert info["Title"] == SUBJECT
    assert info["Author"] == "서울기업지원센터"
    assert info["Page size"].endswith("(A4)")
    # The cover, the summary, and a page for each of the three cards.
    assert info["Pages"] == 5


def test_a_pdf_to_one_ministry_is_addressed_to_its_head(sent, official):
    text = read(written(sent, official, "pdf", ministry=sent.software.ministry))

    assert text.startswith(f"서울특별시 수신 식품의약품안전처장 제목 {SUBJECT}")
    assert "수신자" not in text
    assert f"과제명 {SOFTWARE}" in text and REMOTE_CARE not in text


def test_in_english_the_pdf_is_in_english(sent, official):
    with translation.override("en"):
        data = written(sent, official, "pdf")
    text = read(data)

    assert text.startswith("Seoul Metropolitan Government To See the recipients below Subject Proposed regulatory "
                           f"improvements, {THIS_YEAR} batch 1")
    assert f"Attached Letter of proposal, {THIS_YEAR} batch 1, 1 copy. End." in text
    assert "Proposals to Ministry of Health and Welfare: 2 issues" in text
    assert f"Expected effect {REMOTE_CARE_EFFECT}" in text
    assert pdf_info(data)["Author"] == "Seoul Business Support Center"


# --- HWPX ------------------------------------------------------------------------------------------------------


def test_the_hwpx_summary_table_holds_the_issues(sent, official):
    summary = hwpx_tables(written(sent, official, "hwpx"))[0]

    assert summary == [
        ["번호", "과제명", "소관 부처", "관련 법령"],
        ["1", REMOTE_CARE, "보건복지부", REMOTE_CARE_LAW],
        ["2", DATA_REUSE, "보건복지부", DATA_REUSE_LAW],
        ["3", SOFTWARE, "식품의약품안전처", SOFTWARE_LAW],
    ]


def test_each_hwpx_card_holds_the_issue_and_names_a_company_only_with_consent(sent, official, problems):
    tables = hwpx_tables(written(sent, official, "hwpx"))

    assert len(tables) == 4
    assert tables[1] == [
        ["과제명", REMOTE_CARE],
        ["건의 기업", "브이엠에스홀딩스"],
        ["건의 배경(현황 및 문제점)", problems[0]],
        ["개선 방안", "원양선박에 승선 중인 선원을 비대면진료 허용 대상에 명시"],
        ["관련 법령(조항)", REMOTE_CARE_LAW],
        ["소관 부처", "보건복지부"],
        ["기대 효과", REMOTE_CARE_EFFECT],
        ["간담회 논의 결과", f"규제혁신 현장 간담회(2024. 3. 28.): 정부 건의 — {PUBLIC_NOTE}"],
    ]
    # 팀엘리시움 did not agree to be named: no 건의 기업 row.
    assert [row[0] for row in tables[3]] == ["과제명", "건의 배경(현황 및 문제점)", "개선 방안", "관련 법령(조항)",
                                            "소관 부처", "기대 효과", "간담회 논의 결과"]
    assert tables[3][5] == ["기대 효과", "—"]
    assert "팀엘리시움" not in str(tables)


def test_the_hwpx_cover_shows_the_sender_and_the_addressees(sent, official):
    paragraphs = hwpx_paragraphs(written(sent, official, "hwpx"))

    assert paragraphs[:3] == ["서울특별시", "수신  수신자 참조", f"제목  {SUBJECT}"]
    for line in ("서울특별시장", "수신자  보건복지부장관, 식품의약품안전처장",
                 "시행  경제정책실 경제정책과 · 서울기업지원센터", "주소  서울특별시 중구 세종대로 110",
                 "전화  02-2133-3119",
                 f"붙임  {THIS_YEAR}년 1차 규제개선 과제 건의서 1부.  끝."):
        assert line in paragraphs
    assert f"과제 3 · 관리번호 {sent.software.number}" in paragraphs


def test_the_hwpx_says_it_is_the_letter_written_by_the_centre(sent, official):
    metadata = hwpx_metadata(written(sent, official, "hwpx"))

    assert metadata["title"] == SUBJECT
    assert metadata["creator"] == metadata["lastsaveby"] == "서울기업지원센터"
    assert metadata["created"].date() >= timezone.now().date() - timezone.timedelta(days=1)


def test_a_hwpx_to_one_ministry_holds_its_issues_only(sent, official):
    data = written(sent, official, "hwpx", ministry=sent.remote_care.ministry)

    assert hwpx_paragraphs(data)[1] == "수신  보건복지부장관"
    assert [row[1] for row in hwpx_tables(data)[0][1:]] == [REMOTE_CARE, DATA_REUSE]


HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"


def page_breaks_and_word_breaking(data: bytes) -> tuple[list[str], set[str]]:
    """Read with zipfile and ElementTree (not the writer): the text of the body's paragraphs that start a
    page, and how the paragraph shapes break Korean lines (breakNonLatinWord)."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        head = ET.fromstring(package.read("Contents/header.xml"))  # noqa: S314 - written by the test
        body = ET.fromstring(package.read("Contents/section0.xml"))  # noqa: S314
    breaking = {shape.get("id") for shape in head.iter(f"{HH}paraPr")
                if any(s.get("pageBreakBefore") == "1" for s in shape.iter(f"{HH}breakSetting"))}
    starts = ["".join(t.text or "" for t in paragraph.iter(f"{HP}t")) for paragraph in body.findall(f"{HP}p")
              if paragraph.get("paraPrIDRef") in breaking or paragraph.get("pageBreak") == "1"]
    return starts, {s.get("breakNonLatinWord") for s in head.iter(f"{HH}breakSetting")}


def test_in_the_hwpx_the_attachment_and_each_card_start_a_page_and_korean_breaks_by_word(sent, official):
    starts, breaking = page_breaks_and_word_breaking(written(sent, official, "hwpx"))

    assert starts == [f"{THIS_YEAR}년 1차 규제개선 과제 건의서", "보건복지부 소관 과제(2건)",
                      f"과제 2 · 관리번호 {sent.data_reuse.number}", "식품의약품안전처 소관 과제(1건)"]
    assert breaking == {"KEEP_WORD"}
