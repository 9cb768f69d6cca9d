"""The outbox: a notice owed is a row (Notice), written inside the caller's transaction, and its delivery
is queued for after the commit. `deliver()` claims one row (compare-and-set, so two workers never send
it twice), sends it and records what happened: sent, owed again after a back-off delay, or failed for
good. `deliver_owed()` is the sweep (Celery beat and `send_notices`) of whatever is still owed.

Who is told what is in kinds.py; how a notice reads, in render.py."""

import logging
import smtplib
from datetime import timedelta
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone

from ..models import Issue, Notice
from .render import render

log = logging.getLogger(__name__)

# The task that runs deliver(), as issues/tasks.py names it: queued by that name, never imported from here.
SEND_TASK = "issues.tasks.send_notice"


def owe(kind: str, *, key: str, issue: Issue | None, recipient: str, language: str = "ko", user=None,
        context: dict | None = None, amend=None) -> Notice | None:
    """Record a notice owed; a second call with the same key owes nothing more.

    `amend` (a function of the owed notice's context, returning the new one) lets a later step of the same
    event change what the one notice of the event says, its kind too, as long as it is not sent: the
    event's steps run in one transaction, so the notice is still owed, and its delivery, queued after the
    commit, sends what the last step made of it."""
    if not recipient:
        return None
    notice, created = Notice.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind, "issue": issue, "recipient": recipient, "language": language or "ko",
            "user": user, "context": context or {},
        },
    )
    if created:
        transaction.on_commit(partial(dispatch, notice.pk))
    elif amend is not None:
        notice.kind, notice.context = kind, amend(notice.context)
        # Compare-and-set: a notice claimed for sending meanwhile is left as it went out.
        Notice.objects.filter(pk=notice.pk, status=Notice.Status.PENDING).update(kind=kind, context=notice.context)
    return notice


def dispatch(notice_id: int) -> None:
    """Hand a notice to Celery after commit. A broker that is down must not fail the request:
    the row stays owed and `send_notices` (or the periodic sweep) delivers it later."""
    try:
        current_app.tasks[SEND_TASK].delay(notice_id)
    except Exception:  # noqa: BLE001 - any broker failure leaves the row owed, which is safe
        log.exception("Could not queue notice %s; it stays owed", notice_id)


def claim(notice_id: int) -> bool:
    """Compare-and-set: only one caller can move a row from owed to sending."""
    return bool(
        Notice.objects.filter(pk=notice_id, status=Notice.Status.PENDING).update(
            status=Notice.Status.SENDING, claimed_at=timezone.now()
        )
    )


def forget_links(context: dict) -> dict:
    """A notice's details without the sealed links it carried: once sent, the outbox keeps none."""
    return {name: value for name, value in context.items() if name not in ("link_token", "link_tokens")}


def is_permanent(exc: Exception) -> bool:
    """A failure that sending again will not mend: the mail server's 5xx answers and a message that
    cannot be rendered. Refused connections, time-outs and 4xx answers are temporary."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _message in exc.recipients.values())
    return isinstance(exc, TemplateDoesNotExist | TemplateSyntaxError)


def retry_delay(attempts: int) -> int:
    """Seconds to wait before attempt number `attempts + 1`: doubling from NOTICE_RETRY_BASE, at most an hour."""
    return min(settings.NOTICE_RETRY_BASE * 2 ** max(attempts - 1, 0), 3600)


def deliver(notice_id: int) -> bool:
    """Send one owed notice; True when this call sent it. A failure is recorded on the row (owed
    again after a back-off delay, or failed for good when permanent or after NOTICE_MAX_ATTEMPTS)
    and raised again for the caller to log."""
    if not claim(notice_id):
        return False
    notice = Notice.objects.select_related("issue").get(pk=notice_id)
    attempts = notice.attempts + 1
    connection = get_connection()
    try:
        try:
            message = render(notice)
            # Opened here, so send_messages() leaves it open: the row is marked sent as soon as the
            # server has accepted the message, before the goodbye (QUIT) round trip. A worker killed
            # between the two sends the message again; that gap is kept as short as it can be.
            connection.open()
            connection.send_messages([message])
        except Exception as exc:
            failed = is_permanent(exc) or attempts >= settings.NOTICE_MAX_ATTEMPTS
            Notice.objects.filter(pk=notice_id).update(
                status=Notice.Status.FAILED if failed else Notice.Status.PENDING,
                attempts=attempts, last_error=repr(exc)[:2000],
                next_attempt_at=None if failed else timezone.now() + timedelta(seconds=retry_delay(attempts)),
            )
            raise
        Notice.objects.filter(pk=notice_id).update(
            status=Notice.Status.SENT, sent_at=timezone.now(), attempts=attempts, last_error="", next_attempt_at=None,
            context=forget_links(notice.context),
        )
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - the message was accepted (or its failure recorded) already
            log.warning("Closing the mail connection after notice %s failed", notice_id, exc_info=True)
    return True


def release_stuck(now=None) -> int:
    """Hand back notices claimed by a worker that died before finishing (owed again)."""
    now = now or timezone.now()
    return Notice.objects.filter(
        status=Notice.Status.SENDING, claimed_at__lt=now - timedelta(seconds=settings.NOTICE_CLAIM_TIMEOUT)
    ).update(status=Notice.Status.PENDING)


def due_notices(now=None):
    now = now or timezone.now()
    return Notice.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now), status=Notice.Status.PENDING
    )


def deliver_owed(limit: int = 500) -> tuple[int, int]:
    """Send every notice owed and due, oldest first (the periodic sweep and `send_notices`).
    Returns (sent, failed)."""
    release_stuck()
    sent = failed = 0
    for notice_id in list(due_notices().order_by("created_at", "pk").values_list("pk", flat=True)[:limit]):
        try:
            sent += deliver(notice_id)
        except Exception:  # noqa: BLE001 - logged and counted; the row records what happened
            log.exception("Notice %s could not be sent", notice_id)
            failed += 1
    return sent, failed


def retry(notice_ids) -> int:
    """Owe failed notices again (the admin's retry action)."""
    with transaction.atomic():
        ids = list(Notice.objects.filter(pk__in=notice_ids, status=Notice.Status.FAILED).values_list("pk", flat=True))
        Notice.objects.filter(pk__in=ids).update(status=Notice.Status.PENDING, attempts=0, next_attempt_at=None)
        for notice_id in ids:
            transaction.on_commit(partial(dispatch, notice_id))
    return len(ids)
