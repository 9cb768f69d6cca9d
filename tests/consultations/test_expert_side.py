"""The expert's side in the workspace: their queue (due, overdue, done), the request page with the issue as
far as the question needs, and the opinion form (an opinion, a refusal), as the consulted expert, another
expert, an officer, an official and someone not logged in."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from issues import consultations
from issues.consultations.queue import expert_queue
from issues.models import Attachment, Consultation, Notice
from issues.notices.render import render
from issues.workflow import State
from tests.base import make_issue
from tests.intake.files import PDF

from .conftest import LEGAL_BASIS, QUESTION, SUMMARY, in_days

pytestmark = pytest.mark.django_db

QUEUE = "/admin/issues/consultation/"
FILER = ("hana.jung@carelink.example.com", "010-2468-1357", "정하나", "박대표")  # the conftest issue's filer
OPINION = {"summary": SUMMARY, "legal_basis": LEGAL_BASIS, "recommendation": "amended"}


def page_url(consultation) -> str:
    return f"/admin/issues/consultation/{consultation.pk}/change/"


def decline_url(consultation) -> str:
    return f"/admin/issues/consultation/{consultation.pk}/decline/"


def ask(issue, people, *, expert="expert", question=QUESTION, due_on=None):
    return consultations.request_consultation(issue, expert=people[expert], question=question,
                                              due_on=due_on or in_days(10), by=people["officer"])


def due(consultation, on: date):
    """Set a request's due date by hand (a request is asked from today on: older dates only so)."""
    Consultation.objects.filter(pk=consultation.pk).update(due_on=on)
    consultation.refresh_from_db()
    return consultation


def another_issue(people, title):
    return make_issue(State.CONSULTATION, by=people["officer"], title=title)


def section(page: str, group: str) -> str:
    """The part of the queue page that one group (overdue, due, done) takes."""
    start = page.index(f'id="{group}"')
    end = page.find("</section>", start)
    return page[start:end]


def as_user(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


# --- The queue ---------------------------------------------------------------------------------------------

@pytest.fixture
def queue_of_requests(people, issue):
    """The expert's requests on the 28th of March 2026: two to answer (due on 10 April, and on the day after
    a follow-up question), two overdue (due on the 20th and the 25th), three done (answered, accepted,
    declined); one given to another expert and one asked of a colleague, neither of which is theirs."""
    officer = people["officer"]
    made = {}
    made["april"] = due(ask(issue, people), date(2026, 4, 10))
    made["follow_up"] = ask(another_issue(people, "자율주행 배송로봇 시범 운행"), people)
    consultations.submit_opinion(made["follow_up"], summary="1차 의견", legal_basis="", recommendation="as_is",
                                 by=people["expert"])
    consultations.ask_follow_up(made["follow_up"], text="시범 지역 범위는 어디까지입니까?", by=officer)
    due(made["follow_up"], date(2026, 3, 29))
    made["twentieth"] = due(ask(another_issue(people, "드론 배송 비행 승인 간소화"), people), date(2026, 3, 20))
    made["twenty_fifth"] = due(ask(another_issue(people, "전동킥보드 견인 기준"), people), date(2026, 3, 25))
    made["answered"] = ask(another_issue(people, "의료 마이데이터 전송"), people)
    consultations.submit_opinion(made["answered"], summary="전송 요구권은 개인정보 보호법 제35조의2에 따릅니다.",
                                 legal_basis="개인정보 보호법 제35조의2", recommendation="interpretation",
                                 by=people["expert"])
    made["accepted"] = ask(another_issue(people, "원격 모니터링 수가"), people)
    consultations.submit_opinion(made["accepted"], summary="건강보험 수가 고시 개정 사안입니다.", legal_basis="",
                                 recommendation="as_is", by=people["expert"])
    consultations.accept_opinion(made["accepted"], by=officer)
    made["declined"] = ask(another_issue(people, "가상자산 과세"), people)
    consultations.decline(made["declined"], reason="세법은 제 전문 분야가 아닙니다.", by=people["expert"])
    reassigned = ask(another_issue(people, "푸드트럭 영업 구역"), people)
    consultations.decline(reassigned, reason="이해 상충이 있습니다.", by=people["expert"])
    made["reassigned_away"] = consultations.reassign(reassigned, expert=people["other_expert"], due_on=in_days(7),
                                                     by=officer)
    made["colleague"] = ask(another_issue(people, "특허 심사 기간 단축"), people, expert="other_expert")
    return made


def test_the_queue_groups_the_experts_requests_as_due_overdue_and_done(people, queue_of_requests):
    made = queue_of_requests

    queue = expert_queue(people["expert"], today=date(2026, 3, 28))

    # Due: the soonest first; overdue: the longest overdue first; done: the latest first.
    assert [(c.pk, c.days_left) for c in queue.due] == [(made["follow_up"].pk, 1), (made["april"].pk, 13)]
    assert [(c.pk, c.days_overdue) for c in queue.overdue] == [(made["twentieth"].pk, 8), (made["twenty_fifth"].pk, 3)]
    assert [c.pk for c in queue.done] == [made["declined"].pk, made["accepted"].pk, made["answered"].pk]
    assert queue.open_count == 4


def test_the_queue_page_shows_each_group_with_the_issue_question_due_date_and_status(client, people, issue):
    today = timezone.localdate()
    to_answer = ask(issue, people, question="원격의료 허용 범위를 검토해 주십시오.", due_on=today + timedelta(days=5))
    late = due(ask(another_issue(people, "드론 배송 비행 승인 간소화"), people, question="항공안전법 제127조 검토"),
               today - timedelta(days=3))
    done = ask(another_issue(people, "가상자산 과세"), people, question="과세 시기 검토")
    consultations.decline(done, reason="세법은 제 전문 분야가 아닙니다.", by=people["expert"])
    ask(another_issue(people, "특허 심사 기간 단축"), people, expert="other_expert", question="동료에게 온 질문")

    client.force_login(people["expert"])
    page = client.get(QUEUE)
    assert page.status_code == 200
    html = page.content.decode()

    due_part, overdue_part, done_part = section(html, "due"), section(html, "overdue"), section(html, "done")
    assert issue.number in due_part and "비대면 진료 허용" in due_part
    assert "원격의료 허용 범위를 검토해 주십시오." in due_part
    assert (today + timedelta(days=5)).strftime("%Y-%m-%d") in due_part and "5일 남음" in due_part
    assert "요청" in due_part  # its status
    assert late.issue.number in overdue_part and "드론 배송 비행 승인 간소화" in overdue_part
    assert "항공안전법 제127조 검토" in overdue_part
    # In red (the overdue class), with the number of days.
    assert re.search(r'class="overdue[^"]*">3일 지남<', overdue_part)
    assert "가상자산 과세" in done_part and "거절" in done_part and "지남" not in done_part
    # Each row opens its request page; a colleague's request is nowhere.
    assert f'href="{page_url(to_answer)}"' in due_part and f'href="{page_url(late)}"' in overdue_part
    assert "동료에게 온 질문" not in html and "특허 심사 기간 단축" not in html


def test_the_admin_index_gives_the_expert_a_tile_of_their_requests(client, people, issue):
    due(ask(issue, people), timezone.localdate() - timedelta(days=2))
    ask(another_issue(people, "드론 배송 비행 승인 간소화"), people)

    client.force_login(people["expert"])
    html = client.get("/admin/").content.decode()

    tile = html[html.index('id="expert-requests"'):]
    tile = tile[:tile.index("</div>")]
    assert "나의 자문 요청" in tile
    assert f'href="{QUEUE}#overdue"><strong>1</strong>' in tile and f'href="{QUEUE}#due"><strong>1</strong>' in tile
    assert f'href="{QUEUE}"' in tile


@pytest.mark.parametrize("role", ["officer", "official"])
def test_the_tile_is_the_experts_alone(role, client, people, issue):
    ask(issue, people)
    client.force_login(people[role])
    assert 'id="expert-requests"' not in client.get("/admin/").content.decode()


def test_officers_get_the_list_of_every_request_and_officials_none(client, people, issue):
    ask(issue, people)
    ask(another_issue(people, "특허 심사 기간 단축"), people, expert="other_expert")

    client.force_login(people["officer"])
    listed = client.get(QUEUE).content.decode()
    assert "비대면 진료 허용" in listed and "특허 심사 기간 단축" in listed and "박정우" in listed

    client.force_login(people["official"])
    assert client.get(QUEUE).status_code == 403


def test_someone_not_logged_in_is_sent_to_the_login_page_from_the_queue(client):
    response = client.get(QUEUE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


# --- The request page ----------------------------------------------------------------------------------------

@pytest.fixture
def with_file(issue):
    """The filer's file on the issue."""
    from issues.models import Attachment as A
    from issues.services import stored_uploads

    upload = SimpleUploadedFile("진료-흐름도.pdf", PDF, content_type="application/pdf")
    with stored_uploads([upload]) as stored:
        A.objects.create(issue=issue, **stored[0])
    return issue


def test_the_request_e_mail_opens_the_request_page(client, people, requested):
    notice = Notice.objects.get(kind="consultation-requested", user=people["expert"])
    (link,) = re.findall(r"http://testserver(/admin/\S+)", render(notice).body)

    client.force_login(people["expert"])
    response = client.get(link, follow=True)

    assert response.redirect_chain[-1][0] == page_url(requested)
    assert QUESTION in response.content.decode()


def test_the_request_page_shows_the_issue_as_far_as_the_question_needs(client, people, requested, with_file):
    issue = requested.issue
    client.force_login(people["expert"])

    html = client.get(page_url(requested)).content.decode()

    for text in (issue.number, "비대면 진료 허용", "바이오·헬스",
                 "환자와 의사 사이의 비대면 진료가 의료법상 허용되지 않습니다.", issue.improvement, "의료법 제34조",
                 QUESTION, "진료-흐름도.pdf", "이수민"):
        assert text in html, text
    (attachment,) = Attachment.objects.filter(issue=issue)
    assert f'href="{reverse("issues-attachment", args=[attachment.pk])}"' in html
    # The filer's contact details are not the expert's to read (roles.SEES).
    for text in FILER:
        assert text not in html, text
    # The opinion form, with the four recommendations, and the refusal.
    for text in ('name="summary"', 'name="legal_basis"', 'name="attachments"', 'value="as_is"', 'value="amended"',
                 'value="not_regulatory"', 'value="interpretation"', 'name="reason"'):
        assert text in html, text
    assert "원안대로 건의" in html and "유권해석" in html


def test_the_consulted_expert_opens_the_filers_file(client, people, requested, with_file):
    (attachment,) = Attachment.objects.filter(issue=requested.issue)
    client.force_login(people["expert"])
    assert client.get(reverse("issues-attachment", args=[attachment.pk])).status_code == 200
    client.force_login(people["other_expert"])
    assert client.get(reverse("issues-attachment", args=[attachment.pk])).status_code == 403


@pytest.mark.parametrize("role", ["other_expert", "official", "anonymous"])
def test_nobody_else_reads_the_request_page(role, client, people, requested):
    response = as_user(client, people, role).get(page_url(requested))

    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == (404 if role == "other_expert" else 403)
    assert QUESTION not in response.content.decode()


def test_an_officer_is_sent_to_the_request_on_the_issue_page(client, people, requested):
    client.force_login(people["officer"])
    response = client.get(page_url(requested))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/issues/issue/{requested.issue_id}/change/#consultation-{requested.pk}"


def test_a_request_given_to_another_expert_is_no_longer_the_first_experts(client, people, requested):
    consultations.decline(requested, reason="이해 상충이 있습니다.", by=people["expert"])
    new = consultations.reassign(requested, expert=people["other_expert"], due_on=in_days(7), by=people["officer"])

    client.force_login(people["expert"])
    assert client.get(page_url(requested)).status_code == 404
    client.force_login(people["other_expert"])
    assert QUESTION in client.get(page_url(new)).content.decode()


# --- The opinion form ---------------------------------------------------------------------------------------

def test_an_opinion_with_a_file_goes_to_the_officer_and_the_request_is_done(client, people, requested):
    client.force_login(people["expert"])
    upload = SimpleUploadedFile("검토의견서.pdf", PDF, content_type="application/pdf")

    response = client.post(page_url(requested), {**OPINION, "attachments": [upload]})

    assert response.status_code == 302 and response["Location"] == QUEUE
    requested.refresh_from_db()
    assert (requested.status, requested.summary, requested.legal_basis, requested.recommendation) == (
        "answered", SUMMARY, LEGAL_BASIS, "amended")
    (attachment,) = Attachment.objects.filter(consultation=requested)
    assert (attachment.original_name, attachment.content_type) == ("검토의견서.pdf", "application/pdf")
    assert Notice.objects.filter(kind="opinion-submitted", user=people["officer"]).count() == 1
    queue = client.get(QUEUE)
    done_part = section(queue.content.decode(), "done")
    assert "비대면 진료 허용" in done_part and "의견 제출" in done_part
    # The page now shows the opinion sent, and no form.
    html = client.get(page_url(requested)).content.decode()
    assert SUMMARY in html and "수정하여 건의" in html and "검토의견서.pdf" in html
    assert 'name="summary"' not in html and 'name="reason"' not in html


def test_an_incomplete_opinion_comes_back_with_what_was_typed(client, people, requested):
    client.force_login(people["expert"])
    typed = {"summary": "의료법 제34조 해석상 환자 대상 원격진료는 허용되지 않습니다.", "legal_basis": "의료법 제34조"}

    response = client.post(page_url(requested), typed)

    assert response.status_code == 200
    html = response.content.decode()
    assert "권고 의견을 고르십시오." in html
    assert typed["summary"] in html and re.search(r">\s*의료법 제34조</textarea>", html)
    requested.refresh_from_db()
    assert requested.status == "requested" and not Notice.objects.filter(kind="opinion-submitted").exists()


def test_an_empty_summary_is_refused_in_korean_keeping_the_choice(client, people, requested):
    client.force_login(people["expert"])

    response = client.post(page_url(requested), {"summary": "  ", "recommendation": "not_regulatory"})

    html = response.content.decode()
    assert response.status_code == 200 and 'class="errornote"' in html
    assert re.search(r'value="not_regulatory"[^>]*checked', html)
    requested.refresh_from_db()
    assert requested.status == "requested"


def test_a_file_that_is_not_what_its_name_says_is_refused_keeping_the_text(client, people, requested):
    client.force_login(people["expert"])
    fake = SimpleUploadedFile("의견서.pdf", b"just some text", content_type="application/pdf")

    response = client.post(page_url(requested), {**OPINION, "attachments": [fake]})

    html = response.content.decode()
    assert response.status_code == 200
    assert "‘의견서.pdf’ 파일은 첨부할 수 있는 형식(PDF, HWP, HWPX" in html
    assert SUMMARY in html and "다시 선택" in html
    assert not Attachment.objects.filter(consultation=requested).exists()
    requested.refresh_from_db()
    assert requested.status == "requested"


def test_declining_needs_a_reason_and_then_tells_the_officer(client, people, requested):
    client.force_login(people["expert"])

    refused = client.post(decline_url(requested), {"reason": ""})
    assert refused.status_code == 200 and 'class="errorlist' in refused.content.decode()
    requested.refresh_from_db()
    assert requested.status == "requested"

    response = client.post(decline_url(requested), {"reason": "의뢰 기업과 이해 상충이 있습니다."})

    assert response.status_code == 302 and response["Location"] == QUEUE
    requested.refresh_from_db()
    assert requested.status == "declined"
    assert list(requested.messages.values_list("kind", "text"))[-1] == ("decline", "의뢰 기업과 이해 상충이 있습니다.")
    assert Notice.objects.filter(kind="consultation-declined", user=people["officer"]).count() == 1
    assert "거절" in section(client.get(QUEUE).content.decode(), "done")


@pytest.mark.parametrize("role", ["other_expert", "officer", "official", "anonymous"])
def test_nobody_else_answers_or_declines(role, client, people, requested):
    client = as_user(client, people, role)

    answered = client.post(page_url(requested), OPINION)
    declined = client.post(decline_url(requested), {"reason": "대신 거절합니다."})

    for response in (answered, declined):
        if role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
        elif role == "officer":
            assert response.status_code == 302 and "/admin/issues/issue/" in response["Location"]
        else:
            assert response.status_code == (404 if role == "other_expert" else 403)
    requested.refresh_from_db()
    assert requested.status == "requested" and requested.summary == ""
    assert list(requested.messages.values_list("kind", flat=True)) == ["question"]


def test_a_follow_up_question_reopens_the_form_with_the_opinion_sent_before(client, people, answered):
    consultations.ask_follow_up(answered, text="특례 적용 시 필요한 요건은 무엇입니까?", by=people["officer"])
    client.force_login(people["expert"])

    html = client.get(page_url(answered)).content.decode()

    assert "특례 적용 시 필요한 요건은 무엇입니까?" in html and "추가 질의" in html
    assert re.search(rf">\s*{SUMMARY}</textarea>", html)
    assert re.search(r'value="amended"[^>]*checked', html)

    response = client.post(page_url(answered), {**OPINION, "summary": "규제특례 요건은 제38조에 따릅니다."})
    assert response.status_code == 302
    answered.refresh_from_db()
    assert (answered.status, answered.summary) == ("answered", "규제특례 요건은 제38조에 따릅니다.")


def test_an_opinion_sent_twice_says_where_the_request_stands(client, people, requested):
    client.force_login(people["expert"])
    client.post(page_url(requested), OPINION)

    again = client.post(page_url(requested), {**OPINION, "summary": "두 번째"}, follow=True)

    assert again.status_code == 200
    assert "의견 제출" in again.content.decode()
    requested.refresh_from_db()
    assert requested.summary == SUMMARY
