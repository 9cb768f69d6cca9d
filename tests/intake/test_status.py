"""The private status page /track/<secret>/: the public timeline, messages, withdrawal, and 404s."""

import re

import pytest

from issues import services
from issues.models import Attachment, Issue, Note, StatusChange
from issues.workflow import State
from tests.base import make_officer

from . import files


def status_url(issue):
    return f"/track/{issue.secret}/"


@pytest.fixture
def worked_on(filed):
    """An issue an officer has moved and written about, in public and internally."""
    officer = make_officer("kim.officer", first_name="OfficerFirst", last_name="OfficerLast")
    issue = filed(files=[files.upload("제안서.pdf", files.PDF, "application/pdf")])
    services.move_issue(issue, State.CONSULTATION, by=officer, note="INTERNAL: the filer seems unreliable",
                        public_note="We are reviewing your report with experts.")
    services.add_note(issue, "INTERNAL NOTE: call the ministry first", by=officer)
    services.add_note(issue, "Could you send the contract with the shipping company?", by=officer, is_public=True)
    return issue


def test_the_status_page_shows_the_public_timeline_and_nothing_internal(client, worked_on):
    response = client.get(status_url(worked_on))
    page = response.content.decode()

    assert response.status_code == 200
    assert worked_on.number in page and worked_on.title in page
    assert "We are reviewing your report with experts." in page
    assert "Could you send the contract with the shipping company?" in page
    assert "제안서.pdf" in page
    for secret in ["INTERNAL", "kim.officer", "OfficerFirst", "OfficerLast", "seoul.example",
                   worked_on.company.name, worked_on.contact.email, worked_on.contact.phone]:
        assert secret not in page


def test_the_step_indicator_marks_the_current_state_for_assistive_technology(client, worked_on):
    page = client.get(status_url(worked_on)).content.decode()

    steps = re.search(r'<ol class="steps">(.*?)</ol>', page, re.S).group(1)
    assert steps.count("<li") == 5
    assert steps.count('aria-current="step"') == 1
    current = re.search(r'<li[^>]*aria-current="step"[^>]*>(.*?)</li>', steps, re.S).group(1)
    assert str(State.CONSULTATION.label) in current


def test_the_status_page_leaks_its_secret_to_no_one(client, worked_on):
    response = client.get(status_url(worked_on))

    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="referrer" content="same-origin">' in response.content.decode()


@pytest.mark.parametrize("path", [
    "/track/" + "A" * 43 + "/",                    # well formed, unknown
    "/track/short/",                               # malformed
    "/track/REG-2024-0001/",                       # a tracking number is not a secret
    "/track/" + "A" * 43 + "%00/",
    "/track/" + "<script>" * 5 + "/",
    "/track/" + "A" * 43 + "/withdraw/",
    "/track/" + "A" * 43 + "/messages/",
])
def test_an_unknown_or_malformed_secret_is_the_same_404(client, db, path):
    responses = [client.get(path)]
    if path.endswith(("/withdraw/", "/messages/")):
        responses.append(client.post(path, {"body": "hello", "reason": ""}))
    for response in responses:
        assert response.status_code == 404
        assert 'href="/track/"' in response.content.decode()


def test_an_unknown_secret_and_a_known_one_with_a_typo_answer_alike(client, filed):
    issue = filed()
    typo = client.get(status_url(issue).replace(issue.secret, issue.secret[:-1] + ("A" if issue.secret[-1] != "A"
                                                                                    else "B")))
    unknown = client.get("/track/" + "x" * 43 + "/")

    assert typo.status_code == unknown.status_code == 404
    assert _page_without_request_details(typo) == _page_without_request_details(unknown)


def _page_without_request_details(response):
    """The page less what differs on every request: the CSRF token and the language switch's way back."""
    return re.sub(r'(name="(?:csrfmiddlewaretoken|next)"[^>]*?) value="[^"]*"', r"\1", response.content.decode())


def test_the_filer_adds_a_message_with_an_attachment(client, worked_on):
    response = client.post(f"{status_url(worked_on)}messages/", {
        "body": "Here is the contract.\nSecond line.", "attachments": [files.upload("계약서.pdf", files.PDF)]})

    assert response.status_code == 302 and response["Location"] == status_url(worked_on)
    note = Note.objects.get(is_from_filer=True)
    assert note.is_public and note.author is None and note.body.startswith("Here is the contract.")
    attachment = Attachment.objects.get(note=note)
    assert attachment.original_name == "계약서.pdf" and attachment.content_type == "application/pdf"
    page = client.get(response["Location"]).content.decode()
    assert "Here is the contract.<br>Second line." in page and "계약서.pdf" in page


def test_a_message_with_a_bad_file_comes_back_with_its_text_kept(client, worked_on):
    response = client.post(f"{status_url(worked_on)}messages/", {
        "body": "Kept <text>", "attachments": [files.upload("fake.pdf", b"not a pdf")]})
    page = response.content.decode()

    assert response.status_code == 200
    assert 'id="id_attachments_error"' in page and "Kept &lt;text&gt;</textarea>" in page
    assert not Note.objects.filter(is_from_filer=True).exists()


def test_an_empty_message_is_refused_next_to_its_field(client, worked_on):
    response = client.post(f"{status_url(worked_on)}messages/", {"body": "   "})

    assert response.status_code == 200
    assert 'id="id_body_error"' in response.content.decode()


def test_the_filer_withdraws_after_confirming(client, worked_on):
    confirm = client.get(f"{status_url(worked_on)}withdraw/")
    assert confirm.status_code == 200 and 'name="reason"' in confirm.content.decode()
    assert Issue.objects.get().state == State.CONSULTATION  # nothing happens before the confirmation

    response = client.post(f"{status_url(worked_on)}withdraw/", {"reason": "Solved with the ministry."})

    issue = Issue.objects.get()
    assert response.status_code == 302 and response["Location"] == status_url(worked_on)
    assert (issue.state, issue.resolution) == ("closed", "withdrawn")
    change = StatusChange.objects.get(to_state="closed")
    assert change.by_filer and change.by is None and change.public_note == "Solved with the ministry."
    page = client.get(status_url(worked_on)).content.decode()
    assert "Solved with the ministry." in page
    assert 'name="body"' not in page  # no message form on a closed issue


def test_a_closed_issue_cannot_be_withdrawn_or_written_to(client, worked_on):
    services.move_issue(worked_on, State.CLOSED, by=None, resolution="withdrawn")

    withdraw = client.post(f"{status_url(worked_on)}withdraw/", {"reason": "again"})
    message = client.post(f"{status_url(worked_on)}messages/", {"body": "hello"})

    assert withdraw.status_code == 302
    assert message.status_code == 200
    assert "이미 종결되어 더 이상 메시지를 추가할 수 없습니다." in message.content.decode()  # "This issue is closed"
    assert StatusChange.objects.filter(to_state="closed").count() == 1
    assert not Note.objects.filter(is_from_filer=True).exists()


def test_a_withdrawal_raced_by_an_officer_shows_the_workflow_message(client, worked_on, monkeypatch):
    officer = make_officer("racer")
    original = services.move_issue

    def officer_moves_first(issue, to, **kwargs):
        fresh = Issue.objects.get(pk=issue.pk)
        original(fresh, State.PROPOSAL, by=officer, improvement="Allow remote care at sea.")
        return original(issue, to, **kwargs)

    monkeypatch.setattr(services, "move_issue", officer_moves_first)

    response = client.post(f"{status_url(worked_on)}withdraw/", {"reason": ""})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert Issue.objects.get().state == State.PROPOSAL


def test_one_status_page_takes_a_bounded_number_of_queries(client, worked_on, django_assert_max_num_queries):
    # The issue, its moves, its public notes, its files and its accepted expert consultations.
    with django_assert_max_num_queries(5) as captured:
        response = client.get(status_url(worked_on))

    assert response.status_code == 200
    print(f"\nqueries for one status page: {len(captured)}")


def test_messages_meet_the_rate_limit(client, worked_on, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "message": 1}
    url = f"{status_url(worked_on)}messages/"

    first = client.post(url, {"body": "first"})
    second = client.post(url, {"body": "second"})

    assert (first.status_code, second.status_code) == (302, 429)
    assert list(Note.objects.filter(is_from_filer=True).values_list("body", flat=True)) == ["first"]
