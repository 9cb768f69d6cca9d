"""Two officers pressing "Apply the conclusions" at the same moment, on the real PostgreSQL: each agenda item is
applied once, and each issue moves once."""

import pytest

from issues.agenda import conclusions
from issues.models import AgendaItem, Notice, StatusChange
from issues.workflow import State
from tests.base import make_officer
from tests.issues.test_concurrency import run_together

from .conftest import filed_issue, make_meeting, on_agenda

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_officers_applying_at_once_apply_each_conclusion_once(on_postgres):
    meeting = make_meeting()
    issues = [filed_issue(State.DISCOVERY) for _ in range(4)]
    for issue, conclusion in zip(issues, ["propose", "review", "solved", "not_pursued"], strict=True):
        on_agenda(meeting, issue, conclusion)
    officers = [make_officer("officer-a"), make_officer("officer-b")]

    results = run_together(2, lambda i: conclusions.apply_meeting_conclusions(meeting, by=officers[i]))

    assert all(isinstance(r, list) for r in results), results
    # Between them they applied the four items, whoever got each one first.
    assert sum(len(r) for r in results) == 4 and all(o.is_done for r in results for o in r)
    assert not AgendaItem.objects.filter(applied_at__isnull=True).exists()
    # discovery → consultation → proposal for the first, one move for each of the others.
    assert StatusChange.objects.filter(meeting=meeting).count() == 5
    # One notice per item: the first one's two moves are one event (its filer reads where it ended up).
    assert Notice.objects.filter(kind__in=["issue-moved", "issue-closed"]).count() == 4
