"""The retention period: the personal data of reports closed longer ago than the consent notice says is
erased, nothing else is, /stats/ does not move, and the nightly run is scheduled."""

import io
import re
from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Company, Contact
from issues import services
from issues.models import Attachment, Issue, Notice
from issues.privacy import retention
from issues.stats import facts as stats
from issues.tasks import apply_retention as nightly_task
from issues.workflow import State
from meetings.models import Attendee, Meeting
from tests.base import make_issue, make_officer
from tests.intake import files
from tests.stats import data as program_data
from tests.stats.conftest import tables

from .conftest import close_ago, closed, filer

pytestmark = pytest.mark.django_db
DAYS = settings.PERSONAL_DATA_RETENTION_DAYS


def pdf(name="사업자등록증.pdf"):
    return files.upload(name, files.PDF, "application/pdf")


def history_contacts(issue) -> list:
    return list(Issue.audit.filter(id=issue.pk).values_list("contact_id", flat=True))


@pytest.fixture
def three(db):
    """One report closed a day past the period (with a file), one a day short of it, one never closed."""
    expired = closed(DAYS + 1, files=[pdf()], **filer("만료"))
    recent = closed(DAYS - 1, files=[pdf("최근.pdf")], **filer("최근"))
    open_ = make_issue(State.FOLLOW_UP, by=make_officer(), **filer("진행"))
    Issue.objects.filter(pk=open_.pk).update(filed_at=timezone.now() - timedelta(days=3 * DAYS),
                                             state_changed_at=timezone.now() - timedelta(days=2 * DAYS))
    return expired, recent, open_


def test_it_erases_the_filers_data_of_reports_closed_longer_ago_than_the_period(three, private_media):
    expired, recent, open_ = three
    contact, company = expired.contact, expired.company
    stored = Attachment.objects.get(issue=expired).file.name
    assert (private_media / stored).exists()
    assert Notice.objects.filter(issue=expired, user__isnull=True).exists()

    counts = retention.apply_retention()

    erased = Issue.objects.get(pk=expired.pk)
    assert erased.anonymised_at is not None and erased.contact is None
    assert erased.secret_hash != expired.secret_hash and erased.secret_hash.startswith("erased:")
    # What the filer typed goes too, but for the company's name and number, which are no one's personal data.
    assert (erased.filer_contact_name, erased.filer_email, erased.filer_phone, erased.filer_ceo_name) == (
        "", "", "", "")
    assert (erased.filer_company_name, erased.filer_business_number) == (
        expired.filer_company_name, expired.filer_business_number)
    assert set(Issue.audit.filter(id=expired.pk).values_list("filer_email", flat=True)) == {""}
    # The regulatory content stays as it was.
    assert (erased.title, erased.problem, erased.improvement, erased.related_law, erased.company_id,
            erased.state, erased.resolution, erased.closed_at) == (
        expired.title, expired.problem, expired.improvement, expired.related_law, company.pk,
        expired.state, expired.resolution, expired.closed_at)
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert Company.objects.get(pk=company.pk).ceo_name == "" and Company.objects.get(pk=company.pk).name == company.name
    assert not Attachment.objects.filter(issue=expired).exists() and not (private_media / stored).exists()
    assert not Notice.objects.filter(issue=expired, user__isnull=True).exists()
    assert set(history_contacts(expired)) == {None}
    assert (counts.issues, counts.contacts, counts.ceo_names, counts.attachments) == (1, 1, 1, 1)
    assert counts.notices >= 2 and counts.audit_rows >= 2  # received, moved …; one audit row per save

    # A day short of the period, or never closed: untouched.
    for kept in (recent, open_):
        now = Issue.objects.select_related("contact", "company").get(pk=kept.pk)
        assert now.anonymised_at is None and now.secret_hash == kept.secret_hash
        assert now.filer_email == kept.filer_email and now.filer_contact_name == kept.filer_contact_name
        assert now.contact.email == kept.contact.email and now.company.ceo_name == kept.company.ceo_name
        assert None not in history_contacts(kept)
    assert Attachment.objects.filter(issue=recent).count() == 1


def test_the_erased_reports_link_answers_like_an_unknown_one(client, three):
    expired = three[0]
    email = expired.contact.email
    url = reverse("issues-status", args=[expired.secret])
    assert client.get(url).status_code == 200

    retention.apply_retention()

    assert client.get(url).status_code == 404
    assert client.post(reverse("issues-data", args=[expired.secret])).status_code == 404
    # Nor does the look-up by tracking number and e-mail address find it any more.
    found = client.post(reverse("issues-track"), {"number": expired.number, "email": email})
    assert found.status_code == 200 and "erased:" not in found.content.decode()


def test_a_contact_person_and_ceo_still_needed_by_a_live_report_are_kept(db):
    fields = filer("공유")
    old = closed(DAYS + 30, **fields)
    live = make_issue(State.CONSULTATION, by=make_officer(), **fields)
    services.decide_filer_match(live, accept=True, by=make_officer())  # the officer links the second filing
    assert live.contact == old.contact

    counts = retention.apply_retention()

    assert Issue.objects.get(pk=old.pk).contact is None
    assert Issue.objects.get(pk=live.pk).contact.email == fields["contact_email"]
    assert Company.objects.get(pk=live.company_id).ceo_name == fields["ceo_name"]
    assert (counts.issues, counts.contacts, counts.ceo_names) == (1, 0, 0)


def test_a_contact_person_who_attends_a_meeting_is_kept(db):
    old = closed(DAYS + 30, **filer("참석"))
    meeting = Meeting.objects.create(title="현장 간담회", starts_at=timezone.now())
    Attendee.objects.create(meeting=meeting, role=Attendee.Role.COMPANY, company=old.company, contact=old.contact)

    retention.apply_retention()

    assert Contact.objects.filter(pk=old.contact_id).exists()
    assert Issue.objects.get(pk=old.pk).contact is None


def test_staff_notices_stay_and_the_filers_go(db):
    officer, colleague = make_officer(), make_officer("park")
    issue = make_issue(State.CONSULTATION, by=officer, **filer("알림"))
    services.assign_issue(issue, colleague, by=officer)
    services.move_issue(issue, State.CLOSED, by=officer, resolution="out_of_scope")
    close_ago(issue, DAYS + 2)
    staff = set(Notice.objects.filter(issue=issue, user=colleague).values_list("pk", flat=True))
    assert staff and Notice.objects.filter(issue=issue, user__isnull=True).exists()

    retention.apply_retention()

    assert set(Notice.objects.filter(issue=issue).values_list("pk", flat=True)) == staff


def test_it_is_idempotent(three):
    first = retention.apply_retention()
    erased_at = Issue.objects.get(pk=three[0].pk).anonymised_at

    second = retention.apply_retention()

    assert first.issues == 1
    assert second == retention.Counts()
    assert Issue.objects.get(pk=three[0].pk).anonymised_at == erased_at


def snapshot() -> dict:
    return {
        "issues": list(Issue.objects.order_by("pk").values_list("pk", "secret_hash", "contact_id", "anonymised_at",
                                                                  "filer_email", "filer_contact_name")),
        "contacts": list(Contact.objects.order_by("pk").values_list("pk", "name", "email", "phone")),
        "ceos": list(Company.objects.order_by("pk").values_list("pk", "ceo_name")),
        "attachments": list(Attachment.objects.order_by("pk").values_list("pk", "file")),
        "notices": list(Notice.objects.order_by("pk").values_list("pk", "recipient")),
        "audit": list(Issue.audit.order_by("history_id").values_list("history_id", "contact_id")),
    }


def test_a_dry_run_counts_what_a_run_erases_and_changes_nothing(three, private_media):
    shared = filer("두건")
    closed(DAYS + 5, files=[pdf("a.pdf")], **shared)
    closed(DAYS + 6, **shared)
    before = snapshot()

    dry = retention.apply_retention(dry_run=True)

    assert snapshot() == before
    assert all((private_media / name).exists() for _pk, name in before["attachments"])
    real = retention.apply_retention(batch_size=1)
    assert dry == real
    assert (real.issues, real.contacts, real.ceo_names, real.attachments) == (3, 2, 2, 2)


def test_it_works_in_batches_one_transaction_each(db):
    for index in range(3):
        closed(DAYS + 10 + index, **filer(f"배치{index}"))
    seen = []

    counts = retention.apply_retention(batch_size=2, progress=lambda total: seen.append(total.issues))

    assert seen == [2, 3] and counts.issues == 3
    assert not Issue.objects.filter(anonymised_at__isnull=True).exists()


def test_the_figures_of_stats_stay_identical(client, settings):
    program_data.build()
    # Every closed issue of the known program (2023-2024) is past a 30-day period.
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    now = timezone.now()
    facts = stats.compute_facts(now=now)
    page = client.get(reverse("stats"), headers={"Accept-Language": "en"}).content.decode()

    counts = retention.apply_retention()

    assert counts.issues > 0 and counts.contacts > 0
    assert stats.compute_facts(now=now) == facts
    stats.refresh_facts()
    assert tables(client.get(reverse("stats"), headers={"Accept-Language": "en"}).content.decode()) == tables(page)


def test_the_command_prints_its_counts_and_its_dry_run_changes_nothing(three):
    out = io.StringIO()
    with translation.override("en"):
        call_command("apply_retention", "--dry-run", stdout=out)
        assert Issue.objects.filter(anonymised_at__isnull=False).count() == 0
        call_command("apply_retention", stdout=out)

    text = out.getvalue()
    assert "Retention period: 3 years after closing" in text
    assert re.search(r"Dry run, nothing changed\. Would erase: Issues: 1, contact people deleted: 1", text)
    assert re.search(r"Erased: Issues: 1, contact people deleted: 1, CEO names removed: 1, attachments deleted: 1",
                     text)
    assert Issue.objects.filter(anonymised_at__isnull=False).count() == 1


def test_celery_beat_runs_it_every_night(three):
    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "issues.tasks.apply_retention"]

    assert nightly_task.name == "issues.tasks.apply_retention"
    assert isinstance(entry["schedule"], crontab)
    # Once a day: one hour and one minute, every day of the week and month.
    assert len(entry["schedule"].hour) == 1 and len(entry["schedule"].minute) == 1
    assert len(entry["schedule"].day_of_week) == 7 and len(entry["schedule"].day_of_month) == 31
    nightly_task.delay()
    assert Issue.objects.get(pk=three[0].pk).anonymised_at is not None


@pytest.mark.parametrize(("days", "words"), [(3 * 365, "3 years"), (90, "90 days"), (365, "1 year")])
def test_the_consent_notice_states_the_period_the_run_applies(client, settings, days, words):
    settings.PERSONAL_DATA_RETENTION_DAYS = days

    page = client.get(reverse("issues-new"), headers={"Accept-Language": "en"}).content.decode()

    assert f"{words} after your report is closed; then it is destroyed." in page
    just_past, not_yet = closed(days + 0.01, **filer("직후")), closed(days - 0.01, **filer("직전"))
    retention.apply_retention()
    assert Issue.objects.get(pk=just_past.pk).anonymised_at is not None
    assert Issue.objects.get(pk=not_yet.pk).anonymised_at is None


def test_the_issue_page_shows_when_the_data_was_erased(client, three):
    retention.apply_retention()
    admin = make_officer("root", is_superuser=True)
    client.force_login(admin)

    page = client.get(reverse("admin:issues_issue_change", args=[three[0].pk]),
                      headers={"Accept-Language": "en"}).content.decode()

    assert re.search(r"Personal data erased:</label>\s*<div class=\"readonly\">[^<-]*\d{4}", page)


def test_the_access_log_is_kept_its_own_period_then_deleted(db, settings):
    from issues.models import AccessLog

    settings.ACCESS_LOG_RETENTION_DAYS = 730
    officer = make_officer()
    now = timezone.now()
    old, recent = (AccessLog.objects.create(kind=AccessLog.Kind.ATTACHMENT, user=officer, ip_address="192.0.2.1",
                                            at=now - timedelta(days=days)) for days in (731, 729))

    assert retention.apply_retention(now=now, dry_run=True).access_log == 1
    assert AccessLog.objects.count() == 2
    assert retention.apply_retention(now=now).access_log == 1

    assert list(AccessLog.objects.all()) == [recent]
