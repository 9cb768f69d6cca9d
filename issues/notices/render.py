"""How a notice reads: the e-mail rendered from its templates in the recipient's language, with the links
it carries and, for an invitation, the meeting's calendar file."""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from meetings.models import Meeting

from .. import links
from ..models import Consultation, ExpertProfile, Issue, Note, Notice, StatusChange
from ..selectors import person_name
from .calendar import INVITED, invitation_calendar


def render(notice: Notice) -> EmailMultiAlternatives:
    """The message of `notice` in the recipient's language, from templates/emails/<kind>-subject.txt,
    -body.txt and -body.html, with what its context names (a status change, a note, a meeting, issues)."""
    context = {
        "notice": notice,
        "issue": notice.issue,
        "site_url": settings.SITE_URL,
        "SUPPORT_PHONE": settings.SUPPORT_PHONE,
        **notice.context,
    }
    if "change_id" in notice.context:
        # The moves of the notice's event, in order (kinds.owe_filer_move); `change` is where it ended.
        ids = notice.context.get("change_ids") or [notice.context["change_id"]]
        changes = list(StatusChange.objects.filter(pk__in=ids).order_by("at", "pk"))
        context["changes"] = changes
        context["change"] = next((c for c in changes if c.pk == notice.context["change_id"]),
                                 changes[-1] if changes else None)
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
    if "consultation_id" in notice.context:
        consultation = (Consultation.objects.filter(pk=notice.context["consultation_id"])
                        .select_related("expert", "requested_by").first())
        context["consultation"] = consultation
        if consultation is not None:
            context["consultation_url"] = consultation_url(consultation)
            context["expert_name"] = person_name(consultation.expert)
            context["requester_name"] = person_name(consultation.requested_by) if consultation.requested_by else ""
            profile = ExpertProfile.objects.filter(user=consultation.expert_id).first()
            context["profession"] = profile.get_profession_display() if profile else ""
            context["message"] = consultation.messages.filter(pk=notice.context.get("message_id")).first()
    if "consultation_ids" in notice.context:  # the overdue digest's consultations
        consultations = list(Consultation.objects.filter(pk__in=notice.context["consultation_ids"])
                             .select_related("issue", "expert").order_by("due_on", "pk"))
        for listed in consultations:
            listed.url, listed.expert_name = consultation_url(listed), person_name(listed.expert)
        context["consultations"] = consultations
    if notice.issue is not None:
        # Only the notice that carries a link has one (links.py): the others point to /track/.
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
    if notice.kind == INVITED:
        message.attach(invitation_calendar(notice))
    return message


def consultation_url(consultation: Consultation) -> str:
    """The request in the workspace: the issue page's consultation, or what the admin makes of it for the
    reader (the expert's answer, the officer's panel): admin/consultations.py."""
    return f"{settings.SITE_URL}/admin/issues/issue/consultations/{consultation.pk}/"


def _status_url(sealed: str | None) -> str:
    secret = links.unseal(sealed) if sealed else None
    return f"{settings.SITE_URL}/track/{secret}/" if secret else ""


def _message_id(notice: Notice) -> str:
    digest = hashlib.sha256(notice.key.encode()).hexdigest()[:24]
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notice.{notice.pk}.{digest}@{host}>"
