import contextlib
import signal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from issues.notices import outbox


class SendTimedOut(Exception):
    """A send that outlived the time limit a worker's task has (NOTICE_SEND_TIME_LIMIT)."""


@contextlib.contextmanager
def time_limit(seconds: int):
    """Stop a send after `seconds`, as the worker's soft time limit does: the notice is recorded as owed
    again, and its claim never outlives NOTICE_CLAIM_TIMEOUT (notices/outbox.py release_stuck)."""

    def expire(_signum, _frame):
        raise SendTimedOut(f"sending took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class Command(BaseCommand):
    help = _("Send every notice still owed (the same sweep Celery beat runs).")

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help=_("At most this many notices in one run."))

    def handle(self, *args, limit, **options):
        each = lambda: time_limit(settings.NOTICE_SEND_TIME_LIMIT - 5)  # noqa: E731 - a fresh one per notice
        sent, failed = outbox.deliver_owed(limit=limit, each=each)
        self.stdout.write(_("Sent: %(sent)d. Failed and still owed: %(failed)d.") % {"sent": sent, "failed": failed})
