"""Where an accepted opinion goes: the 건의서's card (전문가 검토 의견: the recommendation and the summary, by
profession, by name only where the expert agreed; PDF read with pdftotext, HWPX with openhanji), the meeting's
briefing pack (profession, recommendation, summary, legal basis, to those who read the consultation), the
issue page's panel; and where it never goes: the filer's status page."""

import xml.etree.ElementTree as ET  # nosec B405 - documents the tests themselves wrote
import zipfile
from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from issues import consultations
from issues.agenda import briefing
from issues.models import AgendaItem, ExpertProfile, Issue
from issues.proposals import batches, letter
from meetings.models import Meeting
from tests.base import make_expert, ministry
from tests.documents.readers import hwpx_tables, pdf_lines

from .conftest import LEGAL_BASIS, QUESTION, SUMMARY, in_days

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
ROW = "전문가 검토 의견"
PATENT_QUESTION = "비대면 진료 플랫폼의 진료 알고리즘이 특허 등록 대상인지 검토해 주십시오."
PATENT_SUMMARY = "진료 알고리즘 자체는 특허 대상이 아니나 이를 구현한 시스템은 등록될 수 있습니다."


@pytest.fixture
def accepted(answered, people):
    """The lawyer's opinion (박정우, who has not agreed to be named), accepted."""
    return consultations.accept_opinion(answered, by=people["officer"])


def patent_opinion(issue, people, *, accept=True):
    """The patent attorney's (최유진) opinion on the same issue, accepted after the lawyer's."""
    asked = consultations.request_consultation(issue, expert=people["other_expert"], question=PATENT_QUESTION,
                                               due_on=in_days(7), by=people["officer"])
    consultations.submit_opinion(asked, summary=PATENT_SUMMARY, legal_basis="특허법 제29조",
                                 recommendation="as_is", by=people["other_expert"])
    return consultations.accept_opinion(asked, by=people["officer"]) if accept else asked


def sent(issue, people):
    """A batch with the issue (to 보건복지부), submitted: the letter an official writes out."""
    Issue.objects.filter(pk=issue.pk).update(ministry=ministry("보건복지부"))
    batch = batches.create_batch(by=people["officer"])
    batches.add_to_batch([Issue.objects.get(pk=issue.pk)], batch, by=people["officer"])
    batches.submit_batch(batch, by=people["officer"])
    return batch


def card(issue, people, viewer="official"):
    made = letter.letter(sent(issue, people), viewer=people[viewer])
    (only,) = made.cards
    return made, dict(only.rows)


# --- The letter of proposal ----------------------------------------------------------------------------

def test_the_card_carries_the_accepted_opinion_by_profession_not_by_name(accepted, issue, people):
    _made, rows = card(issue, people)

    # Recommendation and summary, attributed to the profession: the ministry reads who reviewed, not who it was.
    assert rows[ROW] == f"변호사 검토: 수정하여 건의\n{SUMMARY}"
    assert list(rows)[-1] == ROW
    for kept_back in ("박정우", "법무법인", QUESTION, LEGAL_BASIS):
        assert kept_back not in str(rows), kept_back


def test_the_expert_who_agreed_is_named_with_the_profession(accepted, issue, people):
    ExpertProfile.objects.filter(user=people["expert"]).update(may_be_named=True)

    _made, rows = card(issue, people)

    assert rows[ROW] == f"변호사 박정우 검토: 수정하여 건의\n{SUMMARY}"


@pytest.mark.parametrize("stage", ["requested", "answered", "declined", "followed_up"])
def test_an_opinion_not_accepted_stays_out_of_the_letter(stage, requested, issue, people):
    if stage != "requested":
        consultations.submit_opinion(requested, summary=SUMMARY, legal_basis=LEGAL_BASIS, recommendation="amended",
                                     by=people["expert"]) if stage != "declined" else \
            consultations.decline(requested, reason="이해충돌", by=people["expert"])
    if stage == "followed_up":
        consultations.ask_follow_up(requested, text="선원법도 검토해 주십시오.", by=people["officer"])

    _made, rows = card(issue, people)

    assert ROW not in rows
    assert SUMMARY not in str(rows)


def test_each_accepted_opinion_in_the_order_accepted_even_for_an_officer(accepted, issue, people):
    patent_opinion(issue, people)

    batch = sent(issue, people)

    for viewer in ("official", "officer"):
        rows = dict(letter.letter(batch, viewer=people[viewer]).cards[0].rows)
        assert rows[ROW] == (f"변호사 검토: 수정하여 건의\n{SUMMARY}\n\n"
                             f"변리사 검토: 원안대로 건의\n{PATENT_SUMMARY}"), viewer


def test_in_english_the_row_speaks_english(accepted, issue, people):
    ExpertProfile.objects.filter(user=people["other_expert"]).update(may_be_named=True)
    patent_opinion(issue, people)

    with translation.override("en"):
        _made, rows = card(issue, people)

    assert rows["Expert review opinion"] == (f"Lawyer's review: Propose amended\n{SUMMARY}\n\n"
                                             f"Review by 최유진 (Patent attorney): Propose as it is\n{PATENT_SUMMARY}")


def test_the_pdf_card_shows_the_row_with_the_profession(accepted, issue, people):
    made, _rows = card(issue, people)

    text = " ".join(pdf_lines(letter.write(made, "pdf")))

    assert f"{ROW} 변호사 검토: 수정하여 건의" in text
    assert " ".join(SUMMARY.split()[:4]) in text and SUMMARY.split()[-1] in text
    assert "박정우" not in text and LEGAL_BASIS not in text


def test_the_pdf_names_the_expert_who_agreed(accepted, issue, people):
    ExpertProfile.objects.filter(user=people["expert"]).update(may_be_named=True)
    made, _rows = card(issue, people)

    assert "변호사 박정우 검토: 수정하여 건의" in " ".join(pdf_lines(letter.write(made, "pdf")))


def test_the_hwpx_card_ends_with_the_row_its_lines_as_paragraphs(accepted, issue, people):
    patent_opinion(issue, people)
    made, _rows = card(issue, people)
    data = letter.write(made, "hwpx")

    card_table = hwpx_tables(data)[-1]  # the summary table, then the card
    # A paragraph per line; openhanji joins a cell's paragraphs by line breaks and leaves out the empty one
    # between the two opinions.
    assert card_table[-1] == [
        ROW, f"변호사 검토: 수정하여 건의\n{SUMMARY}\n변리사 검토: 원안대로 건의\n{PATENT_SUMMARY}"]
    assert "박정우" not in str(card_table) and "최유진" not in str(card_table)
    # Each opinion's first line is in the bold run of the labels; the summaries are not.
    styles = _run_styles(data)
    assert styles["변호사 검토: 수정하여 건의"] == styles["변리사 검토: 원안대로 건의"] == styles[ROW]
    assert styles[SUMMARY] != styles[ROW]


def _run_styles(data: bytes) -> dict[str, str]:
    """Each paragraph's text in the document's sections → the character style of its first run."""
    ns = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
    styles = {}
    with zipfile.ZipFile(BytesIO(data)) as package:
        for name in package.namelist():
            if name.startswith("Contents/section") and name.endswith(".xml"):
                root = ET.fromstring(package.read(name))  # noqa: S314 - written by the test
                for paragraph in root.iter(f"{ns}p"):
                    runs = paragraph.findall(f"{ns}run")
                    text = "".join(t.text or "" for run in runs for t in run.iter(f"{ns}t"))
                    if text and runs:
                        styles.setdefault(text, runs[0].get("charPrIDRef"))
    return styles


# --- The briefing pack ------------------------------------------------------------------------------------

@pytest.fixture
def meeting(issue):
    held = Meeting.objects.create(title="바이오 규제혁신 현장 간담회", venue="서울파트너스하우스",
                                  starts_at=datetime.now(SEOUL) + timedelta(days=3))
    AgendaItem.objects.create(meeting=held, issue=issue, position=1)
    return held


@pytest.mark.parametrize("who, reads", [("officer", True), ("expert", True), ("assigned_expert", False),
                                        ("official", False)])
def test_the_briefing_pack_gives_the_opinion_to_those_who_read_the_consultation(who, reads, accepted, issue,
                                                                               meeting, people):
    if who == "assigned_expert":  # sees the issue, assigned to it, but was not consulted on it
        people[who] = make_expert("assigned", first_name="지훈", last_name="강")
        Issue.objects.filter(pk=issue.pk).update(assignee=people[who])
    if who == "official":  # sees the issue once it is proposed
        sent(issue, people)

    (item,) = briefing.briefing(meeting, viewer=people[who])["agenda"]

    if reads:
        (opinion,) = item.opinions
        assert (opinion.profession, opinion.name, opinion.recommendation, opinion.summary, opinion.legal_basis) == (
            "변호사", "", "수정하여 건의", SUMMARY, LEGAL_BASIS)
    else:
        assert item.opinions == []


def test_the_briefing_page_and_pdf_show_the_opinion_to_the_officer(client, accepted, issue, meeting, people):
    client.force_login(people["officer"])

    page = client.get(reverse("admin:meetings_meeting_briefing", args=[meeting.pk])).content.decode()
    lines = pdf_lines(client.get(reverse("admin:meetings_meeting_briefing_pdf", args=[meeting.pk])).content)

    assert ROW in page and SUMMARY in page.replace('<span class="w">', "").replace("</span>", "")
    text = " ".join(lines)
    for shown in (ROW, "전문가 변호사", "권고 의견 수정하여 건의", "의견 요지", "법적 근거 의료법 제34조, 제17조의2"):
        assert shown in text, shown
    assert "박정우" not in text and "플랫폼이" not in text  # nor the question


def test_an_issue_without_an_accepted_opinion_has_no_opinion_in_the_pack(client, answered, issue, meeting, people):
    client.force_login(people["officer"])

    page = client.get(reverse("admin:meetings_meeting_briefing", args=[meeting.pk])).content.decode()

    assert ROW not in page


# --- The issue page and the filer ---------------------------------------------------------------------------

def test_the_issue_page_shows_the_accepted_opinion_and_how_the_letter_names_it(client, accepted, issue, people):
    client.force_login(people["officer"])

    page = client.get(reverse("admin:issues_issue_change", args=[issue.pk])).content.decode()

    panel = page[page.index('id="consultations"'):]
    assert "<dt>의견 요지</dt><dd>" + SUMMARY in panel
    assert "<dt>채택 일시</dt>" in panel
    assert "건의서에는 “변호사 검토”로 권고 의견과 의견 요지가 실립니다" in panel


def test_the_filer_never_reads_the_opinion_nor_the_letters_row(client, accepted, issue, people):
    sent(issue, people)

    page = client.get(f"/track/{issue.secret}/").content.decode()

    assert "전문가 검토를 받았습니다" in page
    for hidden in (ROW, SUMMARY, LEGAL_BASIS, "변호사", "박정우", "수정하여 건의"):
        assert hidden not in page, hidden
