"""The issue list, its filters and search, the admin index's dashboard and ready-made views, and what
the issue page shows of an issue's past: its timeline and the duplicates merged into it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Company, Field, Organization
from issues import services
from issues.admin.filters import READY_MADE_VIEWS
from issues.models import Issue, StatusChange, TrackingCounter
from issues.workflow import State
from meetings.models import Meeting
from tests.base import business_number, intake, make_expert, make_issue, make_officer, ministry

from .conftest import CHANGELIST, form_on_page

pytestmark = pytest.mark.django_db


def label(name: str) -> str:
    """An issue field's name as the (Korean) pages show it."""
    with translation.override("ko"):
        return str(Issue._meta.get_field(name).verbose_name)


def listed(client, query="") -> list[str]:
    """The tracking numbers the list shows for `query`, in order."""
    response = client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 200
    return [issue.number for issue in response.context["cl"].result_list]


@pytest.fixture
def officer_client(client, cast):
    client.force_login(cast["officer"])
    return client


def age(issue, *, days_in_state=0, days_filed=None):
    """Pretend the issue was filed `days_filed` days ago and entered its state `days_in_state` days ago."""
    now = timezone.now()
    Issue.objects.filter(pk=issue.pk).update(
        state_changed_at=now - timedelta(days=days_in_state),
        filed_at=now - timedelta(days=days_in_state if days_filed is None else days_filed),
    )
    issue.refresh_from_db()
    return issue


# --- How many queries the list makes ------------------------------------------------------------------------


def file_in_bulk(count: int) -> None:
    """`count` more issues spread over companies, fields, ministries, assignees and states, written with
    bulk_create: valid tracking numbers (the year's counter follows) and a filing row in the history each."""
    year = timezone.localdate().year
    counter, _created = TrackingCounter.objects.get_or_create(year=year)
    companies = [Company.objects.create(name=f"스타트업 {i}", business_number=business_number()) for i in range(7)]
    fields = list(Field.objects.all()[:4]) or [None]
    ministries = list(Organization.objects.filter(kind=Organization.Kind.MINISTRY)[:4])
    assignees = [None, make_officer(), make_expert(), make_expert("expert2")]
    now = timezone.now()
    rows = []
    for i in range(counter.last + 1, counter.last + count + 1):
        state = list(State)[i % len(State)]
        rows.append(Issue(
            number=f"REG-{year}-{i:04d}", title=f"규제 애로 {i}", problem="현황 및 문제점",
            company=companies[i % len(companies)], field=fields[i % len(fields)],
            ministry=ministries[i % len(ministries)], assignee=assignees[i % len(assignees)], state=state,
            filed_at=now - timedelta(hours=i), state_changed_at=now - timedelta(days=i % 100),
            proposed_on=timezone.localdate() if state in (State.PROPOSAL, State.FOLLOW_UP) else None,
        ))
    issues = Issue.objects.bulk_create(rows)
    StatusChange.objects.bulk_create(
        StatusChange(issue=issue, to_state=State.DISCOVERY, at=issue.filed_at) for issue in issues
    )
    counter.last += count
    counter.save()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["officer", "official"])
def test_the_list_makes_as_many_queries_for_1000_issues_as_for_20(role, as_role, cast):
    client = as_role(role)
    file_in_bulk(20)
    client.get(CHANGELIST)  # once, so that per-process caches (content types, permissions) are warm

    with_20 = count_queries(client, CHANGELIST)
    file_in_bulk(980)
    with_1000 = count_queries(client, CHANGELIST)

    assert Issue.objects.count() == 1000
    assert with_20 == with_1000, f"{with_20} queries with 20 issues, {with_1000} with 1,000"
    # The page really shows more rows the second time: a full page of 50.
    assert len(client.get(CHANGELIST).context["cl"].result_list) == 50


def test_a_filtered_and_searched_list_makes_as_many_queries_for_1000_issues_as_for_20(officer_client):
    url = f"{CHANGELIST}?state=open&overdue=yes&q=규제"
    file_in_bulk(20)
    officer_client.get(url)

    with_20 = count_queries(officer_client, url)
    file_in_bulk(980)

    assert count_queries(officer_client, url) == with_20


# --- Columns, order, filters and search ---------------------------------------------------------------------


def test_the_list_shows_newest_first_with_state_badge_and_overdue_mark(officer_client):
    old = age(make_issue(title="오래된 과제"), days_in_state=settings.STATE_TARGET_DAYS["discovery"] + 3)
    new = make_issue(title="새 과제")

    response = officer_client.get(CHANGELIST)

    assert [i.number for i in response.context["cl"].result_list] == [new.number, old.number]
    page = response.content.decode()
    assert page.count('class="state-badge state-discovery"') == 2
    # Only the old one is overdue; its mark says since when it is due.
    assert page.count('class="overdue"') == 1
    assert "⚠" in page


def test_the_state_filter_shows_open_issues_or_one_state(officer_client, issue_in):
    new, proposal, closed = issue_in(State.DISCOVERY), issue_in(State.PROPOSAL), issue_in(State.CLOSED)

    assert set(listed(officer_client, "state=open")) == {new.number, proposal.number}
    assert listed(officer_client, "state=proposal") == [proposal.number]
    assert set(listed(officer_client)) == {new.number, proposal.number, closed.number}


def test_the_assignee_filter_shows_mine_or_unassigned(officer_client, cast):
    mine, unassigned = make_issue(title="내 과제"), make_issue(title="미배정 과제")
    experts = make_issue(title="전문가 과제")
    services.assign_issue(mine, cast["officer"], by=cast["officer"])
    services.assign_issue(experts, cast["expert"], by=cast["officer"])

    assert listed(officer_client, "assignee=me") == [mine.number]
    assert listed(officer_client, "assignee=none") == [unassigned.number]


def test_the_overdue_filter_uses_each_states_target_days(officer_client, issue_in):
    days = settings.STATE_TARGET_DAYS
    late_new = age(issue_in(State.DISCOVERY), days_in_state=days["discovery"] + 1)
    on_time_new = age(issue_in(State.DISCOVERY), days_in_state=days["discovery"] - 1)
    late_proposal = age(issue_in(State.PROPOSAL), days_in_state=days["proposal"] + 1)
    # As old as the late new issue, but a consultation may take longer.
    on_time_consultation = age(issue_in(State.CONSULTATION), days_in_state=days["discovery"] + 1)
    closed_long_ago = age(issue_in(State.CLOSED), days_in_state=400)

    assert set(listed(officer_client, "overdue=yes")) == {late_new.number, late_proposal.number}
    assert set(listed(officer_client, "overdue=no")) == {
        on_time_new.number, on_time_consultation.number, closed_long_ago.number}


def test_the_meeting_filter_shows_the_meetings_agenda(officer_client, cast):
    meeting = Meeting.objects.create(title="규제혁신 현장 간담회", starts_at=timezone.now())
    discussed, other = make_issue(), make_issue()
    services.add_to_agenda(discussed, meeting, by=cast["officer"])

    assert listed(officer_client, f"meetings__id__exact={meeting.pk}") == [discussed.number]
    assert other.number in listed(officer_client)


@pytest.mark.parametrize("typed", ["220-81-00001", "2208100001", " 220 81 00001 "])
def test_search_finds_a_company_by_business_number_typed_any_way(officer_client, typed):
    robotics = make_issue()  # 220-81-00001
    make_issue(business_number=business_number(), company_name="다른 회사")

    assert listed(officer_client, f"q={typed}") == [robotics.number]


def test_search_finds_an_issue_by_tracking_number_title_company_and_law(officer_client):
    wanted = make_issue(title="드론 야간 비행 승인", related_law="항공안전법 제129조",
                        business_number=business_number(), company_name="하늘드론")
    make_issue()

    for term in (wanted.number, wanted.number.lower(), "야간 비행", "하늘드론", "항공안전법"):
        assert listed(officer_client, f"q={term}") == [wanted.number], term


# --- The admin index: counts and ready-made views -----------------------------------------------------------


@pytest.fixture
def morning(cast, issue_in):
    """A queue as an officer finds it in the morning."""
    officer = cast["officer"]
    issues = {
        "new_unassigned": make_issue(title="새로 들어온 과제"),
        "new_mine": make_issue(title="내가 맡은 새 과제"),
        "late_consultation": age(issue_in(State.CONSULTATION),
                                 days_in_state=settings.STATE_TARGET_DAYS["consultation"] + 1),
        "proposal": issue_in(State.PROPOSAL),
        "closed_mine": issue_in(State.CLOSED),
    }
    services.assign_issue(issues["new_mine"], officer, by=officer)
    services.assign_issue(issues["closed_mine"], officer, by=officer)
    return issues


def test_the_ready_made_views_on_the_admin_index_show_their_issues(officer_client, morning):
    index = officer_client.get(reverse("admin:index")).content.decode()
    expected = {
        "state=discovery&assignee=none": {"new_unassigned"},
        "state=open&assignee=me": {"new_mine"},
        "state=open&overdue=yes": {"late_consultation"},
        "state=proposal": {"proposal"},
    }

    assert [query for _label, query in READY_MADE_VIEWS] == list(expected)
    for label, query in READY_MADE_VIEWS:
        link = f'<a href="{CHANGELIST}?{query.replace("&", "&amp;")}">{label}</a>'
        assert link in index, link
        assert set(listed(officer_client, query)) == {morning[k].number for k in expected[query]}, label


def test_the_dashboard_counts_issues_per_state_and_the_officers_queue(officer_client, morning):
    services.submit_issue(intake(title="최저가 광고"), is_suspected_spam=True)

    response = officer_client.get(reverse("admin:index"))

    counts = response.context["counts"]
    assert [(state, n) for state, _label, n in counts["states"]] == [
        (State.DISCOVERY, 2), (State.CONSULTATION, 1), (State.PROPOSAL, 1), (State.FOLLOW_UP, 0), (State.CLOSED, 1)]
    assert (counts["mine"], counts["overdue"], counts["unassigned_new"]) == (1, 1, 1)
    assert counts["this_year"][1] == 5  # the suspected spam is not counted
    page = response.content.decode()
    assert f'<a href="{CHANGELIST}?state=discovery"><strong>2</strong>' in page
    assert f'<a href="{CHANGELIST}?state=open&amp;overdue=yes"><strong>1</strong>' in page


@pytest.mark.parametrize("role, states", [
    ("expert", {State.CONSULTATION: 1, State.PROPOSAL: 1}),
    ("official", {State.PROPOSAL: 1, State.CLOSED: 1}),
])
def test_the_dashboard_counts_only_what_the_role_sees(role, states, as_role, morning):
    counts = as_role(role).get(reverse("admin:index")).context["counts"]

    assert {state: n for state, _label, n in counts["states"] if n} == states


def test_the_dashboard_is_not_shown_to_staff_without_a_role(as_role, morning):
    response = as_role("no_role").get(reverse("admin:index"))

    assert response.status_code == 200
    assert CHANGELIST not in response.content.decode()


# --- The issue page: timeline and merged duplicates ---------------------------------------------------------


def test_the_timeline_shows_moves_notes_notices_and_edits_with_who(client, cast):
    officer, expert = cast["officer"], cast["expert"]
    officer.first_name, officer.last_name = "담당", "김"
    officer.save()
    issue = make_issue()
    services.assign_issue(issue, expert, by=officer)
    services.move_issue(issue, State.CONSULTATION, by=officer, note="관계 부처 확인 필요",
                        public_note="검토를 시작합니다.")
    services.add_note(issue, "고시 개정으로 해결 가능해 보입니다.", by=expert)
    client.force_login(officer)
    url = reverse("admin:issues_issue_change", args=[issue.pk])
    client.post(url, {**form_on_page(client.get(url), "issue_form"), "title": "배달로봇 보도 통행", "_save": "저장"})

    response = client.get(url)

    events = response.context["timeline"]
    seen = {(e.kind, e.who) for e in events}
    officer_name = "김담당"  # family name first, as Koreans write it
    with translation.override("ko"):
        the_filer, system = translation.gettext("the filer"), translation.gettext("system")
    assert ("move", the_filer) in seen  # filed through the public form
    assert ("move", officer_name) in seen
    assert ("note", "expert") in seen
    assert ("notice", system) in seen
    assert ("edit", officer_name) in seen
    edit = next(e for e in events if e.kind == "edit" and "배달로봇 보도 통행" in e.text)
    assert "배달로봇의 보도 통행 허용 → 배달로봇 보도 통행" in edit.text
    page = response.content.decode()
    for text in ("관계 부처 확인 필요", "검토를 시작합니다.", "고시 개정으로 해결 가능해 보입니다.", FILER_NOTICE,
                 "배달로봇의 보도 통행 허용 → 배달로봇 보도 통행"):
        assert text in page, text
    # Oldest first.
    assert [e.at for e in events] == sorted(e.at for e in events)


FILER_NOTICE = "알림 “신고 접수 확인”"  # the receipt notice, named by what it told the filer


def test_the_timeline_names_what_an_edit_changed_as_people_read_it(client, cast):
    issue = make_issue()
    client.force_login(cast["officer"])
    url = reverse("admin:issues_issue_change", args=[issue.pk])
    client.post(url, {**form_on_page(client.get(url), "issue_form"), "ministry": ministry().pk,
                      "priority": Issue.Priority.HIGH, "_save": "저장"})
    services.assign_issue(issue, cast["expert"], by=cast["officer"])

    events = client.get(url).context["timeline"]

    edits = "\n".join(e.text for e in events if e.kind == "edit")
    # Names and labels, not the ids and codes stored in the rows.
    assert f"— → {ministry().name}" in edits
    with translation.override("ko"):
        assert f"{Issue.Priority.NORMAL.label} → {Issue.Priority.HIGH.label}" in edits
    assert "— → expert" in edits


def test_an_assignment_does_not_show_as_undoing_an_edit_made_meanwhile(client, cast):
    issue = make_issue()
    opened_before = Issue.objects.get(pk=issue.pk)  # the list another officer loaded a moment ago
    client.force_login(cast["officer"])
    url = reverse("admin:issues_issue_change", args=[issue.pk])
    client.post(url, {**form_on_page(client.get(url), "issue_form"), "title": "배달로봇 보도 통행", "_save": "저장"})

    services.assign_issue(opened_before, cast["expert"], by=cast["officer"])

    edits = [e.text for e in client.get(url).context["timeline"] if e.kind == "edit"]
    assert edits == [f"{label('title')}: 배달로봇의 보도 통행 허용 → 배달로봇 보도 통행",
                     f"{label('assignee')}: — → expert"]
    assert Issue.objects.get(pk=issue.pk).title == "배달로봇 보도 통행"


def test_merged_duplicates_show_on_the_kept_issue_page_with_their_notes(officer_client, cast):
    kept = make_issue(title="배달로봇 보도 통행")
    duplicate = make_issue(title="실외 로봇 보도 주행", business_number=business_number(), company_name="로봇배달")
    services.add_note(duplicate, "같은 규제: 도로교통법상 보행자 정의", by=cast["officer"])
    services.merge_duplicate(duplicate, kept, by=cast["officer"])

    page = officer_client.get(reverse("admin:issues_issue_change", args=[kept.pk])).content.decode()

    assert duplicate.number in page
    assert reverse("admin:issues_issue_change", args=[duplicate.pk]) in page
    assert "같은 규제: 도로교통법상 보행자 정의" in page


def test_suspected_spam_is_out_of_the_queue_but_found_with_its_filter(officer_client):
    real = make_issue()
    spam = services.submit_issue(intake(title="최저가 광고"), is_suspected_spam=True)

    assert listed(officer_client) == [real.number]
    assert listed(officer_client, "screening=spam") == [spam.number]
    assert set(listed(officer_client, "screening=all")) == {real.number, spam.number}


def test_ministries_and_companies_show_in_the_list(officer_client, cast):
    issue = make_issue(state=State.PROPOSAL, by=cast["officer"])

    page = officer_client.get(CHANGELIST).content.decode()

    assert issue.company.name in page
    assert ministry().name in page

