"""The cost of a downloaded proposal list: as many queries for fifty rows as for five, in every format."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Meeting

from .conftest import download, issues_with_meetings, read_csv


@pytest.fixture(scope="module")
def meetings(_proposal_list, django_db_blocker):
    """A meeting with five proposals on its agenda and one with fifty, made once for the four formats (each
    test's own writes, its export log, roll back with its savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        made = [Meeting.objects.create(title=f"간담회 {n}", starts_at=timezone.now()) for n in (5, 50)]
        issues_with_meetings(5, _proposal_list["officer"], made[0])
        issues_with_meetings(50, _proposal_list["officer"], made[1])
        yield made
        transaction.set_rollback(True)


@pytest.mark.parametrize("format", ["xlsx", "csv", "pdf", "hwpx"])
def test_the_number_of_queries_does_not_grow_with_the_rows(client, cast, meetings, format):
    officer = cast["officer"]
    client.force_login(officer)

    def queries(meeting):
        with CaptureQueriesContext(connection) as captured:
            response = download(client, format=format, meeting=meeting.pk)
        assert response.status_code == 200
        return len(captured), response

    few, _response = queries(meetings[0])
    many, response = queries(meetings[1])
    assert few == many
    if format == "csv":
        assert len(read_csv(response.body)) == 51
