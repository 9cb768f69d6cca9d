"""The officials' pages under /exports/answers/: upload → preview → confirm → result, who may use
them, and files that are refused with a message rather than an error page."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from issues.models import Issue, StatusChange
from issues.proposals import answers, batches
from issues.proposals.answers_views import SESSION_KEY
from issues.workflow import Answer, State
from tests.base import make_user

from .conftest import answers_sheet, export_batch, fill_answers

pytestmark = pytest.mark.django_db

UPLOAD, PREVIEW, CONFIRM = "/exports/answers/", "/exports/answers/preview/", "/exports/answers/confirm/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_pages_have_the_names_officials_link_to():
    assert (reverse("answers-upload"), reverse("answers-preview"), reverse("answers-confirm")) == (
        UPLOAD, PREVIEW, CONFIRM)


@pytest.fixture
def submitted(officer, batch_of):
    batch = batch_of(count=3)
    batches.submit_batch(batch, by=officer)
    return batch, list(batch.issues.order_by("number"))


@pytest.fixture
def as_official(client, official):
    client.force_login(official)
    return client


def upload(client, data: bytes, name="회신.xlsx"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, content_type=XLSX)})


def fingerprint(page) -> str:
    return re.search(r'name="fingerprint" value="([0-9a-f]+)"', page.content.decode())[1]


def test_an_official_uploads_sees_the_preview_confirms_and_sees_the_result(as_official, submitted, official):
    batch, (robots, drones, fintech) = submitted
    returned = fill_answers(export_batch(batch), {
        robots.number: "수용: 시범 구역에서 허용", drones.number: "일부 수용 - 야간 비행은 허가제로",
    })

    assert as_official.get(UPLOAD).status_code == 200
    uploaded = upload(as_official, returned)
    assert uploaded.status_code == 302 and uploaded["Location"] == PREVIEW

    preview = as_official.get(PREVIEW)
    page = preview.content.decode()
    assert preview.status_code == 200
    for text in (robots.number, robots.title, "시범 구역에서 허용", drones.number, "야간 비행은 허가제로"):
        assert text in page
    assert Issue.objects.filter(state=State.PROPOSAL).count() == 3  # looking changes nothing

    done = as_official.post(CONFIRM, {"fingerprint": fingerprint(preview)})

    assert done.status_code == 302 and done["Location"] == UPLOAD
    assert dict(Issue.objects.filter(proposal_batch=batch).values_list("number", "government_answer")) == {
        robots.number: Answer.ACCEPTED, drones.number: Answer.PARTIALLY_ACCEPTED, fintech.number: ""}
    assert StatusChange.objects.filter(to_state=State.FOLLOW_UP, by=official).count() == 2
    result = as_official.get(UPLOAD).content.decode()
    assert robots.number in result and drones.number in result
    # The upload is gone: confirming again has nothing to confirm.
    assert SESSION_KEY not in as_official.session
    assert not answers.storage().listdir("answers")[1]
    assert as_official.post(CONFIRM, {"fingerprint": fingerprint(preview)})["Location"] == UPLOAD


def test_the_round_trip_through_the_export_page(as_official, submitted, official):
    batch, (robots, drones, fintech) = submitted
    exported = as_official.get(f"{reverse('exports')}?batch={batch.pk}&format=xlsx")
    assert exported.status_code == 200
    returned = fill_answers(b"".join(exported.streaming_content), {
        robots.number: "불수용: 보행자 안전 우려", drones.number: "Long-term review: after a study",
        fintech.number: "일부 수용\n시범 사업 후 확대",
    })

    upload(as_official, returned)
    as_official.post(CONFIRM, {"fingerprint": fingerprint(as_official.get(PREVIEW))})

    assert dict(Issue.objects.filter(proposal_batch=batch).values_list("number", "government_answer")) == {
        robots.number: Answer.NOT_ACCEPTED, drones.number: Answer.LONG_TERM_REVIEW,
        fintech.number: Answer.PARTIALLY_ACCEPTED}
    assert Issue.objects.get(pk=fintech.pk).government_answer_text == "시범 사업 후 확대"


def test_a_file_with_a_bad_row_shows_the_problem_and_cannot_be_confirmed(as_official, submitted, official):
    _batch, (robots, drones, _fintech) = submitted
    data = answers_sheet([{"number": robots.number, "answer": "수용: 허용"},
                          {"number": drones.number, "answer": "보류: 추후 검토"}])
    upload(as_official, data)

    preview = as_official.get(PREVIEW)
    page = preview.content.decode()

    assert 'class="error-summary"' in page and 'href="#row-3"' in page
    assert 'name="fingerprint"' not in page  # no confirm button
    # Even a hand-made confirmation records nothing.
    forged = answers.preview_file(data, by=official).fingerprint
    refused = as_official.post(CONFIRM, {"fingerprint": forged})
    assert refused.status_code == 409
    assert Issue.objects.filter(state=State.FOLLOW_UP).count() == 0


def test_confirming_a_preview_that_no_longer_holds_is_refused(as_official, submitted, officer):
    _batch, (robots, drones, _fintech) = submitted
    upload(as_official, answers_sheet([{"number": robots.number, "answer": "수용: 허용"},
                                       {"number": drones.number, "answer": "수용: 허용"}]))
    seen = fingerprint(as_official.get(PREVIEW))
    # Meanwhile an officer records drones' answer by hand.
    from issues import services

    services.move_issue(drones, State.FOLLOW_UP, by=officer, answer=Answer.NOT_ACCEPTED, answer_text="불수용")

    response = as_official.post(CONFIRM, {"fingerprint": seen})

    assert response.status_code == 409
    assert Issue.objects.get(pk=robots.pk).state == State.PROPOSAL


def test_the_official_may_discard_an_upload(as_official, submitted):
    _batch, (robots, *_rest) = submitted
    upload(as_official, answers_sheet([{"number": robots.number, "answer": "수용: 허용"}]))

    response = as_official.post(CONFIRM, {"cancel": "1"})

    assert response["Location"] == UPLOAD
    assert not answers.storage().listdir("answers")[1]
    assert Issue.objects.get(pk=robots.pk).state == State.PROPOSAL


@pytest.mark.parametrize("data, name", [
    (b"REG-2024-0001,accepted\n", "answers.csv"),
    (b"PK\x03\x04 broken", "회신.xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls"),
    (b"", "empty.xlsx"),
])
def test_a_file_that_is_not_a_workbook_gets_a_form_error_never_a_server_error(as_official, data, name):
    with translation.override("en"):
        response = as_official.post(UPLOAD, {"file": SimpleUploadedFile(name, data)},
                                    headers={"accept-language": "en"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page and 'class="error-message"' in page
    assert SESSION_KEY not in as_official.session


def test_a_file_over_the_size_limit_is_refused(as_official, monkeypatch):
    monkeypatch.setattr(answers, "MAX_UPLOAD_SIZE", 100)
    response = upload(as_official, answers_sheet([]))
    assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()


def test_the_preview_without_an_upload_sends_back_to_the_upload_page(as_official):
    assert as_official.get(PREVIEW)["Location"] == UPLOAD


def test_an_upload_is_only_seen_by_the_session_that_made_it(client, as_official, submitted, officer):
    _batch, (robots, *_rest) = submitted
    upload(as_official, answers_sheet([{"number": robots.number, "answer": "수용: 허용"}]))
    client.logout()
    client.force_login(officer)

    assert client.get(PREVIEW)["Location"] == UPLOAD


def test_officers_may_record_answers_too(client, officer, submitted):
    _batch, (robots, *_rest) = submitted
    client.force_login(officer)
    upload(client, answers_sheet([{"number": robots.number, "answer": "불수용: 안전 우려"}]))

    client.post(CONFIRM, {"fingerprint": fingerprint(client.get(PREVIEW))})

    assert Issue.objects.get(pk=robots.pk).government_answer == Answer.NOT_ACCEPTED


@pytest.mark.parametrize("url", [UPLOAD, PREVIEW])
def test_someone_not_logged_in_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ["expert", "clerk"])
def test_experts_and_staff_without_a_role_are_refused(client, expert, role):
    client.force_login(expert if role == "expert" else make_user("clerk", is_staff=True))
    assert client.get(UPLOAD).status_code == 403
    assert client.post(CONFIRM, {"fingerprint": "x"}).status_code == 403


def test_the_pages_speak_english_on_request(as_official):
    as_official.cookies["django_language"] = "en"
    page = as_official.get(UPLOAD, headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in page
