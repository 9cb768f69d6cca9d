"""Two people acting on the same issue at once, and many filers at once, on the real PostgreSQL. Each thread
has its own database connection; a barrier releases them together."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from companies.models import Company
from issues import services, workflow
from issues.models import Issue, StatusChange
from issues.workflow import State
from tests.base import business_number, intake, make_issue, make_officer, ministry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(count: int, work) -> list:
    """Call `work(i)` in `count` threads released at the same moment; return each result or exception."""
    barrier = threading.Barrier(count, timeout=30)
    results = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - handed to the test, which asserts on it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_of_two_officers_proposing_the_same_issue_at_once_one_wins(on_postgres):
    issue = make_issue(State.CONSULTATION)
    officers = [make_officer("officer-a"), make_officer("officer-b")]
    kwargs = {"ministry": ministry(), "improvement": "보도 통행 허용"}

    # Each officer has read the issue in consultation before either moves it.
    copies = [Issue.objects.get(pk=issue.pk) for _ in officers]
    results = run_together(2, lambda i: services.move_issue(copies[i], State.PROPOSAL, by=officers[i], **kwargs))

    [change] = [r for r in results if isinstance(r, StatusChange)]
    [error] = [r for r in results if not isinstance(r, StatusChange)]
    assert isinstance(error, workflow.StaleIssue | workflow.MoveNotAllowed), repr(error)
    # The loser is told where the issue now stands.
    assert str(State.PROPOSAL.label) in str(error)
    assert change.to_state == State.PROPOSAL
    assert StatusChange.objects.filter(issue=issue, from_state=State.CONSULTATION, to_state=State.PROPOSAL).count() == 1
    assert Issue.objects.get(pk=issue.pk).state == State.PROPOSAL


def test_twenty_filers_at_once_get_twenty_consecutive_tracking_numbers(on_postgres):
    # The year's counter exists already, as it does after the first filing of the year.
    first = int(make_issue().number[-4:])

    results = run_together(20, lambda i: services.submit_issue(
        intake(business_number=business_number(f"3128{i:05d}"), contact_email=f"filer{i}@example.org")
    ))

    assert [r for r in results if not isinstance(r, Issue)] == []
    numbers = sorted(int(issue.number[-4:]) for issue in results)
    assert numbers == list(range(first + 1, first + 21))
    assert Issue.objects.filter(pk__in=[issue.pk for issue in results]).count() == 20


def test_the_first_filings_of_a_year_at_once_share_out_the_numbers(on_postgres):
    # Filed on the first working day of 2019, a year with no counter yet: all threads race to create it.
    filed_at = datetime(2019, 1, 2, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))

    results = run_together(10, lambda i: services.submit_issue(
        intake(contact_email=f"filer{i}@example.org"), filed_at=filed_at,
    ))

    assert [r for r in results if not isinstance(r, Issue)] == []
    assert sorted(issue.number for issue in results) == [f"REG-2019-{n:04d}" for n in range(1, 11)]
    # The same company, filing ten times at once, is still one company: the first filing made it, the
    # others name it and wait for an officer to link them (services.decide_filer_match).
    assert Company.objects.filter(business_number=results[0].filer_business_number).count() == 1
    assert len([issue for issue in results if issue.company_id is not None]) == 1


def test_a_filing_whose_transaction_is_still_open_holds_no_other_filing_back(on_postgres, monkeypatch):
    # The first filing stops inside its transaction, after taking its number, until the second has committed:
    # with the year's counter locked until each filing's commit, the second would wait for the first, and
    # the first for the second, until the barrier's timeout.
    make_issue()  # the year's counter exists already
    inside, second_done = threading.Event(), threading.Event()
    cite_laws = services.laws.cite_laws

    def slow_for_the_first(issue, **kwargs):
        cite_laws(issue, **kwargs)
        if issue.title == "first":
            inside.set()
            assert second_done.wait(timeout=20), "the second filing waited for the first one's transaction"

    monkeypatch.setattr(services.laws, "cite_laws", slow_for_the_first)

    def work(i):
        if i == 0:
            return services.submit_issue(intake(title="first", business_number=business_number("312900001")))
        assert inside.wait(timeout=20)
        try:
            return services.submit_issue(intake(title="second", business_number=business_number("312900002")))
        finally:
            second_done.set()

    first, second = run_together(2, work)

    assert isinstance(first, Issue) and isinstance(second, Issue), (first, second)
    assert int(second.number[-4:]) == int(first.number[-4:]) + 1
    assert Issue.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
