"""Dates and times in one style on every page (config/formats): in Korean 2026. 12. 2. and 2026. 12. 2. 오전 4:33,
in English 2 Dec 2026 and 2 Dec 2026, 4:33 AM; in the workspace and on the filer's status page alike."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from issues.models import Issue, ProposalBatch, StatusChange
from issues.proposals import batches
from issues.workflow import State
from tests.base import make_issue, make_officer, new_link

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
MORNING = datetime(2026, 12, 2, 4, 33, tzinfo=SEOUL)
AFTERNOON = datetime(2026, 12, 2, 16, 5, tzinfo=SEOUL)


@pytest.mark.parametrize(("language", "expected"), [
    ("ko", {"DATE_FORMAT": "2026. 12. 2.", "SHORT_DATE_FORMAT": "2026. 12. 2.", "TIME_FORMAT": "오전 4:33",
            "DATETIME_FORMAT": "2026. 12. 2. 오전 4:33", "SHORT_DATETIME_FORMAT": "2026. 12. 2. 오전 4:33"}),
    ("en", {"DATE_FORMAT": "2 Dec 2026", "SHORT_DATE_FORMAT": "2 Dec 2026", "TIME_FORMAT": "4:33 AM",
            "DATETIME_FORMAT": "2 Dec 2026, 4:33 AM", "SHORT_DATETIME_FORMAT": "2 Dec 2026, 4:33 AM"}),
])
def test_the_named_formats(language, expected):
    with translation.override(language):
        shown = {name: formats.date_format(MORNING, name) for name in expected}
        afternoon = formats.date_format(AFTERNOON, "DATETIME_FORMAT")
    assert shown == expected
    assert afternoon == {"ko": "2026. 12. 2. 오후 4:05", "en": "2 Dec 2026, 4:05 PM"}[language]


def test_a_date_typed_as_it_is_shown_is_read():
    from django import forms

    with translation.override("ko"):
        assert forms.DateField().clean("2026. 12. 2.") == date(2026, 12, 2)
        assert forms.DateField().clean("2026-12-02") == date(2026, 12, 2)


def _batch_made_in_the_morning(officer) -> ProposalBatch:
    batch = batches.create_batch(year=2026, title="2026년 2차 정부 건의", by=officer)
    ProposalBatch.objects.filter(pk=batch.pk).update(created_at=MORNING, submitted_at=AFTERNOON, submitted_by=officer)
    return batch


@pytest.mark.parametrize(("language", "created", "submitted"), [
    ("ko", "2026. 12. 2. 오전 4:33", "2026. 12. 2. 오후 4:05 제출"),
    ("en", "2 Dec 2026, 4:33 AM", "Submitted on 2 Dec 2026, 4:05 PM"),
])
def test_the_workspace_shows_dates_and_times_in_the_style(client, language, created, submitted):
    officer = make_officer(first_name="지원", last_name="박")
    batch = _batch_made_in_the_morning(officer)
    proposal = make_issue(State.PROPOSAL, by=officer)
    Issue.objects.filter(pk=proposal.pk).update(proposed_on=date(2026, 12, 2))
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(reverse("admin:issues_proposalbatch_change", args=[batch.pk])).content.decode()
    listed = client.get(reverse("admin:issues_proposalbatch_changelist")).content.decode()
    issue_page = client.get(reverse("admin:issues_issue_change", args=[proposal.pk])).content.decode()

    assert created in page
    assert submitted in listed
    assert {"ko": "2026. 12. 2.", "en": "2 Dec 2026"}[language] in issue_page
    for old_style in ("2026-12-02", "2026년 12월 2일", "Dec. 2, 2026", "12/02/2026"):
        assert old_style not in page + listed + issue_page


@pytest.mark.parametrize(("language", "filed", "moved"), [
    ("ko", "2026. 12. 2.", "2026. 12. 2. 오후 4:05"),
    ("en", "2 Dec 2026", "2 Dec 2026, 4:05 PM"),
])
def test_the_status_page_shows_the_filing_date_and_its_history_in_the_style(client, language, filed, moved):
    issue = make_issue(State.CONSULTATION, by=make_officer())
    Issue.objects.filter(pk=issue.pk).update(filed_at=MORNING)
    StatusChange.objects.filter(issue=issue).update(at=AFTERNOON)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(reverse("issues-status", args=[new_link(issue)])).content.decode()

    assert f'<time datetime="2026-12-02T04:33:00+09:00">{filed}</time>' in page
    assert f'<time datetime="2026-12-02T16:05:00+09:00">{moved}</time>' in page
    for old_style in ("2026년 12월 2일", "Dec. 2, 2026", "p.m."):
        assert old_style not in page
