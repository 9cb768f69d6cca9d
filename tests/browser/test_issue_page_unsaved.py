"""The issue page never drops what an officer typed (issue 15, point 2), in Chromium at 1366 px: with the
priority and the improvement changed, "메모 추가", "나에게 배정", the assign picker and the move buttons are
locked with a message saying why, leaving the page asks first, and once saved the note can be added."""

import re

import pytest
from django.urls import reverse

from issues.models import Issue, Note
from issues.workflow import Resolution, State
from tests.base import business_number, make_issue, make_officer

from .conftest import login, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]

PASSWORD = "keep-every-keystroke-15"
MESSAGE = "이 페이지에 저장하지 않은 변경 사항이 있습니다. 먼저 저장하거나 변경을 되돌린 뒤에 하세요."
IMPROVEMENT = "안전 인증을 받은 배달로봇은 시범 지역의 보도부터 다닐 수 있게 해 주십시오."


@pytest.fixture
def desk():
    officer = make_officer(first_name="수민", last_name="이", password=PASSWORD)
    issue = make_issue(State.CONSULTATION, by=officer, title="배달로봇의 보도 통행 허용")
    return officer, issue


def open_issue(new_page, live_server, issue):
    page = new_page(width=1366, height=900)
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", on_dialog)
    login(page, live_server, "officer", PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(live_server.url + reverse("admin:issues_issue_change", args=[issue.pk]))
    return page, dialogs


def edit(page):
    page.select_option("#id_priority", str(Issue.Priority.HIGH))
    page.fill("#id_improvement", IMPROVEMENT)


def is_inert(page, selector) -> bool:
    return page.locator(selector).evaluate("element => element.inert")


def test_no_button_drops_the_unsaved_edits_and_leaving_asks(new_page, live_server, desk):
    _officer, issue = desk
    page, dialogs = open_issue(new_page, live_server, issue)
    screenshot(page, "issue-page-1366-loaded")
    assert not page.locator(".unsaved-note:visible").count()

    edit(page)

    # The note form, "assign to me" and the picker are locked, each place saying why.
    page.wait_for_selector(".unsaved-note:visible")
    assert is_inert(page, "form.note-form") and is_inert(page, "form.assign-me-form")
    assert is_inert(page, "form.assign-form")
    notes = page.locator(".unsaved-note:visible").all_inner_texts()
    assert notes and set(notes) == {MESSAGE}
    screenshot(page, "issue-page-1366-unsaved")

    # Pressing "메모 추가" after typing nowhere (the form cannot be typed into) or submitting it from script: nothing.
    page.locator("form.note-form button[type=submit]").click(force=True)
    page.evaluate("document.querySelector('form.note-form').requestSubmit()")
    page.locator("form.assign-me-form button").click(force=True)
    # A move button: refused in place, its message shown beside the buttons.
    move = page.locator(f'a.move-button[href$="/move/{State.PROPOSAL}/"]')
    assert move.get_attribute("aria-disabled") == "true"
    move.click(force=True)  # Playwright, like assistive technology, reads it as disabled; a mouse still clicks
    page.wait_for_timeout(300)
    assert re.search(rf"/admin/issues/issue/{issue.pk}/change/$", page.url)
    assert page.locator("#id_improvement").input_value() == IMPROVEMENT
    assert page.locator("#id_priority").input_value() == str(Issue.Priority.HIGH)
    assert not Note.objects.filter(issue=issue).exists()
    issue.refresh_from_db()
    assert (issue.assignee, issue.state) == (None, State.CONSULTATION)  # not taken, not moved

    # Leaving by a link asks first; dismissed, the page and the edits stay.
    page.get_by_role("link", name="홈", exact=True).click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert re.search(rf"/admin/issues/issue/{issue.pk}/change/$", page.url)
    assert page.locator("#id_improvement").input_value() == IMPROVEMENT

    # Saved: nothing asks, and the note can be added.
    page.click('input[name="_continue"]')
    page.wait_for_selector(".messagelist .success")
    assert dialogs == ["beforeunload"]
    issue.refresh_from_db()
    assert (issue.priority, issue.improvement) == (Issue.Priority.HIGH, IMPROVEMENT)
    assert not page.locator(".unsaved-note:visible").count()
    page.fill("form.note-form textarea[name=body]", "부처 담당자와 통화했습니다.")
    page.click("form.note-form button[type=submit]")
    page.wait_for_url(re.compile(r"#timeline$"))
    assert Note.objects.get(issue=issue).body == "부처 담당자와 통화했습니다."
    assert dialogs == ["beforeunload"]
    screenshot(page, "issue-page-1366-note-added")


def test_a_note_being_typed_locks_the_issue_form_and_undoing_it_unlocks(new_page, live_server, desk):
    _officer, issue = desk
    page, _dialogs = open_issue(new_page, live_server, issue)

    page.fill("form.note-form textarea[name=body]", "초안")
    page.wait_for_selector(".unsaved-note:visible")
    assert is_inert(page, "#issue_form") and is_inert(page, "form.assign-me-form")
    assert not is_inert(page, "form.note-form")

    page.fill("form.note-form textarea[name=body]", "")
    page.wait_for_function("() => !document.querySelector('#issue_form').inert")
    assert not page.locator(".unsaved-note:visible").count()
    assert page.locator("a.move-button[aria-disabled]").count() == 0


def test_a_form_sent_back_with_errors_counts_as_unsaved(new_page, live_server, desk):
    _officer, issue = desk
    page, dialogs = open_issue(new_page, live_server, issue)

    edit(page)
    page.fill("#id_title", "")  # a title is required: the page comes back with the edits, unsaved
    page.click('input[name="_continue"]')
    page.wait_for_selector(".errornote")
    screenshot(page, "issue-page-1366-errors")

    assert page.locator("#id_improvement").input_value() == IMPROVEMENT
    page.wait_for_selector(".unsaved-note:visible")
    assert is_inert(page, "form.note-form") and is_inert(page, "form.assign-me-form")
    issue.refresh_from_db()
    assert issue.improvement != IMPROVEMENT
    assert dialogs == []


def test_assigning_from_the_top_of_the_page(new_page, live_server, desk):
    officer, issue = desk
    other = make_officer("kim.officer", first_name="지원", last_name="김")
    page, _dialogs = open_issue(new_page, live_server, issue)
    screenshot(page, "issue-page-1366-top")

    picker = page.locator("#assign_assignee")
    assert "김지원" in picker.locator("option").all_inner_texts()
    picker.select_option(str(other.pk))
    # The picker changed owns the page: the issue form waits until it is applied or put back.
    page.wait_for_function("() => document.querySelector('#issue_form').inert")
    page.locator("form.assign-form button[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    assert "이제 김지원 님이 이 과제를 담당합니다." in page.locator(".messagelist").inner_text()
    issue.refresh_from_db()
    assert issue.assignee == other

    page.locator("form.assign-me-form button").click()
    page.wait_for_selector(".assigned-to-me")
    issue.refresh_from_db()
    assert issue.assignee == officer


def test_closing_as_a_duplicate_finds_the_kept_issue_by_title_words(new_page, live_server, desk):
    _officer, kept = desk
    duplicate = make_issue(title="실외 이동로봇 보도 주행 금지 완화", business_number=business_number(),
                           contact_email="cto@delivery.example.com")
    page, _dialogs = open_issue(new_page, live_server, duplicate)

    page.goto(live_server.url + reverse("admin:issues_issue_move", args=[duplicate.pk, State.CLOSED]))
    page.select_option("#id_resolution", Resolution.DUPLICATE)
    page.locator("#id_duplicate_of").press_sequentially("보도 통행")
    choice = page.locator(".kept-choice")
    choice.first.wait_for()
    # The issue itself (its title has "보도" too, not "통행") is never offered; the kept one is, by number and title.
    assert choice.all_inner_texts() == [f"{kept.number} 배달로봇의 보도 통행 허용 · 협의·검토"]
    assert "찾은 과제 1건" in page.locator(".kept-results-status").inner_text()
    screenshot(page, "issue-move-1366-kept-search")
    choice.first.click()
    assert page.locator("#id_duplicate_of").input_value() == kept.number
    page.click('input[type="submit"].default')
    page.wait_for_url(re.compile(rf"/admin/issues/issue/{duplicate.pk}/change/"))
    duplicate.refresh_from_db()
    assert (duplicate.resolution, duplicate.duplicate_of) == (Resolution.DUPLICATE, kept)
