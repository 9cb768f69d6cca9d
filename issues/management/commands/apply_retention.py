from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from issues.privacy import retention


class Command(BaseCommand):
    help = _("Erase the personal data of reports closed longer ago than the retention period "
             "(the same run Celery beat makes every night).")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("Count what would be erased; change nothing."))
        parser.add_argument("--batch-size", type=int, default=retention.BATCH_SIZE,
                            help=_("Issues erased per transaction."))

    def handle(self, *args, dry_run, batch_size, **options):
        self.stdout.write(_("Retention period: %(period)s after closing (PERSONAL_DATA_RETENTION_DAYS=%(days)d).") % {
            "period": retention.period_text(), "days": settings.PERSONAL_DATA_RETENTION_DAYS})
        progress = None if dry_run or options["verbosity"] < 2 else self._progress
        counts = retention.apply_retention(dry_run=dry_run, batch_size=max(1, batch_size), progress=progress)
        summary = (
            _("Issues: %(issues)d, contact people deleted: %(contacts)d, CEO names removed: %(ceo_names)d, "
              "attachments deleted: %(attachments)d, notices deleted: %(notices)d, audit rows cleared: "
              "%(audit_rows)d, access log entries deleted: %(access_log)d.") % counts.as_dict()
        )
        if dry_run:
            self.stdout.write(_("Dry run, nothing changed. Would erase: %(summary)s") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Erased: %(summary)s") % {"summary": summary}))

    def _progress(self, counts):
        self.stdout.write(_("… %(issues)d issues so far") % counts.as_dict())
