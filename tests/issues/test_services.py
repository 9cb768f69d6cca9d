"""Filing an issue, its attachments, notes and assignment, and the outbox of notices they owe."""

import re
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from companies.models import Company, Contact
from issues import services, tasks
from issues.models import Attachment, Issue, Note, Notice, StatusChange
from issues.notices import outbox
from issues.notices.render import render
from issues.workflow import MissingInformation, NotPermitted, Resolution, State
from tests.base import (
    FILER_EMAIL,
    business_number,
    intake,
    make_expert,
    make_issue,
    make_officer,
    make_official,
    make_user,
)

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"REG-(\d{4})-(\d{4})")


class BrokenBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server at 127.0.0.1:25 refused the connection")


def pdf(name="사업계획서.pdf", content=b"%PDF-1.4\n% a business plan\n"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- Filing ----------------------------------------------------------------------------------------------


def test_filing_creates_the_company_the_contact_and_the_issue():
    data = intake(business_number="220-81-00001", contact_email=" MinJi.Kim@Robotics.example.com ")

    issue = services.submit_issue(data)

    company = Company.objects.get()
    assert (company.name, company.business_number, company.ceo_name) == ("주식회사 로보틱스", "2208100001", "박대표")
    contact = Contact.objects.get()
    assert (contact.company, contact.name, contact.email, contact.phone) == (
        company, "김민지", FILER_EMAIL, "010-1234-5678",
    )
    issue.refresh_from_db()
    assert (issue.company, issue.contact, issue.source, issue.state) == (company, contact, Issue.Source.WEB,
                                                                          State.DISCOVERY)
    assert (issue.title, issue.related_law) == ("배달로봇의 보도 통행 허용", "도로교통법 제2조")
    assert issue.problem.startswith("실외 이동로봇")


@pytest.mark.parametrize("written", ["220-81-00001", "2208100001", " 220 81 00001 ", "２２０－８１－００００１"])
def test_a_known_company_is_left_as_it_is_stored_and_the_filing_waits_for_an_officer(written):
    services.submit_issue(intake())

    issue = services.submit_issue(intake(business_number=written, company_name="로보틱스(주)", ceo_name="이사칭",
                                         contact_email="ceo@robotics.example.com"))

    # A filer neither changes nor learns what is stored about a company, nor is joined to it unasked.
    company = Company.objects.get()
    assert (issue.company, company.name, company.ceo_name) == (None, "주식회사 로보틱스", "박대표")
    assert (issue.filer_company_name, issue.filer_business_number, issue.filer_ceo_name) == (
        "로보틱스(주)", "2208100001", "이사칭")
    assert list(company.contacts.values_list("email", flat=True)) == [FILER_EMAIL]


def test_a_second_filing_from_a_known_address_joins_its_contact_once_an_officer_accepts():
    first = services.submit_issue(intake())
    second = services.submit_issue(intake(contact_email=FILER_EMAIL.upper()))
    assert second.contact is None and second.filer_email == FILER_EMAIL

    services.decide_filer_match(second, accept=True, by=make_officer())

    assert first.contact == second.contact
    assert Contact.objects.count() == 1


def test_tracking_numbers_are_consecutive_within_the_year():
    issues = [services.submit_issue(intake(title=f"과제 {i}")) for i in range(3)]

    matches = [NUMBER.fullmatch(issue.number) for issue in issues]
    assert all(matches)
    assert {int(m[1]) for m in matches} == {timezone.localdate().year}
    first = int(matches[0][2])
    assert [int(m[2]) for m in matches] == [first, first + 1, first + 2]


def test_the_year_of_a_tracking_number_is_the_year_in_seoul():
    # 15:30 UTC on New Year's Eve is already 00:30 on 1 January in Seoul.
    services.submit_issue(intake(), filed_at=datetime(2024, 12, 31, 15, 30, tzinfo=UTC))
    services.submit_issue(intake(), filed_at=datetime(2024, 12, 31, 14, 30, tzinfo=UTC))

    assert sorted(Issue.objects.values_list("number", flat=True)) == ["REG-2024-0001", "REG-2025-0001"]


def test_each_issue_gets_its_own_unguessable_secret():
    issues = [services.submit_issue(intake()) for _ in range(5)]

    secrets = [issue.secret for issue in issues]
    assert len(set(secrets)) == 5
    for issue in issues:
        # 43 URL-safe characters: 256 random bits (at least 128 are needed), nothing of the tracking number.
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", issue.secret)
        assert issue.number not in issue.secret


def test_filing_is_the_first_line_of_the_history():
    issue = services.submit_issue(intake())

    change = StatusChange.objects.get(issue=issue)
    assert (change.from_state, change.to_state, change.by, change.by_filer) == ("", State.DISCOVERY, None, True)
    assert change.at == issue.filed_at == issue.state_changed_at


def test_filing_by_an_officer_is_recorded_as_theirs():
    officer = make_officer()

    issue = services.submit_issue(intake(), source=Issue.Source.OFFICER, by=officer)

    change = issue.status_changes.get()
    assert (issue.source, change.by, change.by_filer) == (Issue.Source.OFFICER, officer, False)


def test_the_consent_is_stored_with_its_version():
    issue = services.submit_issue(intake())

    assert issue.privacy_consent_version == services.PRIVACY_CONSENT_VERSION != ""
    assert issue.privacy_consented_at == issue.filed_at


def test_the_filer_gets_a_receipt_with_the_tracking_number_and_the_status_link(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://regulatory.example.org"

    with django_capture_on_commit_callbacks(execute=True):
        issue = services.submit_issue(intake(), language="en")

    notice = Notice.objects.get(issue=issue)
    assert (notice.kind, notice.recipient, notice.language) == ("issue-received", FILER_EMAIL, "en")
    assert (notice.status, notice.attempts) == (Notice.Status.SENT, 1)
    [email] = mail.outbox
    assert email.to == [FILER_EMAIL]
    assert issue.number in email.subject
    link = f"https://regulatory.example.org/track/{issue.secret}/"
    assert link in email.body
    assert link in email.alternatives[0].content
    assert "We have received your report" in email.subject


def test_the_receipt_is_owed_in_the_language_the_filer_used():
    assert services.submit_issue(intake(), language="en-us").language == "en"
    assert Notice.objects.get(kind="issue-received").language == "en"


# --- Attachments -----------------------------------------------------------------------------------------


def test_attachments_are_kept_privately_under_random_names(private_media):
    content = b"%PDF-1.4\n% the sandbox application\n"

    name = "규제샌드박스 신청서.pdf"

    issue = services.submit_issue(intake(), files=[pdf(name, content), pdf(name)])

    first, second = issue.attachments.all()
    assert (first.original_name, first.content_type, first.size) == (name, "application/pdf", len(content))
    assert (private_media / first.file.name).read_bytes() == content
    # The uploader's name is kept in the database only; on disk each file has a random name of its own.
    stored = sorted(p.name for p in private_media.rglob("*") if p.is_file())
    assert len(stored) == 2
    assert all(re.fullmatch(r"[0-9a-f]{32}\.pdf", name) for name in stored)
    assert first.file.name != second.file.name


def test_a_hostile_file_name_never_reaches_the_disk(private_media):
    issue = services.submit_issue(intake(), files=[pdf("../../etc/cron.d/x;rm -rf"), pdf("보고서.p h p")])

    for attachment in issue.attachments.all():
        path = (private_media / attachment.file.name).resolve()
        assert path.is_relative_to(private_media.resolve())
        # Not even an odd suffix is kept.
        assert re.fullmatch(r"[0-9a-f]{32}", path.name)
    assert sorted(issue.attachments.values_list("original_name", flat=True)) == ["x;rm -rf", "보고서.p h p"]


def test_a_failed_filing_leaves_no_row_and_no_file_behind(private_media):
    data = intake()
    del data["problem"]

    with pytest.raises(KeyError):
        services.submit_issue(data, files=[pdf()])

    assert (Issue.objects.count(), Company.objects.count(), Attachment.objects.count()) == (0, 0, 0)
    assert not [p for p in private_media.rglob("*") if p.is_file()]


# --- Notes -----------------------------------------------------------------------------------------------


def test_an_officer_writes_an_internal_note_the_filer_is_not_told_of():
    issue = make_issue()

    note = services.add_note(issue, "기업에 전화로 확인함", by=make_officer())

    assert (note.author, note.is_public, note.is_from_filer) == (make_officer(), False, False)
    assert not Notice.objects.filter(kind="note-published").exists()


def test_a_public_note_is_sent_to_the_filer():
    issue = make_issue(language="en")

    note = services.add_note(issue, "Please send the certificate.", by=make_officer(), is_public=True)

    notice = Notice.objects.get(kind="note-published")
    assert (notice.issue, notice.recipient, notice.language, notice.context) == (
        issue, FILER_EMAIL, "en", {"note_id": note.pk},
    )
    assert "Please send the certificate." in render(notice).body


def test_an_expert_writes_internal_notes_on_the_issues_assigned_to_them_only():
    expert = make_expert()
    mine, other = make_issue(), make_issue()
    services.assign_issue(mine, expert, by=make_officer())

    note = services.add_note(mine, "개인정보보호법 제15조 검토 필요", by=expert)
    assert (note.author, note.is_public) == (expert, False)

    with pytest.raises(NotPermitted):
        services.add_note(other, "의견", by=expert)
    with pytest.raises(NotPermitted):
        services.add_note(mine, "공개 의견", by=expert, is_public=True)
    assert Note.objects.count() == 1


@pytest.mark.parametrize("who", ["official", "inactive officer", "user without a role"])
def test_only_officers_experts_and_the_filer_write_notes(who):
    by = {
        "official": make_official,
        "inactive officer": lambda: make_officer("retired", is_active=False),
        "user without a role": lambda: make_user("visitor"),
    }[who]()
    issue = make_issue()

    with pytest.raises(NotPermitted):
        services.add_note(issue, "메모", by=by)
    assert not Note.objects.exists()


def test_the_filer_adds_information_while_the_issue_is_open(private_media):
    issue = make_issue(State.CONSULTATION)

    note = services.add_note(issue, "인증서를 첨부합니다.", by=None, files=[pdf("인증서.pdf")])

    # It stays on the filer's own status page; nobody e-mails the filer their own words.
    assert (note.author, note.is_from_filer, note.is_public) == (None, True, True)
    assert note.attachments.get().original_name == "인증서.pdf"
    assert note.attachments.get().issue == issue
    assert not Notice.objects.filter(kind="note-published").exists()


def test_the_filer_cannot_write_on_a_closed_issue():
    issue = make_issue(State.CLOSED, resolution=Resolution.WITHDRAWN)

    with pytest.raises(NotPermitted):
        services.add_note(issue, "다시 봐 주세요", by=None)
    assert not Note.objects.exists()


@pytest.mark.parametrize("body", ["", "  \n ", None])
def test_an_empty_note_is_refused(body):
    with pytest.raises(MissingInformation) as caught:
        services.add_note(make_issue(), body, by=make_officer())

    assert set(caught.value.errors) == {"body"}
    assert not Note.objects.exists()


# --- Assignment ------------------------------------------------------------------------------------------


def test_an_officer_assigns_an_expert_who_is_told():
    issue, expert = make_issue(), make_expert()

    services.assign_issue(issue, expert, by=make_officer())

    assert issue.assignee == expert
    assert Issue.objects.get(pk=issue.pk).assignee == expert
    notice = Notice.objects.get(kind="issue-assigned")
    assert (notice.issue, notice.recipient, notice.user) == (issue, expert.email, expert)
    assert f"/admin/issues/issue/{issue.pk}/change/" in render(notice).body


def test_an_officer_may_assign_another_officer_or_nobody():
    issue, officer, colleague = make_issue(), make_officer(), make_officer("colleague")

    services.assign_issue(issue, colleague, by=officer)
    assert Issue.objects.get(pk=issue.pk).assignee == colleague

    services.assign_issue(issue, None, by=officer)
    assert Issue.objects.get(pk=issue.pk).assignee is None


def test_an_officer_taking_an_issue_is_not_told_of_it():
    issue, officer = make_issue(), make_officer()

    services.assign_issue(issue, officer, by=officer)

    assert not Notice.objects.filter(kind="issue-assigned").exists()


@pytest.mark.parametrize("who", ["expert", "official", "filer", "inactive officer"])
def test_only_officers_assign(who):
    by = {
        "expert": make_expert,
        "official": make_official,
        "filer": lambda: None,
        "inactive officer": lambda: make_officer("retired", is_active=False),
    }[who]()
    issue = make_issue()

    with pytest.raises(NotPermitted):
        services.assign_issue(issue, make_expert("another-expert"), by=by)
    assert Issue.objects.get(pk=issue.pk).assignee is None


@pytest.mark.parametrize("who", ["official", "user without a role"])
def test_issues_go_only_to_officers_and_experts(who):
    assignee = make_official() if who == "official" else make_user("visitor")
    issue = make_issue()

    with pytest.raises(NotPermitted):
        services.assign_issue(issue, assignee, by=make_officer())
    assert Issue.objects.get(pk=issue.pk).assignee is None
    assert not Notice.objects.filter(kind="issue-assigned").exists()


# --- Notices ---------------------------------------------------------------------------------------------


def test_a_notice_owed_twice_is_owed_once(django_capture_on_commit_callbacks):
    issue = make_issue()
    Notice.objects.all().delete()

    with django_capture_on_commit_callbacks() as callbacks:
        first = outbox.owe("issue-moved", key="issue-moved:1:filer", issue=issue, recipient=FILER_EMAIL)
        second = outbox.owe("issue-moved", key="issue-moved:1:filer", issue=issue, recipient=FILER_EMAIL)

    assert first == second
    assert Notice.objects.count() == 1
    assert len(callbacks) == 1


def test_a_notice_to_nobody_is_not_owed():
    issue = make_issue()
    Notice.objects.all().delete()

    assert outbox.owe("issue-moved", key="k", issue=issue, recipient="") is None
    assert not Notice.objects.exists()


def test_a_notice_is_delivered_once_however_often_it_is_asked_for():
    issue = make_issue()
    notice = Notice.objects.get(issue=issue, kind="issue-received")

    assert outbox.deliver(notice.pk) is True
    assert outbox.deliver(notice.pk) is False
    tasks.send_notice(notice.pk)

    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.last_error) == (Notice.Status.SENT, 1, "")
    assert notice.sent_at is not None
    assert mail.outbox[0].extra_headers["X-Notice-Key"] == notice.key


def test_a_notice_claimed_by_another_worker_is_left_to_it():
    notice = Notice.objects.get(issue=make_issue())
    assert outbox.claim(notice.pk)

    assert outbox.deliver(notice.pk) is False
    assert mail.outbox == []


def test_a_failed_e_mail_stays_owed_and_goes_out_once_the_server_is_back(settings):
    issue = make_issue()
    notice = Notice.objects.get(issue=issue)
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"

    with pytest.raises(ConnectionRefusedError):
        outbox.deliver(notice.pk)

    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.Status.PENDING, 1)
    assert "refused the connection" in notice.last_error
    # Not due again before its back-off delay has passed.
    assert outbox.deliver_owed() == (0, 0)

    settings.NOTICE_RETRY_BASE = 0
    Notice.objects.filter(pk=notice.pk).update(next_attempt_at=timezone.now())
    assert outbox.deliver_owed() == (0, 1)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.deliver_owed() == (1, 0)
    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.last_error) == (Notice.Status.SENT, 3, "")
    assert len(mail.outbox) == 1


def test_a_failed_e_mail_never_loses_a_submission(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"

    with django_capture_on_commit_callbacks(execute=True):
        issue = services.submit_issue(intake())

    assert Issue.objects.filter(pk=issue.pk).exists()
    notice = Notice.objects.get(issue=issue)
    assert (notice.status, notice.attempts) == (Notice.Status.PENDING, 1)


def test_a_stopped_broker_never_loses_a_submission(monkeypatch, django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_notice, "delay", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        issue = services.submit_issue(intake())

    notice = Notice.objects.get(issue=issue)
    assert (notice.status, notice.attempts) == (Notice.Status.PENDING, 0)
    # `send_notices` delivers it later.
    assert outbox.deliver_owed() == (1, 0)
    assert len(mail.outbox) == 1


def test_each_kind_of_notice_renders_in_korean_and_in_english():
    officer, expert = make_officer(), make_expert()
    for language in ("ko", "en"):
        issue = make_issue(State.CLOSED, language=language, business_number=business_number())
        services.add_note(issue, "공개 메모", by=officer, is_public=True)
        services.assign_issue(issue, expert, by=officer)
    kinds = set(Notice.objects.values_list("kind", flat=True))
    assert kinds == {"issue-received", "issue-moved", "issue-answered", "issue-closed", "note-published",
                     "issue-assigned"}

    for notice in Notice.objects.all():
        email = render(notice)
        assert notice.issue.number in email.subject
        assert "\n" not in email.subject
        assert email.body.strip()
        assert email.alternatives[0].mimetype == "text/html"

