"""Pasted text is never cut: in Chromium, an 11,400-character problem description and a 250-character title
pasted into /issues/new/ stay whole (the browser is given no maxlength), a live counter appears near a
limit and says by how much a text is over it, and the server's refusal keeps every character. On a phone
(375 px, Korean) and a desktop (1280 px, English); screenshots in test-artifacts/screenshots/long-text-*."""

import re

import pytest

from issues.models import Issue
from tests.base import business_number

from .conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]

LINE = ("원양선박 선원은 육지의 의료기관을 방문할 수 없어 진료를 받지 못하며 의약품도 받을 수 없습니다. " * 2)[:94]
LONG_PROBLEM = (LINE + "\n") * 120  # 11,400 characters
TOO_LONG = LONG_PROBLEM + ("추가 설명 " * 2000)[:9100]  # 20,500 characters
TITLE = ("원양선박 선원 비대면 진료와 의약품 선상 배송을 허용해 주십시오 " * 8)[:250]

FIELD_LABEL = {"ko": "디지털 헬스케어", "en": "Digital healthcare"}
TEXTS = {
    "ko": {
        "title_count": "250/300자",
        "over": "20,500/20,000자: 500자가 넘습니다. 글을 줄여 주십시오.",
        "refused": "지금 20,500자입니다. 이 칸에는 20,000자까지 쓸 수 있으니 500자를 줄여 주십시오. "
                   "입력하신 내용은 모두 그대로 남아 있습니다.",
        "send": "신고하기",
    },
    "en": {
        "title_count": "250 of 300 characters",
        "over": "20,500 of 20,000 characters: 500 too many. Please shorten the text.",
        "refused": "This is 20,500 characters long; at most 20,000 fit here. Please shorten it by 500 characters. "
                   "Everything you typed is still here.",
        "send": "Send the report",
    },
}


def fill_the_rest(page, language):
    page.fill("#id_company_name", "주식회사 바다의원")
    page.fill("#id_business_number", business_number("220811234", dashed=True))
    page.select_option("#id_field", label=FIELD_LABEL[language])
    page.fill("#id_contact_name", "이서연")
    page.fill("#id_contact_email", "seoyeon.lee@bada.example.com")
    page.fill("#id_contact_phone", "010-2345-6789")
    page.fill("#id_improvement", "원양선박 선원에 대한 비대면 진료와 의약품 배송을 허용해 주십시오.")
    page.check("#id_privacy_consent")


def length(page, selector) -> int:
    return page.evaluate(f"document.querySelector('{selector}').value.length")


@pytest.mark.parametrize(("language", "width"), [("ko", 375), ("en", 1280)])
def test_pasted_text_is_never_cut_and_the_counter_and_the_server_say_how_long_it_is(
        new_page, live_server, language, width):
    assert len(LONG_PROBLEM) == 11_400 and len(TOO_LONG) == 20_500 and len(TITLE) == 250
    texts = TEXTS[language]
    page = new_page(width=width, language=language)
    page.goto(live_server.url + "/issues/new/")
    assert page.locator("[maxlength]").count() == 0
    fill_the_rest(page, language)

    # Pasted whole.
    page.fill("#id_title", TITLE)
    page.fill("#id_problem", LONG_PROBLEM)
    assert length(page, "#id_title") == 250
    assert length(page, "#id_problem") == 11_400
    # The title is near its limit: its counter shows; the problem is far from its own.
    title_count = page.locator("#id_title_count")
    assert title_count.is_visible() and title_count.inner_text() == texts["title_count"]
    assert "id_title_count" in page.get_attribute("#id_title", "aria-describedby").split()
    assert not page.locator("#id_problem_count").is_visible()

    # Over the limit: the counter says by how much, and nothing is cut.
    page.fill("#id_problem", TOO_LONG)
    assert length(page, "#id_problem") == 20_500
    problem_count = page.locator("#id_problem_count")
    assert problem_count.is_visible() and problem_count.inner_text() == texts["over"]
    assert "over" in problem_count.get_attribute("class").split()
    screenshot(page, f"long-text-{language}-{width}-1-counter")

    # The server refuses it with the same figures, keeping every character of every field.
    with page.expect_navigation():
        page.get_by_role("button", name=texts["send"]).click()
    assert page.url == live_server.url + "/issues/new/"
    assert not Issue.objects.exists()
    error = page.locator("#id_problem_error")
    assert error.is_visible() and error.inner_text().strip() == texts["refused"]
    assert page.locator(".error-summary a").inner_text().endswith(texts["refused"])
    assert page.input_value("#id_problem").replace("\r\n", "\n") == TOO_LONG
    assert page.input_value("#id_title") == TITLE
    assert page.is_checked("#id_privacy_consent")
    assert page.locator("#id_problem_count").inner_text() == texts["over"]  # the counter agrees at once
    page.locator("#id_problem").scroll_into_view_if_needed()
    screenshot(page, f"long-text-{language}-{width}-2-refused")
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], overflow
    assert_accessible(page)

    # Shortened, it goes through whole.
    page.fill("#id_problem", LONG_PROBLEM)
    assert not page.locator("#id_problem_count").is_visible()
    page.get_by_role("button", name=texts["send"]).click()
    page.wait_for_url(re.compile(r"/issues/receipt/REG-\d{4}-\d{4}/$"))
    issue = Issue.objects.get()
    assert issue.title == TITLE
    # Browsers send a textarea's line breaks as CRLF; the last one goes with the trailing space.
    assert issue.problem.replace("\r\n", "\n") == LONG_PROBLEM.strip()
