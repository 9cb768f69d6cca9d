"""Meetings over time: per year, each meeting with the issues it discussed, found, saw proposed and solved,
filtered by year and field, in the same number of queries however many meetings there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Field
from issues import services
from issues.agenda import reports
from issues.workflow import Resolution, State

from .conftest import filed_issue, make_meeting, on_agenda

pytestmark = pytest.mark.django_db
OVERVIEW = "admin:meetings_meeting_overview"


def counts(meeting) -> tuple:
    return meeting.discussed, meeting.found, meeting.proposed, meeting.solved


@pytest.fixture
def meetings(officer):
    """March 2024 (AI, bio): four issues, two proposed, one solved. June 2024 (robots): the proposed one again
    (found in March) and a new one, answered since. November 2023 (AI): nothing on the agenda yet."""
    march = make_meeting("AI·바이오 현장 간담회", at="2024-03-28 14:00", fields=("ai", "bio"))
    june = make_meeting("로봇 분야 현장 간담회", at="2024-06-20 15:00", until="2024-06-20 17:00", fields=("robotics",))
    november = make_meeting("AI 규제혁신 포럼", at="2023-11-10 10:00", until="", fields=("ai",), kind="forum")

    waiting = filed_issue(State.DISCOVERY)
    proposed = filed_issue(State.PROPOSAL)
    solved = filed_issue(State.CLOSED)  # through the proposal and the answer, closed as improved
    dropped = filed_issue(State.DISCOVERY)
    services.move_issue(dropped, State.CLOSED, by=officer, resolution=Resolution.OUT_OF_SCOPE)
    answered = filed_issue(State.FOLLOW_UP)

    for issue in (waiting, proposed, solved, dropped):
        on_agenda(march, issue)
    on_agenda(june, proposed)
    on_agenda(june, answered)
    return {"march": march, "june": june, "november": november}


def test_each_meeting_counts_what_its_agenda_became(meetings):
    found = {m.pk: counts(m) for m in reports.meeting_outcomes()}

    assert found[meetings["march"].pk] == (4, 4, 2, 1)
    assert found[meetings["june"].pk] == (2, 1, 2, 0)
    assert found[meetings["november"].pk] == (0, 0, 0, 0)


def test_it_filters_by_year_and_field(meetings):
    def titles(**filters):
        return [m.title for m in reports.meeting_outcomes(**filters)]

    assert titles(year=2024) == ["로봇 분야 현장 간담회", "AI·바이오 현장 간담회"]
    assert titles(field=Field.objects.get(code="ai")) == ["AI·바이오 현장 간담회", "AI 규제혁신 포럼"]
    assert titles(year=2024, field=Field.objects.get(code="robotics")) == ["로봇 분야 현장 간담회"]
    assert titles(year=2022) == []
    # A meeting of several fields is counted once, not once per field.
    (march,) = reports.meeting_outcomes(field=Field.objects.get(code="bio"))
    assert counts(march) == (4, 4, 2, 1)


def test_the_page_lists_the_meetings_per_year_with_totals(client, officer, meetings):
    client.force_login(officer)

    response = client.get(reverse(OVERVIEW))

    assert response.status_code == 200
    years = response.context["years"]
    assert [y["year"] for y in years] == [2024, 2023]
    assert years[0]["totals"] == {"discussed": 6, "found": 5, "proposed": 4, "solved": 1}
    page = response.content.decode()
    assert "AI·바이오 현장 간담회" in page and "AI 규제혁신 포럼" in page

    filtered = client.get(reverse(OVERVIEW), {"year": "2023"})
    assert [y["year"] for y in filtered.context["years"]] == [2023]
    robots = client.get(reverse(OVERVIEW), {"field": Field.objects.get(code="robotics").pk})
    assert [m.title for y in robots.context["years"] for m in y["meetings"]] == ["로봇 분야 현장 간담회"]


def test_the_page_takes_the_same_queries_for_more_meetings(client, officer, meetings):
    client.force_login(officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(OVERVIEW)).status_code == 200
        return len(captured)

    before = queries()
    for day in range(1, 8):
        meeting = make_meeting(f"추가 간담회 {day}", at=f"2022-05-{day:02d} 10:00", until="", fields=("ai", "fintech"))
        on_agenda(meeting, filed_issue(State.DISCOVERY))
    assert queries() == before
