"""On a phone (375 px), a filer asked for more information sees the question and the reply box on the
first screen of their status page, answers there, and the flag goes. Screenshots:
test-artifacts/screenshots/info-request-*."""

import pytest

from issues import services
from issues.models import Note
from tests.base import make_issue, make_officer, new_link

from .conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]

QUESTION = "선박과 맺은 원격 진료 계약서 사본을 보내 주십시오."


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_request_and_its_reply_box_are_on_the_first_screen(new_page, live_server, language):
    issue = make_issue()
    services.add_note(issue, QUESTION, by=make_officer(), asks_filer=True)
    secret = new_link(issue)
    page = new_page(width=375, height=800, language=language)
    page.goto(f"{live_server.url}/track/{secret}/")

    panel = page.locator("#request")
    heading = {"ko": "지원센터에서 추가 정보를 요청드립니다", "en": "The support center asks you for more information"}
    assert panel.locator("h2").inner_text() == heading[language]
    assert QUESTION in panel.locator("blockquote").inner_text()
    # The question and the box to answer it are on the first screen, before the steps.
    box = panel.locator("#id_body").bounding_box()
    assert box["y"] < 800, box
    assert page.locator("#request").bounding_box()["y"] < page.locator("ol.steps").bounding_box()["y"]
    screenshot(page, f"info-request-{language}-375-1-asked")
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], overflow
    assert_accessible(page)

    page.fill("#id_body", "계약서 사본을 첨부합니다.")
    with page.expect_navigation():
        panel.get_by_role("button", name={"ko": "답변 보내기", "en": "Send the answer"}[language]).click()

    assert page.locator("#request").count() == 0
    assert Note.objects.get(is_from_filer=True).body == "계약서 사본을 첨부합니다."
    history = page.locator("ol.timeline").inner_text()
    assert QUESTION in history and "계약서 사본을 첨부합니다." in history
    screenshot(page, f"info-request-{language}-375-2-answered")
