"""The meetings in the officers' workspace: the list, the page with its agenda, and the meeting's own pages
(apply the conclusions, the briefing pack, the invitations, the meetings over time), for officers only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues.models import AgendaItem, Notice
from issues.workflow import Resolution, State
from meetings.models import Attendee
from tests.admin.conftest import form_on_page
from tests.base import make_expert, make_official, make_user

from .conftest import filed_issue, make_meeting, on_agenda

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:meetings_meeting_changelist")
Conclusion = AgendaItem.Conclusion


def page(name, meeting=None):
    return reverse(f"admin:meetings_meeting_{name}", args=[meeting.pk] if meeting else [])


OWN_PAGES = ["apply", "briefing", "briefing_pdf", "invite"]


@pytest.fixture
def planned(meeting):
    """The roundtable with three issues on its agenda, one of which cannot be proposed (no ministry)."""
    ready = filed_issue(State.CONSULTATION, title="배달로봇의 보도 통행 허용")
    missing = filed_issue(State.DISCOVERY, title="드론 배송의 야간 비행 허용", with_ministry=False)
    solved = filed_issue(State.DISCOVERY, title="공유 킥보드 주차 구역 지정")
    on_agenda(meeting, ready, Conclusion.PROPOSE)
    on_agenda(meeting, missing, Conclusion.PROPOSE)
    on_agenda(meeting, solved, Conclusion.SOLVED)
    Attendee.objects.create(meeting=meeting, role=Attendee.Role.COMPANY, company=ready.company, contact=ready.contact)
    return meeting


# --- Who may do what ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", OWN_PAGES)
def test_an_officer_opens_the_meetings_own_pages(client, officer, planned, name):
    client.force_login(officer)
    assert client.get(page(name, planned)).status_code == 200
    assert client.get(page("overview")).status_code == 200


@pytest.mark.parametrize("make", [make_expert, make_official], ids=["expert", "official"])
@pytest.mark.parametrize("name", OWN_PAGES)
def test_experts_and_officials_may_not_open_them(client, planned, make, name):
    client.force_login(make())
    assert client.get(page(name, planned)).status_code == 403
    assert client.post(page(name, planned)).status_code == 403
    assert client.get(page("overview")).status_code == 403
    assert not AgendaItem.objects.filter(applied_at__isnull=False).exists()
    assert not Notice.objects.filter(kind="meeting-invited").exists()


def test_an_expert_does_not_see_the_meetings_and_an_official_only_reads_them(client, planned):
    client.force_login(make_expert())
    assert client.get(CHANGELIST).status_code == 403

    client.force_login(make_official())
    assert client.get(CHANGELIST).status_code == 200
    change = client.get(reverse("admin:meetings_meeting_change", args=[planned.pk])).content.decode()
    assert page("apply", planned) not in change and page("briefing", planned) not in change
    assert page("overview") not in client.get(CHANGELIST).content.decode()


@pytest.mark.parametrize("name", OWN_PAGES)
def test_someone_not_logged_in_is_sent_to_the_login_page(client, planned, name):
    response = client.get(page(name, planned))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_a_staff_member_without_a_role_is_refused(client, planned):
    client.force_login(make_user("clerk", is_staff=True))
    assert client.get(page("briefing", planned)).status_code == 403


# --- The list and the page -----------------------------------------------------------------------------------


def test_the_list_shows_each_meetings_agenda_and_attendees_counted(client, officer, planned):
    make_meeting("로봇 분야 현장 간담회", at="2023-06-20 15:00", fields=("robotics",))
    client.force_login(officer)

    response = client.get(CHANGELIST)

    rows = {m.title: (m.agenda_count, m.attendee_count) for m in response.context["cl"].result_list}
    assert rows == {"규제혁신 현장 간담회": (3, 1), "로봇 분야 현장 간담회": (0, 0)}
    content = response.content.decode()
    assert "서울파트너스하우스" in content
    assert page("overview") in content
    # By year: the filter offers the years that have meetings.
    assert [m.title for m in client.get(CHANGELIST, {"year": "2023"}).context["cl"].result_list] == [
        "로봇 분야 현장 간담회"]


def test_the_list_takes_the_same_queries_for_more_meetings(client, officer, planned):
    client.force_login(officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CHANGELIST).status_code == 200
        return len(captured)

    before = queries()
    for day in range(1, 8):
        meeting = make_meeting(f"추가 간담회 {day}", at=f"2024-05-{day:02d} 10:00", fields=("ai", "bio"))
        on_agenda(meeting, filed_issue(State.DISCOVERY))
        Attendee.objects.create(meeting=meeting, role=Attendee.Role.CITY_STAFF, name="이수민")
    assert queries() == before


def test_the_page_shows_the_ordered_agenda_with_each_issues_state(client, officer, planned):
    client.force_login(officer)

    content = client.get(reverse("admin:meetings_meeting_change", args=[planned.pk])).content.decode()

    positions = [content.index(title) for title in ("배달로봇의 보도 통행 허용", "드론 배송의 야간 비행 허용",
                                                    "공유 킥보드 주차 구역 지정")]
    assert positions == sorted(positions)
    assert 'class="state-badge state-consultation"' in content
    for name in ("apply", "briefing", "invite"):
        assert page(name, planned) in content


def test_an_officer_records_a_conclusion_on_the_meeting_page(client, officer, planned):
    client.force_login(officer)
    url = reverse("admin:meetings_meeting_change", args=[planned.pk])
    data = form_on_page(client.get(url), "meeting_form")
    data.update({"agenda-1-conclusion": Conclusion.NOT_PURSUED, "agenda-1-conclusion_note": "기업이 철회 의사를 밝힘"})

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    item = planned.agenda.get(position=2)
    assert (item.conclusion, item.conclusion_note) == (Conclusion.NOT_PURSUED, "기업이 철회 의사를 밝힘")


# --- Applying the conclusions and inviting from the meeting page ------------------------------------------


def test_the_officer_confirms_then_reads_what_was_done_and_what_was_refused(client, officer, planned):
    client.force_login(officer)

    confirm = client.get(page("apply", planned), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Will move: Consultation and review → Proposed to the government." in confirm
    assert "Cannot be applied:" in confirm and "A proposal needs the competent ministry." in confirm
    assert not AgendaItem.objects.filter(applied_at__isnull=False).exists()

    report = client.post(page("apply", planned), HTTP_ACCEPT_LANGUAGE="en")

    assert report.context["done_count"] == 2 and report.context["refused_count"] == 1
    content = report.content.decode()
    assert "Moved: Discovery → Closed (Improved)." in content
    assert "A proposal needs the competent ministry." in content
    states = dict(planned.agenda.values_list("issue__title", "issue__state"))
    assert states == {"배달로봇의 보도 통행 허용": State.PROPOSAL, "드론 배송의 야간 비행 허용": State.DISCOVERY,
                      "공유 킥보드 주차 구역 지정": State.CLOSED}
    assert planned.agenda.get(position=3).issue.resolution == Resolution.IMPROVED


def test_the_officer_sends_the_invitations_from_the_meeting_page(client, officer, planned):
    client.force_login(officer)
    confirm = client.get(page("invite", planned)).content.decode()
    assert planned.attendees.get().contact.email in confirm

    response = client.post(page("invite", planned), follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:meetings_meeting_change", args=[planned.pk])
    assert Notice.objects.filter(kind="meeting-invited").count() == 1
    client.post(page("invite", planned))
    assert Notice.objects.filter(kind="meeting-invited").count() == 1
