"""The government's answers coming back: a ministry returns the proposal list (exports/columns.py
COLUMNS) with the "정부 회신" column filled in; an official uploads it, sees row by row what will
change and what is wrong, and confirms. Confirming applies every answer through services.move_issue
in one transaction, or nothing.

An answer cell starts with the answer (수용, 일부 수용, 중장기 검토, 불수용; the English labels; or
the machine values such as `partially_accepted`), then ":" or "-" or a new line and the answer's
text, e.g. "일부 수용: 시범 구역에서 허용". An empty cell means "no answer yet" and is skipped."""

import contextlib
import functools
import hashlib
import io
import json
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import selectors, services, workflow
from ..models import Issue, StatusChange
from ..workflow import Answer, State
from .exports.columns import COLUMNS

MAX_UPLOAD_SIZE = 5 * 1024 * 1024  # bytes of the uploaded .xlsx
MAX_UNZIPPED_SIZE = 100 * 1024 * 1024  # what its parts may add up to once unpacked (a "zip bomb" is refused)
# Each answer is one move_issue (about 11 queries: 15-20 ms measured on SQLite and
# PostgreSQL), all in the confirming request: 1,000 stay well inside gunicorn's 30-second timeout.
# A year's proposals number in the tens (43 in 2023).
MAX_ROWS = 1000  # answers per file (rows without one cost nothing)
MAX_SCANNED_ROWS = 20_000  # rows read below the header, blank ones included
HEADER_SEARCH_ROWS = 20  # the header may sit under a title row or two

# Fixed like the export's headers: ministries write these whatever language the page is in.
ANSWER_LABELS = {
    Answer.ACCEPTED: ("수용", "Accepted"),
    Answer.PARTIALLY_ACCEPTED: ("일부 수용", "Partially accepted"),
    Answer.LONG_TERM_REVIEW: ("중장기 검토", "Long-term review"),
    Answer.NOT_ACCEPTED: ("불수용", "Not accepted"),
}
_HEADERS = {key: (korean, english) for key, korean, english in COLUMNS}
DATE_HEADERS = ("회신일", "회신 일자", "회신일자", "Answered on", "Answer date", "Date of answer")


def _key(text) -> str:
    """A header or label as compared: no spaces, dots, hyphens or underscores; case-folded."""
    return re.sub(r"[\s._\-]+", "", str(text or "")).casefold()


def _label_pattern(label: str) -> str:
    return r"[\s_\-]*".join(re.escape(word) for word in re.split(r"[\s_\-]+", label))


@functools.cache
def _answer_cell():
    """(pattern, label → answer): the labels above, the machine values, and the answers as the export
    writes them (the Korean catalogue's labels, in case they differ from the ones above)."""
    labels = {}
    with translation.override("ko"):
        for answer, fixed in ANSWER_LABELS.items():
            for label in (*fixed, answer.value, str(answer.label)):
                labels[_key(label)] = (label, answer)
    ordered = sorted(labels.values(), key=lambda pair: -len(_key(pair[0])))
    # The answer, then a separator (or nothing more), then the text.
    pattern = re.compile(
        r"^\s*(?P<label>" + "|".join(_label_pattern(label) for label, _answer in ordered) + r")"
        r"[ \t]*(?:[:：\-–—]|\r?\n|$)(?P<text>.*)$",
        re.IGNORECASE | re.DOTALL,
    )
    return pattern, {key: answer for key, (_label, answer) in labels.items()}


class AnswerFileError(Exception):
    """The upload is not a proposal list we can read. `message` is translated, for the form."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class AnswersRefused(workflow.MoveError):
    """Confirming was refused, or a move failed: nothing was changed."""


def parse_answer(cell) -> tuple[str, str] | None:
    """(answer, text) from an answer cell; None if it does not start with a known answer."""
    pattern, answers = _answer_cell()
    found = pattern.match(str(cell))
    if found is None:
        return None
    return answers[_key(found["label"])], found["text"].strip()


def answer_labels() -> str:
    return ", ".join(korean for korean, _english in ANSWER_LABELS.values())


# --- Reading the workbook ---------------------------------------------------------------------------------


@dataclass
class Line:
    """One row of the sheet below the header, as the ministry left it."""

    line: int  # the spreadsheet's row number
    number: str
    answer_cell: str
    date_cell: object = None


def read_workbook(data: bytes) -> list[Line]:
    """The rows of the proposal list in `data` (an .xlsx), blank ones left out; AnswerFileError if the
    file is not one. Never raises anything else: whatever a damaged file does to the reader becomes
    a message the official can act on."""
    if not data:
        raise AnswerFileError(_("The file is empty."))
    if len(data) > MAX_UPLOAD_SIZE:
        raise AnswerFileError(_("The file is larger than %(size)s.") % {"size": filesizeformat(MAX_UPLOAD_SIZE)})
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE file: Excel 97-2003, or an encrypted workbook
        raise AnswerFileError(_(
            "This is an old Excel file (.xls) or a workbook protected by a password. Open it in Excel, "
            "save it as “Excel Workbook (.xlsx)” without a password and upload that file."))
    not_xlsx = _("This is not an Excel workbook (.xlsx). Save the spreadsheet as “Excel Workbook (.xlsx)” "
                 "and upload it again.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            names = {part.filename for part in parts}
    except Exception:  # whatever the archive is, it is not a workbook
        raise AnswerFileError(not_xlsx) from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise AnswerFileError(not_xlsx)
    if len(parts) > 1000 or sum(part.file_size for part in parts) > MAX_UNZIPPED_SIZE:
        raise AnswerFileError(_("The workbook is too large once unpacked; upload the proposal list only."))
    try:
        return _read_rows(data)
    except AnswerFileError:
        raise
    except Exception:  # a damaged file can raise anything from inside openpyxl
        raise AnswerFileError(_(
            "The workbook could not be read; it may be damaged. Open it in Excel, save it again as "
            "“Excel Workbook (.xlsx)” and upload it again.")) from None


def _read_rows(data: bytes) -> list[Line]:
    from openpyxl import load_workbook  # loaded when a file comes in, not with every page that imports this

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            header = _find_header(sheet)
            if header is not None:
                return _lines(sheet, *header)
    finally:
        workbook.close()
    raise AnswerFileError(
        _("No sheet has the header row of the proposal list: a row with the columns “%(number)s” and "
          "“%(answer)s” (or “%(number_en)s” and “%(answer_en)s”).")
        % {"number": _HEADERS["number"][0], "answer": _HEADERS["answer"][0],
           "number_en": _HEADERS["number"][1], "answer_en": _HEADERS["answer"][1]}
    )


def _find_header(sheet):
    """(header row number, {"number": column index, "answer": …, "date": …}) or None."""
    wanted = {
        "number": {_key(h) for h in _HEADERS["number"]},
        "answer": {_key(h) for h in _HEADERS["answer"]},
        "date": {_key(h) for h in DATE_HEADERS},
    }
    for row_number, values in enumerate(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), 1):
        columns = {}
        for index, value in enumerate(values):
            key = _key(value)
            for name, keys in wanted.items():
                if key in keys and name not in columns:
                    columns[name] = index
        if "number" in columns and "answer" in columns:
            return row_number, columns
    return None


def _lines(sheet, header_row: int, columns: dict) -> list[Line]:
    lines, last, answered = [], max(columns.values()) + 1, 0
    rows = sheet.iter_rows(min_row=header_row + 1, max_col=last, values_only=True)
    for offset, values in enumerate(rows, 1):
        if offset > MAX_SCANNED_ROWS:
            raise AnswerFileError(_("The sheet is longer than %(max)d rows below its header; upload the "
                                    "proposal list only.") % {"max": MAX_SCANNED_ROWS})
        values = (*values, *[None] * (last - len(values)))
        number, answer = _text(values[columns["number"]]), _text(values[columns["answer"]])
        when = values[columns["date"]] if "date" in columns else None
        if not number and not answer and when in (None, ""):
            continue
        lines.append(Line(header_row + offset, number.upper(), answer, when))
        answered += bool(answer)
        if answered > MAX_ROWS:
            raise AnswerFileError(_("The file has more than %(max)d answers; upload at most %(max)d at a "
                                    "time.") % {"max": MAX_ROWS})
    return lines


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> date:
    """A date cell: a real date, an Excel serial number, or text such as 2024-05-31 or 2024. 5. 31."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:
        from openpyxl.utils.datetime import from_excel  # as in _read_rows

        return from_excel(value).date()
    found = re.fullmatch(r"\s*(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?\s*", str(value))
    if found is None:
        raise ValueError(value)
    return date(*(int(part) for part in found.groups()))


# --- The preview ------------------------------------------------------------------------------------------


@dataclass
class Row:
    """A row of the file with an issue number or an answer: what will change, or what is wrong."""

    line: int
    number: str
    answer: str = ""
    text: str = ""
    answered_on: date | None = None
    issue: Issue | None = None
    errors: list = field(default_factory=list)
    is_unchanged: bool = False  # the issue already has exactly this answer

    @property
    def answer_label(self) -> str:
        return Answer(self.answer).label if self.answer else ""


@dataclass
class Preview:
    rows: list[Row]
    skipped: int = 0  # rows with a number but no answer yet
    name: str = ""  # the uploaded file's name

    @property
    def errors(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def changes(self) -> list[Row]:
        return [row for row in self.rows if not row.errors and not row.is_unchanged]

    @property
    def unchanged(self) -> list[Row]:
        return [row for row in self.rows if not row.errors and row.is_unchanged]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def fingerprint(self) -> str:
        """What confirming would do, in short: confirming a preview that no longer matches is refused."""
        changes = [[r.issue.pk, r.issue.state, r.answer, r.text, str(r.answered_on)] for r in self.changes]
        return hashlib.sha256(json.dumps(changes, ensure_ascii=False).encode()).hexdigest()[:32]


def preview_file(data: bytes, *, by, name: str = "") -> Preview:
    """Read an uploaded answers file and say, row by row, what confirming it would do."""
    return build_preview(read_workbook(data), by=by, name=name)


def build_preview(lines: list[Line], *, by, name: str = "") -> Preview:
    today = timezone.localdate()
    numbers = {line.number for line in lines if line.number}
    issues = {issue.number: issue for issue in Issue.objects.filter(number__in=numbers).select_related("ministry")}
    visible = set(selectors.visible_issues(by, Issue.objects.filter(pk__in=[i.pk for i in issues.values()]))
                  .values_list("pk", flat=True))
    seen = {}
    for line in lines:
        if line.number:
            seen.setdefault(line.number, []).append(line.line)
    rows, skipped = [], 0
    for line in lines:
        row = Row(line.line, line.number)
        if line.number and len(seen[line.number]) > 1:
            row.errors.append(_("%(number)s appears more than once in the file (rows %(rows)s).") % {
                "number": line.number, "rows": ", ".join(str(n) for n in seen[line.number])})
        if not line.answer_cell and not row.errors:
            skipped += 1  # no answer yet
            continue
        _read_answer(row, line, today)
        if not line.number:
            row.errors.append(_("This row has an answer but no tracking number."))
        elif line.number not in issues:
            row.errors.append(_("There is no issue %(number)s.") % {"number": line.number})
        elif issues[line.number].pk not in visible:
            row.errors.append(_("Issue %(number)s is not among the proposals you may see.") % {"number": line.number})
        else:
            row.issue = issues[line.number]
            _check_issue(row, by)
        rows.append(row)
    return Preview(rows, skipped=skipped, name=name)


def _read_answer(row: Row, line: Line, today: date) -> None:
    if not line.answer_cell:
        return
    parsed = parse_answer(line.answer_cell)
    if parsed is None:
        row.errors.append(_("“%(value)s” does not start with a known answer: %(labels)s.") % {
            "value": _shorten(line.answer_cell), "labels": answer_labels()})
        return
    row.answer, row.text = parsed
    if not row.text:
        row.errors.append(_("The answer has no text: write it after the answer, e.g. “%(example)s”.") % {
            "example": f"{ANSWER_LABELS[row.answer][0]}: …"})
    if line.date_cell not in (None, ""):
        try:
            row.answered_on = _date(line.date_cell)
        except (ValueError, OverflowError):
            row.errors.append(_("“%(value)s” is not a date (write it as 2024-05-31).") % {
                "value": _shorten(_text(line.date_cell))})
            return
        if row.answered_on > today:
            row.errors.append(_("The answer date %(date)s is in the future.") % {"date": row.answered_on})


def _check_issue(row: Row, by) -> None:
    issue = row.issue
    if issue.state == State.FOLLOW_UP and row.answer and (
        issue.government_answer == row.answer and _same(issue.government_answer_text, row.text)
    ):
        row.is_unchanged = not row.errors  # already recorded: the ministry returned the list with it
        return
    if issue.state == State.FOLLOW_UP:
        row.errors.append(_("%(number)s already has the answer “%(answer)s”; send it back to proposal to "
                            "record another.")
                          % {"number": issue.number, "answer": issue.get_government_answer_display()})
        return
    if issue.state != State.PROPOSAL:
        row.errors.append(_("%(number)s is in “%(state)s”, not waiting for the government's answer.") % {
            "number": issue.number, "state": issue.get_state_display()})
        return
    if row.errors:
        return
    try:
        services.check_move_issue(issue, State.FOLLOW_UP, by=by, answer=row.answer, answer_text=row.text)
    except workflow.MoveError as error:
        row.errors.append(error.explained)


def _same(a: str, b: str) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


def _shorten(text: str, length: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


# --- Confirming -------------------------------------------------------------------------------------------


def apply_answers(preview: Preview, *, by) -> list[StatusChange]:
    """Record every answer of a preview without errors: each issue moves to follow-up through
    services.move_issue, in one transaction. If any move fails, nothing is changed and
    AnswersRefused says which row and why."""
    if not preview.is_valid:
        raise AnswersRefused(_("The file has errors; correct them and upload it again. Nothing was changed."))
    rows = sorted(preview.changes, key=lambda row: row.issue.pk)  # one lock order: two imports never deadlock
    if not rows:
        raise AnswersRefused(_("The file has no new answers to record."))
    # Said in each reader's language when read (StatusChange.system_note), not in the importer's now.
    system_note = {"kind": "answers-imported", "file": _shorten(preview.name or "-", 100)}
    changes = []
    with transaction.atomic():
        for row in rows:
            try:
                changes.append(services.move_issue(
                    row.issue, State.FOLLOW_UP, by=by, system_note=system_note,
                    answer=row.answer, answer_text=row.text, answered_on=row.answered_on,
                ))
            except workflow.MoveError as error:
                reasons = " ".join([str(error), *(str(m) for m in error.errors.values())])
                raise AnswersRefused(
                    _("Row %(line)d (%(number)s): %(reason)s Nothing was changed.")
                    % {"line": row.line, "number": row.number, "reason": reasons},
                    errors={row.number: reasons},
                ) from error
    return changes


# --- The uploaded file between preview and confirm ---------------------------------------------------------
# Kept in private storage under a random name that only the uploader's session knows; read again (and
# checked again) when confirming; deleted after confirming, when replaced, or after a day.

UPLOAD_DIR = "answers"
KEEP_UPLOADS = timedelta(days=1)


def storage():
    return storages["private"]


def keep_upload(data: bytes) -> str:
    """Store the file; an OSError (a full disk) is raised with nothing of it left behind."""
    delete_stale_uploads()
    name = f"{UPLOAD_DIR}/{uuid.uuid4().hex}.xlsx"
    try:
        return storage().save(name, ContentFile(data))
    except OSError:
        # The storage leaves behind what it wrote before the error; the random name is ours alone.
        with contextlib.suppress(OSError):
            storage().delete(name)
        raise


def read_upload(name: str) -> bytes | None:
    if not _is_ours(name):
        return None
    try:
        with storage().open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def delete_upload(name: str) -> None:
    if _is_ours(name):
        storage().delete(name)


def delete_stale_uploads(now=None) -> int:
    """Delete kept uploads older than a day (nobody confirmed them); return how many."""
    now, store, deleted = now or timezone.now(), storage(), 0
    try:
        _dirs, files = store.listdir(UPLOAD_DIR)
    except (FileNotFoundError, OSError):
        return 0
    for file_name in files:
        name = f"{UPLOAD_DIR}/{file_name}"
        try:
            if store.get_modified_time(name) < now - KEEP_UPLOADS:
                store.delete(name)
                deleted += 1
        except (FileNotFoundError, OSError):
            continue
    return deleted


def _is_ours(name) -> bool:
    return isinstance(name, str) and re.fullmatch(rf"{UPLOAD_DIR}/[0-9a-f]{{32}}\.xlsx", name) is not None
