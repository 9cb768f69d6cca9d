"""The marks of related issues in both issues' timelines (selectors.timeline): who and when, in the reader's
language at read time, and the other issue by number and title only to a viewer who may open it."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from issues import selectors
from issues.models import IssueRelation
from issues.similar.relations import relate_issues, unrelate_issues

from .conftest import ISSUE, REPEAT, SEEN

pytestmark = pytest.mark.django_db

MARKED_AT = timezone.make_aware(datetime(2025, 3, 4, 10, 0))
REMOVED_AT = MARKED_AT + timedelta(days=2)


def relation_lines(issue, viewer, language):
    with translation.override(language):
        events = selectors.timeline(issue, viewer=viewer)
    return [(e.at, e.who, e.title, e.text) for e in events if e.kind == "relation"]


@pytest.fixture
def marked_and_removed(people, issues):
    """이수민 marks `issue` and `seen` as related; the superuser removes the mark two days later."""
    relate_issues(issues["issue"], issues["seen"], by=people["officer"])
    unrelate_issues(issues["seen"], issues["issue"], by=people["superuser"])
    IssueRelation.objects.update(created_at=MARKED_AT, removed_at=REMOVED_AT)


def test_both_issues_show_the_mark_and_its_removal_in_korean(people, marked_and_removed, issues):
    officer = people["officer"]

    assert relation_lines(issues["issue"], officer, "ko") == [
        (MARKED_AT, "이수민", f"관련 과제로 표시: {SEEN}", "약 배송 허용"),
        (REMOVED_AT, "Admin Kim", f"관련 과제 표시 해제: {SEEN}", "약 배송 허용"),
    ]
    assert relation_lines(issues["seen"], officer, "ko") == [
        (MARKED_AT, "이수민", f"관련 과제로 표시: {ISSUE}", "비대면 진료 허용"),
        (REMOVED_AT, "Admin Kim", f"관련 과제 표시 해제: {ISSUE}", "비대면 진료 허용"),
    ]


def test_both_issues_show_the_mark_and_its_removal_in_english(people, marked_and_removed, issues):
    officer = people["officer"]

    assert relation_lines(issues["issue"], officer, "en") == [
        (MARKED_AT, "이수민", f"Marked as related to {SEEN}", "약 배송 허용"),
        (REMOVED_AT, "Admin Kim", f"No longer marked as related to {SEEN}", "약 배송 허용"),
    ]
    assert relation_lines(issues["seen"], officer, "en") == [
        (MARKED_AT, "이수민", f"Marked as related to {ISSUE}", "비대면 진료 허용"),
        (REMOVED_AT, "Admin Kim", f"No longer marked as related to {ISSUE}", "비대면 진료 허용"),
    ]


def test_an_expert_who_cannot_open_the_other_issue_is_not_told_its_number_or_title(people, issues):
    relate_issues(issues["issue"], issues["repeat"], by=people["officer"])
    unrelate_issues(issues["issue"], issues["repeat"], by=people["officer"])

    korean = relation_lines(issues["issue"], people["expert"], "ko")
    english = relation_lines(issues["issue"], people["expert"], "en")

    assert [(who, title, text) for _, who, title, text in korean] == [
        ("이수민", "다른 과제와 관련 과제로 표시", ""), ("이수민", "다른 과제와의 관련 과제 표시 해제", "")]
    assert [(who, title, text) for _, who, title, text in english] == [
        ("이수민", "Marked as related to another issue", ""),
        ("이수민", "No longer marked as related to another issue", "")]
    # The officer reads the same lines with the number and title.
    assert [title for _, _, title, _ in relation_lines(issues["issue"], people["officer"], "en")] == [
        f"Marked as related to {REPEAT}", f"No longer marked as related to {REPEAT}"]


def test_the_issue_page_shows_the_line_in_the_readers_language(client, people, marked_and_removed, issues):
    client.force_login(people["officer"])
    url = reverse("admin:issues_issue_change", args=[issues["seen"].pk])

    korean = client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f"<strong>관련 과제로 표시: {ISSUE}</strong>" in korean
    assert f"<strong>Marked as related to {ISSUE}</strong>" in english


def test_the_audit_trail_stays_as_it_was(people, issues):
    def edits():
        return [[(e.at, e.text) for e in selectors.timeline(issues[name], viewer=people["officer"]) if e.kind == "edit"]
                for name in ("issue", "seen")]

    before = ([issues[name].audit.count() for name in ("issue", "seen")], edits())

    relate_issues(issues["issue"], issues["seen"], by=people["officer"])
    unrelate_issues(issues["issue"], issues["seen"], by=people["officer"])

    assert ([issues[name].audit.count() for name in ("issue", "seen")], edits()) == before


def test_the_filers_status_page_says_nothing_of_the_mark(client, people, issues):
    relate_issues(issues["issue"], issues["seen"], by=people["officer"])

    page = client.get(reverse("issues-status", args=[issues["issue"].secret])).content.decode()

    assert SEEN not in page and "관련 과제" not in page
