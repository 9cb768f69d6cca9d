"""agenda.invite_attendees: one invitation per attendee who can be reached, owed through the outbox, with the
meeting as an iCalendar event attached; inviting again owes nothing new until the meeting changes."""

from datetime import timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from companies.models import Contact, Organization
from issues.agenda.invitations import invite_attendees
from issues.models import Notice
from issues.notices.render import render
from issues.workflow import NotPermitted, State
from meetings.models import Attendee
from tests.base import make_expert, make_official, make_user

from .conftest import filed_issue, on_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(meeting):
    """Around the table: two companies' contacts (one filed in English), a company without a contact, the same
    contact twice, an association with an account, an expert and city staff."""
    robots = filed_issue(State.CONSULTATION, title="배달로봇의 보도 통행 허용",
                         contact_email="minji@robots.example.com")
    drones = filed_issue(State.DISCOVERY, title="드론 배송의 야간 비행 허용", contact_email="alex@drones.example.com",
                         language="en")
    on_agenda(meeting, robots)
    on_agenda(meeting, drones)
    company = Attendee.Role.COMPANY
    Attendee.objects.bulk_create([
        Attendee(meeting=meeting, role=company, company=robots.company, contact=robots.contact, name="김민지"),
        Attendee(meeting=meeting, role=company, company=robots.company, contact=robots.contact),  # listed twice
        Attendee(meeting=meeting, role=company, company=drones.company, contact=drones.contact, name="Alex Kim"),
        Attendee(meeting=meeting, role=company, company=filed_issue().company, name="연락처 없는 대표"),
        Attendee(meeting=meeting, role=Attendee.Role.ORGANIZATION,
                 organization=Organization.objects.create(name="한국로봇산업협회"),
                 user=make_user("kar", email="office@kar.example.org")),
        Attendee(meeting=meeting, role=Attendee.Role.EXPERT, user=make_expert(email="lawyer@seoul.example.org"),
                 name="한도윤"),
        Attendee(meeting=meeting, role=Attendee.Role.CITY_STAFF, user=make_user("staff", "officer"), name="이수민"),
    ])
    return meeting


def invitations():
    return Notice.objects.filter(kind="meeting-invited")


def calendar_of(message) -> Calendar:
    (part,) = [a for a in message.attachments if getattr(a, "get_filename", lambda: "")() == "invitation.ics"]
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    return Calendar.from_ical(part.get_payload(decode=True))


def test_each_reachable_attendee_is_owed_one_invitation(table, officer):
    owed = invite_attendees(table, by=officer)

    assert len(owed) == 4
    assert sorted(invitations().values_list("recipient", flat=True)) == [
        "alex@drones.example.com", "lawyer@seoul.example.org", "minji@robots.example.com", "office@kar.example.org",
    ]
    # The contact who filed in English is written to in English; the others in Korean.
    languages = dict(invitations().values_list("recipient", "language"))
    assert languages["alex@drones.example.com"] == "en"
    assert languages["minji@robots.example.com"] == "ko" and languages["lawyer@seoul.example.org"] == "ko"
    assert all(n.context["meeting_id"] == table.pk for n in invitations())


def test_inviting_twice_owes_nothing_more_but_a_new_attendee_is_invited(table, officer):
    invite_attendees(table, by=officer)

    assert invite_attendees(table, by=officer) == []
    assert invitations().count() == 4

    robots = table.attendees.filter(role=Attendee.Role.COMPANY).first().company
    contact = Contact.objects.create(company=robots, name="박이사", email="park@robots.example.com")
    Attendee.objects.create(meeting=table, role=Attendee.Role.COMPANY, company=contact.company, contact=contact)
    (owed,) = invite_attendees(table, by=officer)
    assert owed.recipient == "park@robots.example.com"


def test_a_new_time_invites_everyone_again_with_a_higher_sequence(table, officer):
    invite_attendees(table, by=officer)
    table.starts_at += timedelta(days=7)
    table.ends_at += timedelta(days=7)
    table.save()

    owed = invite_attendees(table, by=officer)

    assert len(owed) == 4
    assert {n.context["sequence"] for n in owed} == {1}
    assert invitations().count() == 8


def test_the_message_carries_the_meeting_as_a_calendar_event(table, officer, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invite_attendees(table, by=officer)

    assert len(mail.outbox) == 4
    message = next(m for m in mail.outbox if m.to == ["minji@robots.example.com"])
    assert "규제혁신 현장 간담회" in message.subject
    assert "2024. 3. 28.(목) 14:00~16:00" in message.body
    assert "서울파트너스하우스, 서울 용산구 한남대로 138" in message.body
    assert "1. 배달로봇의 보도 통행 허용" in message.body and "2. 드론 배송의 야간 비행 허용" in message.body

    (event,) = calendar_of(message).events
    assert str(event["SUMMARY"]) == "규제혁신 현장 간담회"
    assert str(event["LOCATION"]) == "서울파트너스하우스, 서울 용산구 한남대로 138"
    assert event.start.tzinfo.key == "Asia/Seoul"
    assert (event.start.hour, event.start.minute) == (14, 0) and event.end.hour == 16
    assert event.start.date().isoformat() == "2024-03-28"
    assert "배달로봇의 보도 통행 허용" in str(event["DESCRIPTION"])
    assert str(event["ATTENDEE"]) == "mailto:minji@robots.example.com"
    # Every invitation to the meeting names the same event, so calendars update it instead of adding another.
    uids = {str(calendar_of(m).events[0]["UID"]) for m in mail.outbox}
    assert uids == {f"meeting-{table.pk}@testserver"}


def test_the_english_invitation_is_rendered_in_english(table, officer):
    invite_attendees(table, by=officer)

    message = render(invitations().get(recipient="alex@drones.example.com"))

    assert "28 Mar 2024 (Thu) 14:00–16:00" in message.body
    assert calendar_of(message).events[0]["SUMMARY"] == "규제혁신 현장 간담회"


@pytest.mark.parametrize("make", [make_expert, make_official])
def test_only_officers_invite(table, make):
    with pytest.raises(NotPermitted):
        invite_attendees(table, by=make())
    assert not invitations().exists()
