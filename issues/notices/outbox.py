"""Who is told what, and how a notice is rendered and delivered.

`owe()` writes an outbox row inside the caller's transaction and queues its delivery for after the
commit. `deliver()` claims one row (so two workers never send it twice), renders it in the
recipient's language from templates/emails/<kind>-subject.txt|-body.txt|-body.html, and sends it.
"""

import hashlib
import logging
import smtplib
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import timezone, translation

from meetings.models import Meeting

from . import links
from .models import Issue, Note, Notice, StatusChange

log = logging.getLogger(__name__)


def owe(kind: str, *, key: str, issue: Issue | None, recipient: str, language: str = "ko", user=None,
        context: dict | None = None) -> Notice | None:
    """Record a notice owed; a second call with the same key owes nothing more."""
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
    return notice


def owe_filer(kind: str, issue: Issue, *, event: str, context: dict | None = None) -> Notice | None:
    """A notice to the person who filed the issue, in the language they filed in."""
    # The address typed on the form; an issue an officer entered by hand has its chosen contact's.
    email = issue.filer_email or (issue.contact.email if issue.contact_id else "")
    return owe(kind, key=f"{kind}:{event}:filer", issue=issue, recipient=email, language=issue.language,
               context=context)


def owe_assignee(kind: str, issue: Issue, *, event: str, context: dict | None = None) -> Notice | None:
    """A notice to the staff member the issue is assigned to, if any (in the site's language)."""
    user = issue.assignee
    if user is None or not user.email:
        return None
    return owe(kind, key=f"{kind}:{event}:user{user.pk}", issue=issue, recipient=user.email,
               language=settings.LANGUAGE_CODE, user=user, context=context)


def owe_overdue_digests(today=None) -> int:
    """Owe each officer one message a day listing the overdue issues assigned to them and the
    overdue issues nobody has; nothing to those with none. Returns the number of digests owed."""
    from django.contrib.auth import get_user_model

    from .selectors import overdue_q

    today = today or timezone.localdate()
    overdue = list(
        Issue.objects.filter(overdue_q(), is_suspected_spam=False)
        .exclude(state="closed").order_by("state_changed_at").values_list("pk", "assignee_id")
    )
    officers = get_user_model().objects.filter(is_active=True, groups__name="officer").exclude(email="")
    owed = 0
    with transaction.atomic():
        for officer in officers:
            ids = [pk for pk, assignee in overdue if assignee in (officer.pk, None)]
            key = f"overdue-digest:{today.isoformat()}:user{officer.pk}"
            if not ids or Notice.objects.filter(key=key).exists():
                continue
            owe("overdue-digest", key=key, issue=None, recipient=officer.email, language=settings.LANGUAGE_CODE,
                user=officer, context={"issue_ids": ids, "on": today.isoformat()})
            owed += 1
    return owed


def dispatch(notice_id: int) -> None:
    """Hand a notice to Celery after commit. A broker that is down must not fail the request:
    the row stays owed and `send_notices` (or the periodic sweep) delivers it later."""
    from .tasks import send_notice

    try:
        send_notice.delay(notice_id)
    except Exception:  # noqa: BLE001 - any broker failure leaves the row owed, which is safe
        log.exception("Could not queue notice %s; it stays owed", notice_id)


def claim(notice_id: int) -> bool:
    """Compare-and-set: only one caller can move a row from owed to sending."""
    return bool(
        Notice.objects.filter(pk=notice_id, status=Notice.Status.PENDING).update(
            status=Notice.Status.SENDING, claimed_at=timezone.now()
        )
    )


def render(notice: Notice) -> EmailMultiAlternatives:
    context = {
        "notice": notice,
        "issue": notice.issue,
        "site_url": settings.SITE_URL,
        "SUPPORT_PHONE": settings.SUPPORT_PHONE,
        **notice.context,
    }
    if "change_id" in notice.context:
        context["change"] = StatusChange.objects.filter(pk=notice.context["change_id"]).first()
    if "note_id" in notice.context:
        context["note"] = Note.objects.filter(pk=notice.context["note_id"]).first()
    if "meeting_id" in notice.context:
        context["meeting"] = Meeting.objects.filter(pk=notice.context["meeting_id"]).first()
    sealed = notice.context.get("link_tokens", {})
    if "issue_ids" in notice.context:  # "send me my links", the overdue digest: several issues
        issues = list(Issue.objects.filter(pk__in=notice.context["issue_ids"]).order_by("filed_at", "pk"))
        for listed in issues:
            listed.status_url = _status_url(sealed.get(str(listed.pk)))
            listed.admin_url = f"{settings.SITE_URL}/admin/issues/issue/{listed.pk}/change/"
        context["issues"] = issues
    if notice.issue is not None:
        # Only the notice that carries a link has one (issues/links.py): the others point to /track/.
        context["status_url"] = _status_url(notice.context.get("link_token"))
        context["track_url"] = f"{settings.SITE_URL}/track/"
        context["admin_url"] = f"{settings.SITE_URL}/admin/issues/issue/{notice.issue.pk}/change/"
    with translation.override(notice.language):
        subject = render_to_string(f"emails/{notice.kind}-subject.txt", context, using="text")
        body = render_to_string(f"emails/{notice.kind}-body.txt", context, using="text")
        # The HTML part shows the same text (escaped there) unless the kind has its own layout.
        # (A rendered template is marked safe; "".join makes it plain text again, escaped in the HTML.)
        html = render_to_string(f"emails/{notice.kind}-body.html", {**context, "text_body": "".join(body)})
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=body, to=[notice.recipient],
        # The same Message-ID on every attempt: a mail system that saw it already can drop a resend
        # (the one a worker killed between the server's "accepted" and our "sent" would make).
        headers={"X-Notice-Key": notice.key, "Message-ID": _message_id(notice)},
    )
    message.attach_alternative(html, "text/html")
    if notice.kind == "meeting-invited":
        from .agenda.invitations import invitation_calendar  # not at the top: agenda imports notices

        message.attach(invitation_calendar(notice))
    return message


def _status_url(sealed: str | None) -> str:
    secret = links.unseal(sealed) if sealed else None
    return f"{settings.SITE_URL}/track/{secret}/" if secret else ""


def forget_links(context: dict) -> dict:
    """A notice's details without the sealed links it carried: once sent, the outbox keeps none."""
    return {name: value for name, value in context.items() if name not in ("link_token", "link_tokens")}


def _message_id(notice: Notice) -> str:
    digest = hashlib.sha256(notice.key.encode()).hexdigest()[:24]
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notice.{notice.pk}.{digest}@{host}>"


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
