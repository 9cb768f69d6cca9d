"""An official records the government's answers in Chromium: the ministry sent back the batch's
proposal list with the answer column filled in; the official uploads it, checks the preview and
confirms; the issues are then in follow-up with the answers."""

import io

import pytest
from openpyxl import load_workbook

from issues.models import Issue, StatusChange
from issues.proposals import answers, batches
from issues.workflow import Answer, State
from tests.base import make_officer, make_official
from tests.proposals.conftest import export_batch, file_issue, fill_answers

from .conftest import assert_accessible, login, screenshot

# The live server reads committed rows: a transactional test (see test_officer_morning.py).
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.one_pass]

PASSWORD = "answers-from-the-ministry-2024"


@pytest.fixture
def returned_file(tmp_path, monkeypatch):
    """A submitted batch of three, and its export as the ministry sent it back: two answers, one to come."""
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path / "answers-private")
    monkeypatch.setattr(answers, "storage", lambda: storage)
    officer = make_officer()
    official = make_official(first_name="주무관", last_name="최", password=PASSWORD)
    batch = batches.create_batch(year=2024, by=officer)
    issues = [
        file_issue(by=officer, title="배달로봇의 보도 통행 허용"),
        file_issue(by=officer, title="드론 야간 비행 승인 간소화"),
        file_issue(by=officer, title="비대면 진료 플랫폼의 약 배송 허용"),
    ]
    batches.add_to_batch(issues, batch, by=officer)
    batches.submit_batch(batch, by=officer)
    robots, drones, telehealth = (Issue.objects.get(pk=i.pk) for i in issues)
    data = fill_answers(export_batch(batch), {
        robots.number: "수용: 2025년부터 시범 구역에서 안전 인증을 받은 로봇의 보도 통행을 허용합니다.",
        drones.number: "일부 수용 - 야간 비행은 사전 승인 대신 신고제로 전환하되, 도심 지역은 제외합니다.",
    })
    path = tmp_path / "2024년_1차_정부건의_회신.xlsx"
    path.write_bytes(data)
    return {"path": path, "official": official, "robots": robots, "drones": drones, "telehealth": telehealth}


def test_an_official_records_the_government_answers(new_page, live_server, returned_file):
    robots, drones, telehealth = returned_file["robots"], returned_file["drones"], returned_file["telehealth"]
    # The file is what a ministry returns: the export's Korean headers, answers typed in.
    sheet = load_workbook(io.BytesIO(returned_file["path"].read_bytes())).active
    assert "정부 회신" in [cell.value for cell in sheet[1]]

    page = new_page(width=1280)
    login(page, live_server, "official", PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/exports/answers/")
    screenshot(page, "official-answers-1-upload")
    assert_accessible(page)
    page.set_input_files("input[type=file]", str(returned_file["path"]))
    page.click("form.stacked button[type=submit]")

    page.wait_for_url(f"{live_server.url}/exports/answers/preview/")
    table = page.locator("table.answers")
    assert table.locator("tr.row-change").count() == 2
    assert robots.number in table.inner_text() and drones.number in table.inner_text()
    assert "도심 지역은 제외합니다" in table.inner_text()
    assert telehealth.number not in table.inner_text()  # no answer yet: left as it is
    screenshot(page, "official-answers-2-preview")
    assert_accessible(page)
    # Nothing is recorded before the official confirms.
    assert Issue.objects.filter(state=State.FOLLOW_UP).count() == 0

    page.click("button[name=confirm]")

    page.wait_for_url(f"{live_server.url}/exports/answers/")
    result = page.get_by_role("status").filter(has=page.locator(".result-list"))
    assert robots.number in result.inner_text() and drones.number in result.inner_text()
    screenshot(page, "official-answers-3-result")
    assert_accessible(page)
    assert dict(Issue.objects.filter(pk__in=[robots.pk, drones.pk, telehealth.pk])
                .values_list("number", "government_answer")) == {
        robots.number: Answer.ACCEPTED, drones.number: Answer.PARTIALLY_ACCEPTED, telehealth.number: ""}
    assert set(StatusChange.objects.filter(to_state=State.FOLLOW_UP).values_list("by", flat=True)) == {
        returned_file["official"].pk}


def test_an_official_sees_what_is_wrong_in_a_returned_file(new_page, live_server, returned_file, tmp_path):
    robots = returned_file["robots"]
    data = fill_answers(returned_file["path"].read_bytes(), {robots.number: "검토 중"})
    path = tmp_path / "잘못된_회신.xlsx"
    path.write_bytes(data)

    page = new_page(width=1280)
    login(page, live_server, "official", PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/exports/answers/")
    page.set_input_files("input[type=file]", str(path))
    page.click("form.stacked button[type=submit]")

    page.wait_for_url(f"{live_server.url}/exports/answers/preview/")
    assert page.locator(".error-summary").is_visible()
    assert page.locator("tr.row-error").count() == 1
    assert page.locator("button[name=confirm]").count() == 0
    screenshot(page, "official-answers-4-problems")
    assert_accessible(page)
    assert Issue.objects.filter(state=State.FOLLOW_UP).count() == 0
