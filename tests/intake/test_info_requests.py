"""A request for more information (an officer's note that asks the filer) is flagged at the top of the
filer's status page, with the reply box right there, until the filer answers; the e-mail says the same."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail

from issues import services
from issues.models import Note, Notice
from issues.workflow import Resolution, State
from tests.base import make_issue, make_officer

pytestmark = pytest.mark.django_db

QUESTION = "선박과 맺은 원격 진료 계약서 사본을 보내 주십시오."


@pytest.fixture
def asked(filed):
    issue = filed()
    officer = make_officer()
    services.add_note(issue, "검토를 시작했습니다.", by=officer, is_public=True)
    services.add_note(issue, QUESTION, by=officer, asks_filer=True)
    return issue


def page_of(client, issue, **headers) -> str:
    return client.get(f"/track/{issue.secret}/", headers=headers).content.decode()


def test_the_request_is_flagged_above_everything_with_the_reply_box_inside(client, asked):
    page = page_of(client, asked)

    panel = page.split('<section class="panel panel-request" id="request"')[1].split("</section>")[0]
    assert "<h2 id=\"request-title\">지원센터에서 추가 정보를 요청드립니다</h2>" in panel
    assert QUESTION in panel
    assert f'<form class="stacked" method="post" action="/track/{asked.secret}/messages/"' in panel
    assert 'name="body"' in panel and 'name="attachments"' in panel
    assert ">답변 보내기</button>" in panel
    # On top: before the steps and the history; and the page has this one reply box.
    assert page.index('id="request"') < page.index('class="steps"') < page.index('id="timeline-title"')
    assert page.count('name="body"') == 1
    assert "정보 추가</h2>" not in page
    # The history names the request for what it is.
    assert "<h3>지원센터의 추가 정보 요청</h3>" in page
    assert "<h3>지원센터의 메시지</h3>" in page  # the earlier, plain public note


def test_once_the_filer_answers_the_flag_goes_and_the_box_is_back_at_the_bottom(client, asked):
    response = client.post(f"/track/{asked.secret}/messages/", {"body": "계약서 사본을 첨부합니다."})
    assert response.status_code == 302

    page = page_of(client, asked)

    assert 'id="request"' not in page
    assert page.count('name="body"') == 1
    assert page.index('id="timeline-title"') < page.index("정보 추가</h2>") < page.index('name="body"')
    assert ">메시지 보내기</button>" in page


def test_a_newer_request_after_an_answer_is_flagged_again(client, asked):
    services.add_note(asked, "답변 감사합니다.", by=None)
    services.add_note(asked, "사업자등록증도 보내 주십시오.", by=make_officer("second"), asks_filer=True)

    panel = page_of(client, asked).split('id="request"')[1].split("</section>")[0]

    assert "사업자등록증도 보내 주십시오." in panel
    assert QUESTION not in panel


def test_a_plain_public_note_is_not_a_request(client, filed):
    issue = filed()
    services.add_note(issue, "검토를 시작했습니다.", by=make_officer(), is_public=True)

    assert 'id="request"' not in page_of(client, issue)


def test_a_closed_report_shows_no_request(client, asked):
    services.move_issue(asked, State.CLOSED, by=make_officer("closer"), resolution=Resolution.OUT_OF_SCOPE)

    page = page_of(client, asked)

    assert 'id="request"' not in page and 'name="body"' not in page


def test_an_answer_with_an_error_comes_back_in_the_flagged_box_with_its_text(client, asked):
    response = client.post(f"/track/{asked.secret}/messages/", {"body": "가" * 20_001})

    panel = response.content.decode().split('id="request"')[1].split("</section>")[0]
    assert 'class="error-summary"' in panel
    assert "지금 20,001자입니다." in panel
    assert "가" * 20_001 in panel


def test_the_english_page_flags_it_in_english(client, asked):
    page = page_of(client, asked, **{"Accept-Language": "en"})

    assert '<h2 id="request-title">The support center asks you for more information</h2>' in page
    assert ">Send the answer</button>" in page


@pytest.mark.parametrize(("language", "subject", "flag", "where"), [
    ("ko", "답변 요청: 신고하신 과제에 대해 추가 정보가 필요합니다", "답변이 필요합니다",
     "진행 상황 페이지에서 답변해 주십시오. 페이지 맨 위에 질문과 답변란이 있고, 자료도 첨부하실 수 있습니다."),
    ("en", "Your answer is needed: we need more information about your report", "Your answer is needed",
     "Please answer on your status page: the question and the reply box are at the top of it, and you can "
     "attach documents there."),
])
def test_the_e_mail_flags_the_request_and_says_where_to_answer(
        django_capture_on_commit_callbacks, language, subject, flag, where):
    issue = make_issue(language=language)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(issue, QUESTION, by=make_officer(), asks_filer=True)

    (message,) = mail.outbox
    assert message.subject == f"[{issue.number}] {subject}"
    assert message.body.startswith(f"{flag}\n\n")
    assert QUESTION in message.body and where in message.body
    html = message.alternatives[0][0]
    box = html.split('<div style="border: 2px solid #9a6700;')[1].split("</div>")[0]
    assert flag in box and QUESTION in box


def test_a_plain_public_note_e_mail_is_not_flagged(django_capture_on_commit_callbacks):
    issue = make_issue()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(issue, "검토를 시작했습니다.", by=make_officer(), is_public=True)

    (message,) = mail.outbox
    assert "답변" not in message.subject and "답변이 필요합니다" not in message.body


def test_requests_made_before_the_flag_existed_are_marked_from_their_notices(filed):
    issue = filed()
    officer = make_officer()
    request = services.add_note(issue, QUESTION, by=officer, asks_filer=True)
    plain = services.add_note(issue, "검토를 시작했습니다.", by=officer, is_public=True)
    Note.objects.update(asks_filer=False)  # as the rows were before migration 0014
    assert Notice.objects.filter(kind="info-requested").count() == 1

    import_module("issues.migrations.0014_longer_titles_and_requests_for_information").mark_requests(apps, None)

    assert set(Note.objects.filter(asks_filer=True)) == {request}
    assert not Note.objects.get(pk=plain.pk).asks_filer
