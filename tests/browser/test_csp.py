"""The Content-Security-Policy in Chromium (not bypassed, unlike the other browser tests): the public
pages, the staff login with two-factor enrolment, the workspace and /exports/ run without a single
violation, and what their scripts do still works: the attachments check, the admin's select-all,
autocomplete and calendar, the briefing pack's print button."""

from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp

from config.staff.enrolment import make_enrolment_link
from issues.models import Issue
from meetings.models import Meeting
from tests.base import new_link

from .conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]

# load_demo's accounts (their passwords are public: local use only).
DEMO = {"officer": "demo-officer-2024", "official": "demo-official-2024", "admin": "demo-admin-2024"}
# Every violation reaches the page as an event; the binding carries it out of the page, across navigations.
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) =>
    window.cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sample} (${e.sourceFile}:${e.lineNumber})`));
window.print = () => { window.printed = (window.printed || 0) + 1; };"""


@pytest.fixture
def demo(settings):
    settings.STAFF_TWO_FACTOR = True  # read by the live server's thread on each request
    call_command("load_demo", "--force", verbosity=0)


@pytest.fixture
def strict(browser, live_server):
    """strict() → (page, problems): a page under the site's own policy; problems collects every CSP
    violation, refusal on the console and uncaught script error, whatever the page."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko")
        context.set_default_timeout(15_000)
        contexts.append(context)
        problems = []
        context.expose_binding("cspViolation", lambda source, text: problems.append(f"{source['page'].url}: {text}"))
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        page.on("console", lambda m: ("Content Security Policy" in m.text or "Refused to" in m.text)
                and problems.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
        return page, problems

    yield make
    for context in contexts:
        context.close()


def visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status == 200, url
    # The policy is the site's own, not relaxed anywhere.
    assert "script-src 'self';" in response.headers["content-security-policy"] + ";", url


def log_in(page, live_server, username):
    """The enrolment link a superuser made, the admin's password form, then the first-time two-factor set-up
    with the key the page shows."""
    page.goto(live_server.url + make_enrolment_link(get_user_model().objects.get(username=username)).path)
    page.wait_for_url("**/admin/login/**")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO[username])
    page.click("input[type=submit]")
    page.wait_for_url("**/accounts/two-factor/enrol/**")
    assert page.locator("svg.qr-code").is_visible()
    screenshot(page, f"csp-enrol-{username}")
    key = b32decode(page.inner_text("code.otp-secret").replace(" ", ""))
    page.fill("#id_code", f"{totp(key):06d}")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_the_public_pages_run_under_the_policy(strict, live_server, demo):
    page, problems = strict()
    visit(page, live_server.url + "/")
    # The policy holds and the test hears it: an inline script added to the page neither runs nor goes unseen.
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                             document.body.append(s); }""")
    page.wait_for_timeout(300)
    assert page.evaluate("window.ran === undefined") and any("script-src" in p for p in problems), problems
    problems.clear()

    for url in ["/", "/track/", "/admin/login/"]:
        visit(page, live_server.url + url)
    visit(page, live_server.url + "/stats/")
    assert page.locator("main svg").count() >= 1  # the charts, drawn by the server

    # The attachments check of the intake form and of the status page's message form.
    issue = Issue.objects.filter(state="consultation").first() or Issue.objects.first()
    for url in [reverse("issues-new"), reverse("issues-status", args=[new_link(issue)])]:
        visit(page, live_server.url + url)
        if not page.locator("#id_attachments").count():
            continue
        page.set_input_files("#id_attachments", [
            {"name": f"file-{n}.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"} for n in range(6)])
        assert page.locator("#id_attachments_check.warning").inner_text().strip()

    assert problems == []


def test_the_workspace_runs_under_the_policy(strict, live_server, demo):
    page, problems = strict()
    log_in(page, live_server, "officer")
    visit(page, live_server.url + "/admin/")
    screenshot(page, "csp-admin-index")

    # The issue list: the select-all box of the actions checks every row and counts them.
    visit(page, live_server.url + "/admin/issues/issue/")
    rows = page.locator("input.action-select").count()
    assert rows > 1
    page.check("#action-toggle")
    assert page.locator("input.action-select:checked").count() == rows
    assert str(rows) in page.inner_text(".action-counter")

    # An issue's page: the company's autocomplete (select2) asks the server and lists companies.
    issue = Issue.objects.filter(company__isnull=False).first()
    visit(page, live_server.url + reverse("admin:issues_issue_change", args=[issue.pk]))
    page.locator(".field-company .select2-selection").first.click()
    page.locator(".select2-results__option").first.wait_for()
    screenshot(page, "csp-issue-autocomplete")
    page.keyboard.press("Escape")

    # A meeting's page: the calendar of the date widget opens; its briefing pack prints.
    meeting = Meeting.objects.first()
    visit(page, live_server.url + reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    page.click("#calendarlink0")
    assert page.locator("#calendarbox0").is_visible()
    screenshot(page, "csp-meeting-calendar")
    visit(page, live_server.url + reverse("admin:meetings_meeting_briefing", args=[meeting.pk]))
    screenshot(page, "csp-briefing")
    page.click("[data-print]")
    assert page.evaluate("window.printed") == 1

    assert problems == []


def test_exports_and_the_superusers_pages_run_under_the_policy(strict, live_server, demo):
    page, problems = strict()
    log_in(page, live_server, "official")
    visit(page, live_server.url + reverse("exports"))
    screenshot(page, "csp-exports")
    visit(page, live_server.url + reverse("answers-upload"))

    page, more = strict()
    log_in(page, live_server, "admin")
    for url in ["/admin/", "/admin/axes/accessattempt/", "/admin/otp_totp/totpdevice/", "/admin/auth/user/"]:
        visit(page, live_server.url + url)

    assert problems + more == []
