"""The 건의서 of a proposal batch: the letter the city sends a ministry with the batch's issues, in the shape
Korean administrative documents take. The city as sender, 수신 (the ministry), 제목, date and a short cover
text; then, attached, a summary table of the issues and one card per issue (과제명, 건의 배경, 개선 방안,
관련 법령, 소관 부처, 기대 효과, 간담회 논의 결과, and 건의 기업 where the filer agreed to it; 전문가 검토 의견
where the centre accepted an expert's opinion, by profession, by name only where the expert agreed).

`letter()` says what the letter holds, as far as its viewer may read it (selectors); `write_pdf` and
`write_hwpx` lay it out. One letter goes to one ministry, or to all of the batch's with a part for each
(수신자 참조, the recipients listed below the sender as official documents do)."""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from .. import selectors
from ..documents import hwpx, pdf
from ..documents.sender import sender
from ..models import ProposalBatch
from ..workflow import State

FORMATS = {  # format → content type
    "hwpx": "application/hwp+zip",
    "pdf": "application/pdf",
}

# A Korean body's head, as a letter is addressed to it: 보건복지부 → 보건복지부장관, 금융위원회 → 금융위원회위원장.
_HEADS = (("위원회", "위원장"), ("부", "장관"), ("처", "장"), ("청", "장"), ("실", "장"), ("원", "장"),
          ("특별시", "장"), ("광역시", "장"), ("자치시", "장"), ("도", "지사"), ("시", "장"), ("군", "수"),
          ("구", "청장"))


@dataclass
class Sender:
    city: str
    head: str  # who signs: 서울특별시장
    department: str
    centre: str
    phone: str
    address: str


@dataclass
class Card:
    """One issue, as the letter proposes it."""

    position: int  # 1, 2, 3 … through the whole letter
    number: str  # the tracking number, for the ministry's answer to name
    title: str
    problem: str  # 건의 배경 (현황 및 문제점)
    improvement: str
    related_law: str
    ministry: str
    expected_effect: str
    discussions: list[str]  # 간담회 논의 결과, one line per meeting
    company: str  # 건의 기업: "" unless the filer agreed to the company being named
    # 전문가 검토 의견: the opinions the centre accepted (selectors.accepted_opinions), by profession
    opinions: list = field(default_factory=list)
    caption: str = ""  # 과제 1 · 관리번호 REG-2026-0001
    rows: list[tuple[str, str]] = field(default_factory=list)  # label and text, as both files show the card


@dataclass
class Part:
    """The issues of one ministry."""

    ministry: str
    addressee: str
    cards: list[Card]
    heading: str = ""  # 보건복지부 소관 과제(2건)


@dataclass
class Letter:
    """What the letter says, worded when it is made (in the language active then)."""

    batch: ProposalBatch
    subject: str  # 제목
    name: str  # what the attachment and the file are called: 2026년 1차 규제개선 과제 건의서
    dated_on: date
    sender: Sender
    parts: list[Part]
    addressee: str  # 수신: the one ministry's head, or "수신자 참조" when the recipients are listed below
    recipients: list[str]  # 수신자: below the sender, when the letter goes to several ministries
    related: list[str]  # the meetings the issues were discussed at
    cover: list[str]  # the cover text's numbered paragraphs
    attachment: str  # 붙임: 2026년 1차 규제개선 과제 건의서 1부.
    summary_heading: str
    ministry: str = ""  # the one ministry it goes to when the batch has several, else ""

    @property
    def cards(self) -> list[Card]:
        return [card for part in self.parts for card in part.cards]

    @property
    def filename(self) -> str:
        """The file's name without its extension: the letter's name, and its ministry when it goes to one of
        the batch's several."""
        return f"{self.name} ({self.ministry})" if self.ministry else self.name


def head_of(name: str) -> str:
    """Who a Korean body's letters are addressed to or signed by (보건복지부장관, 서울특별시장); in English, and
    for a name of no known kind, the name itself."""
    if (get_language() or "ko").startswith("en") or not any("\uac00" <= ch <= "\ud7a3" for ch in name):
        return name
    for ending, head in _HEADS:
        if name.endswith(ending):
            return name + head
    return name


def letter_issues(batch: ProposalBatch, *, viewer):
    """The batch's issues the letter proposes, as `viewer` may see them: not those closed before they were
    ever proposed (withdrawn, merged, out of scope), by ministry then tracking number."""
    return (selectors.visible_issues(viewer).filter(proposal_batch=batch)
            .exclude(state=State.CLOSED, proposed_on__isnull=True)
            .select_related("ministry", "company").order_by("ministry__name", "number"))


def ministries(batch: ProposalBatch, *, viewer) -> list:
    """The ministries of the issues the letter would propose (the choice of one letter per ministry)."""
    seen = {}
    for issue in letter_issues(batch, viewer=viewer):
        if issue.ministry_id and issue.ministry_id not in seen:
            seen[issue.ministry_id] = issue.ministry
    return list(seen.values())


def letter(batch: ProposalBatch, *, viewer, ministry=None) -> Letter:
    """What the batch's letter says to `ministry` (an Organization), or to every ministry of the batch
    (None: a part for each), in the active language, with what `viewer` may read."""
    issues = list(letter_issues(batch, viewer=viewer))
    if ministry is not None:
        issues = [issue for issue in issues if issue.ministry_id == ministry.pk]
    discussions = selectors.meeting_conclusions(issues, viewer=viewer)
    opinions = selectors.accepted_opinions(issues)

    parts: dict[int | None, Part] = {}
    related: dict[int, str] = {}
    for position, issue in enumerate(issues, 1):
        name = issue.ministry.display_name if issue.ministry_id else _("Competent ministry not yet decided")
        part = parts.setdefault(issue.ministry_id, Part(name, head_of(name) if issue.ministry_id else name, []))
        for discussion in discussions.get(issue.pk, []):
            related.setdefault(discussion.meeting.pk, _meeting_reference(discussion.meeting))
        part.cards.append(_card(issue, position, ministry=name, discussions=discussions.get(issue.pk, []),
                                opinions=opinions.get(issue.pk, [])))
    for part in parts.values():
        part.heading = ngettext("Proposals to %(ministry)s: %(counter)s issue",
                                "Proposals to %(ministry)s: %(counter)s issues", len(part.cards)) % {
            "ministry": part.ministry, "counter": len(part.cards)}

    name = letter_name(batch)
    sender = _sender()
    return Letter(
        batch=batch, subject=letter_subject(batch), name=name,
        dated_on=timezone.localdate(batch.submitted_at) if batch.submitted_at else timezone.localdate(),
        sender=sender, parts=list(parts.values()),
        addressee=next(iter(parts.values())).addressee if len(parts) == 1 else _("See the recipients below"),
        recipients=[part.addressee for part in parts.values()] if len(parts) > 1 else [],
        related=list(related.values()),
        cover=_cover(sender, related=list(related.values()), count=len(issues)),
        attachment=_("%(name)s, 1 copy.") % {"name": name},
        summary_heading=ngettext("Summary: %(counter)s proposal", "Summary: %(counter)s proposals", len(issues))
        % {"counter": len(issues)},
        ministry=ministry.display_name if ministry is not None and len(ministries(batch, viewer=viewer)) > 1
        else "",
    )


def _card(issue, position: int, *, ministry: str, discussions, opinions=()) -> Card:
    card = Card(
        position=position, number=issue.number, title=issue.title, problem=issue.problem,
        improvement=issue.improvement, related_law=issue.related_law, ministry=ministry,
        expected_effect=issue.expected_effect, discussions=[_discussion_line(d) for d in discussions],
        # The filer's consent, asked at intake (Issue.may_name_company): without it no document names who filed.
        company=issue.company_label if issue.may_name_company else "",
        opinions=list(opinions),
    )
    proposal, reference = _("Proposal %(position)s") % {"position": position}, pgettext("letter", "Reference")
    card.caption = f"{proposal} · {reference} {issue.number}"
    card.rows = [(pgettext("letter", "Title"), card.title)]
    if card.company:
        card.rows.append((pgettext("letter", "Proposing company"), card.company))
    card.rows += [
        (pgettext("letter", "Background (current situation and problem)"), card.problem),
        (_("Requested improvement"), card.improvement or "—"),
        (pgettext("letter", "Related laws (articles)"), card.related_law or "—"),
        (_("Competent ministry"), card.ministry),
        (_("Expected effect"), card.expected_effect or "—"),
        (pgettext("letter", "Meeting discussion and conclusion"),
         "\n".join(card.discussions) or pgettext("letter", "Not discussed at a meeting.")),
    ]
    if card.opinions:  # no row for an issue no expert reviewed, as for a company not named
        card.rows.append((labels()["opinion"], "\n".join(line for line, _lead in opinion_lines(card.opinions))))
    return card


def opinion_lines(opinions) -> list[tuple[str, bool]]:
    """The 전문가 검토 의견 row as lines, each with whether it leads an opinion (the files set those in bold):
    "변호사 검토: 수정하여 건의", the summary's lines, then a blank line before the next opinion."""
    lines = []
    for index, opinion in enumerate(opinions):
        if index:
            lines.append(("", False))
        lines.append((f"{opinion.attribution}: {opinion.recommendation}", True))
        summary = (opinion.summary or "").replace("\r\n", "\n").replace("\r", "\n")
        lines += [(line, False) for line in summary.split("\n")]
    return lines


def letter_subject(batch: ProposalBatch) -> str:
    """제목: the batch's title, or its number ("2026년 1차 규제개선 과제 건의")."""
    return batch.title or _("Proposed regulatory improvements, %(year)d batch %(sequence)d") % {
        "year": batch.year, "sequence": batch.sequence}


def letter_name(batch: ProposalBatch) -> str:
    """What the letter is called, as its attachment and its file: 2026년 1차 규제개선 과제 건의서."""
    return _("Letter of proposal, %(year)d batch %(sequence)d") % {"year": batch.year, "sequence": batch.sequence}


def _sender() -> Sender:
    names = sender()
    return Sender(city=names.city, head=head_of(names.city), department=names.department, centre=names.centre,
                  phone=settings.SUPPORT_PHONE, address=names.address)


def _meeting_reference(meeting) -> str:
    """A meeting as 관련 names it: 규제혁신 현장 간담회(2024년 3월 28일, 서울파트너스하우스)."""
    when = date_format(timezone.localtime(meeting.starts_at).date(), "DATE_FORMAT")
    where = f", {meeting.venue}" if meeting.venue else ""
    return f"{meeting.title}({when}{where})"


def _discussion_line(discussion) -> str:
    when = date_format(timezone.localtime(discussion.meeting.starts_at).date(), "DATE_FORMAT")
    line = f"{discussion.meeting.title}({when})"
    if discussion.conclusion:
        line = f"{line}: {discussion.conclusion}"
    return " — ".join([line, *discussion.notes])


def _cover(sender: Sender, *, related: list[str], count: int) -> list[str]:
    paragraphs = []
    if related:
        paragraphs.append(_("Related: %(meetings)s") % {"meetings": ", ".join(related)})
    paragraphs.append(_(
        "Through the %(centre)s, the city finds the regulations that hold companies back and discusses how to "
        "improve them with companies, associations and experts at on-site meetings."
    ) % {"centre": sender.centre})
    paragraphs.append(ngettext(
        "We propose the %(count)d regulatory improvement attached, raised by a company and discussed with it. "
        "Please review it and let us know your answer.",
        "We propose the %(count)d regulatory improvements attached, raised by companies and discussed with "
        "them. Please review them and let us know your answer on each.", count,
    ) % {"count": count})
    return paragraphs


# --- The files ---------------------------------------------------------------------------------------------

def write_pdf(made: Letter) -> bytes:
    """The letter as PDF: the cover page, then the summary and a page for each issue (A4 portrait)."""
    html = render_to_string("proposals/letter.html", {"letter": made, "words": labels()})
    return pdf.write_pdf(html)


def write_hwpx(made: Letter) -> bytes:
    """The letter as HWPX, laid out as the PDF is: the cover, then (from a new page) the summary table and a
    table for each issue, each on a page of its own. Every line of a text is a paragraph of its own
    (issues/documents/hwpx.py)."""
    document = hwpx.new_document()
    styles = document.styles
    normal = styles.ensure_run(size=11)
    bold = styles.ensure_run(size=11, bold=True)
    small, small_bold = styles.ensure_run(size=9.5), styles.ensure_run(size=9.5, bold=True)
    label_fill = styles.ensure_border_fill(border_color="#555555", fill_color="#F0F3F7")
    head_fill = styles.ensure_border_fill(border_color="#555555", fill_color="#E8EEF6")
    cell_line = styles.ensure_border_fill(border_color="#555555")

    def paragraph(text="", run=normal, **format):
        made_paragraph = document.add_paragraph(text, char_pr_id_ref=run, inherit_style=False)
        if format:
            styles.apply_paragraph_format(paragraphs=[made_paragraph], **format)
        return made_paragraph

    def labelled(label, text, **format):
        line = paragraph(label, bold, **format)
        line.add_run(f"  {text}", char_pr_id_ref=normal)
        return line

    # The cover: the agency, 수신 and 제목 between rules, the text, 붙임 … 끝., who signs, then the sender.
    paragraph(made.sender.city, styles.ensure_run(size=20, bold=True), alignment="CENTER", spacing_after_pt=14)
    words = labels()
    labelled(words["to"], made.addressee, spacing_before_pt=4, **_RULE_ABOVE)
    labelled(words["subject"], made.subject, spacing_after_pt=10, bottom_border=True, border_color="#111111",
             border_width="0.4 mm")
    for index, text in enumerate(made.cover, 1):
        for line_number, line in enumerate(text.splitlines() or [""]):
            paragraph(f"{index}. {line}" if line_number == 0 else line, line_spacing_percent=170,
                      indent_left_mm=5, first_line_indent_mm=-5, spacing_before_pt=6)
    attached = labelled(words["attached"], made.attachment, spacing_before_pt=10)
    attached.add_run(f"  {words['end']}", char_pr_id_ref=normal)
    paragraph(made.sender.head, styles.ensure_run(size=17, bold=True), alignment="CENTER",
              spacing_before_pt=48, spacing_after_pt=32)
    if made.recipients:
        labelled(words["recipients"], ", ".join(made.recipients), **_RULE_ABOVE)
    labelled(words["sent_by"], f"{made.sender.department} · {made.sender.centre}", **_RULE_ABOVE)
    labelled(words["date"], date_format(made.dated_on, "DATE_FORMAT"))
    labelled(words["address"], made.sender.address)
    labelled(words["phone"], made.sender.phone, bottom_border=True, border_color="#111111", border_width="0.4 mm")

    # The attachment: its name, then the summary of the issues.
    paragraph(made.name, styles.ensure_run(size=15, bold=True), alignment="CENTER", page_break_before=True)
    paragraph(f"{date_format(made.dated_on, 'DATE_FORMAT')} · {made.sender.city} {made.sender.department}",
              alignment="CENTER", spacing_after_pt=12)
    paragraph(made.summary_heading, styles.ensure_run(size=12, bold=True), spacing_after_pt=6)
    header = words["summary"]
    rows = [[str(card.position), card.title, card.ministry, card.related_law or "—"] for card in made.cards]
    table = document.add_table(len(rows) + 1, len(header), border_fill_id_ref=cell_line)
    table.element.set("repeatHeader", "1")
    table.set_column_widths([10, 62, 30, 73])
    for row_index, (cells, values) in enumerate(zip(table.get_cell_map(), [header, *rows], strict=True)):
        for column, (position, value) in enumerate(zip(cells, values, strict=True)):
            hwpx.set_cell_text(position.cell, value, char_pr_id_ref=small_bold if row_index == 0 else small)
            if row_index == 0:
                position.cell.element.set("header", "1")
                position.cell.element.set("borderFillIDRef", head_fill)
            if row_index == 0 or column == 0:
                styles.apply_paragraph_format(paragraphs=position.cell.paragraphs, alignment="CENTER")

    # A page for each issue: the part's heading on the first of its ministry, the caption, the card.
    for part in made.parts:
        for index, card in enumerate(part.cards):
            if index == 0 and len(made.parts) > 1:
                paragraph(part.heading, styles.ensure_run(size=12, bold=True), page_break_before=True,
                          spacing_after_pt=6, bottom_border=True, border_color="#111111")
                caption = paragraph(card.caption, small)
            else:
                caption = paragraph(card.caption, small, page_break_before=True)
            styles.apply_paragraph_format(paragraphs=[caption], spacing_after_pt=3)
            rows = card.rows
            table = document.add_table(len(rows), 2, border_fill_id_ref=cell_line)
            table.set_column_widths([30, 145])
            for row_index, ((label, value), cells) in enumerate(zip(rows, table.get_cell_map(), strict=True)):
                hwpx.set_cell_text(cells[0].cell, label, char_pr_id_ref=bold)
                cells[0].cell.element.set("borderFillIDRef", label_fill)
                hwpx.set_cell_text(cells[1].cell, value, char_pr_id_ref=bold if row_index == 0 else normal)
                if card.opinions and label == words["opinion"]:  # each opinion's first line in bold
                    for line, (_text, lead) in zip(cells[1].cell.paragraphs, opinion_lines(card.opinions),
                                                   strict=True):
                        for run in line.runs if lead else ():
                            run.char_pr_id_ref = bold
                styles.apply_paragraph_format(paragraphs=cells[1].cell.paragraphs, line_spacing_percent=160)
    return hwpx.document_bytes(document, title=made.subject, language=(get_language() or "ko")[:2])


_RULE_ABOVE = {"border": {"sides": ["top"], "color": "#111111", "width": "0.4 mm"}}


def labels() -> dict[str, str]:
    """The letter's own words in the active language, for both files: the cover's (수신, 제목, 붙임, 끝., 수신자,
    시행, 주소, 전화), the card's 전문가 검토 의견 and the summary table's header."""
    return {
        "to": pgettext("letter", "To"), "subject": pgettext("letter", "Subject"),
        "attached": pgettext("letter", "Attached"), "end": pgettext("letter", "End."),
        "recipients": pgettext("letter", "Recipients"), "sent_by": pgettext("letter", "Sent by"),
        "date": pgettext("letter", "Date"), "address": pgettext("letter", "Address"),
        "phone": pgettext("letter", "Phone"), "opinion": pgettext("letter", "Expert review opinion"),
        "summary": [pgettext("letter", "No."), pgettext("letter", "Title"), _("Competent ministry"),
                    pgettext("letter", "Related laws")],
    }


WRITERS = {"pdf": write_pdf, "hwpx": write_hwpx}


def write(made: Letter, format: str) -> bytes:
    """The letter as a `format` (FORMATS) file."""
    return WRITERS[format](made)


def write_each(batch: ProposalBatch, format: str, *, viewer) -> bytes:
    """A ZIP file of the batch's letters, one to each of its ministries, as `viewer` may read them."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for ministry in ministries(batch, viewer=viewer):
            made = letter(batch, viewer=viewer, ministry=ministry)
            archive.writestr(f"{made.filename}.{format}", write(made, format))
    return out.getvalue()
