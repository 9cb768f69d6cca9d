"""The filer of a merged duplicate keeps hearing of the issue it was merged into: each public event of the
kept issue (a move, a public note) sends them one e-mail about their own report, in their language; a
request for more information, an internal note or the kept filer's own messages send them nothing."""

import pytest
from django.core import mail

from issues import services
from issues.models import Notice
from issues.workflow import State
from tests.base import FILER_EMAIL, business_number, make_issue, make_officer

pytestmark = pytest.mark.django_db

DUPLICATE_EMAIL = "cto@delivery.example.com"


@pytest.fixture
def merged():
    officer = make_officer()
    kept = make_issue(title="배달로봇의 보도 통행 허용")
    duplicate = make_issue(title="실외 이동로봇 보도 주행 금지 완화", business_number=business_number(),
                           contact_email=DUPLICATE_EMAIL)
    services.merge_duplicate(duplicate, kept, by=officer)
    mail.outbox.clear()
    return officer, kept, duplicate


def followed_notices(duplicate):
    return list(Notice.objects.filter(issue=duplicate, kind="followed-issue-updated").order_by("pk"))


def test_a_move_of_the_kept_issue_emails_the_duplicates_filer(merged, django_capture_on_commit_callbacks):
    officer, kept, duplicate = merged

    with django_capture_on_commit_callbacks(execute=True):
        services.move_issue(kept, State.CONSULTATION, by=officer, note="내부: 통화 예정",
                            public_note="관계 부처와 협의를 시작했습니다.")

    (notice,) = followed_notices(duplicate)
    assert (notice.recipient, notice.language, notice.status) == (DUPLICATE_EMAIL, "ko", Notice.Status.SENT)
    (to_follower,) = [m for m in mail.outbox if m.to == [DUPLICATE_EMAIL]]
    assert to_follower.subject == f"[{duplicate.number}] 신고하신 과제를 이어서 처리하는 {kept.number} 과제의 소식"
    assert f"신고하신 {duplicate.number} 과제는 같은 규제를 다루는 {kept.number} 과제에 병합되어" in to_follower.body
    assert "현재 단계: 협의·검토" in to_follower.body
    assert "관계 부처와 협의를 시작했습니다." in to_follower.body
    assert "내부" not in to_follower.body and kept.title not in to_follower.body
    # The kept issue's own filer gets their own notice, as before: one each.
    assert [m.to for m in mail.outbox].count([FILER_EMAIL]) == 1


def test_a_public_note_on_the_kept_issue_reaches_the_follower_and_a_request_or_internal_note_does_not(
        merged, django_capture_on_commit_callbacks):
    officer, kept, duplicate = merged

    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(kept, "내부 메모", by=officer)
        services.add_note(kept, "계약서 사본을 보내 주세요.", by=officer, asks_filer=True)
        services.add_note(kept, "보낸 계약서입니다.", by=None)
    assert followed_notices(duplicate) == []

    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(kept, "전문가 자문회의에서 긍정적인 의견이 나왔습니다.", by=officer, is_public=True)

    (notice,) = followed_notices(duplicate)
    assert notice.recipient == DUPLICATE_EMAIL
    (to_follower,) = [m for m in mail.outbox if m.to == [DUPLICATE_EMAIL]]
    assert "전문가 자문회의에서 긍정적인 의견이 나왔습니다." in to_follower.body
    assert "계약서" not in to_follower.body


def test_an_english_followers_email_is_in_english(django_capture_on_commit_callbacks):
    officer = make_officer()
    kept = make_issue()
    duplicate = make_issue(business_number=business_number(), contact_email=DUPLICATE_EMAIL, language="en")
    services.merge_duplicate(duplicate, kept, by=officer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.move_issue(kept, State.CONSULTATION, by=officer)

    (to_follower,) = [m for m in mail.outbox if m.to == [DUPLICATE_EMAIL]]
    assert to_follower.subject == f"[{duplicate.number}] News of {kept.number}, where your report is followed up"
    assert "It is now: Consultation and review." in to_follower.body


def test_one_email_per_address_and_none_to_the_kept_filer_twice(django_capture_on_commit_callbacks):
    officer = make_officer()
    kept = make_issue()
    # The same filer filed twice, and another filer filed twice with one address.
    again = make_issue(business_number=business_number())
    first = make_issue(business_number=business_number(), contact_email=DUPLICATE_EMAIL)
    second = make_issue(business_number=business_number(), contact_email=DUPLICATE_EMAIL.upper())
    for duplicate in (again, first, second):
        services.merge_duplicate(duplicate, kept, by=officer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.move_issue(kept, State.CONSULTATION, by=officer, public_note="협의를 시작했습니다.")

    assert sorted(m.to[0].lower() for m in mail.outbox) == sorted([FILER_EMAIL, DUPLICATE_EMAIL])
    assert Notice.objects.filter(kind="followed-issue-updated").count() == 1
