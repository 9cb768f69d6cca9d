"""An official in Chromium at 1280 px builds a proposal batch from the export filter and submits it: the
proposals of one ministry go into a new batch, the batch's page lists them, and submitting says that they were
already at 정부 건의 (nothing moves, no filer is e-mailed) rather than "0 issues moved"."""

import pytest
from django.urls import reverse

from issues.models import ProposalBatch
from issues.workflow import State
from tests.base import business_number, make_issue, make_officer, make_official, ministry

from .conftest import assert_accessible, login, screenshot

# The live server reads committed rows: a transactional test (reference data comes back after a flush).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_pass]

PASSWORD = "batches-before-friday-2026"


@pytest.fixture
def proposals():
    officer = make_officer()
    make_official(first_name="주무관", last_name="최", password=PASSWORD)
    transport = ministry("국토교통부")
    return {
        "drones": make_issue(State.PROPOSAL, by=officer, ministry=transport, title="드론 야간 비행 승인 간소화",
                             company_name="하늘드론", business_number=business_number(),
                             contact_email="ceo@drone.example.com"),
        "shuttle": make_issue(State.PROPOSAL, by=officer, ministry=transport, title="자율주행 셔틀 임시운행 구역 확대",
                              company_name="오토셔틀", business_number=business_number(),
                              contact_email="hello@shuttle.example.com"),
        "robots": make_issue(State.PROPOSAL, by=officer, ministry=ministry("과학기술정보통신부"),
                             title="배달로봇의 보도 통행 허용"),
        "transport": transport,
    }


def test_an_official_builds_a_batch_from_the_export_filter_and_submits_it(new_page, live_server, proposals):
    page = new_page(width=1280)
    login(page, live_server, "official", PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}{reverse('exports')}?ministry={proposals['transport'].pk}")

    page.get_by_label("넣을 차수").select_option(label="새 차수(올해의 다음 차수)")
    screenshot(page, "official-batch-1-export-filter")
    assert_accessible(page)
    page.get_by_role("button", name="차수에 넣기").click()

    batch = ProposalBatch.objects.get()
    page.wait_for_url(f"{live_server.url}{reverse('admin:issues_proposalbatch_change', args=[batch.pk])}")
    assert f"과제 2건을 ‘{batch}’에 넣었습니다." in page.locator(".messagelist").inner_text()
    listed = page.locator("table.batch-issues").inner_text()
    assert proposals["drones"].number in listed and proposals["shuttle"].number in listed
    assert proposals["robots"].number not in listed
    screenshot(page, "official-batch-2-batch-page")

    page.get_by_role("link", name="정부에 제출…").click()
    assert "과제 2건이 모두 이미 ‘정부 건의’ 단계입니다." in page.content()
    screenshot(page, "official-batch-3-submit")
    page.get_by_role("button", name="정부에 제출").click()

    message = page.locator(".messagelist").inner_text()
    assert f"‘{batch}’ 정부 제출 완료: 과제 2건이 모두 이미 ‘정부 건의’ 단계여서" in message
    assert "0건" not in message
    screenshot(page, "official-batch-4-submitted")
    batch.refresh_from_db()
    assert batch.submitted_at is not None
