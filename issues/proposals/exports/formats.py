"""The files built from the proposal-list rows (columns.py): XLSX, CSV, PDF and HWPX.

CSV and XLSX are written as the rows come and never hold the list in memory. PDF and HWPX lay out a
whole document, so large lists of any format go through a Celery task (see jobs.py)."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .columns import DATE_FORMAT, KEYS, PAGE_WIDTHS, WIDTHS, Counted, export_rows, headers

FORMATS = {  # format → (file extension, content type)
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("csv", "text/csv; charset=utf-8"),
    "pdf": ("pdf", "application/pdf"),
    "hwpx": ("hwpx", "application/hwp+zip"),
}
# Laid out as whole documents in memory, unlike the streamed spreadsheets: see settings.EXPORT_DOCUMENT_*.
DOCUMENT_FORMATS = ("pdf", "hwpx")


def document_title(batch=None) -> str:
    return str(batch) if batch is not None else _("Regulatory issues proposed to the government")


# --- CSV ----------------------------------------------------------------------------------------

def csv_chunks(rows: Iterable[tuple], header: list[str], *, chunk_bytes: int = 64 * 1024) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark (Excel then reads Korean correctly), in pieces of about 64 KB."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
        if buffer.tell() >= chunk_bytes:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    # A cell starting like a formula would run as one when the file is opened in a spreadsheet
    # (CSV injection, OWASP): a leading apostrophe keeps it text.
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(rows, out, header, **_kwargs) -> None:
    for chunk in csv_chunks(rows, header):
        out.write(chunk)


# --- XLSX ---------------------------------------------------------------------------------------

def write_xlsx(rows, out, header, *, title: str, **_kwargs) -> None:
    """A write-only workbook (rows go to a temporary file as they come): bold frozen header, widths,
    wrapped text, dates as dates, printed landscape with the header on every page."""
    # openpyxl, WeasyPrint (Pango) and python-hwpx load here, in the one format that needs each: a page
    # of the list or a CSV download never waits for them.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for index, key in enumerate(KEYS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[key]

    def cell(**style):
        made = WriteOnlyCell(sheet)
        for name, value in style.items():
            setattr(made, name, value)
        return made

    top = Alignment(vertical="top", wrap_text=True)
    head = [cell(value=h, font=Font(bold=True), alignment=top, fill=PatternFill("solid", fgColor="DDEBF7"))
            for h in header]
    sheet.append(head)
    # One styled cell per column, reused row after row: the writer serialises a row before the next.
    cells = [cell(alignment=top, number_format=DATE_FORMAT) if key in ("filed_on", "proposed_on")
             else cell(alignment=top) for key in KEYS]
    count = 0
    for row in rows:
        for target, value in zip(cells, row, strict=True):
            target.value = value
            if target.data_type in ("f", "e"):
                target.data_type = "s"  # "=…" or "#N/A" typed by a filer is text, never a formula
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(KEYS))}{count + 1}"
    workbook.save(out)


def _sheet_title(title: str) -> str:
    """Excel's rules for sheet names: at most 31 characters, none of []:*?/\\."""
    for forbidden in "[]:*?/\\":
        title = title.replace(forbidden, " ")
    title = title.strip()
    return title if 0 < len(title) <= 31 else _("Proposals")


# --- PDF ----------------------------------------------------------------------------------------

def write_pdf(rows, out, header, *, title: str, subtitle: list[str], **_kwargs) -> None:
    """A landscape A4 table in Noto Sans CJK KR (Debian's fonts-noto-cjk), laid out by WeasyPrint."""
    from weasyprint import HTML  # here: see write_xlsx

    total = sum(PAGE_WIDTHS.values())
    html = render_to_string("exports/document.html", {
        "title": title, "subtitle": subtitle, "header": header,
        "rows": ([_page_text(value) for value in row] for row in rows),
        "widths": [round(100 * PAGE_WIDTHS[k] / total, 2) for k in KEYS],
        "one_line": {KEYS.index("number"), KEYS.index("filed_on"), KEYS.index("proposed_on")},
    })
    HTML(string=html, url_fetcher=_no_fetch).write_pdf(out)


def _no_fetch(url, *args, **kwargs):
    # Everything the document needs is inline; a filer's text never makes the server fetch a URL.
    raise ValueError(f"Exports do not fetch resources ({url[:40]})")


# --- HWPX ---------------------------------------------------------------------------------------

def write_hwpx(rows, out, header, *, title: str, subtitle: list[str], **_kwargs) -> None:
    """A Hancom Office document (python-hwpx): the title, the filter, and a table whose header row
    repeats on every page. Saving runs the library's own validation (package, schemas, reopening)
    and raises HwpxPackageError rather than return a file Hangul might not open."""
    from hwpx import HwpxDocument  # here: see write_xlsx

    rows = list(rows)
    document = HwpxDocument.new()
    document.page.setup(paper_size="A4", orientation="landscape",
                        margins_mm={"left": 10, "right": 10, "top": 12, "bottom": 12})
    document.add_heading(title, level=1)
    for line in subtitle:
        document.add_paragraph(line)
    small = document.styles.ensure_run(size=8)
    bold = document.styles.ensure_run(size=8, bold=True)
    table = document.add_table(len(rows) + 1, len(KEYS))
    table.element.set("repeatHeader", "1")
    table.set_column_widths([PAGE_WIDTHS[k] for k in KEYS])
    # The cell map once: table.set_cell_text(row, column) rebuilds it for every cell (quadratic).
    for index, (cells, values) in enumerate(zip(table.get_cell_map(), [header, *rows], strict=True)):
        for position, value in zip(cells, values, strict=True):
            position.cell.set_text(_page_text(value))
            if index == 0:
                position.cell.element.set("header", "1")
            for paragraph in position.cell.paragraphs:
                for run in paragraph.runs:
                    run.char_pr_id_ref = bold if index == 0 else small
    out.write(document.to_bytes())


def _page_text(value) -> str:
    if value is None:
        return ""
    return f"{value:%Y-%m-%d}" if isinstance(value, date) else value


WRITERS = {"xlsx": write_xlsx, "csv": write_csv, "pdf": write_pdf, "hwpx": write_hwpx}


def write_export(format: str, queryset: QuerySet, out, *, title: str, subtitle: list[str] = (), viewer=None,
                 progress: Callable[[int], None] | None = None, every: int = 500) -> int:
    """Write the issues of `queryset` as a `format` file into the binary file `out`, as `viewer` may read
    them; the number of rows. `progress(n)` is called every `every` rows."""
    rows = Counted(export_rows(queryset, viewer=viewer), progress, every)
    WRITERS[format](rows, out, headers(), title=title, subtitle=list(subtitle))
    return rows.count
