"""The public figures (/stats/) and the officers' dashboard in Chromium, in Korean and English, on a phone and
on a desktop: they fit the screen (charts shrink, wide tables scroll inside their own box, the dashboard uses
the width it has), and axe-core finds no serious or critical violation. Screenshots:
test-artifacts/screenshots/stats-<language>-<width>.png and dashboard-<language>-<width>.png."""

import pytest
from django.core.cache import cache

from issues import services
from issues.models import Issue
from issues.workflow import State
from tests.stats import data

from .conftest import assert_accessible, login, screenshot

# The live server reads committed rows: a transactional test (see test_officer_morning.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]


@pytest.fixture
def program():
    cache.clear()  # the live server runs in this process: the same (memory) cache
    built = data.build()
    yield built
    cache.clear()


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("width", [375, 1366])
def test_the_figures_read_well_in_both_languages_on_a_phone_and_a_desktop(new_page, live_server, program,
                                                                          language, width):
    page = new_page(width=width, language=language)
    page.goto(f"{live_server.url}/stats/")

    assert page.locator("html").get_attribute("lang") == language
    # The headline figures, the charts and their tables are all there.
    assert page.locator("#totals [data-measure=filed] strong").inner_text() == "11"
    assert page.locator("#totals .definition").count() == 5  # each figure says what it counts
    assert page.locator("#set-aside").get_attribute("data-measure-total") == "3"
    assert page.locator("svg.chart").count() == 6
    assert page.locator("table.figures").count() == 7  # six with charts, and the solved cases
    # Nothing wider than the screen: the page never scrolls sideways, the charts shrink to fit.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for box in page.locator("svg.chart").all():
        assert box.bounding_box()["width"] <= width
    # A table wider than a phone scrolls inside its own box, which the keyboard can reach.
    region = page.locator(".table-scroll").first
    assert region.get_attribute("tabindex") == "0"
    assert page.locator("#solved-cases tbody tr").count() == 3
    name = f"stats-{language}-{width}"
    screenshot(page, name)
    assert_accessible(page)


def test_choosing_a_year_shows_its_figures(new_page, live_server, program):
    page = new_page(width=375, language="en")
    page.goto(f"{live_server.url}/stats/")

    page.get_by_role("link", name="2023", exact=True).click()

    assert page.url.endswith("/stats/?year=2023")
    assert page.locator("nav.years [aria-current=page]").inner_text() == "2023"
    assert page.locator("#totals [data-measure=filed] strong").inner_text() == "5"
    assert page.locator("#solved-cases tbody tr").count() == 2
    screenshot(page, "stats-en-375-2023")
    assert_accessible(page)


@pytest.mark.parametrize("width", [375, 1366])
def test_a_year_without_figures_says_so(new_page, live_server, program, width):
    page = new_page(width=width, language="ko")
    page.goto(f"{live_server.url}/stats/?year=2022")

    assert page.locator("#no-figures h2").inner_text() == "2022년 통계가 없습니다"
    assert page.locator("svg.chart").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"stats-ko-{width}-2022")
    assert_accessible(page)


PASSWORD = "dashboard-walk-2024!"


@pytest.mark.parametrize("width", [375, 1366])
def test_the_dashboard_uses_the_screen_and_shows_a_move_at_once(new_page, live_server, program, width):
    officer = program["officer"]
    officer.set_password(PASSWORD)
    officer.save()
    page = new_page(width=width, language="ko")
    login(page, live_server, "officer", PASSWORD)
    page.goto(f"{live_server.url}/admin/")

    module = page.locator(".issue-dashboard")
    assert page.locator("[data-figure=now_discovery] strong").inner_text() == "1"
    definition = page.locator("[data-figure=now_discovery] .definition").inner_text()
    assert definition == "지금 이 단계에 있는 과제(접수 연도 무관)."
    as_of = page.locator("#dashboard-as-of time").get_attribute("datetime")
    # At 1366 px the dashboard takes the width left of the recent actions (no 600 px column); on a phone, the
    # screen's width, without scrolling sideways.
    box = module.bounding_box()
    if width == 1366:
        assert box["width"] > 900
        cards = page.locator("#figures-now li").all()
        assert len({round(card.bounding_box()["y"]) for card in cards}) == 1  # the five states on one line
    else:
        assert box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"dashboard-ko-{width}")
    assert_accessible(page)

    services.move_issue(Issue.objects.get(pk=program["B6"].pk), State.CONSULTATION, by=officer)
    page.reload()

    assert page.locator("[data-figure=now_discovery] strong").inner_text() == "0"
    assert page.locator("[data-figure=now_consultation] strong").inner_text() == "2"
    assert page.locator("#dashboard-as-of time").get_attribute("datetime") > as_of
