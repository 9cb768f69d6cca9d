"""Thin Celery tasks: load by id, call notices/services."""

from celery import shared_task

from . import notices


@shared_task(ignore_result=True)
def send_notice(notice_id: int) -> None:
    notices.deliver(notice_id)


@shared_task(ignore_result=True)
def send_owed_notices() -> None:
    notices.deliver_owed()
