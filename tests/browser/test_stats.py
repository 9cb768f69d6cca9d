"""The public figures (/stats/) in Chromium, in Korean and English, on a phone and on a desktop: they fit
the screen (charts shrink, wide tables scroll inside their own box), and axe-core finds no serious or
critical violation. Screenshots: test-artifacts/screenshots/stats-<language>-<width>.png."""

import pytest
from django.core.cache import cache

from tests.stats import data

from .conftest import assert_accessible, screenshot

# The live server reads committed rows: a transactional test (see test_officer_morning.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]


@pytest.fixture
def program():
    cache.clear()  # the live server runs in this process: the same (memory) cache
    built = data.build()
    yield built
    cache.clear()


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("width", [375, 1280])
def test_the_figures_read_well_in_both_languages_on_a_phone_and_a_desktop(new_page, live_server, program,
                                                                          language, width):
    page = new_page(width=width, language=language)
    page.goto(f"{live_server.url}/stats/")

    assert page.locator("html").get_attribute("lang") == language
    # The headline figures, the charts and their tables are all there.
    assert page.locator("#totals [data-measure=filed] strong").inner_text() == "10"
    assert page.locator("svg.chart").count() == 6
    assert page.locator("table.figures").count() == 7  # six with charts, and the solved cases
    # Nothing wider than the screen: the page never scrolls sideways, the charts shrink to fit.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for box in page.locator("svg.chart").all():
        assert box.bounding_box()["width"] <= width
    # A table wider than a phone scrolls inside its own box, which the keyboard can reach.
    region = page.locator(".table-scroll").first
    assert region.get_attribute("tabindex") == "0"
    assert page.locator("#solved-cases tbody tr").count() == 4
    name = f"stats-{language}-{width}"
    screenshot(page, name)
    assert_accessible(page)


def test_choosing_a_year_shows_its_figures(new_page, live_server, program):
    page = new_page(width=375, language="en")
    page.goto(f"{live_server.url}/stats/")

    page.get_by_role("link", name="2023", exact=True).click()

    assert page.url.endswith("/stats/?year=2023")
    assert page.locator("nav.years [aria-current=page]").inner_text() == "2023"
    assert page.locator("#totals [data-measure=filed] strong").inner_text() == "4"
    assert page.locator("#solved-cases tbody tr").count() == 2
    screenshot(page, "stats-en-375-2023")
    assert_accessible(page)
