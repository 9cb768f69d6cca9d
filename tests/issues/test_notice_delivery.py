"""How notices survive a failing mail server or a dying worker: retried with back-off, failed for
good when the server says no for good, handed back when a worker died holding one."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from issues.models import Notice
from issues.notices import kinds, outbox
from tests.base import make_issue

pytestmark = pytest.mark.django_db


class RejectingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient for good (550)."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"No such user") for m in messages})


class BusyBackend(BaseEmailBackend):
    """A mail server that asks to come back later (451)."""

    def send_messages(self, messages):
        raise smtplib.SMTPSenderRefused(451, b"Try again later", "noreply@localhost")


def owed_receipt():
    issue = make_issue()
    return Notice.objects.get(issue=issue, kind="issue-received")


def test_a_temporary_refusal_is_retried_later_with_growing_delays(settings):
    settings.EMAIL_BACKEND = f"{__name__}.BusyBackend"
    notice = owed_receipt()
    delays = []
    for _ in range(3):
        before = timezone.now()
        with pytest.raises(smtplib.SMTPSenderRefused):
            outbox.deliver(notice.pk)
        notice.refresh_from_db()
        assert notice.status == Notice.Status.PENDING
        delays.append(round((notice.next_attempt_at - before).total_seconds()))

    assert delays == [30, 60, 120]


def test_a_permanent_refusal_fails_the_notice_for_officers_to_see(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RejectingBackend"
    notice = owed_receipt()

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        outbox.deliver(notice.pk)

    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.Status.FAILED, 1)
    assert "No such user" in notice.last_error
    assert outbox.deliver_owed() == (0, 0)


def test_after_the_last_attempt_a_notice_fails(settings):
    settings.EMAIL_BACKEND = f"{__name__}.BusyBackend"
    settings.NOTICE_MAX_ATTEMPTS = 2
    notice = owed_receipt()
    for _ in range(2):
        Notice.objects.filter(pk=notice.pk).update(next_attempt_at=None)
        outbox.deliver_owed()

    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.Status.FAILED, 2)


def test_retrying_a_failed_notice_sends_it_once(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.RejectingBackend"
    notice = owed_receipt()
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        outbox.deliver(notice.pk)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.retry([notice.pk]) == 1
    outbox.deliver_owed()

    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT
    assert len(mail.outbox) == 1


def test_a_notice_held_by_a_worker_that_died_is_sent_by_the_sweep(settings):
    notice = owed_receipt()
    assert outbox.claim(notice.pk)  # the worker claimed it, then was killed

    assert outbox.deliver_owed() == (0, 0)  # not yet: it may still be sending
    Notice.objects.filter(pk=notice.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.NOTICE_CLAIM_TIMEOUT + 1))
    assert outbox.deliver_owed() == (1, 0)
    assert len(mail.outbox) == 1


def test_an_officer_asking_for_more_information_tells_the_filer(django_capture_on_commit_callbacks):
    from issues import services
    from tests.base import make_officer

    issue = make_issue()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(issue, "사업자등록증 사본을 보내 주십시오.", by=make_officer(), asks_filer=True)

    (message,) = mail.outbox
    assert message.subject.startswith(f"[{issue.number}]")
    assert "사업자등록증 사본을 보내 주십시오." in message.body
    assert issue.notes.get().is_public


def test_the_assignee_hears_of_a_filer_message_and_of_a_withdrawal(django_capture_on_commit_callbacks):
    from issues import services
    from tests.base import make_officer

    officer = make_officer()
    issue = make_issue()
    services.assign_issue(issue, officer, by=officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(issue, "추가 자료를 첨부합니다.", by=None)
        services.move_issue(issue, "closed", by=None, resolution="withdrawn", public_note="자체 해결")

    to_officer = [m for m in mail.outbox if m.to == [officer.email]]
    assert len(to_officer) == 2
    assert "추가 자료를 첨부합니다." in to_officer[0].body
    assert "자체 해결" in to_officer[1].body


def test_each_officer_gets_one_overdue_digest_a_day(settings, django_capture_on_commit_callbacks):
    from issues import services
    from tests.base import make_officer

    mine, theirs, nobodys = make_officer("kim"), make_officer("lee"), None
    old = timezone.now() - timedelta(days=settings.STATE_TARGET_DAYS["discovery"] + 1)
    issues = [make_issue(title=f"지연 과제 {n}") for n in range(3)]
    for issue, who in zip(issues, [mine, theirs, nobodys], strict=True):
        if who:
            services.assign_issue(issue, who, by=who)
    from issues.models import Issue
    Issue.objects.filter(pk__in=[i.pk for i in issues]).update(state_changed_at=old)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert kinds.owe_overdue_digests() == 2
        assert kinds.owe_overdue_digests() == 0  # the same day: nothing more

    digest = {m.to[0]: m.body for m in mail.outbox}
    assert "지연 과제 0" in digest[mine.email] and "지연 과제 2" in digest[mine.email]
    assert "지연 과제 1" not in digest[mine.email]
    assert "지연 과제 1" in digest[theirs.email]
