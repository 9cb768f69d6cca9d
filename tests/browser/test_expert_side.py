"""An expert of the advisory group in Chromium at 1366 px: from the admin index's tile to their queue (one
request overdue, one to answer, one done), into the request, where they read the issue and the question but
not the filer's contact details, write an opinion with a file and send it; the request is then done. While the
opinion is being typed, declining is locked, and sending it asks nothing."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Field
from issues import consultations
from issues.models import Attachment, Consultation, ExpertProfile, Notice
from issues.workflow import State
from tests.base import make_expert, make_issue, make_officer
from tests.intake.files import PDF

from .conftest import assert_accessible, login, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]

PASSWORD = "opinions-by-friday-2026"
QUESTION = "비대면 진료 플랫폼이 의료법 제34조의 원격의료에 해당하는지 검토해 주십시오."
SUMMARY = "현행 의료법상 환자 대상 비대면 진료는 규제특례 없이는 어렵습니다. 한시적 특례의 상시화를 건의할 만합니다."


@pytest.fixture
def desk():
    bio, _ = Field.objects.get_or_create(code="bio-health",
                                         defaults={"name": "바이오·헬스", "name_en": "Bio and health"})
    officer = make_officer("sumin", first_name="수민", last_name="이", email="sumin.lee@seoul.example.org")
    expert = make_expert("jungwoo", first_name="정우", last_name="박", email="jungwoo.park@law.example.com",
                         password=PASSWORD)
    ExpertProfile.objects.create(user=expert, profession=ExpertProfile.Profession.LAWYER,
                                 organisation="법무법인 한결").fields.add(bio)
    today = timezone.localdate()

    def ask(title, question, days, **fields):
        issue = make_issue(State.CONSULTATION, by=officer, field=bio, title=title, **fields)
        return consultations.request_consultation(issue, expert=expert, question=question,
                                                  due_on=today + timedelta(days=days), by=officer)

    request = ask("비대면 진료 허용", QUESTION, 10,
                  problem="환자와 의사 사이의 비대면 진료가 의료법상 허용되지 않습니다.", related_law="의료법 제34조",
                  contact_email="hana.jung@carelink.example.com", contact_phone="010-2468-1357")
    late = ask("소프트웨어 의료기기 허가 기간 단축", "디지털 치료기기 허가 심사 기준을 검토해 주십시오.", 5)
    Consultation.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=4))
    done = ask("의료 마이데이터 전송", "전송 요구권의 범위를 검토해 주십시오.", 7)
    consultations.submit_opinion(done, summary="개인정보 보호법 제35조의2에 따릅니다.",
                                 legal_basis="개인정보 보호법 제35조의2", recommendation="interpretation", by=expert)
    return {"request": request, "late": late, "done": done}


def test_an_expert_answers_a_request_from_their_queue(new_page, live_server, desk, tmp_path):
    request = desk["request"]
    page = new_page(width=1366, height=900)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))

    login(page, live_server, "jungwoo", PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/")
    tile = page.locator("#expert-requests")
    screenshot(page, "expert-index")
    assert re.search(r"1\s*기한 초과", tile.inner_text()) and re.search(r"1\s*답변할 요청", tile.inner_text())
    tile.get_by_role("link", name="나의 자문 요청 열기").click()

    # The queue: the overdue request in red with its days, the one to answer, the one done.
    page.wait_for_url(f"{live_server.url}{reverse('admin:issues_consultation_changelist')}")
    assert "4일 지남" in page.locator("#queue-overdue").inner_text()
    assert page.locator("#queue-overdue .days-overdue").evaluate("e => getComputedStyle(e).color") == "rgb(180, 35, 24)"
    assert request.issue.number in page.locator("#queue-due").inner_text()
    assert "의료 마이데이터 전송" in page.locator("#queue-done").inner_text()
    screenshot(page, "expert-queue")
    assert_accessible(page)

    page.locator("#queue-due").get_by_role("link", name="비대면 진료 허용").click()
    page.wait_for_url(f"{live_server.url}{reverse('admin:issues_consultation_change', args=[request.pk])}")
    body = page.locator("#content").inner_text()
    assert QUESTION in body and "환자와 의사 사이의 비대면 진료가 의료법상 허용되지 않습니다." in body
    assert "hana.jung@carelink.example.com" not in page.content() and "010-2468-1357" not in page.content()
    screenshot(page, "expert-request")
    assert_accessible(page)

    page.get_by_label("의견 요지").fill(SUMMARY)
    page.get_by_label("법적 근거").fill("의료법 제34조, 규제자유특구법 제4조")
    page.get_by_label("수정하여 건의").check()
    opinion_file = tmp_path / "검토의견서.pdf"
    opinion_file.write_bytes(PDF)
    page.get_by_label("첨부파일").set_input_files(str(opinion_file))
    # Typing the opinion locks declining (static/js/unsaved.js), saying why.
    page.locator("summary").click()
    page.wait_for_function("() => document.querySelector('#decline-form').inert")
    assert page.locator(".unsaved-note:visible").count() == 1
    screenshot(page, "expert-request-typed")

    page.get_by_role("button", name="의견 보내기").click()
    page.wait_for_url(f"{live_server.url}{reverse('admin:issues_consultation_changelist')}")
    assert "이수민 님에게 의견을 보냈습니다." in page.locator(".messagelist").inner_text()
    assert dialogs == []  # sending the opinion asked nothing
    done = page.locator("#queue-done").inner_text()
    assert "비대면 진료 허용" in done and "의견 제출" in done
    assert request.issue.number not in page.locator("section#due").inner_text()
    screenshot(page, "expert-queue-done")

    request.refresh_from_db()
    assert (request.status, request.summary, request.recommendation) == ("answered", SUMMARY, "amended")
    assert Attachment.objects.get(consultation=request).original_name == "검토의견서.pdf"
    assert Notice.objects.filter(kind="opinion-submitted", user__username="sumin",
                                 context__consultation_id=request.pk).count() == 1
