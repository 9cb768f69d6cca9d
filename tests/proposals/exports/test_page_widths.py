"""The worklist's printed table always fits its landscape page, however long the words an official's
rows carry (2026-12-08: the demo's rows pushed 정부 회신, 회신일 and 비고 off the page's edge)."""

from issues.proposals.exports.columns import KEYS, headers
from issues.proposals.exports.formats import PDF_TABLE, kept_lengths, page_widths
from tests.documents.readers import pdf_lines

# Every column full of words a column cannot take whole: 20 characters each.
LONG = "「의료기기허가신고심사등에관한규정」"


def crowded_row() -> list[str]:
    row = [LONG] * len(KEYS)
    row[KEYS.index("number")] = "REG-2024-0004"
    for key in ("filed_on", "proposed_on", "answered_on"):
        row[KEYS.index(key)] = "2024-03-28"
    return row


def test_the_columns_of_a_crowded_table_add_up_to_the_page_and_the_one_line_values_keep_their_width():
    widths = page_widths(headers("ko"), [crowded_row()], **PDF_TABLE)
    assert abs(sum(widths) - 277) < 0.5
    # "REG-2024-0004" at 7 pt is about 17 mm wide (13 characters of about 1.3 mm), "2024-03-28" about 13 mm.
    assert widths[KEYS.index("number")] >= 17
    assert all(widths[KEYS.index(key)] >= 13 for key in ("filed_on", "proposed_on", "answered_on"))


def test_a_word_wider_than_its_squeezed_column_is_no_longer_kept_whole():
    widths = page_widths(headers("ko"), [crowded_row()], **PDF_TABLE)
    keep = kept_lengths(widths, **PDF_TABLE)
    glyph_mm = 7 * 25.4 / 72  # a Hangul syllable at the table's 7 pt
    for width, longest in zip(widths, keep, strict=True):
        assert longest * glyph_mm <= width - 2.6 or longest == 2


def test_the_last_columns_of_a_crowded_worklist_are_on_the_page(tmp_path):
    from issues.proposals.exports.formats import write_pdf

    out = tmp_path / "worklist.pdf"
    with out.open("wb") as file:
        write_pdf([crowded_row()] * 2, file, headers("ko"), title="정부 건의 규제 개선 과제", subtitle=[])
    text = "\n".join(pdf_lines(out.read_bytes()))
    for heading in ("정부 회신", "회신일", "비고"):
        assert heading in text
    assert text.count("REG-2024-0004") == 2  # each on one line, not cut
