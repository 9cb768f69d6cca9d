from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from issues.notices import outbox


class Command(BaseCommand):
    help = _("Send every notice still owed (the same sweep Celery beat runs).")

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help=_("At most this many notices in one run."))

    def handle(self, *args, limit, **options):
        sent, failed = outbox.deliver_owed(limit=limit)
        self.stdout.write(_("Sent: %(sent)d. Failed and still owed: %(failed)d.") % {"sent": sent, "failed": failed})
