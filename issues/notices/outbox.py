"""The outbox: a notice owed is a row (Notice), written inside the caller's transaction, and its delivery
is queued for after the commit. `deliver()` claims one row (compare-and-set, so two workers never send
it twice), sends it and records what happened: sent, owed again after a back-off delay, or failed for
good. `deliver_owed()` is the sweep (Celery beat and `send_notices`) of whatever is still owed.

Who is told what is in kinds.py; how a notice reads, in render.py."""

import contextlib
import logging
import smtplib
import time
import uuid
from datetime import timedelta
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone

from ..models import Issue, Notice, insert_unless_taken
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
    notice = Notice(key=key, kind=kind, issue=issue, recipient=recipient, language=language or "ko", user=user,
                    context=context or {})
    # One INSERT that does nothing on a key owed before (no look-up first, no savepoint).
    if insert_unless_taken(notice):
        transaction.on_commit(partial(dispatch, notice.pk))
        return notice
    notice = Notice.objects.get(key=key)
    if amend is not None:
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


def claim(notice_id: int, claimant: str = "") -> bool:
    """Compare-and-set: only one caller can move a row from owed to sending. A claimant (the sending
    task's id) may also take back a row it claimed itself: Celery hands a task to another process only when
    the one running it died (acks_late, reject_on_worker_lost), so its claim is stale and nobody else sends."""
    owed = Q(status=Notice.Status.PENDING)
    if claimant:
        owed |= Q(status=Notice.Status.SENDING, claimed_by=claimant)
    return bool(
        Notice.objects.filter(owed, pk=notice_id).update(
            status=Notice.Status.SENDING, claimed_at=timezone.now(), claimed_by=claimant[:64]
        )
    )


class Mailer:
    """The mail connection of this process, opened once and used for every notice it sends, as long as the
    server keeps it: opening one costs a TCP handshake and EHLO (and STARTTLS, login) per message. One left
    idle longer than IDLE_SECONDS is asked NOOP first, since servers close idle sessions; any failure
    closes it, and the next notice opens a new one. A change of the e-mail settings (tests) opens a new one."""

    IDLE_SECONDS = 5.0

    def __init__(self):
        self._connection = None
        self._settings = None
        self._used_at = 0.0

    @staticmethod
    def _current_settings():
        return tuple(getattr(settings, name, None) for name in (
            "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_USE_TLS", "EMAIL_USE_SSL",
            "EMAIL_TIMEOUT"))

    def connection(self):
        current = self._current_settings()
        if self._connection is not None and (current != self._settings or not self._alive()):
            self.close()
        if self._connection is None:
            connection = get_connection()
            # Opened here, so send_messages() leaves it open for the next notice.
            connection.open()
            self._connection, self._settings = connection, current
        return self._connection

    def _alive(self) -> bool:
        smtp = getattr(self._connection, "connection", None)
        if smtp is None or time.monotonic() - self._used_at < self.IDLE_SECONDS:
            return True
        try:
            return smtp.noop()[0] == 250
        except (OSError, smtplib.SMTPException):
            return False

    def send(self, message) -> None:
        try:
            connection = self.connection()
            connection.send_messages([message])
        except BaseException:
            self._abandon()
            raise
        self._used_at = time.monotonic()
        if not isinstance(connection, SmtpBackend):
            # Only a mail server's session is worth keeping: the file backend (`make run`) writes each
            # e-mail as a file of its own in var/mail/ when closed after it.
            self.close()

    def _abandon(self) -> None:
        """After a failure the session is in no known state: its socket is closed without the goodbye
        (QUIT), which a stalled server would make wait for another EMAIL_TIMEOUT."""
        connection, self._connection = self._connection, None
        smtp = getattr(connection, "connection", None)
        if smtp is not None:
            with contextlib.suppress(OSError):
                smtp.close()
            connection.connection = None

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - a connection already broken is closed all the same
                log.warning("Closing the mail connection failed", exc_info=True)


mailer = Mailer()


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


def deliver(notice_id: int, claimant: str = "") -> bool:
    """Send one owed notice; True when this call sent it. A failure is recorded on the row (owed
    again after a back-off delay, or failed for good when permanent or after NOTICE_MAX_ATTEMPTS)
    and raised again for the caller to log."""
    if not claim(notice_id, claimant):
        return False
    send(Notice.objects.select_related("issue").get(pk=notice_id))
    return True


def send(notice: Notice) -> None:
    """Send a notice this process has claimed, and record what happened (see deliver).

    The row is marked sent as soon as the server has accepted the message. A process killed between the
    two (the server's "250" on its way, the UPDATE not yet made) leaves the row claimed: it is sent again,
    with the same Message-ID, when the claim is released. That window is the one resend SMTP allows."""
    attempts = notice.attempts + 1
    try:
        mailer.send(render(notice))
    except Exception as exc:
        failed = is_permanent(exc) or attempts >= settings.NOTICE_MAX_ATTEMPTS
        Notice.objects.filter(pk=notice.pk).update(
            status=Notice.Status.FAILED if failed else Notice.Status.PENDING,
            attempts=attempts, last_error=repr(exc)[:2000],
            next_attempt_at=None if failed else timezone.now() + timedelta(seconds=retry_delay(attempts)),
        )
        raise
    Notice.objects.filter(pk=notice.pk).update(
        status=Notice.Status.SENT, sent_at=timezone.now(), attempts=attempts, last_error="", next_attempt_at=None,
        context=forget_links(notice.context),
    )


def batch_size() -> int:
    """How many owed notices one claim takes (NOTICE_BATCH_SIZE): one statement claims them, one reads
    them, and each costs its send and the UPDATE that records it (bench/notices.py measures the difference)."""
    return max(settings.NOTICE_BATCH_SIZE, 1)


def claim_batch(token: str, *, first: int | None = None, size: int | None = None, exclude=()) -> list[Notice]:
    """Claim, in one statement, under `token`: the notice `first` if it is owed (a task's own notice),
    the oldest others owed and due up to `size` in all, and any still claimed under `token` (the same
    task, handed to another process after its own died), none of `exclude`. The rows are then this caller's
    alone: the UPDATE's condition is checked again on rows another claim changed meanwhile. Returns them,
    oldest first."""
    size = size or batch_size()
    others = due_notices().exclude(pk__in=[first, *exclude] if first is not None else exclude)
    others = others.order_by("created_at", "pk").values("pk")
    wanted = Q(status=Notice.Status.SENDING, claimed_by=token)
    if first is not None:
        wanted |= Q(pk=first, status=Notice.Status.PENDING)
    if size > (first is not None):
        wanted |= Q(pk__in=others[: size - (first is not None)], status=Notice.Status.PENDING)
    Notice.objects.filter(wanted).update(
        status=Notice.Status.SENDING, claimed_at=timezone.now(), claimed_by=token)
    return list(Notice.objects.filter(status=Notice.Status.SENDING, claimed_by=token)
                .select_related("issue").order_by("created_at", "pk"))


def deliver_batch(token: str, *, first: int | None = None, size: int | None = None, tried=None) -> tuple[int, int]:
    """Claim a batch (claim_batch) and send it over this process's mail connection. A failure is
    recorded on its notice (see deliver) and raised; the notices of the batch not yet tried are handed
    back, owed and due at once. `tried` (a set), when given, is not claimed and gets the notices tried.
    Returns (claimed, sent)."""
    notices = claim_batch(token[:64], first=first, size=size, exclude=tried or ())
    sent = 0
    try:
        for notice in notices:
            if tried is not None:
                tried.add(notice.pk)
            send(notice)
            sent += 1
    finally:
        if sent + 1 < len(notices):
            Notice.objects.filter(pk__in=[notice.pk for notice in notices[sent + 1:]], status=Notice.Status.SENDING,
                                  claimed_by=token[:64]).update(status=Notice.Status.PENDING)
    return len(notices), sent


def release_stuck(now=None) -> int:
    """Hand back notices claimed by a worker that died before finishing (owed again). Every process that
    claims is stopped by NOTICE_SEND_TIME_LIMIT (the tasks' hard time limit, the command's alarm), so a
    claim older than NOTICE_CLAIM_TIMEOUT, a few seconds longer, is nobody's any more."""
    now = now or timezone.now()
    return Notice.objects.filter(
        status=Notice.Status.SENDING, claimed_at__lt=now - timedelta(seconds=settings.NOTICE_CLAIM_TIMEOUT)
    ).update(status=Notice.Status.PENDING)


def due_notices(now=None):
    now = now or timezone.now()
    return Notice.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now), status=Notice.Status.PENDING
    )


def deliver_owed(limit: int = 500, *, seconds: float | None = None, each=contextlib.nullcontext) -> tuple[int, int]:
    """Send every notice owed and due, oldest first, in batches (the periodic sweep and `send_notices`);
    with `seconds`, claim no more once that long has passed (the sweep stays well inside its time limit,
    and the next sweep takes the rest). `each()` is entered around each batch (the command's time limit).
    Returns (sent, failed)."""
    release_stuck()
    started = time.monotonic()
    token = f"sweep:{uuid.uuid4().hex}"
    tried: set[int] = set()  # each notice is tried once per sweep, also one owed again at once
    while len(tried) < limit and (seconds is None or time.monotonic() - started <= seconds):
        try:
            with each():
                taken, _sent = deliver_batch(token, size=min(batch_size(), limit - len(tried)), tried=tried)
        except Exception:  # noqa: BLE001 - logged; the row records what happened, and the sweep goes on
            log.exception("A notice could not be sent")
            continue
        if not taken:
            break
    sent = Notice.objects.filter(pk__in=tried, status=Notice.Status.SENT).count() if tried else 0
    return sent, len(tried) - sent


def retry(notice_ids) -> int:
    """Owe failed notices again (the admin's retry action)."""
    with transaction.atomic():
        ids = list(Notice.objects.filter(pk__in=notice_ids, status=Notice.Status.FAILED).values_list("pk", flat=True))
        Notice.objects.filter(pk__in=ids).update(status=Notice.Status.PENDING, attempts=0, next_attempt_at=None)
        for notice_id in ids:
            transaction.on_commit(partial(dispatch, notice_id))
    return len(ids)
