"""The workspace's other models for every role: companies, meetings, proposal batches and the notice outbox
(list, add and change pages, and saving a change)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from issues.models import Notice
from issues.proposals import batches
from issues.workflow import State
from meetings.models import Meeting

from .conftest import ROLES, assert_sent_to_login, form_on_page

pytestmark = pytest.mark.django_db


# What each role may do with each model: edit (list, add, change), view (list and change pages), nothing.
OTHER_MODELS = {
    "companies_company": {"officer": "edit", "official": "view"},
    "meetings_meeting": {"officer": "edit", "official": "view"},
    "issues_notice": {"officer": "view"},  # written by services; officers read it
    # CONTRACT.md: officials build and submit proposal batches, as officers do.
    "issues_proposalbatch": {"officer": "edit", "official": "edit"},
}


@pytest.fixture
def records(issue_in, cast):
    issue = issue_in(State.PROPOSAL)
    return {
        "companies_company": issue.company,
        "meetings_meeting": Meeting.objects.create(title="로봇 분야 현장 간담회", starts_at=timezone.now()),
        "issues_notice": Notice.objects.filter(issue=issue).first(),
        "issues_proposalbatch": batches.create_batch(title="2차 정부 건의", by=cast["officer"]),
    }


@pytest.mark.parametrize("model", OTHER_MODELS)
@pytest.mark.parametrize("role", ROLES)
def test_the_other_models_open_for_their_roles(role, model, as_role, records):
    client = as_role(role)
    access = OTHER_MODELS[model].get(role, "none")

    listed = client.get(reverse(f"admin:{model}_changelist"))
    added = client.get(reverse(f"admin:{model}_add"))
    changed = client.get(reverse(f"admin:{model}_change", args=[records[model].pk]))

    if role == "anonymous":
        for response in (listed, added, changed):
            assert_sent_to_login(response)
        return
    expected = {"edit": (200, 200, 200), "view": (200, 403, 200), "none": (403, 403, 403)}[access]
    assert (listed.status_code, added.status_code, changed.status_code) == expected


@pytest.mark.parametrize("model", ["companies_company", "meetings_meeting"])  # batches: test_official_batches.py
@pytest.mark.parametrize("role", ROLES)
def test_only_officers_change_companies_and_meetings(role, model, as_role, records, client, cast):
    record = records[model]
    url = reverse(f"admin:{model}_change", args=[record.pk])
    client.force_login(cast["officer"])
    data = {**form_on_page(client.get(url), f"{record._meta.model_name}_form"), "_save": "저장"}
    client.logout()
    name_field = "name" if model == "companies_company" else "title"
    data[name_field] = "바뀐 이름"

    response = as_role(role).post(url, data)

    record.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_login(response)
    elif role == "officer":
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert getattr(record, name_field) == "바뀐 이름"
        return
    else:
        assert response.status_code == 403
    assert getattr(record, name_field) != "바뀐 이름"
