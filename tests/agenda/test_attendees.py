"""Recording who sat at the table: the agenda's filers added as attendees in one press, the contact picker
narrowed to the row's company (with the contact's name and latest position), a contact of another company
refused, and officers picking experts and city staff from the staff accounts."""

import pytest
from django.urls import reverse

from companies.models import Company, Contact
from issues.agenda import attendees
from issues.workflow import NotPermitted, State
from meetings.models import Attendee
from tests.admin.conftest import form_on_page
from tests.base import make_expert, make_official

from .conftest import filed_issue, make_meeting, on_agenda

pytestmark = pytest.mark.django_db
CONTACTS = reverse("admin:meetings_meeting_attendee_contacts")
Role = Attendee.Role


def change_page(meeting):
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def add_filers(meeting):
    return reverse("admin:meetings_meeting_add_filers", args=[meeting.pk])


@pytest.fixture
def companies(meeting):
    """펫나우 and 다윈케이에스 on the agenda, each filed by its contact; 펫나우's contact sat at an earlier
    meeting as 대표, and 다윈케이에스 has a second contact."""
    petnow = filed_issue(State.CONSULTATION, company_name="펫나우", contact_name="이준호",
                         contact_email="ceo@petnow.example.com", title="반려동물 비문 인식 등록 허용")
    darwin = filed_issue(State.DISCOVERY, company_name="다윈케이에스", contact_name="최수진",
                         contact_email="sj@darwin.example.com", title="AI 영상분석 개인정보 가명처리 기준")
    Contact.objects.create(company=darwin.company, name="정민수", email="ms@darwin.example.com")
    earlier = make_meeting("바이오 분야 간담회", at="2023-11-02 10:00", until="")
    Attendee.objects.create(meeting=earlier, role=Role.COMPANY, company=petnow.company, contact=petnow.contact,
                            name="이준호", position="대표")
    on_agenda(meeting, petnow, position=1)
    on_agenda(meeting, darwin, position=2)
    return {"petnow": petnow, "darwin": darwin}


def rows(meeting):
    return list(meeting.attendees.order_by("pk").values_list("role", "company__name", "contact__name", "name",
                                                               "position"))


# --- The agenda's filers in one press ------------------------------------------------------------------------


def test_the_agendas_companies_are_added_with_their_contact_in_agenda_order(meeting, officer, companies):
    result = attendees.add_agenda_filers(meeting, by=officer)

    assert rows(meeting) == [(Role.COMPANY, "펫나우", "이준호", "이준호", "대표"),
                             (Role.COMPANY, "다윈케이에스", "최수진", "최수진", "")]
    assert [a.company.name for a in result.added] == ["펫나우", "다윈케이에스"]
    assert result.attending == [] and result.unlinked == []


def test_a_company_attending_already_is_left_as_the_officer_set_it(meeting, officer, companies):
    darwin = companies["darwin"].company
    Attendee.objects.create(meeting=meeting, role=Role.COMPANY, company=darwin,
                            contact=darwin.contacts.get(name="정민수"), name="정민수", position="CTO")

    result = attendees.add_agenda_filers(meeting, by=officer)

    assert rows(meeting) == [(Role.COMPANY, "다윈케이에스", "정민수", "정민수", "CTO"),
                             (Role.COMPANY, "펫나우", "이준호", "이준호", "대표")]
    assert result.attending == [companies["darwin"]]
    # Pressed again: nobody is added twice.
    assert attendees.add_agenda_filers(meeting, by=officer).added == []
    assert meeting.attendees.count() == 2


def test_two_issues_of_one_company_make_one_row(meeting, officer, companies):
    petnow = companies["petnow"]
    again = filed_issue(State.DISCOVERY, business_number=petnow.company.business_number, company_name="펫나우",
                        contact_email="ceo@petnow.example.com", title="동물병원 원격 상담 허용")
    # A known business number links nothing until the officer accepts the match: linked here by hand.
    again.company, again.contact = petnow.company, petnow.contact
    again.save(update_fields=["company", "contact"])
    on_agenda(meeting, again, position=3)

    attendees.add_agenda_filers(meeting, by=officer)

    assert [r[1] for r in rows(meeting)] == ["펫나우", "다윈케이에스"]


def test_an_issue_linked_to_no_company_yet_is_reported_not_added(meeting, officer, companies):
    unmatched = filed_issue(State.DISCOVERY, business_number=companies["petnow"].company.business_number,
                            company_name="펫나우", contact_email="new@petnow.example.com", title="반려동물 보험")
    assert unmatched.company is None  # the officer has not decided the match yet
    on_agenda(meeting, unmatched, position=3)

    result = attendees.add_agenda_filers(meeting, by=officer)

    assert result.unlinked == [unmatched]
    assert [r[1] for r in rows(meeting)] == ["펫나우", "다윈케이에스"]


@pytest.mark.parametrize("make", [make_expert, make_official], ids=["expert", "official"])
def test_only_officers_add_the_filers(meeting, companies, make):
    with pytest.raises(NotPermitted):
        attendees.add_agenda_filers(meeting, by=make())
    assert meeting.attendees.count() == 0


def test_the_meeting_page_button_adds_them_and_says_who(client, meeting, officer, companies):
    client.force_login(officer)
    page = client.get(change_page(meeting)).content.decode()
    assert add_filers(meeting) in page and "안건 신청 기업을 참석자로 추가" in page

    response = client.post(add_filers(meeting), follow=True)

    assert response.redirect_chain == [(change_page(meeting), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "안건에서 참석자 2명을 추가했습니다: 펫나우 (이준호), 다윈케이에스 (최수진)."]
    response = client.post(add_filers(meeting), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "안건의 기업이 모두 이미 참석자에 있어 추가하지 않았습니다."]
    assert meeting.attendees.count() == 2


def test_a_get_of_the_button_adds_nothing_and_others_are_refused(client, meeting, officer, companies):
    client.force_login(officer)
    assert client.get(add_filers(meeting)).status_code == 302
    client.force_login(make_official())
    assert client.post(add_filers(meeting)).status_code == 403
    assert meeting.attendees.count() == 0


# --- The contact picker -------------------------------------------------------------------------------------


def picked(client, **query):
    response = client.get(CONTACTS, {"app_label": "meetings", "model_name": "attendee", "field_name": "contact",
                                     **query})
    assert response.status_code == 200, response
    return [(r["text"], r["name"], r["position"], r["company_name"]) for r in response.json()["results"]]


def test_the_contact_picker_offers_the_contacts_of_the_rows_company_only(client, officer, companies):
    client.force_login(officer)
    darwin, petnow = companies["darwin"].company, companies["petnow"].company

    assert picked(client, company=darwin.pk) == [("정민수 (다윈케이에스)", "정민수", "", "다윈케이에스"),
                                                 ("최수진 (다윈케이에스)", "최수진", "", "다윈케이에스")]
    # The contact's position is the one they had at their latest meeting.
    assert picked(client, company=petnow.pk) == [("이준호 (펫나우)", "이준호", "대표", "펫나우")]
    assert picked(client, company=darwin.pk, term="정민") == [("정민수 (다윈케이에스)", "정민수", "", "다윈케이에스")]
    # No company chosen yet: every contact, each with its company.
    assert {r[0] for r in picked(client)} == {"정민수 (다윈케이에스)", "최수진 (다윈케이에스)", "이준호 (펫나우)"}
    assert picked(client, company="abc") == []


def test_the_contact_picker_answers_officers_only(client, companies):
    query = {"app_label": "meetings", "model_name": "attendee", "field_name": "contact"}
    client.force_login(make_expert())
    assert client.get(CONTACTS, query).status_code == 403
    client.force_login(make_official())
    assert client.get(CONTACTS, query).status_code == 403


def test_officers_pick_experts_and_city_staff_from_the_staff_accounts(client, officer):
    expert = make_expert(first_name="도윤", last_name="한")
    client.force_login(officer)

    response = client.get(reverse("admin:autocomplete"), {"app_label": "meetings", "model_name": "attendee",
                                                           "field_name": "user", "term": "도윤"})

    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(expert.pk)]


# --- The server refuses a contact of another company ---------------------------------------------------------


def post_attendee(client, meeting, **row):
    url = change_page(meeting)
    data = form_on_page(client.get(url), "meeting_form")
    data.update({"attendees-TOTAL_FORMS": "1", **{f"attendees-0-{k}": v for k, v in row.items()}})
    return client.post(url, data)


def test_a_contact_of_another_company_is_refused_with_both_names(client, meeting, officer, companies):
    client.force_login(officer)
    petnow, darwin = companies["petnow"].company, companies["darwin"].company

    response = post_attendee(client, meeting, role=Role.COMPANY, company=petnow.pk,
                             contact=darwin.contacts.get(name="최수진").pk, name="최수진", position="팀장")

    assert response.status_code == 200
    content = response.content.decode()
    assert ("최수진 님은 다윈케이에스의 연락 담당자로, 펫나우의 연락 담당자가 아닙니다. "
            "펫나우의 연락 담당자를 고르거나 기업을 "
            "바꾸십시오.") in content
    # What was typed stays on the page, and nothing was saved.
    assert 'value="팀장"' in content
    assert meeting.attendees.count() == 0


def test_a_contact_without_a_company_brings_its_company(client, meeting, officer, companies):
    client.force_login(officer)
    contact = companies["petnow"].contact

    response = post_attendee(client, meeting, role=Role.COMPANY, contact=contact.pk, name="이준호")

    assert response.status_code == 302
    assert rows(meeting) == [(Role.COMPANY, "펫나우", "이준호", "이준호", "")]
    assert Company.objects.filter(name="펫나우").count() == 1


def test_the_button_names_the_issues_it_could_not_add(client, meeting, officer, companies):
    unmatched = filed_issue(State.DISCOVERY, business_number=companies["petnow"].company.business_number,
                            company_name="펫나우", contact_email="new@petnow.example.com", title="반려동물 보험")
    on_agenda(meeting, unmatched, position=3)
    attendees.add_agenda_filers(meeting, by=officer)
    client.force_login(officer)

    response = client.post(add_filers(meeting), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        f"기업이 아직 연결되지 않아 추가하지 않았습니다: {unmatched.number}. "
        "먼저 과제 페이지에서 신청인을 기업과 연결하십시오."]
