"""Running an export and logging it: who, when, which format and filter, how many rows.

Small lists are written during the request (CSV streamed as it is read). A list longer than
settings.EXPORT_ASYNC_ROWS is written by a Celery task into private storage (ExportLog.file), with
its progress on the log row; the page polls the row and links to the file when it is ready."""

import logging
import tempfile
from datetime import timedelta
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from ...models import ExportLog
from .columns import Counted, export_rows, headers
from .filters import IssueFilter
from .formats import FORMATS, csv_chunks, document_title, write_export

log = logging.getLogger(__name__)

PROGRESS_EVERY = 500
# The task that runs build(), as issues/tasks.py names it: queued by that name, never imported from here.
BUILD_TASK = "issues.tasks.build_export"


def subtitle(filterset: IssueFilter, count: int) -> list[str]:
    """The lines under a document's title: when, how many, and the filter in words."""
    counted = ngettext("%(count)d issue", "%(count)d issues", count) % {"count": count}
    as_of = _("As of %(date)s") % {"date": date_format(timezone.localdate(), "DATE_FORMAT")}
    return [f"{as_of} · {counted}", *filterset.describe()]


def write_now(filterset: IssueFilter, format: str, *, by, count: int):
    """Write the file during the request: (log row, open temporary file positioned at its start)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    try:
        rows = write_export(format, filterset.qs, out, title=document_title(filterset.chosen_batch),
                                    subtitle=subtitle(filterset, count), viewer=filterset.user)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    entry = ExportLog.objects.create(user=by, format=format, filters=filterset.params, row_count=rows,
                                     progress=rows, status=ExportLog.Status.READY, finished_at=timezone.now())
    return entry, out


def stream_csv(filterset: IssueFilter, *, by, count: int):
    """(log row, the CSV as an iterator of byte chunks). The row is finished when the last chunk is
    sent; a download abandoned halfway is logged as failed with the rows sent so far."""
    entry = ExportLog.objects.create(user=by, format="csv", filters=filterset.params, row_count=count,
                                     status=ExportLog.Status.RUNNING)
    rows = Counted(export_rows(filterset.qs, viewer=filterset.user))

    def chunks():
        done = False
        try:
            yield from csv_chunks(rows, headers())
            done = True
        finally:
            ExportLog.objects.filter(pk=entry.pk).update(
                status=ExportLog.Status.READY if done else ExportLog.Status.FAILED,
                row_count=rows.count, progress=rows.count, finished_at=timezone.now(),
                error="" if done else "The download was interrupted.",
            )

    return entry, chunks()


def queue_export(filterset: IssueFilter, format: str, *, by, count: int, language: str) -> ExportLog:
    """Log the export as running and hand it to a worker once the row is committed."""
    entry = ExportLog.objects.create(user=by, format=format, filters=filterset.params, row_count=count,
                                     status=ExportLog.Status.RUNNING)

    def dispatch():
        try:
            current_app.tasks[BUILD_TASK].delay(entry.pk, language)
        except Exception as error:  # noqa: BLE001 - a broker that is down: say so on the page
            log.exception("Could not queue export %s", entry.pk)
            _fail(entry.pk, f"Could not start: {error}")

    transaction.on_commit(dispatch)
    return entry


def build(entry_id: int, language: str = "ko") -> None:
    """The task's work: write the file of a logged export (headers and labels in `language`),
    recording progress on the way."""
    entry = ExportLog.objects.select_related("user").filter(pk=entry_id, status=ExportLog.Status.RUNNING).first()
    if entry is None:
        return  # finished already (a redelivered task) or gone
    filterset = IssueFilter(entry.filters, user=entry.user)
    try:
        with override(language):
            if entry.user is None or not filterset.is_valid():
                raise ValueError("The filter is no longer valid.")
            with tempfile.TemporaryFile() as out:
                rows = write_export(
                    entry.format, filterset.qs, out, title=document_title(filterset.chosen_batch),
                    subtitle=subtitle(filterset, entry.row_count), viewer=filterset.user,
                    progress=partial(_progress, entry.pk), every=PROGRESS_EVERY,
                )
                out.seek(0)
                entry.file.save(f"export-{entry.pk}.{FORMATS[entry.format][0]}", File(out), save=False)
    except Exception as error:
        log.exception("Export %s failed", entry_id)
        _fail(entry_id, str(error))
        return
    ExportLog.objects.filter(pk=entry_id).update(
        file=entry.file.name, status=ExportLog.Status.READY, row_count=rows, progress=rows,
        finished_at=timezone.now(),
    )


def _progress(entry_id: int, rows: int) -> None:
    ExportLog.objects.filter(pk=entry_id).update(progress=rows)


def _fail(entry_id: int, error: str) -> None:
    ExportLog.objects.filter(pk=entry_id).update(status=ExportLog.Status.FAILED, error=error[:2000],
                                                 finished_at=timezone.now())


def download_name(filterset: IssueFilter, extension: str, at=None) -> str:
    """The name a downloaded file gets, in the reader's language: the batch's when the list is one
    ("2026년 1차 정부 건의 과제.pdf"), else the list's with what was filtered and the day it was made
    ("정부 건의 규제 개선 과제 (국토교통부, 정부 건의) 2026-03-28.xlsx")."""
    batch = filterset.chosen_batch
    if batch is not None:
        name = _("%(batch)s: issues") % {"batch": batch}
    else:
        filtered = filterset.values_described()
        name = document_title()
        if filtered:
            name = f"{name} ({', '.join(filtered)})"
        name = f"{name} {timezone.localtime(at):%Y-%m-%d}"
    return f"{_file_name(name)}.{extension}"


def _file_name(name: str, *, longest: int = 120) -> str:
    """`name` as a file name on any system: none of the characters Windows refuses, no control
    characters, not too long for a path."""
    name = "".join(" " if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in name)
    name = " ".join(name.split()).strip(". ")
    return name[:longest].rstrip(". ") or _("proposals")


def delete_old_files(now=None) -> int:
    """Delete the files of exports prepared more than settings.EXPORT_KEEP_DAYS ago (copies of the
    proposal list nobody needs after the download); their log rows stay, saying who exported what.
    Returns how many files went. Run every night by Celery beat."""
    limit = (now or timezone.now()) - timedelta(days=settings.EXPORT_KEEP_DAYS)
    deleted = 0
    for entry in ExportLog.objects.exclude(file="").filter(created_at__lt=limit).only("pk", "file").iterator():
        entry.file.delete(save=False)
        ExportLog.objects.filter(pk=entry.pk).update(file="")
        deleted += 1
    return deleted
