"""Large lists: above settings.EXPORT_ASYNC_ROWS (EXPORT_DOCUMENT_ASYNC_ROWS for PDF and HWPX) the
file is written by a Celery task (eager in tests) into private storage, with its progress on the
export log; a page shows the progress, then a link only its owner (or an officer) may follow."""

import pytest
from django.urls import reverse

from issues import tasks
from issues.models import ExportLog
from issues.proposals.exports import jobs as export_jobs
from issues.proposals.exports.filters import IssueFilter
from tests.base import make_official

from .conftest import hwpx_check, pdf_text, read_csv, read_xlsx, squeezed


@pytest.fixture
def low_limits(settings):
    settings.EXPORT_ASYNC_ROWS = 1
    settings.EXPORT_DOCUMENT_ASYNC_ROWS = 1


@pytest.fixture
def export(client, django_capture_on_commit_callbacks):
    """GET /exports/ with these parameters, running what waits for the commit (the task) as it would."""
    def get(params, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.get(reverse("exports"), params, **kwargs)
    return get


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("format", ["xlsx", "csv", "pdf", "hwpx"])
def test_a_long_list_is_written_by_a_worker_and_waits_for_its_owner(client, export, cast, low_limits, format,
                                                                    tmp_path):
    official = cast["official"]
    client.force_login(official)
    response = export({"format": format, "unknown": "x"})
    entry = ExportLog.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports-status", args=[entry.pk])
    assert (entry.user, entry.format, entry.status, entry.row_count, entry.progress) == (
        official, format, ExportLog.Status.READY, 3, 3)
    assert entry.filters == {}
    assert entry.file.name.startswith("exports/")

    page = client.get(response["Location"]).content.decode()
    download = reverse("exports-download", args=[entry.pk])
    assert f'href="{download}"' in page
    assert 'http-equiv="refresh"' not in page
    data = _body(client.get(download))
    numbers = [cast[k].number for k in ("bio", "drones", "robots")]
    if format == "xlsx":
        assert [row[0] for row in read_xlsx(data)[1][1:]] == numbers
    elif format == "csv":
        assert [row[0] for row in read_csv(data)[1:]] == numbers
    elif format == "pdf":
        text = pdf_text(data, tmp_path)
        assert all(number in text for number in numbers)
    else:
        text = squeezed(hwpx_check(data))
        assert all(number in text for number in numbers)


def test_the_worker_uses_the_filter_and_reports_its_progress(client, export, cast, low_limits, monkeypatch):
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 1)
    seen = []
    original = export_jobs._progress
    monkeypatch.setattr(export_jobs, "_progress", lambda pk, rows: (seen.append(rows), original(pk, rows)))
    client.force_login(cast["officer"])
    export({"format": "csv", "answer": "long_term_review", "filed_after": "2020-01-01"})
    entry = ExportLog.objects.get()
    assert entry.filters == {"answer": "long_term_review", "filed_after": "2020-01-01"}
    assert (entry.status, entry.error) == (ExportLog.Status.READY, "")
    assert seen == [1, 2]
    assert entry.progress == entry.row_count == 2
    rows = read_csv(_body(client.get(reverse("exports-download", args=[entry.pk]))))
    assert [row[0] for row in rows[1:]] == [cast["bio"].number, cast["drones"].number]


def test_while_it_runs_the_page_refreshes_itself_and_shows_the_rows_written(client, cast):
    official = cast["official"]
    entry = ExportLog.objects.create(user=official, format="xlsx", row_count=12000, progress=4500,
                                     status=ExportLog.Status.RUNNING)
    client.force_login(official)
    page = client.get(reverse("exports-status", args=[entry.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "4500" in page and "12000" in page
    assert '<progress max="12000" value="4500"' in page
    assert "<script" not in page
    assert client.get(reverse("exports-download", args=[entry.pk])).status_code == 404
    # Whoever needs longer to read stops the refresh.
    paused = client.get(reverse("exports-status", args=[entry.pk]), {"pause": 1}).content.decode()
    assert "http-equiv" not in paused and "4500" in paused


def test_only_its_owner_and_officers_may_open_an_export(client, export, cast, low_limits):
    client.force_login(cast["official"])
    export({"format": "xlsx"})
    entry = ExportLog.objects.get()
    status, download = reverse("exports-status", args=[entry.pk]), reverse("exports-download", args=[entry.pk])

    client.force_login(make_official("another-official"))
    assert client.get(status).status_code == 403
    assert client.get(download).status_code == 403
    client.force_login(cast["officer"])
    assert client.get(download).status_code == 200
    client.logout()
    assert client.get(download)["Location"].startswith(reverse("admin:login"))


def test_a_broker_that_is_down_fails_the_export_visibly(client, export, cast, low_limits, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.build_export, "delay", down)
    client.force_login(cast["official"])
    response = export({"format": "xlsx"})
    entry = ExportLog.objects.get()
    assert entry.status == ExportLog.Status.FAILED
    assert "Redis is down" in entry.error
    page = client.get(response["Location"]).content.decode()
    assert 'role="alert"' in page and 'http-equiv="refresh"' not in page


def test_a_streamed_csv_abandoned_halfway_is_logged_as_failed(cast):
    # What the server does when the browser goes away: it closes the response's iterator.
    official = cast["official"]
    entry, chunks = export_jobs.stream_csv(IssueFilter({}, user=official), by=official, count=3)
    assert next(chunks).startswith(b"\xef\xbb\xbf")
    chunks.close()
    entry.refresh_from_db()
    assert entry.status == ExportLog.Status.FAILED

    entry, chunks = export_jobs.stream_csv(IssueFilter({}, user=official), by=official, count=3)
    assert len(read_csv(b"".join(chunks))) == 4
    entry.refresh_from_db()
    assert (entry.status, entry.row_count) == (ExportLog.Status.READY, 3)


def test_pdf_and_hwpx_refuse_lists_too_long_to_print(client, cast, settings):
    settings.EXPORT_DOCUMENT_MAX_ROWS = 2
    client.force_login(cast["official"])
    page = client.get(reverse("exports")).content.decode()
    assert 'data-format="pdf"' not in page and 'data-format="xlsx"' in page
    response = client.get(reverse("exports"), {"format": "hwpx"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("exports") + "?"
    assert not ExportLog.objects.exists()
    assert "3" in str(list(response.context["messages"])[0])


def test_prepared_files_are_deleted_after_their_days_and_their_log_stays(client, export, cast, low_limits, settings):
    from datetime import timedelta

    from django.conf import settings as live
    from django.utils import timezone

    client.force_login(cast["official"])
    export({"format": "csv"})
    export({"format": "xlsx"})
    old, recent = ExportLog.objects.order_by("pk")
    days_ago = timezone.now() - timedelta(days=settings.EXPORT_KEEP_DAYS + 1)
    ExportLog.objects.filter(pk=old.pk).update(created_at=days_ago)
    storage, old_name = old.file.storage, old.file.name

    tasks.delete_old_files.delay()  # what beat runs every night

    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.file and not storage.exists(old_name)
    assert (old.status, old.row_count, old.user) == (ExportLog.Status.READY, 3, cast["official"])
    assert recent.file and storage.exists(recent.file.name)
    assert client.get(reverse("exports-download", args=[old.pk])).status_code == 404
    page = client.get(reverse("exports-status", args=[old.pk])).content.decode()
    assert reverse("exports-download", args=[old.pk]) not in page
    assert f"{settings.EXPORT_KEEP_DAYS}일" in page  # "…7일 후 삭제됩니다" in Korean, the default
    assert client.get(reverse("exports-download", args=[recent.pk])).status_code == 200
    assert any(e["task"] == "issues.tasks.delete_old_files" for e in live.CELERY_BEAT_SCHEDULE.values())
