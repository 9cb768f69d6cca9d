"""On a phone (375 px) the receipt shows the whole status link, shown only once, and copies it with one
press. Screenshot: test-artifacts/screenshots/receipt-ko-375-copied."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, screenshot
from .test_long_texts import fill_the_rest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]


def test_the_whole_status_link_is_in_sight_and_copied_with_one_press(new_page, live_server):
    page = new_page(width=375, language="ko")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + "/issues/new/")
    fill_the_rest(page, "ko")
    page.fill("#id_title", "원양선박 선원 비대면 진료 허용")
    page.fill("#id_problem", "원양선박 선원은 의료기관을 방문할 수 없어 진료를 받지 못합니다.")
    page.get_by_role("button", name="신고하기").click()
    page.wait_for_url(re.compile(r"/issues/receipt/REG-\d{4}-\d{4}/$"))

    link = page.input_value("#status-link")
    assert re.fullmatch(rf"{re.escape(live_server.url)}/track/[A-Za-z0-9_-]{{43}}/", link)
    # Nothing of it is hidden in the box: no scrolling inside, in either direction.
    hidden = page.evaluate("""() => { const box = document.getElementById('status-link');
        return [box.scrollWidth - box.clientWidth, box.scrollHeight - box.clientHeight]; }""")
    assert hidden == [0, 0], hidden

    page.get_by_role("button", name="링크 복사").click()
    # The clipboard answers asynchronously: the message appears once it has taken the link.
    expect(page.locator("#status-link_copied")).to_have_text("링크를 복사했습니다. 안전한 곳에 붙여 넣어 두십시오.")
    assert page.evaluate("navigator.clipboard.readText()") == link
    screenshot(page, "receipt-ko-375-copied")
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], overflow
    assert_accessible(page)
