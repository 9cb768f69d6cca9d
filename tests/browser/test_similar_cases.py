"""The intake form in Chromium on a phone (375 px), under the site's own Content-Security-Policy: once the
title and the problem are typed, the published solved cases like them appear under the problem, in a polite
live region, the focus staying where the filer is typing; filing then goes on as before, to the receipt.
Without JavaScript the form has no such list and files the same. Screenshots: test-artifacts/screenshots/
similar-*."""

import re

import pytest

from companies.models import Field
from issues import services, similar
from issues.models import Issue
from issues.workflow import State
from tests.base import business_number, intake, make_issue
from tests.conftest import require

from .conftest import AXE, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]

PUBLISHED = "원양선박 선원 비대면 진료 허용"
UNPUBLISHED = "원양선박 선원 비대면 진료와 의약품 배송"
FILER = {
    "company_name": "주식회사 바다의원",
    "contact_name": "이서연",
    "contact_email": "seoyeon.lee@bada.example.com",
    "contact_phone": "010-2345-6789",
    "improvement": "원양선박 선원에 대한 비대면 진료를 허용해 주십시오.",
}
TITLE = "원양어선 선원 비대면 진료"
PROBLEM = "원양어선 선원은 바다에서 몇 달씩 머물러 병원을 갈 수 없고 비대면 진료도 허용되지 않습니다."


@pytest.fixture
def cases(db):
    """Issues about other things; a published solved case about seafarers' telemedicine, and an unpublished
    one in the same words."""
    for _n in range(40):
        services.submit_issue(intake(title="공장 설립 인허가 절차 간소화", business_number=business_number(),
                                     problem="공장을 세우려면 인허가 서류가 너무 많습니다."), language="ko")
    healthcare = Field.objects.get(code="healthcare")
    problem = "원양선박 선원은 몇 달씩 바다에 머물러 의료기관을 이용할 수 없고 비대면 진료가 허용되지 않습니다."
    shown = make_issue(State.CLOSED, title=PUBLISHED, problem=problem, field=healthcare,
                       company_name="브이엠에스홀딩스", business_number=business_number())
    hidden = make_issue(State.CLOSED, title=UNPUBLISHED, problem=problem, field=healthcare,
                        company_name="비공개선박", business_number=business_number())
    Issue.objects.filter(pk=shown.pk).update(is_publishable=True)
    similar.index_pending()
    similar.count_terms()
    return shown, hidden


@pytest.fixture
def phone(browser, live_server):
    """phone(javascript=True) → (page, problems): 375 px wide, Korean, the site's policy not bypassed;
    problems collects refusals on the console and uncaught script errors."""
    contexts = []

    def make(javascript=True):
        context = browser.new_context(viewport={"width": 375, "height": 800}, locale="ko",
                                      java_script_enabled=javascript)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        problems = []
        page.on("console", lambda m: ("Content Security Policy" in m.text or "Refused to" in m.text)
                and problems.append(m.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        return page, problems

    yield make
    for context in contexts:
        context.close()


def fill_the_rest(page):
    for name, value in FILER.items():
        page.fill(f"#id_{name}", value)
    page.fill("#id_business_number", business_number("220811234", dashed=True))
    page.select_option("#id_field", label="디지털 헬스케어")
    page.check("#id_privacy_consent")


def assert_accessible_under_the_policy(page, live_server):
    """axe-core's serious and critical violations, none: axe is served from the site's own origin (a route of
    this page only), since the policy refuses the inline script the other browser tests inject."""
    require("axe-core (npm ci)", AXE.exists())
    page.route("**/test-only/axe.min.js", lambda route: route.fulfill(path=str(AXE),
                                                                       content_type="application/javascript"))
    page.add_script_tag(url=live_server.url + "/test-only/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]
             if v["impact"] in ("serious", "critical")]
    assert found == []


def assert_fits(page):
    width, screen = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= screen, f"the page is {width} px wide on a {screen} px screen"


def test_the_filer_sees_similar_solved_cases_and_files_as_before(phone, live_server, cases):
    page, problems = phone()
    asked = []
    page.on("request", lambda r: "/similar/" in r.url and asked.append((r.method, r.url, r.post_data or "")))
    page.goto(live_server.url + "/issues/new/")
    region = page.locator("#similar-cases")
    assert region.get_attribute("aria-live") == "polite"
    assert region.inner_text() == ""

    page.locator("#id_title").press_sequentially(TITLE)
    # The title alone asks nothing: the problem has no text yet.
    page.wait_for_timeout(1300)
    assert asked == [] and region.inner_text() == ""
    page.locator("#id_problem").press_sequentially(PROBLEM, delay=5)

    # After a pause in typing, without leaving the problem.
    region.get_by_role("heading", name="비슷한 해결 사례").wait_for()
    assert page.evaluate("document.activeElement.id") == "id_problem"
    assert region.locator(".case-title").all_inner_texts() == [PUBLISHED]
    assert "디지털 헬스케어" in region.inner_text() and "개선 완료" in region.inner_text()
    assert UNPUBLISHED not in page.content() and "브이엠에스홀딩스" not in page.content()
    # What was typed went in POST bodies only, never into an address.
    assert asked and all(method == "POST" and url == live_server.url + "/issues/new/similar/"
                         for method, url, _body in asked)
    assert "title=" in asked[-1][2]
    # Nothing typed was changed.
    assert page.input_value("#id_title") == TITLE and page.input_value("#id_problem") == PROBLEM
    assert_fits(page)
    screenshot(page, "similar-375-suggestions")
    assert_accessible_under_the_policy(page, live_server)

    # Leaving the problem asks nothing new for the same text.
    count = len(asked)
    page.locator("#id_related_law").focus()
    page.wait_for_timeout(300)
    assert len(asked) == count

    fill_the_rest(page)
    page.get_by_role("button", name="신고하기").click()
    page.wait_for_url(re.compile(r"/issues/receipt/REG-\d{4}-\d{4}/$"))
    filed = Issue.objects.get(title=TITLE)
    assert (filed.problem, filed.filer_email) == (PROBLEM, FILER["contact_email"])
    assert problems == []


def test_without_javascript_the_form_shows_no_list_and_files_the_same(phone, live_server, cases):
    page, _problems = phone(javascript=False)
    page.goto(live_server.url + "/issues/new/")
    page.fill("#id_title", TITLE)
    page.fill("#id_problem", PROBLEM)
    page.locator("#id_related_law").focus()

    assert page.locator("#similar-cases").inner_text() == ""
    assert page.locator("#similar-cases").bounding_box()["height"] == 0
    screenshot(page, "similar-375-no-javascript")

    fill_the_rest(page)
    page.get_by_role("button", name="신고하기").click()
    page.wait_for_url(re.compile(r"/issues/receipt/REG-\d{4}-\d{4}/$"))
    assert Issue.objects.filter(title=TITLE).count() == 1
