"""The meeting's result report from the meeting page, in Chromium at 1366 px: an officer finds "결과 보고 (HWPX)"
and "결과 보고 (PDF)" beside the briefing pack; while the minutes typed are not saved the links wait (the report
would not have them); once saved, the HWPX downloads under the meeting's name."""

import pytest
from django.urls import reverse

from tests.agenda.conftest import make_meeting
from tests.base import make_officer

from .conftest import login, screenshot

# The live server reads committed rows: a transactional test.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]

PASSWORD = "roundtable-2024-03-28"


def test_an_officer_downloads_the_result_report_once_the_minutes_are_saved(new_page, live_server):
    make_officer(first_name="수민", last_name="이", password=PASSWORD)
    meeting = make_meeting()
    change_url = live_server.url + reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = new_page(width=1366)
    login(page, live_server, "officer", PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(change_url)

    hwpx = page.get_by_role("link", name="결과 보고 (HWPX)", exact=True)
    pdf = page.get_by_role("link", name="결과 보고 (PDF)", exact=True)
    assert hwpx.is_visible() and pdf.is_visible()
    screenshot(page, "meeting-result-report-links")

    page.locator("#id_minutes").fill("14:00 개회. 참석 기업이 과제를 발표함.")
    assert hwpx.get_attribute("aria-disabled") == "true"
    assert pdf.get_attribute("aria-disabled") == "true"

    page.locator("input[name=_continue]").click()
    page.wait_for_url(change_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="결과 보고 (HWPX)", exact=True).click()
    assert download.value.suggested_filename == "2024-03-28 규제혁신 현장 간담회 결과 보고.hwpx"
