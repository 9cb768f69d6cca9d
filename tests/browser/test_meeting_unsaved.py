"""The meeting page never drops a conclusion typed and not saved, in Chromium at 1366 px: an officer puts an
issue on the agenda with its conclusion and, before saving, presses "결론 반영": the link is disabled with a
message and the page stays; leaving the page asks first; once saved, applying the conclusions moves the issue."""

import re

import pytest
from django.urls import reverse

from issues.models import AgendaItem
from issues.workflow import State
from meetings.models import Meeting
from tests.agenda.conftest import make_meeting
from tests.base import business_number, make_issue, make_officer, ministry

from .conftest import login, screenshot

# The live server reads committed rows: a transactional test.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]

PASSWORD = "roundtable-2024-03-28"


@pytest.fixture
def roundtable():
    officer = make_officer(first_name="수민", last_name="이", password=PASSWORD)
    issue = make_issue(State.CONSULTATION, by=officer, title="반려동물 비문 인식 등록 허용", company_name="펫나우",
                       business_number=business_number(), contact_email="ceo@petnow.example.com", ministry=ministry())
    return {"meeting": make_meeting(), "issue": issue}


def pick(page, cell, term: str, option: str):
    """Choose `option` in the admin autocomplete of `cell` (a table cell), searching `term`."""
    cell.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=option).click()


def test_a_conclusion_typed_on_the_meeting_page_is_never_dropped(new_page, live_server, roundtable):
    meeting, issue = roundtable["meeting"], roundtable["issue"]
    change_url = live_server.url + reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = new_page(width=1366)
    login(page, live_server, "officer", PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(change_url)

    # A new agenda row with its conclusion and a note to the filer, not saved.
    page.locator("#agenda-group tr.add-row a").click()
    row = page.locator("#agenda-group tr.dynamic-agenda").last
    assert row.locator("td.field-position input").input_value() == "1"  # the next in the agenda's order
    pick(page, row.locator("td.field-issue"), issue.number, issue.number)
    row.locator("td.field-conclusion select").select_option("propose")
    row.locator("td.field-public_note textarea").fill("국토교통부에 건의하기로 했습니다.")

    apply_link = page.get_by_role("link", name="결론 반영", exact=True)
    assert apply_link.get_attribute("aria-disabled") == "true"
    apply_link.click(force=True)  # pressed all the same (Playwright waits for a link that is not disabled)
    # The page stays, with what was typed, and says why.
    assert page.url == change_url
    note = page.locator(".unsaved-note:visible").first
    assert note.inner_text() == ("이 페이지에 저장하지 않은 변경 사항이 있습니다. "
                                 "먼저 저장하거나 변경을 되돌린 뒤에 하세요.")
    assert row.locator("td.field-conclusion select").input_value() == "propose"
    # Adding the agenda's filers, a form of its own, cannot be pressed either.
    assert page.locator("#add-filers-form").evaluate("form => form.inert")
    screenshot(page, "meeting-unsaved-1-apply-disabled")

    # Leaving the page asks first; staying keeps the row.
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.locator(".breadcrumbs a").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == change_url
    assert row.locator("td.field-conclusion select").input_value() == "propose"
    page.remove_listener("dialog", stay)

    # Saved, the link works: the confirmation lists the item, and applying moves the issue.
    page.locator('input[name="_continue"]').click()
    page.wait_for_url(change_url)
    assert AgendaItem.objects.values_list("position", "conclusion").get(meeting=meeting) == (1, "propose")
    assert apply_link.get_attribute("aria-disabled") is None
    screenshot(page, "meeting-unsaved-2-saved")
    apply_link.click()
    page.wait_for_url(re.compile(r"/apply/$"))
    assert issue.number in page.locator("table.action-report").inner_text()
    screenshot(page, "meeting-unsaved-3-confirm")
    page.locator('input[type="submit"].default').click()
    page.wait_for_selector("table.action-report tr.done")
    screenshot(page, "meeting-unsaved-4-applied")
    issue.refresh_from_db()
    assert issue.state == State.PROPOSAL
    assert issue.status_changes.latest("at", "pk").public_note.endswith("국토교통부에 건의하기로 했습니다.")
    assert Meeting.objects.count() == 1


def test_applying_the_conclusions_of_a_meeting_still_to_come_asks_first(new_page, live_server, roundtable):
    issue = roundtable["issue"]
    upcoming = make_meeting("AI 분야 릴레이 간담회", at="2099-12-20 14:00", until="")
    AgendaItem.objects.create(meeting=upcoming, issue=issue, position=1, conclusion="propose",
                              public_note="관계 부처와 협의한 결과를 알려 드리겠습니다.")
    page = new_page(width=1366)
    login(page, live_server, "officer", PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(live_server.url + reverse("admin:meetings_meeting_apply", args=[upcoming.pk]))

    warning = page.locator(".meeting-ahead")
    assert "이 간담회는 2099. 12. 20. 오후 2:00에 열립니다." in warning.inner_text()
    assert "관계 부처와 협의한 결과를 알려 드리겠습니다." in page.locator("table.action-report").inner_text()
    screenshot(page, "meeting-apply-ahead-1-asks")
    # Pressed without the box ticked: the browser holds the form, nothing moves.
    page.locator('input[type="submit"].default').click()
    assert page.locator('input[name="early"]').evaluate("box => box.validity.valueMissing")
    issue.refresh_from_db()
    assert issue.state == State.CONSULTATION

    page.locator('input[name="early"]').check()
    page.locator('input[type="submit"].default').click()
    page.wait_for_selector("table.action-report tr.done")
    screenshot(page, "meeting-apply-ahead-2-applied")
    issue.refresh_from_db()
    assert issue.state == State.PROPOSAL
