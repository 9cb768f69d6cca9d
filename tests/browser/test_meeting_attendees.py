"""Recording a meeting's attendees in Chromium at 1366 px: the agenda's filers in one press; a row's contact
picker offers only the contacts of the row's company and fills the row's name and position; changing the
company clears a contact of another company; an officer picks an expert from the staff accounts."""

import re

import pytest
from django.urls import reverse

from companies.models import Contact
from issues.workflow import State
from meetings.models import Attendee
from tests.agenda.conftest import make_meeting, on_agenda
from tests.base import business_number, make_expert, make_issue, make_officer, ministry

from .conftest import login, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]

PASSWORD = "roundtable-2024-03-28"
Role = Attendee.Role


@pytest.fixture
def agenda():
    officer = make_officer(first_name="수민", last_name="이", password=PASSWORD)
    expert = make_expert(first_name="도윤", last_name="한")
    petnow = make_issue(State.CONSULTATION, by=officer, title="반려동물 비문 인식 등록 허용", company_name="펫나우",
                        contact_name="이준호", business_number=business_number(),
                        contact_email="ceo@petnow.example.com", ministry=ministry())
    darwin = make_issue(State.DISCOVERY, title="AI 영상분석 가명처리 기준", company_name="다윈케이에스",
                        contact_name="최수진", business_number=business_number(), contact_email="sj@darwin.example.com")
    cto = Contact.objects.create(company=darwin.company, name="정민수", email="ms@darwin.example.com")
    earlier = make_meeting("바이오 분야 간담회", at="2023-11-02 10:00", until="")
    Attendee.objects.create(meeting=earlier, role=Role.COMPANY, company=darwin.company, contact=cto, name="정민수",
                            position="기술이사")
    meeting = make_meeting()
    on_agenda(meeting, petnow, position=1)
    on_agenda(meeting, darwin, position=2)
    return {"meeting": meeting, "petnow": petnow, "darwin": darwin, "expert": expert}


def pick(page, cell, term: str, option):
    """Choose `option` in the autocomplete of `cell` (a table cell), searching `term`."""
    cell.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=option).click()


def offered(page, cell) -> list[str]:
    """The options the autocomplete of `cell` offers before anything is typed (closed again after)."""
    cell.locator(".select2-selection").click()
    options = page.locator(".select2-container--open .select2-results__option:not(.loading-results)")
    options.first.wait_for()
    texts = options.all_inner_texts()
    page.keyboard.press("Escape")
    return texts


def new_row(page):
    page.locator("#attendees-group tr.add-row a").click()
    return page.locator("#attendees-group tr.dynamic-attendees").last


def test_an_officer_records_the_attendees_in_a_few_moves(new_page, live_server, agenda):
    meeting = agenda["meeting"]
    change_url = live_server.url + reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = new_page(width=1366)
    login(page, live_server, "officer", PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(change_url)
    screenshot(page, "meeting-attendees-1-page")

    # The agenda's two companies, with their contacts, in one press.
    page.get_by_role("button", name="안건 신청 기업을 참석자로 추가").click()
    page.wait_for_url(change_url)
    assert "안건에서 참석자 2명을 추가했습니다: 펫나우 (이준호), 다윈케이에스 (최수진)." in page.locator(
        ".messagelist").inner_text()
    assert list(meeting.attendees.order_by("pk").values_list("company__name", "contact__name", "name")) == [
        ("펫나우", "이준호", "이준호"), ("다윈케이에스", "최수진", "최수진")]
    screenshot(page, "meeting-attendees-2-filers-added")

    # 다윈케이에스's CTO too: the picker offers 다윈케이에스's contacts only, and fills the row.
    row = new_row(page)
    row.locator("td.field-role select").select_option(Role.COMPANY)
    pick(page, row.locator("td.field-company"), "다윈", "다윈케이에스")
    assert offered(page, row.locator("td.field-contact")) == ["정민수 (다윈케이에스)", "최수진 (다윈케이에스)"]
    pick(page, row.locator("td.field-contact"), "정민", "정민수 (다윈케이에스)")
    assert row.locator("td.field-name input").input_value() == "정민수"
    assert row.locator("td.field-position input").input_value() == "기술이사"
    screenshot(page, "meeting-attendees-3-contact-filled")

    # A company changed afterwards: its contact of the other company is cleared, not saved with it.
    pick(page, row.locator("td.field-company"), "펫나우", "펫나우")
    assert row.locator("td.field-contact select").input_value() == ""
    pick(page, row.locator("td.field-company"), "다윈", "다윈케이에스")
    pick(page, row.locator("td.field-contact"), "정민", "정민수 (다윈케이에스)")

    # An expert of the advisory group, from the staff accounts (no 403 for officers).
    row = new_row(page)
    row.locator("td.field-role select").select_option(Role.EXPERT)
    # Shown by login or by full name, whichever the accounts' picker shows.
    pick(page, row.locator("td.field-user"), "도윤", re.compile("expert|도윤"))
    row.locator("td.field-name input").fill("한도윤")
    row.locator("td.field-position input").fill("서울규제혁신지원단 자문위원(변호사)")
    screenshot(page, "meeting-attendees-4-expert")

    page.locator('input[name="_continue"]').click()
    page.wait_for_url(change_url)
    assert page.locator(".errornote").count() == 0
    screenshot(page, "meeting-attendees-5-saved")
    # Every column fits the laptop's screen: nothing hides behind a sideways scroll.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366
    assert list(meeting.attendees.order_by("pk").values_list("role", "company__name", "contact__name", "user__username",
                                                             "name", "position")) == [
        (Role.COMPANY, "펫나우", "이준호", None, "이준호", ""),
        (Role.COMPANY, "다윈케이에스", "최수진", None, "최수진", ""),
        (Role.COMPANY, "다윈케이에스", "정민수", None, "정민수", "기술이사"),
        (Role.EXPERT, None, None, "expert", "한도윤", "서울규제혁신지원단 자문위원(변호사)"),
    ]


def test_a_contact_of_another_company_is_refused_on_the_page(new_page, live_server, agenda):
    """Without the picker's help (a contact chosen before the company was changed by hand, say), the server
    says what is wrong and keeps the row."""
    meeting, darwin = agenda["meeting"], agenda["darwin"]
    change_url = live_server.url + reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = new_page(width=1366)
    login(page, live_server, "officer", PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(change_url)

    row = new_row(page)
    row.locator("td.field-role select").select_option(Role.COMPANY)
    pick(page, row.locator("td.field-company"), "펫나우", "펫나우")
    # The picker offers 펫나우's contact only; a contact of 다윈케이에스 is put in by hand.
    assert offered(page, row.locator("td.field-contact")) == ["이준호 (펫나우)"]
    row.locator("td.field-contact select").evaluate(
        "(select, id) => { select.append(new Option('최수진', id, true, true)); }", str(darwin.contact_id))
    page.locator('input[name="_continue"]').click()
    page.wait_for_load_state()

    assert ("최수진 님은 다윈케이에스의 연락 담당자로, 펫나우의 연락 담당자가 아닙니다. "
            "펫나우의 연락 담당자를 고르거나 기업을 "
            "바꾸십시오.") in page.locator("#attendees-group").inner_text()
    screenshot(page, "meeting-attendees-6-refused")
    assert meeting.attendees.count() == 0
