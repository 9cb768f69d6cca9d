"""The annual report officials and officers download: every figure of the year, as /stats/ shows it, and the
year's proposals with their answers, read back with openpyxl (XLSX) and pdftotext (PDF)."""

import datetime
import io
import re
import subprocess

import pytest
from django.urls import reverse

from companies.models import Company
from issues.models import Issue
from tests.base import make_expert, make_officer, make_official, make_user
from tests.documents.readers import article_paragraphs, assert_words_whole, page_images, pdf_info, pdf_lines

from . import data

pytestmark = pytest.mark.django_db

TITLES = {  # table id → its title in the report of `year`
    "per-year": "Issues per year",
    "per-field": "Issues by field ({year})",
    "per-ministry": "Proposals by ministry ({year})",
    "answers": "The government's answers ({year})",
    "durations": "How long it takes, in days ({year})",
    "meetings": "Meetings held ({year})",
}
HEADERS = ["No.", "Title", "Field", "Competent ministry", "State", "Proposed", "Government answer", "Answered on",
           "Remarks"]


def download(client, year, format, user=None, language="en"):
    client.force_login(user or make_official())
    return client.get(reverse("stats-report", args=[year, format]), headers={"Accept-Language": language})


def figure_blocks(sheet) -> dict[str, dict]:
    """The report's figures sheet, table by table: {title: {"header": [...], "rows": [[...], ...]}}."""
    blocks, current = {}, None
    for row in sheet.iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        if not values:
            current = None
        elif current is None and len(values) == 1:
            current = blocks[values[0]] = {"header": None, "rows": []}
        elif current is not None and current["header"] is None:
            current["header"] = values
        elif current is not None:
            current["rows"].append(values)
    return blocks


def as_text(value) -> str:
    """A cell's number written as the page writes it: 16.7% for a share, 37.5 or 33 for days."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}" if isinstance(value, int | float) else str(value)


@pytest.mark.parametrize("year", [2023, 2024])
def test_the_xlsx_report_has_every_figure_of_the_year(client, program, year):
    from openpyxl import load_workbook

    response = download(client, year, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"regulatory-innovation-{year}.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    figures, proposals = workbook.worksheets
    blocks = figure_blocks(figures)
    expected = data.expected_tables(year, up_to=year)

    assert figures["A1"].value == f"Regulatory innovation: annual report {year}"
    for table_id, title in TITLES.items():
        block = blocks[title.format(year=year)]
        rows, foot = expected[table_id]
        written = [[row[0]] + [_share_or_number(table_id, i, v) for i, v in enumerate(row[1:])]
                   for row in block["rows"]]
        assert written == rows + ([foot] if foot else []), table_id
    # The report of 2023 knows nothing of 2024.
    assert [row[0] for row in blocks["Issues per year"]["rows"]] == (["2023"] if year == 2023 else
                                                                     ["2023", "2024", "Total"])
    # Numbers are numbers, shares formatted as percentages, headers bold.
    answers = blocks[f"The government's answers ({year})"]
    assert answers["rows"][0][2] == pytest.approx(data.ANSWERS[year][0][0] / sum(n for n, _s in data.ANSWERS[year]))
    share_cell = next(c for c in figures["C"] if c.value == answers["rows"][0][2])
    assert share_cell.number_format == "0.0%"
    header_row = next(r for r in figures.iter_rows() if r[0].value == "Year")
    assert all(cell.font.b for cell in header_row if cell.value)

    # The proposals of the year, oldest first, with dates as dates.
    rows = [list(r) for r in proposals.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    assert all(cell.font.b for cell in proposals[1])
    assert proposals.freeze_panes == "A2"
    assert proposals.column_dimensions["B"].width > proposals.column_dimensions["A"].width
    listed = [(row[0], row[5], row[4], (row[6] or "").split("\n")[0]) for row in rows[1:]]
    assert listed == [(program[key].number, datetime.datetime.combine(on, datetime.time()), state, answer)
                      for key, on, state, answer in data.PROPOSALS[year]]
    assert proposals.cell(row=2, column=6).is_date
    assert rows[1][1] == data.title(data.PROPOSALS[year][0][0])


def _share_or_number(table_id, index, value) -> str:
    if table_id == "answers" and index == 1:
        return f"{100 * value:.1f}%"
    return as_text(value)


def test_the_pdf_report_has_every_figure_of_the_year_in_korean_fonts(client, program, tmp_path):
    response = download(client, 2024, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["/usr/bin/pdftotext", "-layout", str(path), "-"],  # noqa: S603 - our own file
                          check=True, capture_output=True, text=True).stdout
    fonts = subprocess.run(["/usr/bin/pdffonts", str(path)],  # noqa: S603 - our own file
                           check=True, capture_output=True, text=True).stdout
    expected = data.expected_tables(2024, up_to=2024)

    assert "Noto-Sans-CJK-KR" in fonts
    assert "Regulatory innovation: annual report 2024" in text
    for table_id, title in TITLES.items():
        assert title.format(year=2024) in text
        rows, foot = expected[table_id]
        for row in rows + ([foot] if foot else []):
            # One line of the table: the label, then its numbers, as the page shows them.
            line = r"^\s*" + re.escape(row[0]) + "".join(r"\s+" + re.escape(cell) for cell in row[1:]) + r"\s*$"
            assert re.search(line, text, re.MULTILINE), (table_id, row)
    # The proposals: number, Korean title, proposal date and answer on the issue's first line.
    assert "4 issues proposed to the government in 2024" in text
    for key, on, _state, answer in data.PROPOSALS[2024]:
        line = next(line for line in text.splitlines() if program[key].number in line)
        assert data.title(key) in line and f"{on:%Y-%m-%d}" in line and answer in line, line


@pytest.mark.parametrize("format", ["xlsx", "pdf"])
def test_the_report_carries_nothing_of_the_filers(client, program, tmp_path, format):
    response = download(client, 2024, format, language="ko")
    if format == "pdf":
        path = tmp_path / "report.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(["/usr/bin/pdftotext", "-raw", str(path), "-"],  # noqa: S603 - our own file
                              check=True, capture_output=True, text=True).stdout
    else:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(response.content))
        text = "\n".join(str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row)
    private = data.private_strings() + [c.business_number for c in Company.objects.all()]
    private += [issue.secret_hash for issue in Issue.objects.all()]

    assert data.title("B1") in text  # the Korean text is there: the check below reads the real content
    assert not [p for p in private if p in text]


@pytest.mark.parametrize("who, status", [
    ("official", 200), ("officer", 200), ("expert", 403), ("no_role", 403),
])
def test_only_officials_and_officers_download_the_report(client, program, who, status):
    user = {"official": make_official, "officer": make_officer, "expert": make_expert,
            "no_role": lambda: make_user("clerk", is_staff=True)}[who]()

    assert download(client, 2024, "xlsx", user=user).status_code == status


def test_someone_not_logged_in_is_sent_to_the_login(client, program):
    response = client.get(reverse("stats-report", args=[2024, "pdf"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_report_of_a_year_outside_the_program_or_of_another_format_is_not_found(client, program):
    assert download(client, 2019, "xlsx").status_code == 404
    assert download(client, 2099, "pdf").status_code == 404
    assert download(client, 2024, "csv").status_code == 404


def test_a_pdf_lists_the_first_proposals_of_a_very_long_year(client, program, settings, tmp_path):
    settings.EXPORT_DOCUMENT_ASYNC_ROWS = 2

    response = download(client, 2024, "pdf")

    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["/usr/bin/pdftotext", "-raw", str(path), "-"],  # noqa: S603 - our own file
                          check=True, capture_output=True, text=True).stdout
    assert "4 issues proposed to the government in 2024" in text
    assert "The first 2 are listed here; the XLSX report lists them all." in " ".join(text.split())
    assert program["B2"].number in text and program["B3"].number not in text


@pytest.mark.parametrize("format", ["xlsx", "pdf"])
def test_the_report_says_what_each_figure_counts(client, program, tmp_path, format):
    response = download(client, 2024, format)
    if format == "pdf":
        path = tmp_path / "report.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(["/usr/bin/pdftotext", "-raw", str(path), "-"],  # noqa: S603 - our own file
                              check=True, capture_output=True, text=True).stdout
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        text = "\n".join(" ".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True))
    text = " ".join(text.split())

    assert "What the figures count" in text
    for label, definition in [
        ("Filed", "Issues filed in the year, by the date of filing, whatever became of them (except those set aside)."),
        ("Set aside", "closed as withdrawn, duplicate or out of scope (test filings and spam): counted in no other "
                      "figure."),
        ("Of these, solved", "Of the issues proposed in the year: those closed as improved since."),
    ]:
        assert f"{label} " in text and definition in text, label


def test_the_report_writes_durations_in_whole_days(client, program):
    from openpyxl import load_workbook

    blocks = figure_blocks(load_workbook(io.BytesIO(download(client, 2024, "xlsx").content)).worksheets[0])

    # 2024: filing to proposal [30 32 34 39] has a 90th percentile of 37.5 days, written 38 (data.py).
    assert blocks["How long it takes, in days (2024)"]["rows"] == [
        ["Filing to proposal", 4, 33, 38], ["Proposal to answer", 4, 45, 144], ["Filing to closing", 5, 122, 208]]


def test_the_pdf_report_keeps_korean_words_whole_and_names_the_centre(client, program, tmp_path):
    # The government's answer to B1: several long Korean sentences (tests/documents/paragraphs.py), narrow.
    answer = " ".join(article_paragraphs()[:3])
    Issue.objects.filter(pk=program["B1"].pk).update(government_answer_text=answer,
                                                       government_answered_on=datetime.date(2024, 6, 3))
    response = download(client, 2024, "pdf", language="ko")

    lines = pdf_lines(response.content)
    assert_words_whole(lines, [answer, *(data.title(key) for key, *_rest in data.PROPOSALS[2024])])
    assert {word for line in lines for word in line.split()} >= set(answer.split())
    assert "2024-06-03" in {word for line in lines for word in line.split()}  # its 회신일
    assert lines[0] == "서울특별시 서울기업지원센터"
    info = pdf_info(response.content)
    assert info["Title"] == lines[1] == "규제혁신 2024년 연간 보고서"
    assert info["Author"] == "서울기업지원센터"
    assert len(page_images(response.content, tmp_path / "pages")) == info["Pages"]  # to look at (--basetemp)
