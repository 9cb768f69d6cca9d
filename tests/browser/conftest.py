"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Screenshots land in test-artifacts/screenshots/ for people to look at; axe-core (from the npm
registry, `npm ci`) is injected into pages to find accessibility violations."""

import json
import os
from pathlib import Path

import pytest

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (setting up data, checking rows) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser(chromium_path_session):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path_session, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def chromium_path_session():
    path = "/usr/bin/chromium"
    require("Chromium (/usr/bin/chromium)", os.path.exists(path))
    return path


@pytest.fixture
def new_page(browser, live_server):
    """new_page(width=375, language="ko") → a page in a fresh context, closed after the test."""
    contexts = []

    def make(width=1280, height=900, language="ko"):
        context = browser.new_context(viewport={"width": width, "height": height}, locale=language, bypass_csp=True,
                                      extra_http_headers={"Accept-Language": language})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    require("axe-core (npm ci)", AXE.exists())
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page):
    found = serious_violations(page)
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
