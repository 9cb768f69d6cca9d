"""The meetings' cast: the officer of tests/base.py, a roundtable at 서울파트너스하우스 and issues put on its
agenda with a conclusion, each filed by a company of its own."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from companies.models import Field
from issues.models import AgendaItem
from issues.workflow import State
from meetings.models import Meeting
from tests.base import business_number, make_issue, make_officer, ministry

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL)


def make_meeting(title: str = "규제혁신 현장 간담회", *, at: str = "2024-03-28 14:00", until: str = "2024-03-28 16:00",
                 fields=("ai",), **extra) -> Meeting:
    extra.setdefault("venue", "서울파트너스하우스")
    extra.setdefault("address", "서울 용산구 한남대로 138")
    extra.setdefault("host_department", "서울시 경제정책과")
    meeting = Meeting.objects.create(title=title, starts_at=seoul(at), ends_at=seoul(until) if until else None,
                                     **extra)
    meeting.fields.set(Field.objects.filter(code__in=fields))
    return meeting


_serial = iter(range(1, 10_000))


def filed_issue(state: str = State.DISCOVERY, *, with_ministry: bool = True, **fields):
    """An issue walked to `state`, filed by a company (and contact) of its own."""
    serial = next(_serial)
    fields.setdefault("business_number", business_number())
    fields.setdefault("company_name", f"스타트업 {serial}")
    fields.setdefault("contact_email", f"ceo{serial}@startup.example.com")
    fields.setdefault("title", f"규제 개선 과제 {serial}")
    if with_ministry:
        fields.setdefault("ministry", ministry())
    return make_issue(state, by=make_officer(), **fields)


def on_agenda(meeting, issue, conclusion: str = "", *, position: int | None = None, note: str = "") -> AgendaItem:
    position = position if position is not None else meeting.agenda.count() + 1
    return AgendaItem.objects.create(meeting=meeting, issue=issue, position=position, conclusion=conclusion,
                                     conclusion_note=note)


@pytest.fixture
def officer(db):
    return make_officer()


@pytest.fixture
def meeting(db):
    return make_meeting()
