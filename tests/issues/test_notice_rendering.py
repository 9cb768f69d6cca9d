from django.core import mail

from tests.base import make_issue


def test_the_plain_text_receipt_shows_what_the_filer_typed_as_typed(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_issue(title="R&D 실증 <특례> 요청")

    (message,) = mail.outbox
    assert "R&D 실증 <특례> 요청" in message.body
    assert "&amp;" not in message.body and "&lt;" not in message.body


def test_the_html_receipt_escapes_what_the_filer_typed(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_issue(title="<img src=x onerror=alert(1)> 제목")

    html = mail.outbox[0].alternatives[0][0]
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; 제목" in html


def test_every_attempt_at_a_notice_carries_the_same_message_id(db):
    from issues.models import Notice
    from issues.notices.render import render

    notice = Notice.objects.get(issue=make_issue(), kind="issue-received")

    first, second = render(notice), render(notice)
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"].startswith(f"<notice.{notice.pk}.")
