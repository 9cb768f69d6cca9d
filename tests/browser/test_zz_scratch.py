import os
import pytest
from tests.browser.conftest import login, SCREENSHOTS
from tests.browser.test_officer_morning import queue, PASSWORD  # noqa
from tests.base import make_issue, ministry, business_number
from issues import services
from issues.workflow import State

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

def test_scratch(new_page, live_server, queue):
    officer = queue["officer"]
    services.assign_issue(queue["robots"], officer, by=officer)
    make_issue(State.PROPOSAL, by=officer, title="개인정보 가명처리 기준 완화를 통한 의료 데이터 활용 확대 방안", business_number=business_number(), company_name="메디데이터 주식회사")
    page = new_page(width=int(os.environ.get("W", 1280)))
    login(page, live_server, "officer", PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/")
    for name, url, clip in eval(os.environ["SHOTS"]):
        page.goto(live_server.url + url.format(pk=queue["robots"].pk))
        page.screenshot(path=str(SCREENSHOTS / f"scratch-{name}.png"), clip=clip, full_page=True)
