"""The meeting's result report (간담회 결과 보고): who may download it (the roles that read meetings), what it
says to each of them, and its PDF and HWPX read by tools that did not write them."""

import io
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Organization
from issues.agenda import result_report
from issues.models import AccessLog, AgendaItem
from issues.workflow import State
from meetings.models import Attendee, Meeting
from tests.base import make_expert, make_officer, make_official, make_user
from tests.documents import readers

from .conftest import filed_issue, on_agenda

pytestmark = pytest.mark.django_db
Conclusion = AgendaItem.Conclusion

TITLE = "규제혁신 현장 간담회 결과 보고"
PHONE = "010-1234-5678"  # every filer's phone in tests/base.intake
SECTIONS = ["1. 개요", "2. 참석자", "3. 안건별 논의 결과", "4. 회의록", "5. 향후 계획"]
NEXT_STEPS = ("정부 건의 과제는 4월 중 건의서를 작성하여 소관 부처에 제출하고, 회신 결과를 참석 기업에 안내한다.\n"
              "추가 검토 과제는 서울규제혁신지원단 자문을 거쳐 5월 중 건의 여부를 결정한다.")


@pytest.fixture
def article():
    """Long Korean sentences (tests/documents/paragraphs.py), for the minutes and the notes on the conclusions."""
    return readers.article_paragraphs()


@pytest.fixture
def held(meeting, article):
    """The roundtable of 28 March with four issues, one for each kind of conclusion and one without, and
    one attendee of each kind; its minutes and the officers' note on the proposal from tests/documents/paragraphs.py."""
    meeting.minutes = "\n\n".join(article[:4])
    meeting.next_steps = NEXT_STEPS
    meeting.save()
    proposed = filed_issue(State.PROPOSAL, title="배달로봇의 보도 통행 허용")  # proposed as "보도 통행 허용"
    reviewed = filed_issue(State.CONSULTATION, title="드론 배송의 야간 비행 허용", contact_phone="010-9999-0000")
    solved = filed_issue(State.DISCOVERY, title="공유 킥보드 주차 구역 지정")
    pending = filed_issue(State.DISCOVERY, title="원격 약사 상담 허용")
    first = on_agenda(meeting, proposed, Conclusion.PROPOSE, note=article[4])
    first.public_note = "간담회 논의 내용을 반영하여 정부에 건의하기로 하였습니다."
    first.save()
    on_agenda(meeting, reviewed, Conclusion.REVIEW, note="관계 부처 의견을 조회한 뒤 건의 범위를 결정")
    on_agenda(meeting, solved, Conclusion.SOLVED, note="서울시 자체 지침 개정으로 해소")
    on_agenda(meeting, pending)
    Attendee.objects.create(meeting=meeting, role=Attendee.Role.COMPANY, company=proposed.company,
                            contact=proposed.contact, name=proposed.contact.name, position="대표")
    Attendee.objects.create(meeting=meeting, role=Attendee.Role.ORGANIZATION,
                            organization=Organization.objects.create(name="한국로봇산업협회"))
    Attendee.objects.create(meeting=meeting, role=Attendee.Role.EXPERT, user=make_expert(), name="한도윤",
                            position="변호사")
    Attendee.objects.create(meeting=meeting, role=Attendee.Role.CITY_STAFF, user=make_officer("staff"),
                            name="이수민", position="서울기업지원센터 규제혁신 담당")
    meeting.agenda_issues = {"proposed": proposed, "reviewed": reviewed, "solved": solved, "pending": pending}
    return meeting


def report_url(meeting, extension):
    return reverse("admin:meetings_meeting_result_report", args=[meeting.pk, extension])


def download(client, user, meeting, extension):
    client.force_login(user)
    response = client.get(report_url(meeting, extension))
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def contact_details(meeting) -> list[str]:
    """Every e-mail address and phone number the meeting's people have: none may be in the report."""
    details = [PHONE, "010-9999-0000"]
    for issue in meeting.agenda_issues.values():
        details += [issue.filer_email, issue.contact.email, issue.contact.phone]
    details += [a.user.email for a in meeting.attendees.filter(user__isnull=False)]
    return [d for d in details if d]


# --- Who may download it ----------------------------------------------------------------------------------
# The roles that read meetings (SPEC.md, CONTRACT.md): officers everything on meetings; officials read
# them; experts do not see meetings at all; staff without a role nothing.

@pytest.mark.parametrize("extension", ["pdf", "hwpx"])
@pytest.mark.parametrize(("who", "expected"), [
    ("officer", 200), ("official", 200), ("superuser", 200), ("expert", 403), ("no role", 403),
])
def test_the_roles_that_read_meetings_download_it_and_no_other(client, held, extension, who, expected):
    user = {
        "officer": make_officer, "official": make_official, "expert": make_expert,
        "superuser": lambda: make_user("root", is_superuser=True, is_staff=True),
        "no role": lambda: make_user("clerk", is_staff=True),
    }[who]()
    client.force_login(user)

    response = client.get(report_url(held, extension))

    assert response.status_code == expected
    assert AccessLog.objects.filter(kind=AccessLog.Kind.MEETING_REPORT).count() == (1 if expected == 200 else 0)


def test_someone_not_logged_in_is_sent_to_the_login_page(client, held):
    response = client.get(report_url(held, "pdf"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_an_unknown_format_is_not_found(client, held):
    client.force_login(make_officer())
    assert client.get(report_url(held, "docx")).status_code == 404


@pytest.mark.parametrize("make", [make_officer, make_official], ids=["officer", "official"])
def test_the_meeting_page_links_both_files(client, held, make):
    client.force_login(make())

    page = client.get(reverse("admin:meetings_meeting_change", args=[held.pk])).content.decode()

    assert report_url(held, "hwpx") in page and "결과 보고 (HWPX)" in page
    assert report_url(held, "pdf") in page and "결과 보고 (PDF)" in page


def test_before_the_meeting_there_is_nothing_to_report(client):
    coming = Meeting.objects.create(title="로봇 분야 현장 간담회", starts_at=timezone.now() + timedelta(days=7))
    client.force_login(make_officer())

    page = client.get(reverse("admin:meetings_meeting_change", args=[coming.pk])).content.decode()
    response = client.get(report_url(coming, "pdf"), follow=True)

    assert report_url(coming, "pdf") not in page and report_url(coming, "hwpx") not in page
    assert "결과 보고: 간담회 시작 후" in page
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("admin:meetings_meeting_change", args=[coming.pk])
    assert "아직 보고할 내용이 없습니다" in response.content.decode()
    assert not AccessLog.objects.filter(kind=AccessLog.Kind.MEETING_REPORT).exists()


@pytest.mark.parametrize(("extension", "content_type", "disposition"), [
    ("pdf", "application/pdf", "inline"), ("hwpx", "application/hwp+zip", "attachment"),
])
def test_the_file_is_named_after_the_meeting(client, held, extension, content_type, disposition):
    client.force_login(make_officer())

    response = client.get(report_url(held, extension))

    assert response["Content-Type"] == content_type
    name = f"2024-03-28 규제혁신 현장 간담회 결과 보고.{extension}"
    assert response["Content-Disposition"] == f"{disposition}; filename*=utf-8''{quote(name)}"


def test_officers_write_the_next_steps_with_the_minutes(client, held):
    client.force_login(make_officer())
    page = client.get(reverse("admin:meetings_meeting_change", args=[held.pk])).content.decode()
    assert 'name="next_steps"' in page and "향후 계획" in page


# --- What it says -------------------------------------------------------------------------------------------


def test_it_says_who_attended_by_kind_what_was_concluded_and_what_follows(held, article):
    report = result_report.result_report(held, viewer=make_officer())

    assert report.title == TITLE
    assert report.when == "2024. 3. 28.(목) 14:00~16:00"
    assert (report.venue, report.address, report.host) == ("서울파트너스하우스", "서울 용산구 한남대로 138",
                                                          "서울시 경제정책과")
    assert (report.city, report.centre) == ("서울특별시", "서울기업지원센터")
    assert report.made_on == timezone.localdate()
    assert [(g.label, [(p.organisation, p.name, p.position) for p in g.people]) for g in report.attendee_groups] == [
        ("기업", [(held.agenda_issues["proposed"].company.name, "김민지", "대표")]),
        ("기관·단체", [("한국로봇산업협회", "", "")]),
        ("전문가", [("", "한도윤", "변호사")]),
        ("서울시", [("", "이수민", "서울기업지원센터 규제혁신 담당")]),
    ]
    assert [(r.issue.title, r.conclusion, r.discussion, r.next_step) for r in report.items] == [
        ("배달로봇의 보도 통행 허용", "정부 건의", article[4], "정부 건의(과학기술정보통신부)"),
        ("드론 배송의 야간 비행 허용", "추가 검토", "관계 부처 의견을 조회한 뒤 건의 범위를 결정",
         "추가 협의·검토 후 건의 여부 결정"),
        ("공유 킥보드 주차 구역 지정", "자체 해결", "서울시 자체 지침 개정으로 해소", "종결(개선 완료)"),
        ("원격 약사 상담 허용", "", "", "결론 보류: 추후 재논의"),
    ]
    assert report.items[0].public_note == "간담회 논의 내용을 반영하여 정부에 건의하기로 하였습니다."
    assert report.agenda_line == "과제 4건 (정부 건의 1건, 추가 검토 1건, 자체 해결 1건, 결론 없음 1건)"
    assert report.minutes == "\n\n".join(article[:4])
    assert report.next_steps == NEXT_STEPS


def test_an_official_reads_the_proposals_only_without_the_officers_notes_or_the_companies_people(held):
    report = result_report.result_report(held, viewer=make_official())

    # Officials read the issues on their way to the government (selectors.visible_issues), the public
    # note but not the officers' note (roles.SEES), and a company's representative is the filer's contact.
    assert [(r.issue.title, r.discussion, r.public_note) for r in report.items] == [
        ("배달로봇의 보도 통행 허용", "", "간담회 논의 내용을 반영하여 정부에 건의하기로 하였습니다."),
    ]
    assert report.agenda_line == "과제 1건 (정부 건의 1건)"
    companies = report.attendee_groups[0]
    assert [(p.organisation, p.name, p.position) for p in companies.people] == [
        (held.agenda_issues["proposed"].company.name, "", "")]


# --- The PDF, read by poppler -------------------------------------------------------------------------------


def test_the_pdf_has_every_section_and_no_word_broken_across_lines(client, held, article):
    data = download(client, make_officer(), held, "pdf")

    lines = readers.pdf_lines(data)
    text = "\n".join(lines)
    for section in SECTIONS:
        assert section in lines
    for expected in ["서울특별시 서울기업지원센터", TITLE, "2024. 3. 28.(목) 14:00~16:00", "서울파트너스하우스",
                     "한국로봇산업협회", "한도윤", "김민지", "배달로봇의 보도 통행 허용",
                     "정부 건의(과학기술정보통신부)", "종결(개선 완료)", "결론 보류: 추후 재논의",
                     "간담회 논의 내용을 반영하여"]:
        assert expected in text, expected
    # The minutes and the long note wrap over many lines: each line ends between two words.
    flat = " ".join(text.split())
    for paragraph in [*article[:5], *NEXT_STEPS.splitlines()]:
        assert " ".join(paragraph.split()) in flat
    readers.assert_words_whole(lines, [*article[:5], NEXT_STEPS])
    info = readers.pdf_info(data)
    assert (info["Title"], info["Author"]) == (TITLE, "서울기업지원센터")
    for detail in contact_details(held):
        assert detail not in text


def test_the_officials_pdf_leaves_out_what_they_may_not_read(client, held, article):
    text = "\n".join(readers.pdf_lines(download(client, make_official(), held, "pdf")))

    assert "배달로봇의 보도 통행 허용" in text
    for hidden in ["드론 배송의 야간 비행 허용", "공유 킥보드 주차 구역 지정", "원격 약사 상담 허용", "김민지"]:
        assert hidden not in text
    assert " ".join(article[4].split()[:6]) not in " ".join(text.split())
    for detail in contact_details(held):
        assert detail not in text


# --- The HWPX, read by openhanji -----------------------------------------------------------------------------


def test_the_hwpx_cells_hold_the_data(client, held):
    data = download(client, make_officer(), held, "hwpx")

    tables = readers.hwpx_tables(data)
    overview, attendees, *items, steps = tables
    assert overview == [
        ["일시", "2024. 3. 28.(목) 14:00~16:00"],
        ["장소", "서울파트너스하우스\n서울 용산구 한남대로 138"],
        ["주최", "서울시 경제정책과"],
        ["주관", "서울기업지원센터"],
        ["분야", "인공지능(AI)"],
        ["안건", "과제 4건 (정부 건의 1건, 추가 검토 1건, 자체 해결 1건, 결론 없음 1건)"],
    ]
    company = held.agenda_issues["proposed"].company.name
    assert attendees == [
        ["구분", "소속", "성명", "직위"],
        ["기업 (1)", company, "김민지", "대표"],
        ["기관·단체 (1)", "한국로봇산업협회"],  # no one named: the organisation across the row
        ["전문가 (1)", "—", "한도윤", "변호사"],
        ["서울시 (1)", "—", "이수민", "서울기업지원센터 규제혁신 담당"],
    ]
    assert len(items) == 4
    assert items[0] == [
        ["개선 방안", "보도 통행 허용"],
        ["논의 내용", held.agenda.get(issue=held.agenda_issues["proposed"]).conclusion_note],
        ["결론", "정부 건의"],
        ["기업 안내", "간담회 논의 내용을 반영하여 정부에 건의하기로 하였습니다."],
    ]
    assert steps == [
        ["번호", "과제", "결론", "향후 조치"],
        ["1", "배달로봇의 보도 통행 허용", "정부 건의", "정부 건의(과학기술정보통신부)"],
        ["2", "드론 배송의 야간 비행 허용", "추가 검토", "추가 협의·검토 후 건의 여부 결정"],
        ["3", "공유 킥보드 주차 구역 지정", "자체 해결", "종결(개선 완료)"],
        ["4", "원격 약사 상담 허용", "결론 없음", "결론 보류: 추후 재논의"],
    ]


def test_the_hwpx_text_has_every_section_and_says_what_it_is(client, held, article):
    data = download(client, make_officer(), held, "hwpx")

    text = readers.hwpx_text(data)
    paragraphs = readers.hwpx_paragraphs(data)
    assert paragraphs[:2] == ["서울특별시 서울기업지원센터", TITLE]
    for section in SECTIONS:
        assert section in paragraphs
    for paragraph in [*article[:4], *NEXT_STEPS.splitlines()]:
        assert paragraph.strip() in paragraphs
    metadata = readers.hwpx_metadata(data)
    assert (metadata["title"], metadata["creator"], metadata["lastsaveby"]) == (TITLE, "서울기업지원센터",
                                                                               "서울기업지원센터")
    assert timezone.now() - metadata["created"] < timedelta(minutes=5)
    for detail in contact_details(held):
        assert detail not in text


def test_the_officials_hwpx_leaves_out_what_they_may_not_read(client, held):
    data = download(client, make_official(), held, "hwpx")

    text = readers.hwpx_text(data)
    _overview, attendees, *_, steps = readers.hwpx_tables(data)
    assert attendees == [
        ["구분", "소속", "성명", "직위"],
        ["기업 (1)", held.agenda_issues["proposed"].company.name],
        ["기관·단체 (1)", "한국로봇산업협회"],
        ["전문가 (1)", "—", "한도윤", "변호사"],
        ["서울시 (1)", "—", "이수민", "서울기업지원센터 규제혁신 담당"],
    ]
    assert steps == [["번호", "과제", "결론", "향후 조치"],
                     ["1", "배달로봇의 보도 통행 허용", "정부 건의", "정부 건의(과학기술정보통신부)"]]
    assert "드론 배송의 야간 비행 허용" not in text and "김민지" not in text and "논의 내용\t" not in text


def test_in_english_the_report_speaks_english_and_the_centre_its_english_name(client, held):
    client.force_login(make_officer())
    with translation.override("en"):
        response = client.get(report_url(held, "hwpx"), HTTP_ACCEPT_LANGUAGE="en")
    data = b"".join(response.streaming_content)

    metadata = readers.hwpx_metadata(data)
    assert (metadata["title"], metadata["creator"]) == ("규제혁신 현장 간담회: result report",
                                                        "Seoul Business Support Center")
    paragraphs = readers.hwpx_paragraphs(data)
    assert "1. Overview" in paragraphs and "5. Next steps" in paragraphs
    assert re.search(r"filename\*=utf-8''2024-03-28%20.*result%20report\.hwpx", response["Content-Disposition"])


# --- The demo ----------------------------------------------------------------------------------------------


def test_the_demo_meeting_reports_its_minutes_and_next_steps(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())

    meeting = Meeting.objects.get(title="규제혁신 현장 간담회")
    report = result_report.result_report(meeting, viewer=make_officer())

    assert len(report.items) == 9
    assert report.agenda_line == "과제 9건 (정부 건의 5건, 추가 검토 3건, 결론 없음 1건)"
    assert report.items[0].public_note == "간담회 논의 내용을 반영하여 보건복지부에 정부 건의하였습니다."
    assert "최판규" in report.minutes and len(report.minutes.splitlines()) >= 8
    assert "건의서" in report.next_steps
    lines = readers.pdf_lines(result_report.report_pdf(report))
    readers.assert_words_whole(lines, [report.minutes, report.next_steps, *(r.discussion for r in report.items)])
    text = "\n".join(lines)
    assert "펫나우" in text and "@" not in text and "010-" not in text
