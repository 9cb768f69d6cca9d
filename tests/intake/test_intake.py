"""Filing an issue on /issues/new/: the receipt, the bad inputs, spam and the rate limit."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from companies.models import Company
from issues import links
from issues.models import Attachment, Issue, Notice, StatusChange
from issues.services import PRIVACY_CONSENT_VERSION
from tests.base import STATUS_LINK, business_number, link_in

from . import files
from .conftest import FIRST_NINE

NEW = "/issues/new/"
TEXT_FIELDS = ["company_name", "ceo_name", "contact_name", "title", "problem", "improvement", "related_law"]
SCRIPT = '<script>alert("x")</script><b onmouseover=alert(1)>bold</b>'


def file_issue(client, data, attachments=(), **extra):
    return client.post(NEW, {**data, "attachments": list(attachments)}, **extra)


def test_the_form_names_every_field_of_the_contract_with_a_label(client, db):
    page = client.get(NEW).content.decode()

    for name in ["company_name", "business_number", "ceo_name", "field", "contact_name", "contact_email",
                 "contact_phone", "title", "problem", "improvement", "related_law", "ministry", "attachments",
                 "privacy_consent"]:
        assert f'name="{name}"' in page
        assert f'<label for="id_{name}"' in page
    assert 'multiple' in re.search(r'<input[^>]*name="attachments"[^>]*>', page).group(0)
    assert "개인정보" in page or "personal information" in page
    assert "<title>" in page and "</title>" in page


def test_a_filer_files_an_issue_with_two_attachments_and_sees_the_receipt(client, intake_data,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = file_issue(client, intake_data(), [files.upload("제안서.pdf", files.PDF),
                                                      files.upload("사진.png", files.png())])

    issue = Issue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("issues-receipt", args=[issue.number])
    assert issue.company.business_number == business_number(FIRST_NINE)
    assert issue.contact.email == "seoyeon.lee@example.com"
    assert issue.contact.phone == "010-2345-6789"
    assert issue.privacy_consent_version == PRIVACY_CONSENT_VERSION and issue.privacy_consented_at
    assert issue.language == "ko" and not issue.is_suspected_spam
    assert sorted(Attachment.objects.values_list("original_name", "content_type")) == [
        ("사진.png", "image/png"), ("제안서.pdf", "application/pdf")]
    assert StatusChange.objects.filter(issue=issue, to_state="discovery", by_filer=True).exists()

    receipt = client.get(response["Location"])
    page = receipt.content.decode()
    assert receipt.status_code == 200
    assert issue.number in page
    secret = link_in(page)
    assert f"http://testserver/track/{secret}/" in page and issue.secret_hash == links.hash_secret(secret)
    assert receipt["Cache-Control"] == "no-store, private"
    assert '<meta name="referrer" content="same-origin">' in page
    # The receipt e-mail is owed through the outbox and carries the same link.
    (message,) = mail.outbox
    assert message.to == ["seoyeon.lee@example.com"]
    assert issue.number in message.subject and secret in message.body


def test_the_receipt_is_shown_only_to_the_session_that_filed(client, intake_data):
    response = file_issue(client, intake_data())

    client.cookies.clear()
    stranger = client.get(response["Location"])

    assert stranger.status_code == 404
    assert not STATUS_LINK.search(stranger.content.decode())


def test_a_known_company_is_left_for_the_officer_and_nothing_stored_about_it_is_shown(client, intake_data):
    company = Company.objects.create(name="Stored name only officers see", business_number=business_number(FIRST_NINE),
                                     ceo_name="Stored CEO")

    response = file_issue(client, intake_data(company_name="Typed name"))
    page = client.get(response["Location"]).content.decode()

    issue = Issue.objects.get()
    assert issue.company is None and issue.filer_company_name == "Typed name"
    assert "Stored name" not in page and "Stored CEO" not in page
    company.refresh_from_db()
    assert company.name == "Stored name only officers see"


@pytest.mark.parametrize("typed", [
    lambda digits: digits,
    lambda digits: f"{digits[:3]}-{digits[3:5]}-{digits[5:]}",
    lambda digits: f" {digits[:3]} {digits[3:5]} {digits[5:]} ",
])
def test_the_business_number_may_have_dashes_or_not(client, intake_data, typed):
    digits = business_number(FIRST_NINE)

    response = file_issue(client, intake_data(business_number=typed(digits)))

    assert response.status_code == 302
    assert Issue.objects.get().company.business_number == digits


@pytest.mark.parametrize(("phone", "stored"), [
    ("01023456789", "010-2345-6789"), ("02-123-4567", "02-123-4567"), ("0311234567", "031-123-4567"),
    ("070 1234 5678", "070-1234-5678"), ("+82 10-2345-6789", "010-2345-6789"),
])
def test_korean_phone_numbers_are_normalised(client, intake_data, phone, stored):
    assert file_issue(client, intake_data(contact_phone=phone)).status_code == 302
    assert Issue.objects.get().contact.phone == stored


def test_a_wrong_business_number_is_explained_next_to_its_field_and_everything_typed_is_kept(client, intake_data):
    data = intake_data(business_number=business_number(FIRST_NINE, dashed=True, valid=False))

    response = file_issue(client, data, [files.upload("제안서.pdf", files.PDF)])
    page = response.content.decode()

    assert response.status_code == 200
    assert not Issue.objects.exists()
    field = re.search(r'<input[^>]*name="business_number"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_business_number_helptext id_business_number_error"' in field
    assert 'id="id_business_number_error"' in page
    assert 'role="alert"' in page and 'href="#id_business_number"' in page
    for name in ["company_name", "ceo_name", "contact_name", "title"]:
        assert f'value="{data[name]}"' in page
    assert data["problem"] in page and data["improvement"] in page
    # Browsers cannot refill file inputs: the page says so.
    assert "attach" in page.lower() or "첨부" in page


@pytest.mark.parametrize(("field", "value"), [
    ("contact_email", "not-an-address"),
    ("contact_phone", "12345"),
    ("title", "t" * 301),
    ("company_name", "c" * 201),
    ("problem", "p" * 20_001),
    ("problem", ""),
    ("field", "999999"),
    ("ministry", "not-a-number"),
])
def test_each_bad_field_is_refused_with_its_own_message(client, intake_data, field, value):
    response = file_issue(client, intake_data(**{field: value}))

    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Issue.objects.exists()


def test_without_consent_nothing_is_filed(client, intake_data):
    data = intake_data()
    del data["privacy_consent"]

    response = file_issue(client, data)

    assert response.status_code == 200
    assert 'id="id_privacy_consent_error"' in response.content.decode()
    assert not Issue.objects.exists()


@pytest.mark.parametrize(("attachments", "message"), [
    ([files.upload("report.pdf", b"only text, not a PDF")], "report.pdf"),
    ([files.upload("photo.pdf", files.png())], "photo.pdf"),
    ([files.upload(f"{n}.pdf", files.PDF) for n in range(3)], "3"),
    ([files.upload("big.pdf", files.PDF.ljust(2000, b" "))], "big.pdf"),
    ([files.upload("a.pdf", files.PDF.ljust(900, b" ")), files.upload("b.pdf", files.PDF.ljust(900, b" "))], ""),
    ([files.upload("empty.pdf", b"")], ""),
])
def test_bad_attachments_are_refused_without_a_server_error(client, intake_data, settings, attachments, message):
    settings.UPLOAD_MAX_FILES = 2
    settings.UPLOAD_MAX_FILE_SIZE = 1000
    settings.UPLOAD_MAX_TOTAL_SIZE = 1500

    response = file_issue(client, intake_data(), attachments)
    page = response.content.decode()

    assert response.status_code == 200
    assert 'id="id_attachments_error"' in page and message in page
    assert not Issue.objects.exists() and not Attachment.objects.exists()


def test_a_path_like_or_control_character_file_name_is_stored_as_a_safe_base_name(client, intake_data):
    body, content_type = files.multipart(intake_data(), [
        ("attachments", "../../../etc/passwd.pdf", files.PDF),
        ("attachments", "C:\\fakepath\\건의\x07서.pdf", files.PDF),
    ])

    response = client.post(NEW, body, content_type=content_type)

    assert response.status_code == 302
    names = sorted(Attachment.objects.values_list("original_name", flat=True))
    assert names == ["passwd.pdf", "건의서.pdf"] or names == ["passwd.pdf", "건의 서.pdf"]
    for attachment in Attachment.objects.all():
        assert ".." not in attachment.file.name and "passwd" not in attachment.file.name


def test_html_typed_anywhere_is_shown_escaped_on_the_receipt_status_page_and_e_mail(
        client, intake_data, django_capture_on_commit_callbacks):
    data = intake_data(**{name: SCRIPT for name in TEXT_FIELDS})

    with django_capture_on_commit_callbacks(execute=True):
        response = file_issue(client, data)
    issue = Issue.objects.get()
    receipt = client.get(response["Location"])
    pages = [receipt, client.get(f"/track/{link_in(receipt.content.decode())}/")]

    assert issue.title == SCRIPT
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert" not in html and "<b onmouseover" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    (message,) = mail.outbox
    assert "<script>alert" not in message.alternatives[0][0]


def test_html_typed_is_shown_escaped_when_the_form_comes_back_with_errors(client, intake_data):
    data = intake_data(**{name: SCRIPT for name in TEXT_FIELDS}, business_number="1")

    html = file_issue(client, data).content.decode()

    assert "<script>alert" not in html and "<b onmouseover" not in html


def test_a_filled_honeypot_is_kept_and_flagged_not_dropped(client, intake_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = file_issue(client, intake_data(homepage="http://spam.example"))

    issue = Issue.objects.get()
    assert issue.is_suspected_spam
    # The robot sees the same receipt as a person, but nobody is mailed at an address a robot typed.
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert not Notice.objects.filter(issue=issue).exists() and mail.outbox == []


def test_the_rate_limit_answers_with_the_friendly_429_page(client, intake_data, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "intake": 2}

    statuses = [file_issue(client, intake_data(title=f"Issue {n}")).status_code for n in range(3)]
    refused = file_issue(client, intake_data(title="One more"))

    assert statuses == [302, 302, 429]
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "<title>" in refused.content.decode() and "02-2133-3119" in refused.content.decode()
    assert Issue.objects.count() == 2
    # Another client is not held back.
    assert file_issue(client, intake_data(), REMOTE_ADDR="203.0.113.9").status_code == 302


def test_mistakes_do_not_count_against_the_rate_limit(client, intake_data, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "intake": 1}

    for _ in range(3):
        assert file_issue(client, intake_data(business_number="1")).status_code == 200

    assert file_issue(client, intake_data()).status_code == 302


def test_the_client_behind_a_trusted_proxy_is_the_forwarded_address(client, intake_data, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "intake": 1}
    settings.TRUSTED_PROXY_COUNT = 1

    first = file_issue(client, intake_data(), HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = file_issue(client, intake_data(), HTTP_X_FORWARDED_FOR="198.51.100.2")
    again = file_issue(client, intake_data(), HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert [first.status_code, second.status_code, again.status_code] == [302, 302, 429]


def test_the_english_form_works_end_to_end(client, intake_data):
    client.post("/i18n/setlang/", {"language": "en", "next": NEW})

    page = client.get(NEW).content.decode()
    response = file_issue(client, intake_data())

    assert '<html lang="en">' in page and "Report a regulation" in page
    assert response.status_code == 302
    assert Issue.objects.get().language == "en"


def test_one_submission_takes_a_bounded_number_of_queries(client, intake_data, django_assert_max_num_queries):
    client.get(NEW)
    data = intake_data()
    attachments = [files.upload("a.pdf", files.PDF), files.upload("b.png", files.png())]

    with django_assert_max_num_queries(25) as captured:
        response = file_issue(client, data, attachments)

    assert response.status_code == 302
    print(f"\nqueries for one submission with two attachments: {len(captured)}")


def test_the_form_page_is_light(client, db):
    html = client.get(NEW).content
    static = Path(settings.BASE_DIR) / "static"
    css = (static / "css/site.css").read_bytes()
    js = (static / "js/attachments.js").read_bytes()

    total = len(html) + len(css) + len(js)

    print(f"\n/issues/new/ weight: HTML {len(html)} + CSS {len(css)} + JS {len(js)} = {total} bytes")
    assert total < 50_000
