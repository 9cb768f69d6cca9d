"""document_bytes: an HWPX whose package says what it is, read back with openhanji (not the writer)."""

from datetime import UTC, datetime, timedelta

from issues.documents.hwpx import add_paragraphs, document_bytes, new_document, set_cell_text
from tests.documents.readers import hwpx_metadata, hwpx_paragraphs, hwpx_preview, hwpx_tables, png_size

TITLE = "2026년 1차 규제개선 건의 과제"


def written(*, landscape=False, language="ko"):
    document = new_document(landscape=landscape)
    document.add_heading(TITLE, level=1)
    add_paragraphs(document, "서울특별시 서울기업지원센터\n반려동물 생체인식 기술의 관련법 개정안이 계류 중이다.")
    table = document.add_table(2, 2)
    cells = table.get_cell_map()
    set_cell_text(cells[0][0].cell, "번호")
    set_cell_text(cells[0][1].cell, "현황 및 문제점")
    set_cell_text(cells[1][0].cell, "REG-2024-0004")
    set_cell_text(cells[1][1].cell, "첫째 문단입니다.\n둘째 문단입니다.")
    return document_bytes(document, title=TITLE, language=language)


def test_the_package_names_the_centre_the_title_and_today():
    metadata = hwpx_metadata(written())
    assert metadata["title"] == TITLE
    assert metadata["creator"] == "서울기업지원센터"
    assert metadata["lastsaveby"] == "서울기업지원센터"
    now = datetime.now(UTC)
    assert now - timedelta(minutes=5) < metadata["created"] <= now
    assert metadata["modified"] == metadata["created"]
    assert metadata["language"] == "ko"
    assert "2025" not in metadata["date"] and "synthetic" not in str(metadata)


def test_in_english_the_centre_has_its_english_name():
    metadata = hwpx_metadata(written(language="en"))
    assert metadata["creator"] == metadata["lastsaveby"] == "Seoul Business Support Center"
    assert metadata["language"] == "en"


def test_the_text_and_the_cells_are_read_back_by_another_parser():
    data = written()
    assert hwpx_paragraphs(data)[:3] == [TITLE, "서울특별시 서울기업지원센터",
                                         "반려동물 생체인식 기술의 관련법 개정안이 계류 중이다."]
    # A line break is a paragraph of its own: readers other than Hangul drop what follows <hp:lineBreak/>.
    assert hwpx_tables(data) == [[["번호", "현황 및 문제점"], ["REG-2024-0004", "첫째 문단입니다.\n둘째 문단입니다."]]]


def test_the_preview_shows_the_beginning_of_the_document():
    text, image = hwpx_preview(written())
    assert text.splitlines()[:2] == [TITLE, "서울특별시 서울기업지원센터"]
    assert "REG-2024-0004" in text
    # Not the blank 1×1 picture of the template: a page, upright or turned.
    assert png_size(image) == (424, 600)
    assert png_size(hwpx_preview(written(landscape=True))[1]) == (600, 424)
    assert len(image) > 2000  # drawn text, not a white page


def test_hangul_breaks_korean_lines_between_words():
    # Every paragraph shape of the package: 어절 (KEEP_WORD), never between two syllables (BREAK_WORD).
    import re
    import zipfile
    from io import BytesIO

    with zipfile.ZipFile(BytesIO(written())) as package:
        header = package.read("Contents/header.xml").decode()
    settings = re.findall(r'breakNonLatinWord="(\w+)"', header)
    assert settings and set(settings) == {"KEEP_WORD"}
