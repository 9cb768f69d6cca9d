"""A startup's staff member files a regulatory complaint in Chromium, on a phone (375 px) and on a
desktop (1280 px), in Korean and in English: from the landing page to the intake form, with two
attachments, to the receipt and the private status page; writes a message with a file; withdraws.
A wrong business registration number is shown next to its field and in the summary, and nothing
else typed is lost. Each page is screenshot (test-artifacts/screenshots/filer-*) and checked with
axe-core.

UI text is compared with what Django's catalogs say (`ui()`, the same catalogs the live server
uses), so the tests follow the wording of locale/; the Korean landing page must be in Hangul, and
the English pages are also checked against literal English."""

import re

import pytest
from django.utils import timezone, translation

from issues.links import hash_secret
from issues.models import Attachment, Issue, Note, StatusChange
from issues.workflow import Resolution, State
from tests.base import business_number
from tests.intake.files import PDF, png

from .conftest import assert_accessible, screenshot

# The live server needs committed rows (a transactional test); the fields and ministries the
# migrations seeded are put back after another transactional test flushed them.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]

WIDTHS = [375, 1280]

# What the filer types, per language: the texts are theirs (Korean in both), the choices are
# picked by the label the page shows in that language.
FILER = {
    "company_name": "주식회사 바다의원",
    "ceo_name": "김지석",
    "contact_name": "이서연",
    "contact_email": "seoyeon.lee@bada.example.com",
    "contact_phone": "010-2345-6789",
    "title": "원양선박 선원 비대면 진료 허용",
    "problem": "원양선박 선원은 의료기관을 방문할 수 없어 진료를 받지 못합니다.\n의약품도 받을 수 없습니다.",
    "improvement": "원양선박 선원에 대한 비대면 진료와 의약품 배송을 허용해 주십시오.",
    "related_law": "의료법 제34조",
}
FIELD_LABEL = {"ko": "디지털 헬스케어", "en": "Digital healthcare"}
MINISTRY_LABEL = {"ko": "보건복지부", "en": "Ministry of Health and Welfare"}
# The clinic's business number before its check digit; the filer types it with dashes.
FIRST_NINE = "220811234"


def ui(language: str, text: str) -> str:
    """`text` as the page shows it in `language`, from the same catalogs the live server uses."""
    with translation.override(language):
        return str(translation.gettext(text))


@pytest.fixture
def documents(tmp_path):
    """Small valid files on disk, for the file chooser: two for the report, one for a message."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    files = {"plan": folder / "사업계획서.pdf", "photo": folder / "선박-현장사진.png", "more": folder / "추가자료.pdf"}
    files["plan"].write_bytes(PDF)
    files["photo"].write_bytes(png())
    files["more"].write_bytes(PDF.replace(b"%%EOF", b"% more\n%%EOF"))
    return files


def look(page, name: str, width: int):
    """Screenshot the page and check that nothing is wider than the screen."""
    screenshot(page, name)
    overflow = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert overflow[0] <= overflow[1], f"{name}: the page is {overflow[0]} px wide on a {width} px screen"


def assert_focus_visible(page):
    """The element with the focus has the stylesheet's outline (:focus-visible)."""
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), outline


def check_language(page, language: str):
    assert page.locator("html").get_attribute("lang") == language


def fill_form(page, language: str, number: str, files: list):
    for name, value in FILER.items():
        page.fill(f"#id_{name}", value)
    page.fill("#id_business_number", number)
    page.select_option("#id_field", label=FIELD_LABEL[language])
    page.select_option("#id_ministry", label=MINISTRY_LABEL[language])
    page.set_input_files("#id_attachments", [str(path) for path in files])
    page.check("#id_privacy_consent")


def open_intake_form(page, live_server, language: str, width: int, prefix: str):
    """From the landing page, in `language` (switched with the page's own language switch if needed)."""
    page.goto(live_server.url + "/")
    if page.locator("html").get_attribute("lang") != language:
        page.select_option("#language-select", language)
        page.locator("form.lang button[type=submit]").click()
        page.wait_for_function(f"document.documentElement.lang === '{language}'")
    check_language(page, language)
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == ui(language, "Is a regulation holding your business back?")
    # Korean pages speak Korean (the compiled catalog is there), English pages English.
    assert bool(re.search("[가-힣]", heading)) == (language == "ko"), heading
    look(page, f"{prefix}-1-landing", width)
    assert_accessible(page)

    page.locator("main").get_by_role("link", name=ui(language, "Report a regulation")).click()
    page.wait_for_url(re.compile(r"/issues/new/$"))
    check_language(page, language)
    assert page.get_by_role("heading", level=1).inner_text() == ui(language, "Report a regulation")
    assert page.locator("label[for=id_business_number]").inner_text() == ui(language, "Business registration number")


def walk(page, live_server, language: str, width: int, documents: dict):
    prefix = f"filer-{language}-{width}"
    open_intake_form(page, live_server, language, width, prefix)

    # The empty form, with the keyboard's focus on the first field.
    page.focus("#id_company_name")
    assert_focus_visible(page)
    look(page, f"{prefix}-2-form-empty", width)
    assert_accessible(page)

    fill_form(page, language, business_number(FIRST_NINE, dashed=True), [documents["plan"], documents["photo"]])
    page.get_by_role("button", name=ui(language, "Send the report")).click()

    # The receipt: the tracking number and the private status link.
    page.wait_for_url(re.compile(r"/issues/receipt/REG-\d{4}-\d{4}/$"))
    check_language(page, language)
    assert page.get_by_role("heading", level=1).inner_text() == ui(language, "We have received your report")
    number = page.locator(".tracking-number").inner_text().strip()
    assert re.fullmatch(rf"REG-{timezone.localdate().year}-\d{{4}}", number)
    status_link = page.locator("#status-link").input_value()
    assert re.fullmatch(rf"{re.escape(live_server.url)}/track/[A-Za-z0-9_-]{{20,64}}/", status_link)
    assert page.get_by_role("link", name=ui(language, "Open the status page")).get_attribute("href") == status_link
    assert FILER["contact_email"] in page.locator("main").inner_text()
    look(page, f"{prefix}-4-receipt", width)
    assert_accessible(page)

    issue = Issue.objects.get(number=number)
    assert issue.secret_hash == hash_secret(status_link.rstrip("/").rsplit("/", 1)[1])
    assert (issue.title, issue.filer_business_number, issue.filer_email) == (
        FILER["title"], business_number(FIRST_NINE), FILER["contact_email"])
    assert (issue.field.code, issue.ministry.name) == ("healthcare", "보건복지부")
    assert issue.language == language
    assert issue.privacy_consent_version and issue.privacy_consented_at

    # The status page: the step indicator over the five states and the public timeline.
    page.get_by_role("link", name=ui(language, "Open the status page")).click()
    page.wait_for_url(status_link)
    check_language(page, language)
    assert page.get_by_role("heading", level=1).inner_text() == FILER["title"]
    assert number in page.locator(".eyebrow").inner_text()
    steps = page.locator("ol.steps > li")
    assert steps.count() == len(State)
    with translation.override(language):
        labels = [str(state.label) for state in State]
    for index, label in enumerate(labels):
        assert label in steps.nth(index).inner_text()
    assert steps.nth(0).get_attribute("aria-current") == "step"
    assert page.locator("ol.steps > li[aria-current]").count() == 1
    timeline = page.locator("ol.timeline > li")
    assert timeline.count() == 1
    assert timeline.nth(0).locator("h3").inner_text() == ui(language, "Report received")
    assert timeline.nth(0).locator(".files li").count() == 2
    assert "사업계획서.pdf" in timeline.nth(0).inner_text()
    if language == "ko":  # dates and times in Korean style: 2026. 12. 2. 오전 4:33
        assert re.fullmatch(r"\d{4}\. \d{1,2}\. \d{1,2}\. (오전|오후) \d{1,2}:\d{2}",
                            timeline.nth(0).locator("time").inner_text()), timeline.nth(0).locator("time").inner_text()
    look(page, f"{prefix}-5-status", width)
    assert_accessible(page)

    # A message, with a file.
    page.fill("#id_body", "선원 진료 통계 자료를 첨부합니다.")
    page.set_input_files("#id_attachments", [str(documents["more"])])
    with page.expect_navigation(url=status_link):  # the same address: wait for the new page
        page.get_by_role("button", name=ui(language, "Send the message")).click()
    assert page.locator(".messages").inner_text().strip() == ui(
        language, "Thank you: your message was added. The support center will read it.")
    assert timeline.count() == 2
    message = timeline.nth(1)
    assert message.locator("h3").inner_text() == ui(language, "Your message")
    assert "선원 진료 통계 자료를 첨부합니다." in message.inner_text()
    assert "추가자료.pdf" in message.locator(".files").inner_text()
    look(page, f"{prefix}-6-status-message", width)

    # Withdraw: a confirmation step first.
    page.get_by_role("link", name=ui(language, "Withdraw the report")).click()
    page.wait_for_url(re.compile(r"/withdraw/$"))
    check_language(page, language)
    assert page.get_by_role("heading", level=1).inner_text() == ui(language, "Withdraw your report?")
    assert Issue.objects.get(pk=issue.pk).state == State.DISCOVERY  # nothing happened yet
    page.fill("#id_reason", "문제가 해결되었습니다.")
    look(page, f"{prefix}-7-withdraw-confirm", width)
    assert_accessible(page)
    page.get_by_role("button", name=ui(language, "Yes, withdraw the report")).click()

    page.wait_for_url(status_link)
    assert page.locator(".messages").inner_text().strip() == ui(
        language, "Your report is withdrawn. Thank you for letting us know.")
    with translation.override(language):
        closed, withdrawn = str(State.CLOSED.label), str(Resolution.WITHDRAWN.label)
    assert f"{closed} ({withdrawn})" in page.locator("main").inner_text()
    assert steps.nth(4).get_attribute("aria-current") == "step"
    assert timeline.count() == 3
    assert timeline.nth(2).locator("h3").inner_text() == ui(language, "You withdrew the report")
    assert "문제가 해결되었습니다." in timeline.nth(2).inner_text()
    assert page.locator("#id_body").count() == 0  # no more messages on a closed report
    assert page.get_by_role("link", name=ui(language, "Withdraw the report")).count() == 0
    look(page, f"{prefix}-8-status-withdrawn", width)
    assert_accessible(page)

    # What the database holds now.
    issue.refresh_from_db()
    assert (issue.state, issue.resolution) == (State.CLOSED, Resolution.WITHDRAWN)
    assert Attachment.objects.filter(issue=issue).count() == 3
    assert sorted(Attachment.objects.filter(issue=issue).values_list("original_name", flat=True)) == sorted(
        path.name for path in documents.values())
    assert Attachment.objects.get(issue=issue, original_name="추가자료.pdf").note is not None
    notes = Note.objects.filter(issue=issue)
    assert [(n.is_from_filer, n.is_public, n.body) for n in notes] == [
        (True, True, "선원 진료 통계 자료를 첨부합니다.")]
    last = StatusChange.objects.filter(issue=issue).last()
    assert (last.to_state, last.by_filer, last.by_id, last.public_note) == (
        State.CLOSED, True, None, "문제가 해결되었습니다.")
    return issue


@pytest.mark.parametrize("width", WIDTHS)
def test_the_whole_journey_in_korean(new_page, live_server, documents, width):
    page = new_page(width=width, language="ko")
    walk(page, live_server, "ko", width, documents)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_whole_journey_in_english(new_page, live_server, documents, width):
    # A Korean browser: the filer switches with the landing page's language switch.
    page = new_page(width=width, language="ko")
    walk(page, live_server, "en", width, documents)
    # And English is really what the pages said, not only what the catalogs return.
    page.goto(live_server.url + "/issues/new/")
    text = page.locator("main").inner_text()
    for english in ("Report a regulation", "Business registration number", "Consent to the collection and use "
                    "of personal information", "Send the report"):
        assert english in text


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_wrong_business_number_keeps_everything_else(new_page, live_server, documents, language, width):
    prefix = f"filer-{language}-{width}"
    page = new_page(width=width, language=language)
    page.goto(live_server.url + "/issues/new/")
    check_language(page, language)
    wrong = business_number(FIRST_NINE, dashed=True, valid=False)
    fill_form(page, language, wrong, [documents["plan"], documents["photo"]])
    with page.expect_navigation():
        page.get_by_role("button", name=ui(language, "Send the report")).click()

    assert page.url == live_server.url + "/issues/new/"
    assert page.title().startswith(ui(language, "Error:"))
    message = ui(language, "This business registration number is not valid: please check the digits.")
    label = ui(language, "Business registration number")
    # Next to the field, tied to it for screen readers.
    field_error = page.locator("#id_business_number_error")
    assert field_error.is_visible() and field_error.inner_text().strip() == message
    number_input = page.locator("#id_business_number")
    assert number_input.get_attribute("aria-invalid") == "true"
    assert "id_business_number_error" in number_input.get_attribute("aria-describedby").split()
    # In the summary, announced, focused, linking to the field.
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert_focus_visible(page)
    links = summary.locator("a")
    assert links.count() == 1
    assert links.nth(0).inner_text() == f"{label}: {message}"
    assert links.nth(0).get_attribute("href") == "#id_business_number"
    # Only that field has an error.
    assert page.locator(".field-error").count() == 1
    # Everything typed is kept; the files, which a browser cannot keep, are asked for again.
    for name, value in FILER.items():
        assert page.locator(f"#id_{name}").input_value() == value, name
    assert number_input.input_value() == wrong
    assert page.locator("#id_field option:checked").inner_text() == FIELD_LABEL[language]
    assert page.locator("#id_ministry option:checked").inner_text() == MINISTRY_LABEL[language]
    assert page.is_checked("#id_privacy_consent")
    assert page.locator(".warning").inner_text() == ui(language, "Your files were not kept: please attach them again.")
    look(page, f"{prefix}-3-form-errors", width)
    assert_accessible(page)
    assert not Issue.objects.exists()

    # The summary's link takes the keyboard to the field; corrected, the report goes through.
    links.nth(0).click()
    assert page.evaluate("document.activeElement.id") == "id_business_number"
    page.fill("#id_business_number", business_number(FIRST_NINE, dashed=True))
    page.set_input_files("#id_attachments", [str(documents["plan"]), str(documents["photo"])])
    page.get_by_role("button", name=ui(language, "Send the report")).click()
    page.wait_for_url(re.compile(r"/issues/receipt/REG-\d{4}-\d{4}/$"))
    issue = Issue.objects.get()
    # Browsers send a textarea's line breaks as CRLF.
    assert (issue.title, issue.problem.replace("\r\n", "\n"), issue.related_law, issue.company.name) == (
        FILER["title"], FILER["problem"], FILER["related_law"], FILER["company_name"])
    assert issue.attachments.count() == 2
