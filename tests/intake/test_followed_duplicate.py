"""A merged duplicate's filer follows the issue it was merged into through their own status link: its state,
its public progress and the government's answer, never what belongs to that issue's own filer."""

import re

import pytest

from issues import services
from issues.workflow import Answer, State
from tests.base import business_number, make_issue, make_officer, ministry

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged():
    """Two filings of the same regulation by two companies; the second is merged into the first, which
    then moves on in public, with internal notes, a request to its own filer and that filer's reply."""
    officer = make_officer(first_name="도현", last_name="황보")
    kept = make_issue(title="배달로봇의 보도 통행 허용", company_name="주식회사 로보틱스")
    duplicate = make_issue(title="실외 이동로봇 보도 주행 금지 완화", company_name="로봇배달",
                           business_number=business_number(), contact_email="cto@delivery.example.com",
                           contact_name="최배달")
    services.merge_duplicate(duplicate, kept, by=officer)
    services.move_issue(kept, State.CONSULTATION, by=officer, note="내부: 부처 담당자와 통화 예정",
                        public_note="관계 부처와 협의를 시작했습니다.")
    services.add_note(kept, "내부 메모: 로보틱스 대표가 급하다고 함", by=officer)
    services.add_note(kept, "로보틱스의 안전 인증서 사본을 보내 주세요.", by=officer, asks_filer=True)
    services.add_note(kept, "안전 인증서 사본을 첨부합니다. 로보틱스 김민지", by=None)
    services.add_note(kept, "전문가 자문회의에서 긍정적인 의견이 나왔습니다.", by=officer, is_public=True)
    services.move_issue(kept, State.PROPOSAL, by=officer, ministry=ministry(), improvement="보도 통행 허용")
    services.move_issue(kept, State.FOLLOW_UP, by=officer, answer=Answer.PARTIALLY_ACCEPTED,
                        answer_text="시범 지역에서 허용하겠습니다.")
    duplicate.refresh_from_db()
    kept.refresh_from_db()
    return kept, duplicate


def followed_block(page: str) -> str:
    match = re.search(r'<section class="panel followed".*?</section>', page, re.S)
    assert match, "the status page has no block for the issue it is followed under"
    return match.group(0)


def test_the_duplicates_status_page_shows_the_kept_issues_progress(client, merged):
    kept, duplicate = merged

    page = client.get(f"/track/{duplicate.secret}/").content.decode()
    block = followed_block(page)

    assert f"{kept.number} 과제의 진행 상황" in block
    assert "같은 규제를 다루는" in block and "사후관리" in block
    # Its steps: the kept issue is in follow-up, which the block marks as the current step.
    current = re.search(r'<li class="step step-current" aria-current="step">(.*?)</li>', block, re.S).group(1)
    assert "사후관리" in current
    assert "관계 부처와 협의를 시작했습니다." in block
    assert "전문가 자문회의에서 긍정적인 의견이 나왔습니다." in block
    assert "일부 수용" in block and "시범 지역에서 허용하겠습니다." in block
    # The duplicate's own page still says where it went, and the duplicate itself stays closed.
    assert duplicate.state == State.CLOSED


def test_the_block_shows_nothing_of_the_kept_issues_own_filer_or_internal_notes(client, merged):
    kept, duplicate = merged

    block = followed_block(client.get(f"/track/{duplicate.secret}/").content.decode())

    for private in ["내부", "로보틱스", "안전 인증서", "김민지", kept.title, "황보", "도현", "minji.kim@"]:
        assert private not in block, private


def test_a_report_that_was_not_merged_has_no_such_block(client, merged):
    kept, _duplicate = merged

    page = client.get(f"/track/{kept.secret}/").content.decode()

    assert 'class="panel followed"' not in page


def test_a_duplicate_of_a_duplicate_follows_the_issue_it_ended_up_under(client, merged):
    kept, duplicate = merged
    officer = make_officer()
    third = make_issue(title="로봇 보도 주행", business_number=business_number(), contact_email="ceo@third.example.com")
    newer = make_issue(title="배송로봇 보도", business_number=business_number(), contact_email="ceo@newer.example.com")
    services.merge_duplicate(third, newer, by=officer)
    services.merge_duplicate(newer, kept, by=officer)

    block = followed_block(client.get(f"/track/{third.secret}/").content.decode())

    assert f"{kept.number} 과제의 진행 상황" in block
    assert "시범 지역에서 허용하겠습니다." in block
