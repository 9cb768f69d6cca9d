"""Who sees, opens, edits, registers and deletes issues in the officers' workspace: the list, the issue
page and its history, the add page and the delete page, for every role (the rules: conftest.py)."""

import pytest
from django.urls import reverse

from issues.models import Issue
from issues.workflow import State

from .conftest import (
    CHANGELIST,
    ISSUE_CASES,
    ROLES,
    TWO_STATES,
    assert_action_not_offered,
    assert_sent_to_login,
    change_url,
    form_on_page,
    sees,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state, proposed", ISSUE_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_each_role_only_the_issues_it_may_see(role, state, proposed, as_role, issue_in):
    issue = issue_in(state, proposed=proposed)

    response = as_role(role).get(CHANGELIST)

    if role == "anonymous":
        return assert_sent_to_login(response)
    if role == "no_role":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    listed = [i.pk for i in response.context["cl"].result_list]
    assert (issue.pk in listed) == sees(role, issue)


@pytest.mark.parametrize("state, proposed", ISSUE_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_the_issue_page_opens_only_for_who_may_see_the_issue(role, state, proposed, as_role, issue_in):
    issue = issue_in(state, proposed=proposed)

    response = as_role(role).get(change_url(issue))

    if role == "anonymous":
        return assert_sent_to_login(response)
    if role == "no_role":
        assert response.status_code == 403
    elif sees(role, issue):
        assert response.status_code == 200
        assert issue.number in response.content.decode()
    else:
        # The admin's answer for an object it cannot find: back to the index, the issue not named.
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("state", TWO_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_the_admin_history_page_opens_like_the_issue_page(role, state, as_role, issue_in):
    issue = issue_in(state)

    response = as_role(role).get(reverse("admin:issues_issue_history", args=[issue.pk]))

    if role == "anonymous":
        assert_sent_to_login(response)
    elif sees(role, issue):
        assert response.status_code == 200
    else:  # the staff member with no role included: to them no issue exists
        assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))


@pytest.mark.parametrize("role", ROLES)
def test_nobody_deletes_an_issue_from_the_workspace(role, as_role, issue_in):
    """Issues are closed through the workflow; the admin's delete page and action are gone for all."""
    issue = issue_in(State.PROPOSAL)
    client = as_role(role)

    page = client.get(reverse("admin:issues_issue_delete", args=[issue.pk]))
    confirmed = client.post(reverse("admin:issues_issue_delete", args=[issue.pk]), {"post": "yes"})
    bulk = client.post(CHANGELIST, {"action": "delete_selected", "index": 0, "_selected_action": [issue.pk],
                                    "post": "yes"})

    assert Issue.objects.filter(pk=issue.pk).exists()
    if role == "anonymous":
        for response in (page, confirmed, bulk):
            assert_sent_to_login(response)
    else:
        assert (page.status_code, confirmed.status_code) == (403, 403)
        assert_action_not_offered(role, bulk)


@pytest.mark.parametrize("state", TWO_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_only_officers_edit_an_issue(role, state, as_role, issue_in, client, cast):
    issue = issue_in(state)
    client.force_login(cast["officer"])
    data = {**form_on_page(client.get(change_url(issue)), "issue_form"), "title": "고친 제목", "_save": "저장"}
    client.logout()

    response = as_role(role).post(change_url(issue), data)

    issue.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_login(response)
    elif role == "officer":
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert issue.title == "고친 제목"
        return
    else:
        assert response.status_code == 403
    assert issue.title != "고친 제목"


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_register_an_issue_by_hand(role, as_role, cast):
    add_url = reverse("admin:issues_issue_add")
    data = {"title": "전화로 받은 규제 애로", "problem": "드론 비행 승인 절차가 너무 깁니다.",
            "source": Issue.Source.OFFICER, "priority": Issue.Priority.NORMAL, "_save": "저장"}
    client = as_role(role)

    page, saved = client.get(add_url), client.post(add_url, data)

    if role == "anonymous":
        assert_sent_to_login(page)
        assert_sent_to_login(saved)
    elif role == "officer":
        assert page.status_code == 200
        assert saved.status_code == 302
        issue = Issue.objects.get(title="전화로 받은 규제 애로")
        assert issue.number.startswith("REG-") and issue.state == State.DISCOVERY
        assert issue.status_changes.get().by == cast["officer"]
        return
    else:
        assert (page.status_code, saved.status_code) == (403, 403)
    assert not Issue.objects.filter(title="전화로 받은 규제 애로").exists()
