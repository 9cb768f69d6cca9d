"""The official's day with proposal batches (CONTRACT.md: officials build and submit them): a batch made in the
workspace, filled from the issue list or from the export filter, and submitted, with what the page then says
(in Korean, the site's language), also when every issue was already proposed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from issues import services
from issues.models import ProposalBatch
from issues.proposals import batches
from issues.workflow import Answer, State

from .conftest import file_issue

pytestmark = pytest.mark.django_db

BATCHES = "/admin/issues/proposalbatch/"
THIS_YEAR = timezone.localdate().year


def told(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def submit(client, batch, note=""):
    return client.post(reverse("admin:issues_proposalbatch_submit", args=[batch.pk]), {"note": note}, follow=True)


# --- Building a batch -------------------------------------------------------------------------------------------


def test_an_official_opens_the_new_batch_form_and_saves_a_batch_of_their_own(client, official):
    client.force_login(official)

    assert client.get(f"{BATCHES}add/").status_code == 200
    response = client.post(f"{BATCHES}add/", {"year": "2026", "title": "", "note": "하반기 건의"})

    assert response.status_code == 302
    made = ProposalBatch.objects.get()
    assert (made.year, made.sequence, made.created_by, made.note) == (2026, 1, official, "하반기 건의")


def test_an_official_puts_proposals_into_a_batch_from_the_issue_list(client, officer, official):
    proposals = [file_issue(State.PROPOSAL, by=officer, title=f"건의 {n}") for n in (1, 2)]
    client.force_login(official)

    report = client.post("/admin/issues/issue/", {"action": "add_to_proposal_batch", "apply": "1", "batch": "",
                                                  "_selected_action": [i.pk for i in proposals]})

    assert report.status_code == 200
    batch = ProposalBatch.objects.get()
    assert batch.created_by == official
    assert set(batch.issues.all()) == set(proposals)
    assert f"‘{THIS_YEAR}년 1차 정부 건의’ 차수에 추가했습니다." in report.content.decode()


def test_the_export_page_offers_officials_to_put_the_list_into_a_batch(client, officer, official):
    file_issue(State.PROPOSAL, by=officer)
    draft = batches.create_batch(title="준비 중인 묶음", by=officer)
    client.force_login(official)

    page = client.get(reverse("exports"), {"state": State.PROPOSAL}).content.decode()

    assert 'action="/exports/batch/"' in page
    assert "차수에 넣기" in page
    assert f'<option value="{draft.pk}">준비 중인 묶음</option>' in page
    assert 'name="query" value="state=proposal"' in page


def test_an_official_puts_the_filtered_list_into_a_new_batch_and_what_cannot_join_is_left_out(
        client, officer, official):
    free = [file_issue(State.PROPOSAL, by=officer, title=f"건의 {n}") for n in (1, 2)]
    answered = file_issue(State.FOLLOW_UP, by=officer, title="회신 받은 건의")
    elsewhere = file_issue(State.PROPOSAL, by=officer, title="다른 차수의 건의")
    other_batch = batches.create_batch(title="담당자가 준비 중인 차수", by=officer)
    batches.add_to_batch([elsewhere], other_batch, by=officer)
    client.force_login(official)

    response = client.post(reverse("exports-batch"), {"query": "", "into": ""})

    batch = ProposalBatch.objects.exclude(pk=other_batch.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:issues_proposalbatch_change", args=[batch.pk])
    assert set(batch.issues.all()) == set(free)
    assert answered.__class__.objects.get(pk=answered.pk).proposal_batch is None
    assert other_batch.issues.get() == elsewhere  # never taken out of another batch
    assert told(response) == [f"과제 2건을 ‘{THIS_YEAR}년 2차 정부 건의’에 넣었습니다. "
                              "목록의 과제 2건은 정부 회신을 받았거나 종결되었거나 이미 차수에 들어 있어 빠졌습니다."]


def test_the_filtered_list_goes_into_a_chosen_batch_and_only_the_filtered_issues_do(client, officer, official):
    wanted = file_issue(State.PROPOSAL, by=officer, title="드론 건의")
    other = file_issue(State.PROPOSAL, by=officer, title="바이오 건의")
    services.move_issue(other, State.FOLLOW_UP, by=officer, answer=Answer.ACCEPTED, answer_text="수용")
    batch = batches.create_batch(title="2차 건의", by=official)
    client.force_login(official)

    client.post(reverse("exports-batch"), {"query": f"state=proposal&ministry={wanted.ministry_id}",
                                           "into": batch.pk})

    assert list(batch.issues.all()) == [wanted]


def test_a_list_with_nothing_that_may_join_makes_no_batch_and_says_why(client, officer, official):
    file_issue(State.FOLLOW_UP, by=officer)
    client.force_login(official)

    response = client.post(reverse("exports-batch"), {"query": "state=follow_up", "into": ""})

    assert response.status_code == 302 and response["Location"] == "/exports/?state=follow_up"
    assert not ProposalBatch.objects.exists()
    assert told(response) == ["이 목록에는 차수에 넣을 수 있는 과제가 없습니다. "
                              "과제 1건 모두 정부 회신을 받았거나 종결되었거나 이미 차수에 들어 있습니다."]


def test_a_submitted_batch_is_not_offered_and_cannot_be_chosen(client, officer, official):
    proposal = file_issue(State.PROPOSAL, by=officer)
    sent = batches.create_batch(title="이미 보낸 차수", by=officer)
    batches.add_to_batch([file_issue(State.PROPOSAL, by=officer)], sent, by=officer)
    batches.submit_batch(sent, by=officer)
    client.force_login(official)

    page = client.get(reverse("exports")).content.decode()
    response = client.post(reverse("exports-batch"), {"query": "", "into": sent.pk})

    assert f'<option value="{sent.pk}">이미 보낸 차수</option>' not in page.split('name="into"')[1]
    assert told(response) == ["차수나 조건이 더 이상 유효하지 않습니다. 다시 선택해 주십시오."]
    assert proposal.__class__.objects.get(pk=proposal.pk).proposal_batch is None


def test_experts_cannot_put_lists_into_batches(client, expert):
    client.force_login(expert)
    assert client.post(reverse("exports-batch"), {"query": "", "into": ""}).status_code == 403
    assert not ProposalBatch.objects.exists()


# --- Submitting -------------------------------------------------------------------------------------------------


def test_submitting_a_batch_of_issues_already_proposed_says_so(client, officer, official):
    batch = batches.create_batch(title="2026년 2차 정부 건의", by=official)
    batches.add_to_batch([file_issue(State.PROPOSAL, by=officer, title=f"건의 {n}") for n in (1, 2, 3)], batch,
                         by=official)
    client.force_login(official)

    asked = client.get(reverse("admin:issues_proposalbatch_submit", args=[batch.pk])).content.decode()
    assert ("과제 3건이 모두 이미 ‘정부 건의’ 단계입니다. "
            "제출하면 이 차수를 정부에 보냈다는 것만 기록되고, "
            "단계가 바뀌는 과제도 신청인에게 가는 메일도 없습니다.") in asked

    response = submit(client, batch)

    assert told(response) == ["‘2026년 2차 정부 건의’ 정부 제출 완료: "
                              "과제 3건이 모두 이미 ‘정부 건의’ 단계여서 단계를 옮긴 과제가 없고, "
                              "신청인에게 보낸 메일도 없습니다."]
    assert "과제 0건" not in response.content.decode()
    batch.refresh_from_db()
    assert batch.submitted_by == official


def test_submitting_a_mixed_batch_counts_the_moved_and_the_already_proposed(client, officer):
    batch = batches.create_batch(title="2026년 3차 정부 건의", by=officer)
    batches.add_to_batch([file_issue(State.CONSULTATION, by=officer), file_issue(State.CONSULTATION, by=officer),
                          file_issue(State.PROPOSAL, by=officer)], batch, by=officer)
    client.force_login(officer)

    asked = client.get(reverse("admin:issues_proposalbatch_submit", args=[batch.pk])).content.decode()
    assert "이미 ‘정부 건의’ 단계인 과제 1건은 그대로 둡니다." in asked
    response = submit(client, batch)

    assert told(response) == ["‘2026년 3차 정부 건의’ 정부 제출 완료: 과제 2건을 ‘정부 건의’ 단계로 옮겼습니다. "
                              "이미 그 단계인 과제 1건은 그대로 둡니다."]


def test_submitting_a_batch_of_issues_in_consultation_counts_the_moves(client, officer, batch_of):
    batch = batch_of(count=2, title="2026년 4차 정부 건의")
    client.force_login(officer)

    response = submit(client, batch)

    assert told(response) == ["‘2026년 4차 정부 건의’ 정부 제출 완료: 과제 2건을 ‘정부 건의’ 단계로 옮겼습니다."]


def test_an_official_submitting_an_officers_batch_with_an_issue_in_consultation_is_told_to_ask_an_officer(
        client, officer, official):
    batch = batches.create_batch(title="담당자의 차수", by=officer)
    proposal = file_issue(State.PROPOSAL, by=officer, title="이미 건의한 과제")
    unseen = file_issue(State.CONSULTATION, by=officer, title="아직 협의 중인 과제")
    batches.add_to_batch([proposal, unseen], batch, by=officer)
    client.force_login(official)

    asked = client.get(reverse("admin:issues_proposalbatch_submit", args=[batch.pk])).content.decode()
    response = client.post(reverse("admin:issues_proposalbatch_submit", args=[batch.pk]), {"note": ""})

    page = response.content.decode()
    assert proposal.number in asked and unseen.number not in asked and unseen.title not in asked
    assert "이 차수에는 아직 정부에 건의되지 않은 과제도 1건 있습니다." in asked
    assert response.status_code == 200
    assert ("이 차수에는 아직 정부에 건의되지 않은 과제가 1건 더 있으며, "
            "과제를 정부에 건의하는 것은 담당자의 일입니다. "
            "담당자에게 이 차수를 제출하거나 그 과제를 차수에서 빼 달라고 요청해 주십시오.") in page
    assert unseen.number not in page and unseen.title not in page
    batch.refresh_from_db()
    assert batch.submitted_at is None
    assert unseen.__class__.objects.get(pk=unseen.pk).state == State.CONSULTATION
