"""Proposal batches: numbered per year, filled by officers and officials, submitted to the government in one
transaction (every issue moves to `proposal` through the workflow, or none does)."""

import threading

import pytest
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone, translation

from issues import services, workflow
from issues.admin.batches import export_url
from issues.models import Issue, Notice, ProposalBatch, StatusChange
from issues.proposals import batches
from issues.workflow import State
from tests.base import make_officer

from .conftest import file_issue

pytestmark = pytest.mark.django_db


# --- Numbering ------------------------------------------------------------------------------------------------


def test_batches_are_numbered_one_two_three_within_a_year(officer):
    first = batches.create_batch(year=2024, by=officer)
    second = batches.create_batch(year=2024, by=officer)
    other_year = batches.create_batch(year=2025, by=officer)
    third = batches.create_batch(year=2024, by=officer)

    assert [(b.year, b.sequence) for b in (first, second, third)] == [(2024, 1), (2024, 2), (2024, 3)]
    assert (other_year.year, other_year.sequence) == (2025, 1)
    assert first.created_by == officer


def test_a_new_batch_belongs_to_this_year_and_is_called_by_its_number(officer):
    batch = batches.create_batch(by=officer)

    assert batch.year == timezone.localdate().year
    assert batch.title == ""
    with translation.override("en"):
        assert str(batch) == f"{batch.year}, proposal batch 1"


def test_a_batch_may_have_its_own_title(officer):
    batch = batches.create_batch(year=2024, title=" 2024년 상반기 핀테크 규제 건의 ", by=officer)
    assert str(batch) == "2024년 상반기 핀테크 규제 건의"


@pytest.mark.django_db(transaction=True)
def test_officers_creating_batches_at_the_same_time_get_different_numbers(on_postgres):
    officer = make_officer()
    made, failures = [], []
    barrier = threading.Barrier(6)

    def create():
        try:
            barrier.wait()
            made.append(batches.create_batch(year=2030, by=officer).sequence)
        except Exception as error:  # reported below
            failures.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=create) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not failures
    assert sorted(made) == [1, 2, 3, 4, 5, 6]


# --- Filling a batch ------------------------------------------------------------------------------------------


def test_officers_put_issues_in_a_batch_and_the_audit_trail_says_who(officer):
    batch = batches.create_batch(by=officer)
    issues = [file_issue(by=officer), file_issue(State.DISCOVERY, by=officer)]

    batches.add_to_batch(issues, batch, by=officer)

    assert set(batch.issues.all()) == set(issues)
    assert issues[0].audit.latest().history_user == officer


def test_an_issue_moves_from_an_unsubmitted_batch_to_another(officer, batch_of):
    first = batch_of(count=1)
    issue = first.issues.get()
    second = batches.create_batch(by=officer)

    batches.add_to_batch([issue], second, by=officer)

    issue.refresh_from_db()
    assert issue.proposal_batch == second


def test_a_closed_or_answered_issue_cannot_join_a_batch_and_nothing_is_added(officer):
    batch = batches.create_batch(by=officer)
    fine = file_issue(by=officer)
    answered = file_issue(State.FOLLOW_UP, by=officer)
    closed = file_issue(State.CLOSED, by=officer)

    with pytest.raises(batches.BatchRefused) as refused:
        batches.add_to_batch([fine, answered, closed], batch, by=officer)

    assert set(refused.value.errors) == {answered.number, closed.number}
    assert not batch.issues.exists()


def test_nothing_joins_a_batch_already_submitted(officer, batch_of):
    batch = batch_of(count=1)
    batches.submit_batch(batch, by=officer)

    with pytest.raises(batches.BatchRefused):
        batches.add_to_batch([file_issue(by=officer)], batch, by=officer)


# --- Submitting -----------------------------------------------------------------------------------------------


def test_submitting_moves_every_issue_to_proposal_with_history_and_notices(officer, batch_of):
    batch = batch_of(count=3)
    issues = list(batch.issues.order_by("pk"))

    changes = batches.submit_batch(batch, by=officer)

    assert len(changes) == 3
    batch.refresh_from_db()
    assert batch.submitted_by == officer and batch.submitted_at is not None
    for issue in issues:
        issue.refresh_from_db()
        assert issue.state == State.PROPOSAL
        assert issue.proposed_on == timezone.localdate()
        change = StatusChange.objects.filter(issue=issue).latest("at", "id")
        assert (change.from_state, change.to_state, change.by) == (State.CONSULTATION, State.PROPOSAL, officer)
        assert str(batch) in change.internal_text  # the history says in which batch it went
        # The filer is owed an e-mail about the move.
        assert Notice.objects.filter(issue=issue, kind="issue-moved", recipient=issue.contact.email).exists()


def test_submitting_keeps_issues_already_proposed_as_they_are(officer, batch_of):
    batch = batch_of(State.CONSULTATION, State.PROPOSAL)
    proposed = batch.issues.get(state=State.PROPOSAL)
    history_before = StatusChange.objects.filter(issue=proposed).count()

    changes = batches.submit_batch(batch, by=officer)

    assert len(changes) == 1
    assert set(batch.issues.values_list("state", flat=True)) == {State.PROPOSAL}
    assert StatusChange.objects.filter(issue=proposed).count() == history_before


def test_a_submission_with_an_issue_that_cannot_move_changes_nothing(officer, batch_of):
    batch = batch_of(count=2)
    too_early = file_issue(State.DISCOVERY, by=officer, title="아직 발굴 단계")
    no_ministry = file_issue(by=officer, title="소관 부처 미정", ministry=None)
    batches.add_to_batch([too_early, no_ministry], batch, by=officer)
    states_before = dict(batch.issues.values_list("pk", "state"))
    history_before, notices_before = StatusChange.objects.count(), Notice.objects.count()

    with pytest.raises(batches.BatchRefused) as refused, translation.override("en"):
        batches.submit_batch(batch, by=officer)

    # Each refused issue is named with its reason; the others were fine but did not move either.
    assert set(refused.value.errors) == {too_early.number, no_ministry.number}
    with translation.override("en"):
        assert "ministry" in refused.value.errors[no_ministry.number]
        assert "Nothing was changed" in str(refused.value)
    assert dict(batch.issues.values_list("pk", "state")) == states_before
    assert StatusChange.objects.count() == history_before
    assert Notice.objects.count() == notices_before
    batch.refresh_from_db()
    assert batch.submitted_at is None


def test_a_failing_move_in_the_middle_rolls_back_the_moves_before_it(officer, batch_of, monkeypatch):
    batch = batch_of(count=3)
    last = batch.issues.order_by("pk").last()
    real_move = batches.services.move_issue

    def move_but_fail_on_last(issue, to, **kwargs):
        if issue.pk == last.pk:
            raise workflow.StaleIssue("Someone else has just moved this issue.")
        return real_move(issue, to, **kwargs)

    monkeypatch.setattr(batches.services, "move_issue", move_but_fail_on_last)
    notices_before = Notice.objects.count()

    with pytest.raises(batches.BatchRefused) as refused:
        batches.submit_batch(batch, by=officer)

    assert list(refused.value.errors) == [last.number]
    assert set(batch.issues.values_list("state", flat=True)) == {State.CONSULTATION}
    assert Notice.objects.count() == notices_before


def test_a_batch_is_submitted_once(officer, batch_of):
    batch = batch_of(count=1)
    batches.submit_batch(batch, by=officer)

    with pytest.raises(batches.BatchRefused):
        batches.submit_batch(batch, by=officer)


def test_an_empty_batch_cannot_be_submitted(officer):
    with pytest.raises(batches.BatchRefused):
        batches.submit_batch(batches.create_batch(by=officer), by=officer)


# --- Who may ----------------------------------------------------------------------------------------------------


def test_experts_and_filers_neither_create_fill_nor_submit_batches(officer, expert, batch_of):
    batch = batch_of(count=1)
    issue = file_issue(by=officer)
    for someone in (expert, None):
        with pytest.raises(workflow.NotPermitted):
            batches.create_batch(by=someone)
        with pytest.raises(workflow.NotPermitted):
            batches.add_to_batch([issue], batch, by=someone)
        with pytest.raises(workflow.NotPermitted):
            batches.submit_batch(batch, by=someone)
    assert ProposalBatch.objects.count() == 1
    assert batch.issues.get().state == State.CONSULTATION


def test_an_official_builds_and_submits_a_batch_of_proposals(officer, official):
    proposals = [file_issue(State.PROPOSAL, by=officer, title=f"건의 {n}") for n in (1, 2)]

    batch = batches.create_batch(by=official)
    batches.add_to_batch(proposals, batch, by=official)
    changes = batches.submit_batch(batch, by=official)

    batch.refresh_from_db()
    assert (batch.created_by, batch.submitted_by) == (official, official)
    assert batch.submitted_at is not None
    assert changes == []  # both were proposed already: nothing moves
    assert set(batch.issues.values_list("state", flat=True)) == {State.PROPOSAL}


def test_an_official_may_not_propose_an_issue_still_in_consultation_by_submitting_it(officer, official,
                                                                                     batch_of):
    batch = batch_of(count=1)  # the officer put an issue in consultation in it

    with pytest.raises(batches.BatchRefused) as refused:
        batches.submit_batch(batch, by=official)

    assert list(refused.value.errors) == [batch.issues.get().number]
    batch.refresh_from_db()
    assert batch.submitted_at is None
    assert batch.issues.get().state == State.CONSULTATION


# --- The workspace ----------------------------------------------------------------------------------------------

BATCHES = "/admin/issues/proposalbatch/"


def test_an_officer_creates_a_batch_in_the_admin_and_it_gets_the_next_number(client, officer):
    batches.create_batch(year=2024, by=officer)
    client.force_login(officer)

    response = client.post(f"{BATCHES}add/", {"year": "2024", "title": "", "note": "상반기"})

    assert response.status_code == 302
    made = ProposalBatch.objects.get(year=2024, sequence=2)
    assert (made.created_by, made.note) == (officer, "상반기")


def test_the_batch_list_counts_issues_and_shows_the_submission(client, officer, batch_of):
    batch = batch_of(count=2)
    client.force_login(officer)

    with translation.override("en"):
        response = client.get(BATCHES, headers={"accept-language": "en"})

    assert response.status_code == 200
    row = response.content.decode()
    assert f"/admin/issues/proposalbatch/{batch.pk}/change/" in row
    assert 'class="field-issue_count">2<' in row


def test_the_batch_page_lists_its_issues_and_links_to_its_export(client, officer, batch_of):
    batch = batch_of(count=2)
    client.force_login(officer)

    page = client.get(f"{BATCHES}{batch.pk}/change/").content.decode()

    for issue in batch.issues.all():
        assert issue.number in page
    assert f"/exports/?batch={batch.pk}&amp;format=xlsx" in page
    assert reverse("admin:issues_proposalbatch_submit", args=[batch.pk]) in page


def test_an_officer_submits_a_batch_after_a_confirmation_page(client, officer, batch_of):
    batch = batch_of(count=2)
    client.force_login(officer)
    url = reverse("admin:issues_proposalbatch_submit", args=[batch.pk])

    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert set(batch.issues.values_list("state", flat=True)) == {State.CONSULTATION}  # asking changes nothing

    response = client.post(url, {"note": "2024년 1차 건의로 제출"})

    assert response.status_code == 302
    assert set(batch.issues.values_list("state", flat=True)) == {State.PROPOSAL}
    assert set(StatusChange.objects.filter(to_state=State.PROPOSAL).values_list("note", flat=True)) == {
        "2024년 1차 건의로 제출"}


def test_the_submission_page_lists_every_refused_issue_and_nothing_moves(client, officer, batch_of):
    batch = batch_of(count=1)
    too_early = file_issue(State.DISCOVERY, by=officer)
    batches.add_to_batch([too_early], batch, by=officer)
    client.force_login(officer)

    response = client.post(reverse("admin:issues_proposalbatch_submit", args=[batch.pk]), {"note": ""})

    assert response.status_code == 200
    assert too_early.number in response.content.decode()
    assert set(batch.issues.values_list("state", flat=True)) == {State.CONSULTATION, State.DISCOVERY}


def test_an_official_sees_every_batch_and_in_each_only_the_issues_officials_read(client, officer, official,
                                                                                  batch_of):
    submitted, unsubmitted = batch_of(count=2), batch_of(count=1)
    batches.submit_batch(submitted, by=officer)
    sent_back = submitted.issues.first()
    services.move_issue(sent_back, State.CONSULTATION, by=officer, note="자료 보완")
    client.force_login(official)

    listed = client.get(BATCHES)
    assert listed.status_code == 200
    assert f"{BATCHES}{submitted.pk}/change/" in listed.content.decode()
    assert f"{BATCHES}{unsubmitted.pk}/change/" in listed.content.decode()
    page = client.get(f"{BATCHES}{submitted.pk}/change/")
    assert page.status_code == 200
    # Its issues as officials see them: not the one sent back to consultation, only that there is one more.
    assert submitted.issues.exclude(pk=sent_back.pk).get().number in page.content.decode()
    assert sent_back.number not in page.content.decode()
    assert "이 차수에는 아직 정부에 건의되지 않은 과제도 1건 있습니다." in page.content.decode()
    draft = client.get(f"{BATCHES}{unsubmitted.pk}/change/").content.decode()
    assert reverse("admin:issues_proposalbatch_submit", args=[unsubmitted.pk]) in draft
    assert unsubmitted.issues.get().number not in draft


def test_an_expert_sees_no_batches(client, expert, batch_of):
    batch = batch_of(count=1)
    client.force_login(expert)

    assert client.get(BATCHES).status_code == 403
    assert client.post(reverse("admin:issues_proposalbatch_submit", args=[batch.pk])).status_code == 403


def test_officers_add_issues_to_a_new_batch_from_the_issue_list(client, officer):
    issues = [file_issue(by=officer), file_issue(by=officer)]
    closed = file_issue(State.CLOSED, by=officer)
    client.force_login(officer)
    selected = {"action": "add_to_proposal_batch", "_selected_action": [i.pk for i in (*issues, closed)]}

    asked = client.post("/admin/issues/issue/", selected)
    assert asked.status_code == 200 and not ProposalBatch.objects.exists()

    report = client.post("/admin/issues/issue/", {**selected, "apply": "1", "batch": ""})

    assert report.status_code == 200
    batch = ProposalBatch.objects.get()  # one new batch for all of them
    assert set(batch.issues.all()) == set(issues)
    assert Issue.objects.get(pk=closed.pk).proposal_batch is None
    assert 'class="refused"' in report.content.decode()


def test_officers_add_issues_to_an_existing_batch_from_the_issue_list(client, officer, batch_of):
    batch = batch_of(count=1)
    issue = file_issue(by=officer)
    client.force_login(officer)

    client.post("/admin/issues/issue/", {"action": "add_to_proposal_batch", "_selected_action": [issue.pk],
                                         "apply": "1", "batch": batch.pk})

    assert batch.issues.count() == 2


def test_officials_are_offered_the_batch_action_and_experts_are_not(client, official, expert):
    client.force_login(official)
    assert "add_to_proposal_batch" in client.get("/admin/issues/issue/").content.decode()
    client.force_login(expert)
    assert "add_to_proposal_batch" not in client.get("/admin/issues/issue/").content.decode()


def test_the_batch_link_exports_that_batch_and_no_other(client, officer, batch_of):
    batch, other = batch_of(count=2), batch_of(count=1)
    client.force_login(officer)

    link = export_url(batch.pk).replace("format=xlsx", "format=csv")
    exported = b"".join(client.get(link).streaming_content).decode("utf-8-sig")

    assert {issue.number for issue in batch.issues.all()} <= {line.split(",")[0] for line in exported.splitlines()}
    assert not [issue.number for issue in other.issues.all() if issue.number in exported]
