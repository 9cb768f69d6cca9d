"""The briefing pack: a printable page and its PDF with the meeting's details and one page per agenda issue,
and nothing of the filers' contact details."""

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from companies.models import Organization
from issues.models import AgendaItem, Issue
from issues.workflow import State
from meetings.models import Attendee
from tests.base import FILER_EMAIL, make_expert
from tests.documents.readers import article_paragraphs, assert_words_whole, page_images, pdf_info, pdf_lines

from .conftest import filed_issue, on_agenda

pytestmark = pytest.mark.django_db
PDFTOTEXT = Path("/usr/bin/pdftotext")
PHONE = "010-1234-5678"  # the filer's phone in tests/base.intake


@pytest.fixture
def agenda_issues(meeting):
    issues = [
        filed_issue(State.CONSULTATION, title="배달로봇의 보도 통행 허용", contact_email=FILER_EMAIL,
                    related_law="도로교통법 제2조", improvement="안전 인증을 받은 로봇의 보도 통행 허용"),
        filed_issue(State.DISCOVERY, title="드론 배송의 야간 비행 허용", contact_phone="010-9999-0000"),
        filed_issue(State.PROPOSAL, title="원격 약사 상담 허용"),
    ]
    for issue in issues:
        on_agenda(meeting, issue, AgendaItem.Conclusion.PROPOSE)
    contact = issues[0].contact
    Attendee.objects.create(meeting=meeting, role=Attendee.Role.COMPANY, company=issues[0].company, contact=contact,
                            name=contact.name, position="대표")
    Attendee.objects.create(meeting=meeting, role=Attendee.Role.ORGANIZATION,
                            organization=Organization.objects.create(name="한국로봇산업협회"))
    Attendee.objects.create(meeting=meeting, role=Attendee.Role.EXPERT, user=make_expert(), name="한도윤",
                            position="변호사")
    return issues


def briefing_url(meeting, suffix=""):
    return reverse("admin:meetings_meeting_briefing" + suffix, args=[meeting.pk])


def test_the_page_shows_the_meeting_and_every_agenda_issue_on_its_own_page(client, officer, meeting, agenda_issues):
    client.force_login(officer)

    page = client.get(briefing_url(meeting)).content.decode()
    text = strip_tags(page)  # as read: each word is a span of its own (keep_words)

    assert "규제혁신 현장 간담회" in text
    assert "2024. 3. 28.(목) 14:00~16:00" in text
    assert "서울파트너스하우스" in text and "서울 용산구 한남대로 138" in text and "서울시 경제정책과" in text
    assert "한국로봇산업협회" in text and "한도윤" in text
    for issue in agenda_issues:
        assert issue.number in text and issue.title in text
        assert issue.company.name in text
    assert "도로교통법 제2조" in text and "안전 인증을 받은 로봇의 보도 통행 허용" in text
    # One sheet for the meeting, then one per issue, each starting a new printed page.
    assert page.count('class="sheet issue"') == 3
    assert "break-before: page" in page


def test_the_pack_has_no_contact_details(client, officer, meeting, agenda_issues):
    client.force_login(officer)

    page = client.get(briefing_url(meeting)).content.decode()

    for issue in agenda_issues:
        assert issue.contact.email not in page
        assert issue.contact.phone not in page
    assert FILER_EMAIL not in page and PHONE not in page and "010-9999-0000" not in page
    assert "@" not in page.split("<body>", 1)[1]


@pytest.mark.skipif(not PDFTOTEXT.exists(), reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_holds_the_korean_text(client, officer, meeting, agenda_issues, tmp_path):
    client.force_login(officer)

    response = client.get(briefing_url(meeting, "_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(response.content)
    read = {"check": True, "capture_output": True, "text": True}
    text = subprocess.run([str(PDFTOTEXT), "-layout", str(pdf), "-"], **read).stdout  # noqa: S603 - poppler
    assert "규제혁신 현장 간담회" in text
    assert "서울파트너스하우스" in text
    assert "배달로봇의 보도 통행 허용" in text
    assert FILER_EMAIL not in text and PHONE not in text
    # The cover, then a page per issue.
    pages = subprocess.run(["/usr/bin/pdfinfo", str(pdf)], **read).stdout  # noqa: S603 - poppler
    assert re.search(r"^Pages:\s+4$", pages, re.MULTILINE), pages


def test_the_pdf_keeps_korean_words_whole_and_names_the_meeting(client, officer, meeting, agenda_issues, tmp_path):
    # A filer's 현황 및 문제점 and 개선 방안 of several sentences (tests/documents/paragraphs.py).
    paragraphs = article_paragraphs()
    problem, improvement = "\n".join(paragraphs[:3]), " ".join(paragraphs[3:5])
    Issue.objects.filter(pk=agenda_issues[0].pk).update(problem=problem, improvement=improvement)
    client.force_login(officer)

    response = client.get(briefing_url(meeting, "_pdf"))

    lines = pdf_lines(response.content)
    assert_words_whole(lines, [problem, improvement, meeting.title, meeting.venue, meeting.address,
                               *(issue.title for issue in agenda_issues)])
    assert {word for line in lines for word in line.split()} >= set(f"{problem} {improvement}".split())
    info = pdf_info(response.content)
    assert info["Title"] == "간담회 자료집 · 규제혁신 현장 간담회"
    assert info["Author"] == "서울기업지원센터"
    assert info["CreationDate"].startswith(f"{timezone.localdate():%Y-%m-%d}")
    # Read in the browser, saved under the meeting's day and title (RFC 6266's UTF-8 filename*).
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; filename*=utf-8''")
    assert unquote(disposition.split("''", 1)[1]) == "2024-03-28 규제혁신 현장 간담회 자료집.pdf"
    assert len(page_images(response.content, tmp_path / "pages")) == info["Pages"]  # to look at (--basetemp)
