"""Filers of their own (company, contact person), issues closed a given number of days ago, and a
throw-away folder for the files of large exports."""

import itertools
from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from issues.models import ExportLog, Issue
from issues.workflow import State
from tests.base import business_number, make_issue

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def export_storage(tmp_path, monkeypatch):
    location = tmp_path / "exports"
    monkeypatch.setattr(ExportLog._meta.get_field("file"), "storage", FileSystemStorage(location=location))
    return location


def filer(name: str) -> dict:
    """The intake fields of a filer of their own: a company, its CEO and a contact person."""
    serial = next(_serial)
    return {"company_name": f"{name} 주식회사", "business_number": business_number(), "ceo_name": f"{name} 대표",
            "contact_name": f"{name} 담당", "contact_email": f"{name}.{serial}@startup.example.com",
            "contact_phone": f"010-5555-{serial:04d}", "title": f"{name}의 규제 개선 과제"}


def close_ago(issue: Issue, days: float) -> Issue:
    """Put the issue's closing `days` days in the past (as if it was closed then)."""
    at = timezone.now() - timedelta(days=days)
    Issue.objects.filter(pk=issue.pk).update(closed_at=at, state_changed_at=at)
    issue.refresh_from_db()
    return issue


def closed(days: float, *, files=(), **fields) -> Issue:
    """An issue filed, worked on and closed `days` days ago."""
    return close_ago(make_issue(State.CLOSED, files=files, **fields), days)
