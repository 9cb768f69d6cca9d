"""The access log: each way staff take personal data out (an attachment, a proposal list export, a prepared
large export, a batch's list, the annual report, a briefing pack) writes who, when, what and from where;
refused downloads write nothing; superusers read the log and nobody edits it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from issues.models import AccessLog, Attachment, ExportLog
from issues.proposals import batches
from issues.workflow import State
from meetings.models import Meeting
from tests.base import make_expert, make_issue, make_officer, make_official, make_user, ministry
from tests.intake import files

from .conftest import filer

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.7"


@pytest.fixture
def proposals(db):
    officer = make_officer()
    issues = [make_issue(State.PROPOSAL, by=officer, ministry=ministry(), **filer(name)) for name in ("가", "나")]
    make_issue(State.CONSULTATION, by=officer, **filer("다"))
    return officer, issues


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_attachment_download_is_logged_with_who_what_and_where(client):
    issue = make_issue(files=[files.upload("재무제표.pdf", files.PDF, "application/pdf")], **filer("첨부"))
    attachment = Attachment.objects.get(issue=issue)
    officer = make_officer()
    client.force_login(officer)
    before = timezone.now()

    response = client.get(reverse("issues-attachment", args=[attachment.pk]), REMOTE_ADDR=ADDRESS)

    assert response.status_code == 200 and body(response) == files.PDF
    entry = AccessLog.objects.get()
    assert (entry.kind, entry.user, entry.issue, entry.ip_address) == (AccessLog.Kind.ATTACHMENT, officer, issue,
                                                                       ADDRESS)
    assert entry.detail == {"attachment": attachment.pk, "size": len(files.PDF)} and entry.at >= before


def test_a_refused_attachment_download_is_not_logged(client):
    issue = make_issue(files=[files.upload("재무제표.pdf", files.PDF, "application/pdf")], **filer("거절"))
    client.force_login(make_expert())  # not assigned to the issue

    response = client.get(reverse("issues-attachment", args=[Attachment.objects.get(issue=issue).pk]))

    assert response.status_code == 403 and not AccessLog.objects.exists()


@pytest.mark.parametrize("format", ["xlsx", "csv"])
def test_an_export_is_logged_with_its_format_filter_and_rows(client, proposals, format):
    official = make_official()
    client.force_login(official)

    response = client.get(reverse("exports"), {"state": "proposal", "format": format}, REMOTE_ADDR=ADDRESS)
    body(response)

    entry = AccessLog.objects.get()
    export = ExportLog.objects.get()
    assert (entry.kind, entry.user, entry.export, entry.ip_address) == (AccessLog.Kind.EXPORT, official, export,
                                                                        ADDRESS)
    assert entry.detail == {"format": format, "filters": {"state": "proposal"}, "rows": 2}
    assert export.row_count == 2


def test_a_proposal_batchs_list_is_logged_with_the_batch(client, proposals):
    officer, issues = proposals
    batch = batches.create_batch(by=officer)
    batches.add_to_batch(issues[:1], batch, by=officer)
    client.force_login(officer)

    body(client.get(reverse("exports"), {"batch": batch.pk, "format": "xlsx"}))

    entry = AccessLog.objects.get()
    assert entry.detail == {"format": "xlsx", "filters": {"batch": str(batch.pk)}, "rows": 1}


def test_a_large_export_is_logged_when_asked_for_and_again_when_its_file_is_fetched(
        client, proposals, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_ASYNC_ROWS = 1
    official, officer = make_official(), proposals[0]
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("exports"), {"format": "xlsx"})
    export = ExportLog.objects.get()
    assert export.status == ExportLog.Status.READY

    # An officer may fetch anyone's prepared file: the log says it was the officer.
    client.force_login(officer)
    body(client.get(reverse("exports-download", args=[export.pk]), REMOTE_ADDR=ADDRESS))

    asked, fetched = AccessLog.objects.order_by("pk")
    assert (asked.kind, asked.user, asked.export, asked.detail["rows"]) == (AccessLog.Kind.EXPORT, official, export, 2)
    assert (fetched.kind, fetched.user, fetched.export, fetched.ip_address) == (
        AccessLog.Kind.EXPORT_FILE, officer, export, ADDRESS)
    assert fetched.detail == {"format": "xlsx", "rows": 2}


def test_the_annual_report_is_logged(client, proposals):
    official = make_official()
    client.force_login(official)
    year = timezone.localdate().year

    response = client.get(reverse("stats-report", args=[year, "xlsx"]))

    assert response.status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.kind, entry.user, entry.detail) == (AccessLog.Kind.ANNUAL_REPORT, official,
                                                      {"year": year, "format": "xlsx", "rows": 2})


def test_the_briefing_pack_pdf_is_logged(client, proposals):
    officer, issues = proposals
    meeting = Meeting.objects.create(title="현장 간담회", starts_at=timezone.now())
    client.force_login(officer)

    response = client.get(reverse("admin:meetings_meeting_briefing_pdf", args=[meeting.pk]))

    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    entry = AccessLog.objects.get()
    assert (entry.kind, entry.user, entry.detail) == (AccessLog.Kind.BRIEFING, officer,
                                                      {"meeting": meeting.pk, "format": "pdf"})


def test_an_address_that_is_not_an_ip_is_logged_as_none(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    issue = make_issue(files=[files.upload("a.pdf", files.PDF, "application/pdf")], **filer("주소"))
    client.force_login(make_officer())

    client.get(reverse("issues-attachment", args=[Attachment.objects.get(issue=issue).pk]),
               HTTP_X_FORWARDED_FOR="not-an-address")

    assert AccessLog.objects.get().ip_address is None


def test_superusers_read_the_log_filtered_and_nobody_changes_it(client, proposals):
    officer = proposals[0]
    client.force_login(officer)
    body(client.get(reverse("exports"), {"format": "csv"}))
    entry = AccessLog.objects.get()
    root = make_user("root", is_superuser=True, is_staff=True)
    changelist = reverse("admin:issues_accesslog_changelist")

    # Officers do not see it at all.
    assert client.get(changelist).status_code == 403
    client.force_login(root)
    page = client.get(changelist, {"kind": "export", "user__id__exact": officer.pk},
                      headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "CSV · 3 rows" in page.content.decode()
    assert client.get(changelist, {"kind": "attachment"}).context["cl"].result_count == 0
    day = timezone.localdate(entry.at)
    assert client.get(changelist, {"at__year": day.year, "at__month": day.month,
                                   "at__day": day.day}).context["cl"].result_count == 1
    assert client.get(reverse("admin:issues_accesslog_add")).status_code == 403
    change = reverse("admin:issues_accesslog_change", args=[entry.pk])
    assert client.post(change, {"kind": "attachment"}).status_code == 403
    assert client.post(reverse("admin:issues_accesslog_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AccessLog.objects.get().kind == AccessLog.Kind.EXPORT
