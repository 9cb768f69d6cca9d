"""The retention period of the filers' personal data (개인정보 보유기간), and its end.

The consent notice on the public form promises to keep a filer's personal data for
settings.PERSONAL_DATA_RETENTION_DAYS after their report is closed, and to destroy it then (개인정보
보호법 제21조: destroyed without delay once the period is over). `period_text()` is what the notice
says; `apply_retention()` (the `apply_retention` command, and Celery beat every night) does it, from
the same setting, so the two cannot disagree.

Erasing a report's personal data keeps the regulatory content and every figure of /stats/ (title,
problem, improvement, laws, ministry, field, company, dates, history) and removes:
- the filer's name, e-mail address, phone and CEO's name as typed on the form (filer_*);
- the link to the contact person (who is deleted when no live report or meeting attendance needs
  them) and from the company the CEO's name once none of its reports holds personal data any more;
- the status link's hash: the link answers 404 like any unknown one;
- every attached file, from storage and from the database;
- the notices to the filer (their address and what was written to it);
- the contact person and the filer's typed data in the issue's audit trail (simple-history).
Messages the filer wrote stay: they are part of the case; they were asked to hold no personal data.

The access log (who downloaded or exported what, from which address) holds personal data too: its
entries are deleted settings.ACCESS_LOG_RETENTION_DAYS after they were written, in the same run."""

from dataclasses import asdict, dataclass, fields
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import ngettext

from companies.models import Company, Contact
from meetings.models import Attendee

from .. import services
from ..models import AccessLog, Attachment, Issue, Notice
from ..workflow import State

BATCH_SIZE = 500


def period_text(days: int | None = None) -> str:
    """The retention period in words, e.g. "3 years" (whole years) or "90 days"."""
    days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def _expired(now=None) -> Q:
    limit = (now or timezone.now()) - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    return Q(state=State.CLOSED, anonymised_at__isnull=True) & (
        Q(closed_at__lt=limit) | Q(closed_at__isnull=True, state_changed_at__lt=limit))


def expired_issues(now=None):
    """Closed issues whose retention period is over and whose personal data is still held."""
    return Issue.objects.filter(_expired(now))


@dataclass
class Counts:
    issues: int = 0
    contacts: int = 0
    ceo_names: int = 0
    attachments: int = 0
    notices: int = 0
    audit_rows: int = 0
    access_log: int = 0

    def __iadd__(self, other):
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def as_dict(self) -> dict:
        return asdict(self)


def apply_retention(*, now=None, batch_size: int = BATCH_SIZE, dry_run: bool = False, progress=None) -> Counts:
    """Erase the personal data of every expired issue, `batch_size` issues per transaction, in the
    order of their ids (bounded memory at any size; a run stopped halfway is finished by the next).
    `dry_run`: count what would be erased and change nothing. `progress(counts)` after each batch."""
    now = now or timezone.now()
    if dry_run:
        return _count(now)
    total, last = Counts(), 0
    while True:
        ids = list(expired_issues(now).filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            total.access_log = _prune_access_log(now, batch_size)
            return total
        total += _erase(ids, now)
        last = ids[-1]
        if progress:
            progress(total)


def _erase(ids: list[int], now) -> Counts:
    counts = Counts()
    with transaction.atomic():
        # Locked and checked again: an issue reopened since it was listed keeps its data.
        rows = list(expired_issues(now).filter(pk__in=ids).select_for_update().values_list("pk", "contact_id",
                                                                                           "company_id"))
        pks = [pk for pk, _contact, _company in rows]
        contact_ids = {contact for _pk, contact, _company in rows if contact}
        company_ids = {company for _pk, _contact, company in rows if company}

        # Files go first, inside the transaction: should the rest fail, the rows stay and the next run
        # deletes them again; a file never outlives its row, where nobody would find it.
        attachments = Attachment.objects.filter(issue_id__in=pks)
        storage = Attachment._meta.get_field("file").storage
        for name in attachments.exclude(file="").values_list("file", flat=True):
            storage.delete(name)
        counts.attachments = attachments.delete()[1].get(Attachment._meta.label, 0)
        counts.notices = Notice.objects.filter(issue_id__in=pks, user__isnull=True).delete()[1].get(
            Notice._meta.label, 0)
        counts.issues, counts.audit_rows = services.erase_filer_data(pks, now=now)

        # A contact person or a CEO's name still needed by a live report (or a meeting) stays for it.
        needed = set(Issue.objects.filter(contact_id__in=contact_ids).values_list("contact_id", flat=True))
        needed |= set(Attendee.objects.filter(contact_id__in=contact_ids).values_list("contact_id", flat=True))
        counts.contacts = Contact.objects.filter(pk__in=contact_ids - needed).delete()[1].get(Contact._meta.label, 0)
        live = Issue.objects.filter(company_id__in=company_ids, anonymised_at__isnull=True)
        counts.ceo_names = (Company.objects.filter(pk__in=company_ids).exclude(ceo_name="")
                            .exclude(pk__in=live.values("company_id")).update(ceo_name=""))
    return counts


def _old_access_log(now):
    return AccessLog.objects.filter(at__lt=now - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS))


def _prune_access_log(now, batch_size: int) -> int:
    """Delete the access log's entries older than its period, `batch_size` per statement."""
    deleted = 0
    while ids := list(_old_access_log(now).order_by("pk").values_list("pk", flat=True)[:batch_size]):
        deleted += AccessLog.objects.filter(pk__in=ids).delete()[0]
    return deleted


def _count(now) -> Counts:
    """What apply_retention would erase `now`, counted by the database. (EXISTS rather than NOT IN:
    PostgreSQL cannot hash a NOT IN subquery of a million ids and would compare row by row.)"""
    expired_q = _expired(now)
    expired = Issue.objects.filter(expired_q)
    staying = Issue.objects.exclude(expired_q)
    return Counts(
        issues=expired.count(),
        contacts=Contact.objects.filter(Exists(expired.filter(contact=OuterRef("pk"))))
        .exclude(Exists(staying.filter(contact=OuterRef("pk"))))
        .exclude(Exists(Attendee.objects.filter(contact=OuterRef("pk")))).count(),
        ceo_names=Company.objects.exclude(ceo_name="").filter(Exists(expired.filter(company=OuterRef("pk"))))
        .exclude(Exists(staying.filter(company=OuterRef("pk"), anonymised_at__isnull=True))).count(),
        attachments=Attachment.objects.filter(issue__in=expired).count(),
        notices=Notice.objects.filter(issue__in=expired, user__isnull=True).count(),
        audit_rows=Issue.audit.model.objects.filter(id__in=expired.values("pk")).filter(
            Q(contact__isnull=False) | ~Q(filer_email="")).count(),
        access_log=_old_access_log(now).count(),
    )
