"""Thin Celery tasks: load by id, call the feature that does the work. The top of the import graph: nothing
imports this module. A feature queues its task by the name pinned here (notices/outbox.py SEND_TASK,
proposals/exports/jobs.py BUILD_TASK), and the beat schedule (config/settings.py) names the others; the
names are those Celery gave these tasks when they were named after this module, so that messages already
queued and the schedule keep working."""

from celery import shared_task
from django.conf import settings

from .models import Notice
from .notices import kinds, outbox
from .privacy import retention
from .proposals import answers
from .proposals.exports import jobs
from .similar import count_terms, index_pending
from .stats import facts

# A notice's send, and the sweep, are stopped after NOTICE_SEND_TIME_LIMIT seconds (a soft limit, which
# records the send as owed again, five seconds earlier): a claim outlives it only in a dead process
# (notices/outbox.py release_stuck).
NOTICE_LIMITS = {"soft_time_limit": settings.NOTICE_SEND_TIME_LIMIT - 5, "time_limit": settings.NOTICE_SEND_TIME_LIMIT}


@shared_task(bind=True, name=outbox.SEND_TASK, ignore_result=True, **NOTICE_LIMITS)
def send_notice(self, notice_id: int) -> None:
    try:
        # Its notice and, when more are owed, a batch of others, over one mail connection (their own tasks
        # then find them sent). Claimed under the task's id: the same task, handed to another process after
        # this one died, takes them over. Run in the caller's process (eager), its own notice only.
        outbox.deliver_batch(self.request.id or f"eager:{notice_id}", first=notice_id,
                             size=1 if self.request.is_eager else None)
    except Exception as exc:
        # Owed again after a back-off delay (recorded on the row): try then. In-process (eager) runs
        # leave it to the sweep instead of retrying on the spot.
        notice = Notice.objects.filter(pk=notice_id, status=Notice.Status.PENDING).first()
        if notice is not None and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=outbox.retry_delay(notice.attempts), max_retries=None) from exc
        raise


@shared_task(name="issues.tasks.send_owed_notices", ignore_result=True, **NOTICE_LIMITS)
def send_owed_notices() -> None:
    outbox.deliver_owed(seconds=settings.NOTICE_SEND_TIME_LIMIT / 2)


@shared_task(name="issues.tasks.send_overdue_digests", ignore_result=True)
def send_overdue_digests() -> None:
    kinds.owe_overdue_digests()


# An export of many thousand rows takes minutes, far beyond the notices' limits of config/settings.py.
@shared_task(name=jobs.BUILD_TASK, ignore_result=True, soft_time_limit=30 * 60, time_limit=31 * 60)
def build_export(export_id: int, language: str = "ko") -> None:
    jobs.build(export_id, language)


# The first run after a long pause (or at a million closed issues) erases in batches for a while; a run
# stopped by the limit is finished by the next night's. Under the broker's visibility timeout (an hour),
# so that Redis never hands the same run to a second worker while the first is still at it.
@shared_task(name="issues.tasks.apply_retention", ignore_result=True, soft_time_limit=50 * 60, time_limit=55 * 60)
def apply_retention() -> None:
    retention.apply_retention()


# The public figures take seconds to compute at a million issues: the worker recomputes them before the
# cached ones grow old, so that no visitor of /stats/ waits for them.
@shared_task(name="issues.tasks.refresh_stats", ignore_result=True)
def refresh_stats() -> None:
    facts.refresh_facts()


# Prepared export files past their days, and answer spreadsheets uploaded but never confirmed.
@shared_task(name="issues.tasks.delete_old_files", ignore_result=True)
def delete_old_files() -> None:
    jobs.delete_old_files()
    answers.delete_stale_uploads()


# The terms of issues filed or changed since the last run (similar/terms.py: the analyser is loaded once per
# worker process), so that they are found among the similar issues of others.
@shared_task(name="issues.tasks.index_similar", ignore_result=True, soft_time_limit=5 * 60, time_limit=6 * 60)
def index_similar() -> None:
    while index_pending(2000):
        pass


# How many issues use each term: at a million issues a minute's work, once a night.
@shared_task(name="issues.tasks.count_similarity_terms", ignore_result=True, soft_time_limit=20 * 60,
             time_limit=21 * 60)
def count_similarity_terms() -> None:
    count_terms()
