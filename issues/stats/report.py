"""The annual report officials and officers download from /stats/report/<year>.xlsx|pdf: the year's
figures as /stats/ shows them (facts.tables), the advisory group's consultations by profession and field
(facts.consultation_tables: no expert named), and the list of the proposals made in the year with the
government's answers, in the rows of the proposal-list exports (proposals/exports/columns.py) without the columns
the report does not need: no company, no problem text, nothing of the filer."""

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..documents.sender import sender
from ..models import Issue
from ..proposals.exports.columns import DATE_FORMAT, KEYS, WIDTHS, export_rows, headers
from . import charts
from .facts import (
    CONSULTATION_FIGURES,
    MEASURES,
    MINISTRY_MEASURES,
    consultation_tables,
    counted,
    definitions,
    figures,
    tables,
)

FORMATS = {
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": ("pdf", "application/pdf"),
}
PROPOSAL_KEYS = ("number", "title", "field", "ministry", "state", "proposed_on", "answer", "answered_on", "remarks")
NUMBER_FORMATS = {"count": "#,##0", "share": "0.0%", "days": "General"}


def filename(year: int, extension: str) -> str:
    return f"regulatory-innovation-{year}.{extension}"


def title(year: int) -> str:
    return _("Regulatory innovation: annual report %(year)s") % {"year": year}


def proposals(year: int):
    """The issues proposed to the government in `year` (by their proposal date), oldest first: those the
    figure "proposed" counts (facts.counted)."""
    return counted(Issue.objects.filter(proposed_on__year=year)).order_by("proposed_on", "number")


def proposal_list(year: int, limit: int | None = None) -> tuple[list[str], list[list]]:
    """(headers, rows) of the year's proposals (the first `limit`): the export columns of PROPOSAL_KEYS,
    in the active language."""
    indexes = [KEYS.index(key) for key in PROPOSAL_KEYS]
    header = headers()
    queryset = proposals(year) if limit is None else proposals(year)[:limit]
    rows = [[row[i] for i in indexes] for row in export_rows(queryset)]
    return [header[i] for i in indexes], rows


def build(format: str, facts: dict, year: int) -> bytes:
    data = figures(facts, year)
    data["per_year"] = [row for row in data["per_year"] if row["year"] <= year]  # not the years after the report's
    # A printed document lays out every row (see settings.EXPORT_DOCUMENT_ASYNC_ROWS): the PDF lists the first
    # proposals of a very long year and sends the reader to the spreadsheet, which has them all.
    limit = settings.EXPORT_DOCUMENT_ASYNC_ROWS if format == "pdf" else None
    header, rows = proposal_list(year, limit)
    report = {
        "year": year,
        "title": title(year),
        "as_of": _("Figures as of %(time)s") % {
            "time": date_format(timezone.localtime(data["computed_at"]), "DATETIME_FORMAT")},
        "definitions_title": _("What the figures count"),
        "definitions": definitions(*MEASURES, "set_aside", *MINISTRY_MEASURES[1:], *CONSULTATION_FIGURES),
        # Then the advisory group's work: by profession and field, with the median days to an opinion.
        "tables": tables(data) + consultation_tables(data),
        "proposal_header": header,
        "proposals": rows,
        "proposals_total": proposals(year).count() if limit and len(rows) == limit else len(rows),
        "data": data,
    }
    out = io.BytesIO()
    {"xlsx": _write_xlsx, "pdf": _write_pdf}[format](report, out)
    return out.getvalue()


def _write_xlsx(report: dict, out) -> None:
    """Two sheets: the figures, table after table (title, bold header, rows), and the proposals
    (bold frozen header, widths of the exports, dates as dates)."""
    # openpyxl and WeasyPrint load with the format that needs them, not with the public page.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    top = Alignment(vertical="top", wrap_text=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Figures")
    sheet.append([report["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([report["as_of"]])
    sheet.append([])
    sheet.append([report["definitions_title"]])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
    for figure in report["definitions"]:
        sheet.append([figure["label"], figure["definition"]])
    for table in report["tables"]:
        sheet.append([])
        sheet.append([table["title"]])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.append(table["header"])
        for column in range(1, len(table["header"]) + 1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            cell.font, cell.fill, cell.alignment = bold, fill, top
        rows = [*table["rows"], *([table["total"]] if table.get("total") else [])]
        for index, (label, cells) in enumerate(rows):
            sheet.append([label, *(cell["value"] for cell in cells)])
            line = [sheet.cell(row=sheet.max_row, column=column) for column in range(1, len(cells) + 2)]
            for target, cell in zip(line[1:], cells, strict=True):
                target.number_format = NUMBER_FORMATS[cell["kind"]]
            if table.get("total") and index == len(rows) - 1:
                for target in line:
                    target.font = bold
    sheet.column_dimensions["A"].width = 46
    for column in range(2, 8):
        sheet.column_dimensions[get_column_letter(column)].width = 16

    listing = workbook.create_sheet(_("Proposals"))
    listing.append(report["proposal_header"])
    for cell in listing[1]:
        cell.font, cell.fill, cell.alignment = bold, fill, top
    listing.freeze_panes = "A2"
    # Cells addressed by their row number: Worksheet.max_row looks at every cell, row after row would be quadratic.
    for number, row in enumerate(report["proposals"], 2):
        listing.append(row)
        for column in range(1, len(row) + 1):
            cell = listing.cell(row=number, column=column)
            cell.alignment = top
            if cell.data_type in ("f", "e"):
                cell.data_type = "s"  # a title typed as "=…" stays text, never a formula
    for index, key in enumerate(PROPOSAL_KEYS, 1):
        letter = get_column_letter(index)
        listing.column_dimensions[letter].width = WIDTHS[key]
        if key in ("proposed_on", "answered_on"):
            for (cell,) in listing.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = DATE_FORMAT
    if report["proposals"]:
        listing.auto_filter.ref = f"A1:{get_column_letter(len(PROPOSAL_KEYS))}{len(report['proposals']) + 1}"
    workbook.save(out)


def _write_pdf(report: dict, out) -> None:
    """A4 in Noto Sans CJK KR, laid out by WeasyPrint (issues/documents: nothing fetched, Korean words
    kept whole): the figures with their charts, then the proposals on landscape pages."""
    from ..documents.pdf import write_pdf  # here: see _write_xlsx

    figure_charts = charts.figure_charts(report["data"])
    sections = [(table, figure_charts.get(table["id"])) for table in report["tables"]]
    names = sender()
    html = render_to_string("stats/report.html", {
        **report, "sections": sections,
        "sender": f"{names.city} {names.centre}",
        "one_line": [i for i, key in enumerate(PROPOSAL_KEYS) if key in ("number", "proposed_on", "answered_on")],
    })
    write_pdf(html, out)
