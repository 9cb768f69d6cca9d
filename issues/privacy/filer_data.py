"""What we hold about a filer, for the filer: the download offered on their status page
("Download what we hold about you", 개인정보 열람, 개인정보 보호법 제35조).

One JSON document per report, in the reader's language: the report as filed, the company and the
contact details as typed (services.submit_issue), the consent, the public timeline (as the status
page shows it), the messages they sent, the notices sent to them (what each told, its subject as sent,
and dates) and the files they attached (name, type and size; the files themselves they have, or ask
the support center for).
Never an internal note, never who at the support center did what: only what the status page shows
already, and the filer's data."""

import logging

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from companies.validators import format_business_number

from ..models import Attachment, Issue, Note, Notice
from ..notices.render import render
from . import retention

log = logging.getLogger(__name__)

FORMAT = "regulatory-desk/personal-data"
VERSION = 1


def _when(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _label(value) -> str | None:
    return str(value) if value is not None else None


def filename(issue: Issue) -> str:
    return f"{issue.number}-personal-data.json"


def filer_data(issue: Issue, timeline) -> dict:
    """The document for `issue`; `timeline` is the status page's (views._timeline) public history."""
    # The filer's own files: uploaded by no member of staff, and no expert's opinion (whose expert left since).
    files = list(Attachment.objects.filter(issue=issue, uploaded_by__isnull=True, consultation__isnull=True)
                 .only("original_name", "content_type", "size", "created_at", "note_id"))
    return {
        "format": FORMAT,
        "version": VERSION,
        "about": _("What the Seoul Business Support Center holds about you for report %(number)s, "
                   "as of %(time)s.") % {"number": issue.number,
                                         "time": date_format(timezone.localtime(), "DATETIME_FORMAT")},
        "generated_at": _when(timezone.now()),
        "report": {
            "tracking_number": issue.number,
            "title": issue.title,
            "field": _label(issue.field),
            "problem": issue.problem,
            "improvement": issue.improvement,
            "related_law": issue.related_law,
            "expected_effect": issue.expected_effect,
            "company_may_be_named_to_the_ministry": issue.may_name_company,
            "ministry": _label(issue.ministry),
            "filed_at": _when(issue.filed_at),
            "language": issue.language,
            "state": issue.get_state_display(),
            "resolution": issue.get_resolution_display() if issue.resolution else None,
            "government_answer": {
                "answer": issue.get_government_answer_display(),
                "text": issue.government_answer_text,
                "answered_on": issue.government_answered_on.isoformat() if issue.government_answered_on else None,
            } if issue.government_answer else None,
        },
        # As typed on the form, never what is stored about a company or contact the filing was matched with.
        "company": {
            "name": issue.filer_company_name,
            "business_registration_number": format_business_number(issue.filer_business_number),
            "ceo_name": issue.filer_ceo_name,
        } if issue.filer_company_name else None,
        "contact": {"name": issue.filer_contact_name, "email": issue.filer_email,
                    "phone": issue.filer_phone} if issue.filer_email else None,
        "consent": {
            "given": issue.privacy_consented_at is not None,
            "notice_version": issue.privacy_consent_version or None,
            "given_at": _when(issue.privacy_consented_at),
            "retention": _("%(period)s after the report is closed") % {"period": retention.period_text()},
        },
        "timeline": [{"at": _when(entry.at), "title": str(entry.title), "text": entry.text,
                      "from_you": entry.is_from_filer} for entry in timeline],
        "messages_from_you": [
            {"at": _when(note.created_at), "text": note.body,
             "attachments": [f.original_name for f in files if f.note_id == note.pk]}
            for note in Note.objects.filter(issue=issue, is_from_filer=True).order_by("created_at", "pk")
        ],
        "notices_to_you": [
            {"about": notice.kind_label, "subject": _subject(notice), "owed_at": _when(notice.created_at),
             "sent_at": _when(notice.sent_at),
             "status": notice.get_status_display()}
            for notice in Notice.objects.filter(issue=issue, user__isnull=True).order_by("created_at", "pk")
        ],
        "attachments": [
            {"name": f.original_name, "type": f.content_type, "size_bytes": f.size, "uploaded_at": _when(f.created_at)}
            for f in files
        ],
    }


def _subject(notice: Notice) -> str:
    """The subject as the e-mail had it (rendered again, in the language it was sent in)."""
    try:
        return render(notice).subject
    except Exception:  # noqa: BLE001 - a template since removed must not fail the whole download
        log.warning("Could not render the subject of notice %s", notice.pk, exc_info=True)
        return notice.kind
