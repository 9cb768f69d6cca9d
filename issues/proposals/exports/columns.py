"""Proposal lists for officials: the columns of CONTRACT.md, in order, and one row per issue.

The Korean headers are part of the outer interface (ministries fill in the same spreadsheet and send
it back, see proposals/answers.py), so they are fixed here rather than left to the translation
catalogue; the English ones are used when the page is in English. The annual report lists the year's
proposals in these rows too (stats/report.py).

Rows are read in chunks (`iterator(chunk_size)` with its prefetch per chunk) and yielded as they come.
Filer contact details are never read."""

from collections.abc import Callable, Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ... import selectors
from ...models import AgendaItem, ProposalBatch
from ...workflow import Answer, Resolution, State

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
    # Not in CONTRACT.md's list: the date of the answer, which the answers import reads back (answers.py).
    ("answered_on", "회신일", "Answered on"),
    ("remarks", "비고", "Remarks"),
]
KEYS = [key for key, _ko, _en in COLUMNS]
# Column widths in characters (XLSX), and the share of a printed page's width (PDF, HWPX) each column
# is given before formats.page_widths() makes sure every one fits its longest word, tracking number or
# date: the filer's text (현황 및 문제점, 개선 방안) gets most of the page, the desk's own columns little.
WIDTHS = {"number": 15, "title": 28, "field": 10, "company": 16, "problem": 48, "improvement": 44,
          "related_law": 22, "ministry": 16, "state": 11, "meetings": 26, "filed_on": 11, "proposed_on": 11,
          "answer": 36, "answered_on": 11, "remarks": 20}
PAGE_WIDTHS = {"number": 21, "title": 24, "field": 11, "company": 15, "problem": 58, "improvement": 46,
               "related_law": 17, "ministry": 16, "state": 10, "meetings": 16, "filed_on": 15, "proposed_on": 15,
               "answer": 22, "answered_on": 15, "remarks": 14}
# What a printed page keeps on one line: a tracking number and the dates.
ONE_LINE = ("number", "filed_on", "proposed_on", "answered_on")
DATE_KEYS = ("filed_on", "proposed_on", "answered_on")
DATE_FORMAT = "yyyy-mm-dd"
CHUNK_SIZE = 1000

# Control characters other than tab and line breaks: not allowed in XML (XLSX, HWPX), noise elsewhere.
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def headers(language: str | None = None) -> list[str]:
    english = (language or get_language() or "ko").startswith("en")
    return [en if english else ko for _key, ko, en in COLUMNS]


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
        issue.government_answered_on,
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
