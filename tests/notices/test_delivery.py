"""Notices end to end: the public form, PostgreSQL, a real Redis, a real Celery worker and an SMTP server
on loopback. What the filer sees is the e-mail that arrives."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from issues import services
from issues.links import hash_secret
from issues.models import Issue, Notice
from issues.workflow import State, state_label
from tests.base import business_number, link_in, make_officer

from .stack import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

NEW = "/issues/new/"


def form_data(field, number: int = 1, **overrides) -> dict:
    """What a filer types into /issues/new/ (CONTRACT.md names)."""
    return {
        "company_name": "브이엠에스홀딩스", "business_number": business_number("220811234"), "ceo_name": "김지석",
        "field": field.pk, "contact_name": "이서연", "contact_email": f"filer{number}@example.com",
        "contact_phone": "010-2345-6789", "title": f"원양선박 선원 비대면 진료 허용 {number}",
        "problem": "원양선박 선원은 의료기관을 방문할 수 없어 진료를 받지 못합니다.",
        "improvement": "원양선박 선원에 대한 비대면 진료를 허용해 주십시오.", "related_law": "의료법 제34조",
        "ministry": "", "privacy_consent": "on", "homepage": "", **overrides,
    }


def file_through_the_form(client, field, number: int = 1, language: str = "ko") -> Issue:
    response = client.post(NEW, form_data(field, number), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Issue.objects.get(title__endswith=f" {number}")


def test_a_submission_s_receipt_arrives_at_the_mail_server(client, workers, smtp_sink, healthcare):
    # No periodic sweep during the test: the receipt can only come through the task queued after the commit.
    workers.start(NOTICE_SWEEP_SECONDS=600)

    issue = file_through_the_form(client, healthcare)

    key = f"issue-received:{issue.pk}:filer"
    counts = smtp_sink.wait_for_keys([key])
    (receipt,) = smtp_sink.received()
    assert counts[key] == 1
    assert receipt.to == "filer1@example.com"
    assert issue.number in receipt.subject
    # The link the e-mail carries opens this issue's status page: the database holds only its hash.
    assert issue.secret_hash == hash_secret(link_in(receipt.text))
    # The worker records the delivery on the row, so the sweep will not send it again.
    wait_for("the receipt to be marked sent",
             lambda: Notice.objects.filter(key=key, status=Notice.Status.SENT, attempts=1).exists())


def test_a_move_s_notice_arrives_in_the_language_the_filer_used(client, workers, smtp_sink, healthcare):
    workers.start()
    in_english = file_through_the_form(client, healthcare, 1, language="en")
    in_korean = file_through_the_form(client, healthcare, 2, language="ko")
    assert (in_english.language, in_korean.language) == ("en", "ko")

    officer = make_officer()
    moves = {issue.language: services.move_issue(issue, State.CONSULTATION, by=officer)
             for issue in (in_english, in_korean)}

    keys = {language: f"move:{change.pk}:filer" for language, change in moves.items()}
    smtp_sink.wait_for_keys(keys.values())
    arrived = {arrival.key: arrival for arrival in smtp_sink.received()}
    for issue in (in_english, in_korean):
        message = arrived[keys[issue.language]]
        with translation.override(issue.language):
            subject = f"[{issue.number}] " + gettext("Your report is now: %(state)s") % {
                "state": state_label(State.CONSULTATION)}
            link_line = gettext("See the details on your status page:")
        assert message.subject == subject
        assert link_line in message.text
    # Each in its own language, not both in the default one.
    assert "Your report is now" in arrived[keys["en"]].subject
    assert "신고 진행 단계 변경" in arrived[keys["ko"]].subject
