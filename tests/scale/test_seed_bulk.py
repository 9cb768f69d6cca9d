"""`manage.py seed_bulk`: synthetic issues in every state with a history that adds up, the same data for
the same seed, a second run that adds to the first, and the application working on top of it. Small
counts here; bench/ and the README say how long a million takes."""

import hashlib
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Contact
from issues import services, workflow
from issues.models import AgendaItem, Issue, Note, ProposalBatch, StatusChange, TrackingCounter
from issues.seeding import DEFAULT_ANCHOR
from issues.seeding.clock import at, seoul_moment
from issues.workflow import Answer, Resolution, State
from meetings.models import Attendee, Meeting
from tests.base import business_number, intake, make_officer

pytestmark = pytest.mark.django_db
ANCHOR_MOMENT = at(seoul_moment(DEFAULT_ANCHOR, 18))


def seed(issues=300, seed=7, *args) -> str:
    out = StringIO()
    call_command("seed_bulk", "--issues", str(issues), "--seed", str(seed), "--force", *args, stdout=out)
    return out.getvalue()


def digest() -> str:
    """What the seeded rows say, by natural keys (ids depend on the database's sequences)."""
    rows = [
        list(Issue.objects.values_list(
            "number", "secret_hash", "title", "problem", "improvement", "related_law", "company__business_number",
            "contact__email", "field__code", "ministry__name", "source", "priority", "assignee__username", "state",
            "state_changed_at", "resolution", "duplicate_of__number", "proposed_on", "government_answer",
            "government_answer_text", "government_answered_on", "closed_at", "language", "is_publishable",
            "proposal_batch__title", "is_suspected_spam", "filed_at", "updated_at")),
        list(StatusChange.objects.values_list("issue__number", "from_state", "to_state", "resolution",
                                                "by__username", "by_filer", "at", "note", "public_note",
                                                "meeting__starts_at")),
        list(Note.objects.values_list("issue__number", "author__username", "is_from_filer", "is_public", "body",
                                        "created_at")),
        list(AgendaItem.objects.values_list("meeting__starts_at", "issue__number", "position", "conclusion",
                                              "applied_at")),
        list(Company.objects.values_list("business_number", "name", "ceo_name", "field__code", "sandbox_status")),
        list(Contact.objects.values_list("company__business_number", "name", "email", "phone")),
        list(Meeting.objects.values_list("starts_at", "title", "kind", "venue", "minutes")),
        list(Issue.audit.values_list("number", "state", "history_type", "history_date", "history_user__username")),
    ]
    return hashlib.sha256(repr([sorted(map(repr, table)) for table in rows]).encode()).hexdigest()


def wipe() -> None:
    Meeting.objects.all().delete()
    Issue.objects.all().delete()
    Company.objects.all().delete()
    ProposalBatch.objects.all().delete()
    TrackingCounter.objects.all().delete()


def test_it_makes_issues_in_every_state_with_every_resolution_and_answer():
    output = seed()

    assert "300" in output.splitlines()[-1]
    assert Issue.objects.count() == 300
    assert set(Issue.objects.values_list("state", flat=True)) == set(State.values)
    assert set(Issue.objects.values_list("resolution", flat=True)) == {"", *Resolution.values}
    assert set(Issue.objects.values_list("government_answer", flat=True)) == {"", *Answer.values}
    closed = Issue.objects.filter(state=State.CLOSED)
    assert not closed.filter(resolution="").exists() and not closed.filter(closed_at=None).exists()
    assert not Issue.objects.exclude(state=State.CLOSED).exclude(resolution="").exists()
    assert not Issue.objects.filter(resolution=Resolution.DUPLICATE, duplicate_of=None).exists()
    assert not Issue.objects.filter(state=State.FOLLOW_UP, government_answer="").exists()
    assert not Issue.objects.filter(state=State.PROPOSAL, ministry=None).exists()
    assert Issue.objects.filter(state=State.PROPOSAL, proposal_batch__isnull=False).exists()
    # Around the issues: meetings with attendees and agendas, notes of every kind, the audit trail.
    assert AgendaItem.objects.exclude(conclusion="").exists()
    assert Attendee.objects.filter(role=Attendee.Role.COMPANY).exists()
    assert {(n.is_public, n.is_from_filer) for n in Note.objects.all()} == {(False, False), (True, False), (True, True)}
    assert Issue.audit.filter(history_type="+").count() == 300
    assert Issue.objects.filter(is_publishable=True).exists()
    assert not Issue.objects.filter(filed_at__gt=ANCHOR_MOMENT).exists()


def test_each_history_moves_along_the_workflow_and_ends_where_the_issue_stands():
    seed()

    issues = {i.pk: i for i in Issue.objects.all()}
    changes = {}
    for change in StatusChange.objects.order_by("issue", "at", "id"):
        changes.setdefault(change.issue_id, []).append(change)
    for pk, issue in issues.items():
        first, *moves = changes[pk]
        assert (first.from_state, first.to_state, first.at) == ("", State.DISCOVERY, issue.filed_at)
        for before, after in zip([first, *moves], moves, strict=False):
            assert after.from_state == before.to_state and after.at > before.at, issue.number
            assert (after.from_state, after.to_state) in workflow.MOVES, issue.number
        last = changes[pk][-1]
        assert (last.to_state, last.at) == (issue.state, issue.state_changed_at), issue.number
        assert last.at <= ANCHOR_MOMENT
        if issue.state == State.CLOSED:
            assert (last.resolution, last.at) == (issue.resolution, issue.closed_at), issue.number
        proposals = [c for c in changes[pk] if (c.from_state, c.to_state) == (State.CONSULTATION, State.PROPOSAL)]
        if proposals:
            assert issue.proposed_on == timezone.localdate(proposals[-1].at), issue.number


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    seed(120, 3)
    first = digest()
    wipe()
    seed(120, 3)
    assert digest() == first
    wipe()
    seed(120, 4)
    assert digest() != first


def test_a_second_run_adds_to_the_first_and_filing_goes_on_after_it():
    seed(300, 7)
    seed(200, 7)

    assert Issue.objects.count() == 500
    numbers = list(Issue.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 500
    assert len(set(Issue.objects.values_list("secret_hash", flat=True))) == 500
    for counter in TrackingCounter.objects.all():
        serials = sorted(int(n.rsplit("-", 1)[1]) for n in numbers if n.startswith(f"REG-{counter.year}-"))
        assert serials == list(range(1, counter.last + 1))
    # A filer and an officer after the seeding: the next free number, and ids the sequences hand out.
    year = timezone.localdate().year
    last = TrackingCounter.objects.get(year=year).last if TrackingCounter.objects.filter(year=year).exists() else 0
    issue = services.submit_issue(intake(business_number=business_number()))
    assert issue.number == f"REG-{year}-{last + 1:04d}"
    officer = make_officer()
    services.move_issue(issue, State.CONSULTATION, by=officer)
    services.add_note(issue, "시딩 뒤의 메모", by=officer)
    assert issue.status_changes.count() == 2 and issue.notes.count() == 1


def test_the_officers_list_the_stats_and_an_issue_page_answer_after_seeding(client):
    seed()
    client.force_login(make_officer())

    assert client.get("/admin/issues/issue/").status_code == 200
    assert client.get("/admin/issues/issue/?q=드론").status_code == 200
    issue = Issue.objects.filter(state=State.FOLLOW_UP).first()
    assert client.get(reverse("admin:issues_issue_change", args=[issue.pk])).status_code == 200
    assert client.get(reverse("stats")).status_code == 200
    # Searching a topic's word finds that topic's share, not everything or nothing.
    assert 0.01 < Issue.objects.filter(title__contains="드론").count() / 300 < 0.25


def test_it_refuses_to_run_with_debug_off_unless_forced():
    with pytest.raises(CommandError):
        call_command("seed_bulk", "--issues", "10", stdout=StringIO())
    assert not Issue.objects.exists()


def test_the_anchor_moves_the_data_in_time():
    seed(60, 1, "--anchor", "2024-06-30")

    assert Issue.objects.latest("filed_at").filed_at <= at(seoul_moment(date(2024, 6, 30), 18))
    assert Issue.objects.earliest("filed_at").filed_at.year >= 2019


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_threads_write_the_same_data_as_one_transaction_on_postgres(on_postgres):
    seed(300, 5, "--workers", "2", "--chunk", "100")
    threaded = digest()
    assert Issue.objects.count() == 300
    wipe()
    seed(300, 5, "--workers", "1", "--chunk", "100")
    assert digest() == threaded
    # The sequences and the counter are right for what comes after.
    issue = services.submit_issue(intake(business_number=business_number()))
    assert Issue.objects.filter(number=issue.number).count() == 1
