""""Download what we hold about you" on the status page: the holder of the link gets their own data as
JSON, nothing of another filer and nothing internal; unknown and erased links get the same 404."""

import json
import re

import pytest
from django.urls import reverse

from issues import services
from issues.models import AccessLog, Issue
from issues.privacy import retention
from issues.workflow import State
from tests.base import intake, make_officer
from tests.intake import files

from .conftest import close_ago, filer

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked_on(db):
    """A report with a file, moved and written about by an officer in public and internally, with a
    message from the filer; and another filer's report next to it."""
    officer = make_officer("kim.officer", first_name="OfficerFirst", last_name="OfficerLast")
    issue = services.submit_issue(
        intake(**filer("열람")),
        files=[files.upload("사업계획서.pdf", files.PDF, "application/pdf")], language="ko",
    )
    services.move_issue(issue, State.CONSULTATION, by=officer, note="INTERNAL: the filer seems unreliable",
                        public_note="We are reviewing your report with experts.")
    services.add_note(issue, "INTERNAL NOTE: call the ministry first", by=officer)
    services.add_note(issue, "Could you send the contract?", by=officer, is_public=True)
    services.add_note(issue, "계약서를 첨부합니다.", by=None,
                      files=[files.upload("계약서.pdf", files.PDF, "application/pdf")])
    other = services.submit_issue(intake(**filer("남의")), language="ko")
    fresh = Issue.objects.get(pk=issue.pk)
    fresh.secret = issue.secret  # the link's secret is never stored: keep the one the filing gave
    return fresh, other


def download(client, issue, language="en"):
    return client.post(reverse("issues-data", args=[issue.secret]), headers={"Accept-Language": language})


def test_the_filer_downloads_their_report_contact_details_consent_and_history(client, worked_on):
    issue, _other = worked_on

    response = download(client, issue)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="{issue.number}-personal-data.json"'
    assert response["Cache-Control"] == "no-store, private"
    data = json.loads(response.content)
    assert data["report"]["tracking_number"] == issue.number and data["report"]["title"] == issue.title
    assert data["report"]["problem"] == issue.problem and data["report"]["state"] == "Consultation and review"
    assert data["company"] == {"name": issue.company.name, "ceo_name": issue.company.ceo_name,
                               "business_registration_number": issue.company.business_number_display}
    assert data["contact"] == {"name": issue.contact.name, "email": issue.contact.email, "phone": issue.contact.phone}
    assert data["consent"]["given"] is True and data["consent"]["notice_version"] == services.PRIVACY_CONSENT_VERSION
    assert data["consent"]["given_at"] and data["consent"]["retention"] == "3 years after the report is closed"
    assert [entry["title"] for entry in data["timeline"]] == [
        "Report received", "Now: Consultation and review", "Message from the support center", "Your message"]
    assert data["messages_from_you"] == [{"at": data["messages_from_you"][0]["at"], "text": "계약서를 첨부합니다.",
                                          "attachments": ["계약서.pdf"]}]
    assert [(f["name"], f["size_bytes"]) for f in data["attachments"]] == [
        ("사업계획서.pdf", len(files.PDF)), ("계약서.pdf", len(files.PDF))]
    subjects = [notice["subject"] for notice in data["notices_to_you"]]
    assert len(subjects) >= 3 and all(subjects) and issue.number in subjects[0]


def test_it_holds_nothing_internal_and_nothing_of_another_filer(client, worked_on):
    issue, other = worked_on

    body = download(client, issue).content.decode()

    for secret in ["INTERNAL", "kim.officer", "OfficerFirst", "OfficerLast", "seoul.example", issue.secret,
                   other.title, other.contact.name, other.contact.email, other.contact.phone, other.company.name,
                   other.company.ceo_name, other.number]:
        assert secret not in body, secret


def test_it_speaks_the_readers_language(client, worked_on):
    data = json.loads(download(client, worked_on[0], language="ko").content)

    assert data["report"]["state"] == "협의·검토"
    assert data["timeline"][0]["title"] == "신고 접수"


def test_the_download_is_logged_without_the_filers_address(client, worked_on):
    issue = worked_on[0]

    download(client, issue)

    entry = AccessLog.objects.get()
    assert (entry.kind, entry.issue, entry.user, entry.ip_address) == (AccessLog.Kind.FILER_DATA, issue, None, None)
    assert entry.detail == {"format": "json"}


@pytest.mark.parametrize("path", ["/track/" + "A" * 43 + "/data/", "/track/erased:1/data/", "/track/short/data/"])
def test_an_unknown_secret_gets_404(client, db, path):
    assert client.post(path).status_code == 404
    assert not AccessLog.objects.exists()


def test_an_erased_report_gets_the_same_404_as_an_unknown_one(client, worked_on):
    issue = worked_on[0]
    services.move_issue(issue, State.CLOSED, by=make_officer("kim.officer"), resolution="out_of_scope")
    close_ago(issue, retention.settings.PERSONAL_DATA_RETENTION_DAYS + 1)
    retention.apply_retention()

    erased = client.post(reverse("issues-data", args=[issue.secret]))
    unknown = client.post("/track/" + "x" * 43 + "/data/")

    assert erased.status_code == unknown.status_code == 404
    strip = re.compile(r'(name="(?:csrfmiddlewaretoken|next)"[^>]*?) value="[^"]*"')
    assert strip.sub(r"\1", erased.content.decode()) == strip.sub(r"\1", unknown.content.decode())


def test_a_get_goes_back_to_the_status_page(client, worked_on):
    issue = worked_on[0]

    response = client.get(reverse("issues-data", args=[issue.secret]))

    assert response.status_code == 302 and response["Location"] == reverse("issues-status", args=[issue.secret])
    assert not AccessLog.objects.exists()


def test_downloads_meet_the_rate_limit(client, worked_on, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "data": 1}

    first, second = download(client, worked_on[0]), download(client, worked_on[0])

    assert (first.status_code, second.status_code) == (200, 429)
    assert AccessLog.objects.count() == 1


@pytest.mark.parametrize("state", [State.CONSULTATION, State.CLOSED])
def test_the_status_page_offers_the_download_open_or_closed(client, worked_on, state):
    issue = worked_on[0]
    if state == State.CLOSED:
        services.move_issue(issue, State.CLOSED, by=make_officer("kim.officer"), resolution="out_of_scope")

    page = client.get(reverse("issues-status", args=[issue.secret]), headers={"Accept-Language": "en"})

    assert f'action="{reverse("issues-data", args=[issue.secret])}"' in page.content.decode()
    assert "Download what we hold about you" in page.content.decode()
    assert "until 3 years after the" in page.content.decode()
