"""Assigning on the issue page itself: a picker at the top listing officers and experts by their full names,
and "assign to me" beside it; both through services.assign_issue, for officers only."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues.models import Notice
from issues.workflow import State
from tests.base import make_expert, make_officer, make_official

from .conftest import change_url

pytestmark = pytest.mark.django_db


def assign_url(issue):
    return reverse("admin:issues_issue_assign", args=[issue.pk])


def picker_options(page: str) -> dict[str, str]:
    select = re.search(r'<select name="assignee" id="assign_assignee">(.*?)</select>', page, re.S).group(1)
    return {value: text.strip() for value, text in re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select)}


def told(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_picker_at_the_top_shows_officers_and_experts_by_their_full_names(as_role, issue_in, cast):
    named = make_expert("lee.lawyer", first_name="서연", last_name="이")
    official = make_official("jung.official", first_name="해린", last_name="정")
    issue = issue_in(State.CONSULTATION)

    page = as_role("officer").get(change_url(issue)).content.decode()
    options = picker_options(page)

    assert options[str(named.pk)] == "이서연"  # family name first, as Koreans write it, with no login beside it
    assert options[str(cast["expert"].pk)] == "expert"  # no name recorded: the login
    assert options[""] == "없음(배정 해제)"
    assert str(official.pk) not in options  # officials are not assigned issues
    # The issue's expert is the one chosen; the picker and "assign to me" come before the form's fields.
    assert re.search(rf'<option value="{cast["expert"].pk}" selected>', page)
    top = page.index('class="issue-assign"')
    assert top < page.index('action="' + reverse("admin:issues_issue_assign_me", args=[issue.pk]) + '"')
    assert page.index('action="' + reverse("admin:issues_issue_assign_me", args=[issue.pk]) + '"') < page.index(
        'id="issue_form"')
    assert ">나에게 배정<" in page


def test_assigning_from_the_picker_gives_the_issue_and_tells_the_new_assignee(as_role, issue_in, cast):
    named = make_expert("lee.lawyer", first_name="서연", last_name="이")
    issue = issue_in(State.CONSULTATION)

    response = as_role("officer").post(assign_url(issue), {"assignee": named.pk})

    assert response.status_code == 302 and response["Location"] == change_url(issue)
    issue.refresh_from_db()
    assert issue.assignee == named
    assert Notice.objects.filter(kind="issue-assigned", recipient="lee.lawyer@seoul.example.org").count() == 1
    assert told(response) == ["이제 이서연 님이 이 과제를 담당합니다."]


def test_the_picker_can_leave_an_issue_to_nobody(as_role, issue_in):
    issue = issue_in(State.DISCOVERY)

    response = as_role("officer").post(assign_url(issue), {"assignee": ""})

    issue.refresh_from_db()
    assert issue.assignee is None
    assert told(response) == ["이제 이 과제의 담당자가 없습니다."]


def test_the_picker_refuses_someone_who_is_neither_officer_nor_expert(as_role, issue_in, cast):
    issue = issue_in(State.CONSULTATION)

    response = as_role("officer").post(assign_url(issue), {"assignee": cast["official"].pk})

    issue.refresh_from_db()
    assert issue.assignee == cast["expert"]
    assert told(response) == ["목록에서 담당관이나 전문가를 고르세요."]


@pytest.mark.parametrize("role", ["expert", "official"])
def test_only_officers_assign_from_the_issue_page(role, as_role, issue_in, cast):
    issue = issue_in(State.PROPOSAL)  # the expert's, and one officials see

    page = as_role(role).get(change_url(issue)).content.decode()
    response = as_role(role).post(assign_url(issue), {"assignee": cast["other_expert"].pk})

    assert 'class="assign-form"' not in page and "나에게 배정" not in page
    assert response.status_code == 403
    issue.refresh_from_db()
    assert issue.assignee == cast["expert"]


def test_assign_to_me_from_the_top_and_the_page_then_says_it_is_mine(as_role, issue_in, cast):
    issue = issue_in(State.CONSULTATION)
    client = as_role("officer")

    client.post(reverse("admin:issues_issue_assign_me", args=[issue.pk]))
    page = client.get(change_url(issue)).content.decode()

    issue.refresh_from_db()
    assert issue.assignee == cast["officer"]
    assert "내가 담당하고 있습니다." in page and ">나에게 배정<" not in page


def test_the_issue_page_reads_the_same_number_of_queries_whatever_the_staff(as_role, issue_in,
                                                                            django_assert_max_num_queries):
    issue = issue_in(State.CONSULTATION)
    client = as_role("officer")
    client.get(change_url(issue))
    with CaptureQueriesContext(connection) as few:
        client.get(change_url(issue))
    for n in range(6):
        make_officer(f"officer{n}", first_name=f"담당{n}", last_name="김")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(change_url(issue))
