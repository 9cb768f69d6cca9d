"""The files built from the proposal-list rows (columns.py): XLSX, CSV, PDF and HWPX.

CSV and XLSX are written as the rows come and never hold the list in memory. PDF and HWPX lay out a
whole document, so large lists of any format go through a Celery task (see jobs.py)."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ...documents.pdf import KEEP_WHOLE_CHARS as KEEP_WHOLE
from ...documents.sender import sender
from .columns import DATE_FORMAT, DATE_KEYS, KEYS, ONE_LINE, PAGE_WIDTHS, WIDTHS, Counted, export_rows, headers

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
    cells = [cell(alignment=top, number_format=DATE_FORMAT) if key in DATE_KEYS
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


# --- PDF and HWPX: the printed page -------------------------------------------------------------

# The table on a landscape A4 page less its margins: the PDF's (10 mm margins, 1 mm padding in a cell,
# 7 pt type) and the HWPX's (12 mm margins, Hangul's 1.8 mm cell margins, 8 pt).
PDF_TABLE = {"page_mm": 277, "type_pt": 7, "padding_mm": 2.6}
HWPX_TABLE = {"page_mm": 273, "type_pt": 8, "padding_mm": 4.0}
# Where the room an empty column leaves goes.
_STRETCHED = ("problem", "improvement", "title", "answer", "related_law", "meetings", "remarks")


def page_widths(header: list[str], rows: list[list[str]], *, page_mm: float, type_pt: float,
                padding_mm: float) -> list[float]:
    """The width of each column of the printed table, in millimetres, summing to `page_mm`.

    Each column gets at least what its longest unbreakable word (keep_words) or its one-line value (a
    tracking number, a date) needs, and the header's longest word in bold (an empty column is still
    labelled, a word per line); an empty column gets only that, and what it would have taken goes to the
    filer's text. The rest is shared as PAGE_WIDTHS says."""
    from ...documents.fonts import text_width_mm  # here: see write_xlsx

    need, share = [], []
    for index, key in enumerate(KEYS):
        values = [row[index] for row in rows if row[index]]
        words = ([max(values, key=len)] if key in ONE_LINE and values
                 else sorted({w for v in values for w in v.split() if len(w) <= KEEP_WHOLE}, key=len)[-8:])
        widest = max((text_width_mm(w, type_pt) for w in words), default=0)
        heading = max(text_width_mm(w, type_pt, bold=True) for w in header[index].split())
        need.append(max(widest, heading) + padding_mm)
        share.append(PAGE_WIDTHS[key] if values or not rows else 0)
    # Widths as shared, then raised to what each column needs, the excess taken from those above it.
    total = sum(share) or 1
    widths = [max(n, page_mm * s / total) for n, s in zip(need, share, strict=True)]
    for _round in range(len(KEYS)):
        over = sum(widths) - page_mm
        if abs(over) < 0.01:
            break
        if over < 0:  # room left (empty columns): to the filer's text and the other long columns
            room = [i for i, key in enumerate(KEYS) if key in _STRETCHED and share[i]] or list(range(len(KEYS)))
            weights = sum(PAGE_WIDTHS[KEYS[i]] for i in room)
            for i in room:
                widths[i] -= over * PAGE_WIDTHS[KEYS[i]] / weights
            continue
        slack = [(i, widths[i] - need[i]) for i in range(len(KEYS)) if widths[i] - need[i] > 0.01]
        if not slack:
            break
        spare = sum(amount for _i, amount in slack)
        for i, amount in slack:
            widths[i] -= min(amount, over * amount / spare)
    total = sum(widths)
    if total > page_mm + 0.01:
        # More long words than one page holds: the table still fits the page. The one-line values keep their
        # width; the other columns shrink alike, and a word wider than its column may break (kept_lengths).
        fixed = sum(w for key, w in zip(KEYS, widths, strict=True) if key in ONE_LINE)
        scale = (page_mm - fixed) / (total - fixed)
        widths = [w if key in ONE_LINE else w * scale for key, w in zip(KEYS, widths, strict=True)]
    return [round(width, 1) for width in widths]


def kept_lengths(widths: list[float], *, type_pt: float, padding_mm: float, **_table) -> list[int]:
    """The longest word (in characters) each column keeps whole: what fits its width in Hangul, a square
    glyph of the type size (Latin letters are narrower), at most keep_words' own limit."""
    glyph_mm = type_pt * 25.4 / 72
    return [max(2, min(KEEP_WHOLE, int((width - padding_mm) / glyph_mm))) for width in widths]


def write_pdf(rows, out, header, *, title: str, subtitle: list[str], **_kwargs) -> None:
    """A landscape A4 document (templates/exports/document.html): who sends it and when, the title and
    the filter, and the table, its Korean words kept whole (keep_words)."""
    from ...documents.pdf import write_pdf as pdf  # here: see write_xlsx

    rows = [[_page_text(value) for value in row] for row in rows]
    widths = page_widths(header, rows, **PDF_TABLE)
    keep = kept_lengths(widths, **PDF_TABLE)
    html = render_to_string("exports/document.html", {
        "title": title, "subtitle": subtitle, "header": header, **_sender(),
        "rows": [list(zip(row, keep, strict=True)) for row in rows],
        "widths": [round(100 * width / PDF_TABLE["page_mm"], 2) for width in widths],
        "one_line": {KEYS.index(key) for key in ONE_LINE},
    })
    pdf(html, out)


def _sender() -> dict:
    names = sender()
    return {"city": names.city, "centre": names.centre, "department": names.department,
            "made_on": date_format(timezone.localdate(), "DATE_FORMAT")}


def write_hwpx(rows, out, header, *, title: str, subtitle: list[str], **_kwargs) -> None:
    """A Hancom Office document (python-hwpx): the sender, the title, the filter, and a table whose
    header row repeats on every page, in the widths of the PDF. documents.hwpx.document_bytes() names the
    centre, the title and today in the package and runs the library's own validation (package, schemas,
    reopening): it raises HwpxPackageError rather than return a file Hangul might not open."""
    from ...documents import hwpx  # here: see write_xlsx

    rows = [[_page_text(value) for value in row] for row in rows]
    sender = _sender()
    document = hwpx.new_document(landscape=True)
    styles = document.styles
    hwpx.add_paragraphs(document, f"{sender['city']} {sender['centre']} · {sender['department']}",
                        char_pr_id_ref=styles.ensure_run(size=9, color="#444444"))
    document.add_heading(title, level=1)
    hwpx.add_paragraphs(document, "\n".join([*subtitle, f"{_('Made on')} {sender['made_on']}"]),
                        char_pr_id_ref=styles.ensure_run(size=9))
    small = styles.ensure_run(size=HWPX_TABLE["type_pt"])
    bold = styles.ensure_run(size=HWPX_TABLE["type_pt"], bold=True)
    table = document.add_table(len(rows) + 1, len(KEYS))
    table.element.set("repeatHeader", "1")
    table.set_column_widths([round(width * 10) for width in page_widths(header, rows, **HWPX_TABLE)])
    # The cell map once: table.set_cell_text(row, column) rebuilds it for every cell (quadratic).
    for index, (cells, values) in enumerate(zip(table.get_cell_map(), [header, *rows], strict=True)):
        for position, value in zip(cells, values, strict=True):
            hwpx.set_cell_text(position.cell, value, char_pr_id_ref=bold if index == 0 else small)
            if index == 0:
                position.cell.element.set("header", "1")
    out.write(hwpx.document_bytes(document, title=title, language=get_language() or "ko"))


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
