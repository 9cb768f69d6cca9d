"""The demo's roundtable of 28 March 2024: its conclusions were applied through the workflow, so the meeting
page shows them applied and applying them again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from issues.agenda import conclusions
from issues.models import StatusChange
from meetings.models import Meeting
from tests.base import make_officer

pytestmark = pytest.mark.django_db


def test_the_demo_meetings_conclusions_are_applied_once_and_name_the_meeting():
    call_command("load_demo", "--force", stdout=StringIO())
    meeting = Meeting.objects.get()

    items = list(meeting.agenda.select_related("issue"))
    concluded = [item for item in items if item.conclusion]
    assert len(concluded) == 8
    assert all(item.applied_at is not None for item in concluded)
    assert all(item.applied_at is None for item in items if not item.conclusion)
    # Each applied conclusion is a move in the history that names the meeting.
    moved = set(StatusChange.objects.filter(meeting=meeting).values_list("issue_id", flat=True))
    assert moved == {item.issue_id for item in concluded}

    assert conclusions.pending_conclusions(meeting, by=make_officer()) == []
    assert conclusions.apply_meeting_conclusions(meeting, by=make_officer()) == []
