"""A filing stores what the filer typed, and the filer sees only that: a stranger who types a known
company's business number and its contact's e-mail address learns nothing stored about them, changes
nothing of them, and is not attached to them. Matching is the officer's decision."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from companies.models import Company, Contact
from issues import selectors, services, workflow
from issues.models import Issue
from tests.base import business_number, intake, make_expert, make_officer, make_official

pytestmark = pytest.mark.django_db

PETNOW = business_number("000000006")  # 000-00-00067 once its check digit is added


@pytest.fixture
def petnow(db):
    """A company the support center knows, with its contact person, as an officer entered them."""
    company = Company.objects.create(name="펫나우", business_number=PETNOW, ceo_name="이태규")
    contact = Contact.objects.create(company=company, name="김지원", email="jiwon.kim@petnow.example.com",
                                     phone="010-1111-2222")
    return company, contact


def stranger(**fields):
    """What a stranger types: the known business number and contact e-mail, names and phone of their own."""
    typed = {"company_name": "가짜회사", "business_number": PETNOW, "ceo_name": "홍길동", "contact_name": "나모르",
             "contact_email": "jiwon.kim@petnow.example.com", "contact_phone": "010-9999-0000"}
    return intake(**{**typed, **fields})


def file_on_the_form(client, data):
    """File through /issues/new/ as a browser does, and follow to the receipt."""
    from companies.models import Field

    post = {**data, "field": Field.objects.first().pk, "privacy_consent": "on", "homepage": ""}
    response = client.post(reverse("issues-new"), post, follow=True)
    assert response.status_code == 200, response.content[:2000]
    return Issue.objects.get(title=data["title"]), response


def test_a_stranger_with_a_known_number_and_e_mail_downloads_only_what_they_typed(client, petnow):
    issue, receipt = file_on_the_form(client, stranger())
    secret = receipt.context["status_url"].rstrip("/").rsplit("/", 1)[1]

    data = json.loads(client.post(reverse("issues-data", args=[secret])).content)

    assert data["company"] == {"name": "가짜회사", "business_registration_number": "000-00-00067",
                               "ceo_name": "홍길동"}
    assert data["contact"] == {"name": "나모르", "email": "jiwon.kim@petnow.example.com", "phone": "010-9999-0000"}
    body = json.dumps(data, ensure_ascii=False)
    for stored in ("펫나우", "이태규", "김지원", "010-1111-2222"):
        assert stored not in body


def test_a_stranger_with_the_business_number_alone_sees_no_stored_name_or_ceo(client, petnow):
    issue, receipt = file_on_the_form(client, stranger(contact_email="someone@else.example.com"))
    secret = receipt.context["status_url"].rstrip("/").rsplit("/", 1)[1]
    status_page = client.get(reverse("issues-status", args=[secret])).content.decode()
    data = client.post(reverse("issues-data", args=[secret])).content.decode()

    for page in (receipt.content.decode(), status_page, data):
        assert "펫나우" not in page and "이태규" not in page and "김지원" not in page


def test_a_filing_with_a_known_number_changes_and_joins_nothing_stored(petnow):
    company, contact = petnow

    issue = services.submit_issue(stranger())

    company.refresh_from_db()
    contact.refresh_from_db()
    assert (company.name, company.ceo_name) == ("펫나우", "이태규")
    assert (contact.name, contact.phone) == ("김지원", "010-1111-2222")
    assert issue.company is None and issue.contact is None
    assert Contact.objects.filter(company=company).count() == 1
    assert not company.issues.exists() and not contact.issues.exists()


def test_the_receipt_e_mail_speaks_to_the_typed_name_and_address(petnow, committed):
    with committed():
        services.submit_issue(stranger(contact_email="nam.mo@stranger.example.com"))

    (message,) = mail.outbox
    assert message.to == ["nam.mo@stranger.example.com"]
    assert "김지원" not in message.body and "펫나우" not in message.body


def test_a_new_business_number_makes_its_company_and_contact_from_what_was_typed(db):
    issue = services.submit_issue(intake(
        business_number=business_number("220810777"), company_name="새로봇", ceo_name="새대표", contact_name="새담당",
        contact_email="new@robot.example.com"))

    assert issue.company.name == "새로봇" and issue.company.ceo_name == "새대표"
    assert (issue.contact.name, issue.contact.email) == ("새담당", "new@robot.example.com")
    assert selectors.filer_match(issue) is None  # nothing for an officer to decide


def test_the_officer_is_offered_the_match_and_accepting_links_company_and_contact(petnow):
    company, contact = petnow
    issue = services.submit_issue(stranger())
    officer = make_officer()

    match = selectors.filer_match(issue)
    services.decide_filer_match(issue, accept=True, by=officer)

    assert (match.company, match.contact) == (company, contact)
    issue.refresh_from_db()
    assert (issue.company, issue.contact) == (company, contact)
    assert issue.filer_contact_name == "나모르"  # what was typed stays as typed
    company.refresh_from_db()
    assert company.ceo_name == "이태규"
    assert selectors.filer_match(issue) is None


def test_accepting_a_match_without_a_contact_of_that_address_adds_one_from_what_was_typed(petnow):
    company, _contact = petnow
    issue = services.submit_issue(stranger(contact_email="new.person@petnow.example.com"))

    services.decide_filer_match(issue, accept=True, by=make_officer())

    issue.refresh_from_db()
    assert issue.company == company
    assert (issue.contact.name, issue.contact.email, issue.contact.phone) == (
        "나모르", "new.person@petnow.example.com", "010-9999-0000")


def test_keeping_a_filing_separate_links_nothing_and_settles_the_question(petnow):
    issue = services.submit_issue(stranger())

    services.decide_filer_match(issue, accept=False, by=make_officer())

    issue.refresh_from_db()
    assert issue.company is None and issue.contact is None and issue.filer_reviewed_at is not None
    assert selectors.filer_match(issue) is None
    assert issue.company_label == "가짜회사"


@pytest.mark.parametrize("make", [make_expert, make_official])
def test_only_officers_decide_a_match(petnow, make):
    issue = services.submit_issue(stranger())

    with pytest.raises(workflow.NotPermitted):
        services.decide_filer_match(issue, accept=True, by=make())

    issue.refresh_from_db()
    assert issue.company is None


def test_the_issue_page_offers_the_match_to_an_officer(client, petnow):
    issue = services.submit_issue(stranger())
    client.force_login(make_officer())

    page = client.get(reverse("admin:issues_issue_change", args=[issue.pk]), headers={"Accept-Language": "en"})
    text = page.content.decode()

    assert "matches 펫나우 (000-00-00067) and its contact 김지원" in text
    response = client.post(reverse("admin:issues_issue_filer_match", args=[issue.pk]), {"decision": "accept"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.company is not None and issue.company.name == "펫나우"
