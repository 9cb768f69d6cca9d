import pytest
from issues import batches
from tests.base import make_officer
from tests.proposals.conftest import file_issue
from issues.workflow import State
from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

def test_look(new_page, live_server):
    officer = make_officer()
    officer.set_password("pw-123456-xx"); officer.save()
    batch = batches.create_batch(year=2024, by=officer)
    issues = [file_issue(by=officer, title="배달로봇의 보도 통행 허용"), file_issue(State.DISCOVERY, by=officer, title="드론 야간 비행")]
    batches.add_to_batch(issues, batch, by=officer)
    page = new_page(width=1280)
    login(page, live_server, "officer", "pw-123456-xx")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/issues/proposalbatch/")
    screenshot(page, "tmp-batch-list")
    page.goto(f"{live_server.url}/admin/issues/proposalbatch/{batch.pk}/change/")
    screenshot(page, "tmp-batch-change")
    page.goto(f"{live_server.url}/admin/issues/proposalbatch/{batch.pk}/submit/")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    screenshot(page, "tmp-batch-refused")
    page.goto(f"{live_server.url}/admin/issues/issue/")
    page.check(f'input[name="_selected_action"][value="{issues[0].pk}"]')
    page.select_option('select[name="action"]', "add_to_proposal_batch")
    page.click('button[name="index"]')
    page.wait_for_load_state()
    screenshot(page, "tmp-batch-action")
