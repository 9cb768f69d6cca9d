"""Proposal lists for officials: the columns of CONTRACT.md, in order, and the files built from them.

The Korean headers are part of the outer interface (ministries fill in the same spreadsheet and send
it back, see the answers import), so they are fixed here rather than left to the translation
catalogue; the English ones are used when the page is in English.

Rows are read in chunks (`iterator(chunk_size)` with its prefetch per chunk) and written as they come:
CSV and XLSX never hold the list in memory. PDF and HWPX lay out a whole document, so large lists of
any format go through a Celery task (see export_jobs.py). Filer contact details are never read."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import selectors
from .models import AgendaItem, ProposalBatch
from .workflow import Answer, Resolution, State

# (key, Korean header, English header)
COLUMNS = [
    ("number", "번호", "No."),
    ("title", "과제명", "Title"),
    ("field", "분야", "Field"),
    ("company", "건의기업", "Proposing company"),
    ("problem", "현황 및 문제점", "Current situation and problem"),
    ("improvement", "개선 방안", "Requested improvement"),
    ("related_law", "관련 법령", "Related laws"),
    ("ministry", "소관 부처", "Competent ministry"),
    ("state", "상태", "State"),
    ("meetings", "논의 간담회", "Discussed at"),
    ("filed_on", "접수일", "Filed"),
    ("proposed_on", "건의일", "Proposed"),
    ("answer", "정부 회신", "Government answer"),
    ("remarks", "비고", "Remarks"),
]
KEYS = [key for key, _ko, _en in COLUMNS]
# Column widths in characters (XLSX), and in millimetres on a landscape A4 page with 10 mm margins
# (PDF, HWPX: 277 mm in all), where a tracking number and a date must fit on one line.
WIDTHS = {"number": 15, "title": 28, "field": 10, "company": 16, "problem": 48, "improvement": 44,
          "related_law": 22, "ministry": 16, "state": 11, "meetings": 26, "filed_on": 11, "proposed_on": 11,
          "answer": 36, "remarks": 20}
PAGE_WIDTHS = {"number": 19, "title": 25, "field": 13, "company": 15, "problem": 29, "improvement": 27,
               "related_law": 17, "ministry": 23, "state": 13, "meetings": 22, "filed_on": 15, "proposed_on": 15,
               "answer": 25, "remarks": 19}
DATE_FORMAT = "yyyy-mm-dd"
CHUNK_SIZE = 1000

FORMATS = {  # format → (file extension, content type)
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("csv", "text/csv; charset=utf-8"),
    "pdf": ("pdf", "application/pdf"),
    "hwpx": ("hwpx", "application/hwp+zip"),
}
# Laid out as whole documents in memory, unlike the streamed spreadsheets: see settings.EXPORT_DOCUMENT_*.
DOCUMENT_FORMATS = ("pdf", "hwpx")

# Control characters other than tab and line breaks: not allowed in XML (XLSX, HWPX), noise elsewhere.
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def headers(language: str | None = None) -> list[str]:
    english = (language or get_language() or "ko").startswith("en")
    return [en if english else ko for _key, ko, en in COLUMNS]


def document_title(batch=None) -> str:
    return str(batch) if batch is not None else _("Regulatory issues proposed to the government")


# --- Rows ---------------------------------------------------------------------------------------

def export_queryset(queryset: QuerySet) -> QuerySet:
    """`queryset` with what a row needs and nothing else (no contact: filers' data stays out):
    one query for the issues and one for their meetings, per chunk of rows."""
    agenda = AgendaItem.objects.select_related("meeting").only(
        "issue_id", "meeting__title", "meeting__starts_at").order_by("meeting__starts_at", "pk")
    return (
        queryset.select_related("field", "company", "ministry", "duplicate_of", "proposal_batch")
        .only("number", "title", "filer_company_name", "problem", "improvement", "related_law", "state",
              "resolution", "filed_at", "proposed_on", "government_answer", "government_answer_text",
              "government_answered_on",
              "field__name", "field__name_en", "company__name", "ministry__name", "ministry__name_en",
              "duplicate_of__number", "proposal_batch__year", "proposal_batch__sequence", "proposal_batch__title")
        .prefetch_related(Prefetch("agenda_items", queryset=agenda, to_attr="export_agenda"))
    )


def export_rows(queryset: QuerySet, *, viewer=None, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple]:
    """One tuple per issue, in COLUMNS order, in the active language, as `viewer` may read it (see
    row_labels). Dates are dates."""
    labels = row_labels(viewer)
    for issue in export_queryset(queryset).iterator(chunk_size=chunk_size):
        yield issue_row(issue, labels)


def row_labels(viewer=None) -> dict:
    """The labels a row shows, translated once per export rather than once per row, and the proposal
    batches whose names the remarks may give: those `viewer` may see (selectors.visible_batches), or
    without a viewer those submitted to the government."""
    batches = (selectors.visible_batches(viewer) if viewer is not None
               else ProposalBatch.objects.filter(submitted_at__isnull=False))
    return {
        "batches": set(batches.values_list("pk", flat=True)),
        "state": {s.value: str(s.label) for s in State},
        "answer": {a.value: str(a.label) for a in Answer},
        "resolution": {r.value: str(r.label) for r in Resolution},
        "duplicate": _("Duplicate of %(number)s"),
        "answered": _("Answered on %(date)s"),
        "names": {},  # (model, pk) → name in the active language: a few fields, ministries, batches
    }


def issue_row(issue, labels: dict) -> tuple:
    meetings = "\n".join(
        f"{item.meeting.title} ({timezone.localtime(item.meeting.starts_at):%Y-%m-%d})" for item in issue.export_agenda
    )
    answer = ""
    if issue.government_answer:
        answer = "\n".join(t for t in (labels["answer"].get(issue.government_answer, issue.government_answer),
                                       issue.government_answer_text.strip()) if t)
    remarks = []
    if issue.resolution:
        remarks.append(labels["duplicate"] % {"number": issue.duplicate_of.number} if issue.duplicate_of
                       else labels["resolution"].get(issue.resolution, issue.resolution))
    if issue.government_answered_on:
        remarks.append(labels["answered"] % {"date": f"{issue.government_answered_on:%Y-%m-%d}"})
    if issue.proposal_batch_id in labels["batches"]:
        remarks.append(_name(issue.proposal_batch, labels))
    return (
        issue.number,
        _text(issue.title),
        _name(issue.field, labels),
        _text(issue.company_label),  # the linked company, else the name as filed: no person's name or address
        _text(issue.problem),
        _text(issue.improvement),
        _text(issue.related_law),
        _name(issue.ministry, labels),
        labels["state"].get(issue.state, issue.state),
        _text(meetings),
        timezone.localtime(issue.filed_at).date(),
        issue.proposed_on,
        _text(answer),
        "\n".join(remarks),
    )


def _name(related, labels: dict) -> str:
    if related is None:
        return ""
    key = (type(related), related.pk)
    if key not in labels["names"]:
        labels["names"][key] = str(related)
    return labels["names"][key]


def _text(value: str) -> str:
    return value.translate(_CONTROL).replace("\r\n", "\n") if value else ""


class Counted:
    """Rows passed through, counted, with `progress(n)` called every `every` rows."""

    def __init__(self, rows: Iterable, progress: Callable[[int], None] | None = None, every: int = 500):
        self.rows, self.progress, self.every, self.count = rows, progress, every, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            if self.progress and self.count % self.every == 0:
                self.progress(self.count)
            yield row


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
    from weasyprint import HTML

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
    from hwpx import HwpxDocument

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
