"""The meeting's result report (간담회 결과 보고): after a meeting, the document of what was decided. The
meeting, who attended by kind, each agenda issue with its discussion and conclusion, the minutes and what
follows, from the centre, dated the day it was made. `result_report` says what the report holds for a
viewer; `report_pdf` and `report_hwpx` write it (issues/documents)."""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext, pgettext

from meetings.models import Attendee, Meeting
from meetings.templatetags.schedule import when

from .. import roles, selectors
from ..documents import hwpx, pdf
from ..documents.sender import sender
from ..models import AgendaItem
from ..workflow import Resolution
from .conclusions import RESOLUTIONS

Conclusion = AgendaItem.Conclusion

# Characters a file name may not hold on the systems officials save to.
_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class NothingToReport(Exception):
    """The meeting has not begun: nothing was decided yet."""

    def __init__(self, meeting: Meeting):
        self.meeting = meeting
        super().__init__(gettext(
            "This meeting is on %(date)s: there is nothing to report yet. The result report can be made once "
            "the meeting has begun."
        ) % {"date": when(meeting)})


@dataclass(frozen=True)
class Person:
    """One attendee as the report names them: their company or organisation, name and position."""

    organisation: str = ""
    name: str = ""
    position: str = ""

    @property
    def is_organisation_only(self) -> bool:
        """An association, or a company whose representative the viewer does not read: one cell says it."""
        return bool(self.organisation) and not (self.name or self.position)


@dataclass(frozen=True)
class AttendeeGroup:
    label: str
    people: list[Person]


@dataclass
class ItemResult:
    """One agenda issue: what was asked, what was said and concluded, what follows."""

    number: int
    item: AgendaItem
    conclusion: str  # the conclusion's label, "" when the meeting reached none
    discussion: str  # the officers' note on the conclusion, to those who read staff notes
    public_note: str  # what the company was told
    next_step: str

    @property
    def issue(self):
        return self.item.issue

    @property
    def facts_line(self) -> str:
        """Under the issue's title: "접수번호 REG-2024-0002 · 기업 브이엠에스홀딩스 · 소관 부처 보건복지부"."""
        issue = self.issue
        facts = [(gettext("Tracking number"), issue.number), (gettext("Company"), issue.company_label),
                 (gettext("Competent ministry"), str(issue.ministry or ""))]
        return " · ".join(f"{label} {value}" for label, value in facts if value)


@dataclass
class ResultReport:
    meeting: Meeting
    title: str
    when: str
    venue: str
    address: str
    host: str
    organiser: str
    fields: list[str]
    attendee_groups: list[AttendeeGroup]
    items: list[ItemResult]
    summary: str  # the conclusions counted: "정부 건의 5건, 추가 검토 3건"
    minutes: str
    next_steps: str
    city: str
    centre: str
    department: str
    made_on: date
    language: str
    attendee_count: int = field(init=False)

    def __post_init__(self):
        self.attendee_count = sum(len(group.people) for group in self.attendee_groups)

    @property
    def made_on_text(self) -> str:
        return date_format(self.made_on, "DATE_FORMAT")

    @property
    def sender(self) -> str:
        return gettext("%(centre)s, %(city)s") % {"city": self.city, "centre": self.centre}

    @property
    def made_line(self) -> str:
        """Under the title: when the report was made and by whom (작성일 2026. 12. 8. · 경제정책과 · 센터)."""
        made = gettext("Made on %(date)s") % {"date": self.made_on_text}
        return " · ".join(t for t in (made, self.department, self.centre) if t)

    @property
    def agenda_line(self) -> str:
        """The agenda counted, with its conclusions: "과제 9건 (정부 건의 5건, 추가 검토 3건, 결론 없음 1건)"."""
        if not self.items:
            return gettext("No issue")
        line = ngettext("%(count)d issue", "%(count)d issues", len(self.items)) % {"count": len(self.items)}
        return f"{line} ({self.summary})" if self.summary else line

    def file_name(self, extension: str) -> str:
        """"2024-03-28 규제혁신 현장 간담회 결과 보고.pdf": the day of the meeting, then the report's title."""
        day = timezone.localtime(self.meeting.starts_at).date().isoformat()
        name = _UNSAFE_IN_NAMES.sub(" ", f"{day} {self.title}")
        return f"{' '.join(name.split())}.{extension}"


def is_item(line: str) -> bool:
    """Whether a line of the minutes or the next steps is an item under the line before it."""
    return line.startswith(("- ", "○", "·"))


def is_ready(meeting: Meeting) -> bool:
    """Whether the meeting has begun: only then is there something to report."""
    return meeting.starts_at <= timezone.now()


def next_step(item: AgendaItem) -> str:
    """What follows for the issue, from the meeting's conclusion on it."""
    issue = item.issue
    if item.conclusion == Conclusion.PROPOSE:
        if issue.ministry_id:
            return gettext("Propose to the government (%(ministry)s)") % {"ministry": issue.ministry}
        return gettext("Propose to the government (competent ministry to be confirmed)")
    if item.conclusion == Conclusion.REVIEW:
        return gettext("Further consultation and review, then a decision on a proposal")
    if item.conclusion in RESOLUTIONS:
        return gettext("Closed (%(resolution)s)") % {"resolution": Resolution(RESOLUTIONS[item.conclusion]).label}
    return gettext("No conclusion yet: to be discussed again")


def _attendee_groups(meeting: Meeting, viewer) -> list[AttendeeGroup]:
    # A company's representative is its contact person, the filer's contact detail (roles.FILER_CONTACT):
    # those who may not read it see the company only. Nobody's e-mail or phone is in the report.
    names_representatives = roles.may_see(viewer, roles.FILER_CONTACT)
    labels = {
        Attendee.Role.COMPANY: pgettext("attendees", "Companies"),
        Attendee.Role.ORGANIZATION: pgettext("attendees", "Associations and organisations"),
        Attendee.Role.EXPERT: pgettext("attendees", "Experts"),
        Attendee.Role.CITY_STAFF: pgettext("attendees", "City officials"),
    }
    english = (get_language() or "ko").startswith("en")
    attendees = list(meeting.attendees.select_related("company", "organization", "user").order_by("role", "pk"))
    groups = []
    for role, _label in Attendee.Role.choices:
        people = []
        for attendee in (a for a in attendees if a.role == role):
            if attendee.company_id:
                organisation = attendee.company.name
            elif attendee.organization_id:
                organisation = (attendee.organization.name_en if english else "") or attendee.organization.name
            else:
                organisation = ""
            name = attendee.name or (selectors.person_name(attendee.user) if attendee.user_id else "")
            if role == Attendee.Role.COMPANY and not names_representatives:
                name, position = "", ""
            else:
                position = attendee.position
            person = Person(organisation, name, position)
            if person not in people:  # two unnamed representatives of one company: the company once
                people.append(person)
        if people:
            groups.append(AttendeeGroup(labels[role], people))
    return groups


def _summary(items: list[ItemResult]) -> str:
    counted = Counter(result.item.conclusion for result in items)
    parts = [
        ngettext("%(conclusion)s: %(count)d issue", "%(conclusion)s: %(count)d issues", counted[code])
        % {"conclusion": label, "count": counted[code]}
        for code, label in [*Conclusion.choices, ("", gettext("No conclusion"))] if counted[code]
    ]
    return ", ".join(parts)


def result_report(meeting: Meeting, *, viewer, today: date | None = None) -> ResultReport:
    """What the result report of `meeting` says to `viewer`: only the agenda issues they may see
    (selectors), the officers' notes on the conclusions only to roles that read staff notes, the
    companies' representatives by name only to roles that read filers' contacts, and nobody's contact
    details. NothingToReport before the meeting has begun."""
    if not is_ready(meeting):
        raise NothingToReport(meeting)
    agenda = (selectors.of_visible_issues(viewer, AgendaItem.objects.filter(meeting=meeting))
              .select_related("issue__company", "issue__field", "issue__ministry").order_by("position", "pk"))
    reads_staff_notes = roles.may_see(viewer, roles.HISTORY_NOTES)
    items = [
        ItemResult(
            number=number, item=item, conclusion=item.get_conclusion_display() if item.conclusion else "",
            discussion=item.conclusion_note.strip() if reads_staff_notes else "",
            public_note=item.public_note.strip(), next_step=next_step(item),
        )
        for number, item in enumerate(agenda, start=1)
    ]
    english = (get_language() or "ko").startswith("en")
    names = sender()
    return ResultReport(
        meeting=meeting,
        title=gettext("%(meeting)s: result report") % {"meeting": meeting.title},
        when=when(meeting),
        venue=meeting.venue,
        address=meeting.address,
        host=meeting.host_department,
        organiser=names.centre,
        fields=[str(f) for f in meeting.fields.all()],
        attendee_groups=_attendee_groups(meeting, viewer),
        items=items,
        summary=_summary(items),
        minutes=meeting.minutes.strip(),
        next_steps=meeting.next_steps.strip(),
        city=names.city,
        centre=names.centre,
        department=names.department,
        made_on=today or timezone.localdate(),
        language="en" if english else "ko",
    )


# --- The two files ------------------------------------------------------------------------------------------


def report_pdf(report: ResultReport) -> bytes:
    """The report as a PDF (A4, templates/meetings/result_report.html)."""
    return pdf.write_pdf(render_to_string("meetings/result_report.html", {"report": report}))


def report_hwpx(report: ResultReport) -> bytes:
    """The report as HWPX, the same sections as the PDF: 개요, 참석자, 안건별 논의 결과, 회의록, 향후 계획."""
    return _HwpxReport(report).write()


class _HwpxReport:
    """Writes one report into a new HWPX document, section by section."""

    def __init__(self, report: ResultReport):
        self.report = report
        self.document = hwpx.new_document()
        styles = self.document.styles
        self.title_run = styles.ensure_run(size=18, bold=True)
        self.heading_run = styles.ensure_run(size=13, bold=True)
        self.subheading_run = styles.ensure_run(size=11, bold=True)
        self.body_run = styles.ensure_run(size=10.5)
        self.small_run = styles.ensure_run(size=9, color="#444444")
        self.cell_run = styles.ensure_run(size=9.5)
        self.label_run = styles.ensure_run(size=9.5, bold=True)

    def write(self) -> bytes:
        report = self.report
        self._first_lines()
        self._heading(gettext("1. Overview"))
        self._facts([
            (gettext("Date and time"), report.when),
            (gettext("Venue"), "\n".join(t for t in (report.venue, report.address) if t) or "—"),
            (gettext("Hosted by"), report.host or "—"),
            (gettext("Organised by"), report.organiser),
            (gettext("Fields"), ", ".join(report.fields) or "—"),
            (gettext("Agenda"), report.agenda_line),
        ])
        self._heading(gettext("2. Attendees"))
        self._attendees()
        self._heading(gettext("3. Discussion and conclusions"))
        if not report.items:
            self._paragraph(gettext("No issue was on the agenda."))
        for result in report.items:
            self._item(result)
        self._heading(gettext("4. Minutes"))
        self._text(report.minutes or gettext("No minutes were recorded."))
        self._heading(gettext("5. Next steps"))
        self._next_steps()
        self._closing()
        self.document.page.set_footer(text=f"{report.sender} · {report.title}")
        return hwpx.document_bytes(self.document, title=report.title, language=report.language)

    # --- pieces

    def _paragraph(self, text: str, run=None, *, alignment: str | None = None, before: float = 0,
                   after: float = 3):
        paragraph = self.document.add_paragraph(text, char_pr_id_ref=run or self.body_run)
        self.document.styles.apply_paragraph_format(paragraphs=[paragraph], alignment=alignment,
                                                    spacing_before_pt=before, spacing_after_pt=after)
        return paragraph

    def _text(self, text: str) -> None:
        """A free text, one paragraph per line (blank lines are the paragraphs' spacing); a line begun with
        "- ", ○ or · is an item under the line before it, indented with its mark hanging."""
        for line in (line.strip() for line in text.splitlines()):
            if not line:
                continue
            paragraph = self._paragraph(line, after=4)
            if is_item(line):
                self.document.styles.apply_paragraph_format(paragraphs=[paragraph], indent_left_mm=6,
                                                            first_line_indent_mm=-3)

    def _heading(self, text: str) -> None:
        self._paragraph(text, self.heading_run, before=14, after=6)

    def _first_lines(self) -> None:
        report = self.report
        first = self.document.paragraphs[0]  # the template's empty first paragraph holds the page settings
        first.text = report.sender
        for run in first.runs:
            run.char_pr_id_ref = self.small_run
        self._paragraph(report.title, self.title_run, alignment="CENTER", before=10, after=6)
        self._paragraph(report.made_line, self.small_run, alignment="RIGHT", after=8)

    def _table(self, rows: list[list[str]], widths: list[int], *, header: bool = False, labels: bool = False):
        table = self.document.add_table(len(rows), len(widths))
        table.set_column_widths(widths)
        if header:
            table.element.set("repeatHeader", "1")
        for index, (cells, values) in enumerate(zip(table.get_cell_map(), rows, strict=True)):
            for column, (position, value) in enumerate(zip(cells, values, strict=True)):
                is_label = (header and index == 0) or (labels and column == 0)
                hwpx.set_cell_text(position.cell, value, char_pr_id_ref=self.label_run if is_label else self.cell_run)
                if header and index == 0:
                    position.cell.element.set("header", "1")
                if is_label:
                    table.set_cell_shading(index, column, "#EEF1F4")
        return table

    def _facts(self, rows: list[tuple[str, str]]) -> None:
        self._table([[label, value] for label, value in rows], [22, 78], labels=True)

    def _attendees(self) -> None:
        report = self.report
        if not report.attendee_groups:
            self._paragraph(gettext("No attendee was recorded."))
            return
        rows = [[pgettext("attendees", "Kind"), pgettext("attendees", "Company or organisation"),
                 pgettext("attendees", "Name"), pgettext("attendees", "Position")]]
        kinds, organisations = [], []
        for group in report.attendee_groups:
            first = len(rows)
            for number, person in enumerate(group.people):
                kind = f"{group.label} ({len(group.people)})" if number == 0 else ""
                if person.is_organisation_only:
                    organisations.append((len(rows), person.organisation))
                rows.append([kind, person.organisation or "—", person.name or "—", person.position or "—"])
            kinds.append((first, len(rows) - 1))
        table = self._table(rows, [18, 32, 18, 32], header=True)
        # Merged from the bottom right up, so that each merge finds the cells it names still in place.
        for row, organisation in reversed(organisations):
            # A merged cell keeps the paragraphs of every cell it took in: written again, it says one thing.
            hwpx.set_cell_text(table.merge_cells(row, 1, row, 3), organisation, char_pr_id_ref=self.cell_run)
        for first, last in reversed(kinds):
            if last > first:
                table.merge_cells(first, 0, last, 0)

    def _item(self, result: ItemResult) -> None:
        issue = result.issue
        self._paragraph(f"{result.number}. {issue.title}", self.subheading_run, before=8, after=2)
        self._paragraph(result.facts_line, self.small_run, after=3)
        rows = [[gettext("Requested improvement"), issue.improvement.strip() or "—"]]
        if result.discussion:
            rows.append([gettext("Discussion"), result.discussion])
        rows.append([gettext("Conclusion"), result.conclusion or gettext("No conclusion")])
        if result.public_note:
            rows.append([gettext("Told to the company"), result.public_note])
        self._table(rows, [22, 78], labels=True)

    def _next_steps(self) -> None:
        report = self.report
        if report.items:
            rows = [[gettext("No."), gettext("Issue"), gettext("Conclusion"), gettext("Next step")]]
            rows += [[str(r.number), r.issue.title, r.conclusion or gettext("No conclusion"), r.next_step]
                     for r in report.items]
            self._table(rows, [7, 45, 16, 32], header=True)
        if report.next_steps:
            self._paragraph("", after=2)
            self._text(report.next_steps)

    def _closing(self) -> None:
        report = self.report
        self._paragraph(report.made_on_text, alignment="CENTER", before=24, after=2)
        self._paragraph(report.sender, self.heading_run, alignment="CENTER", after=0)

