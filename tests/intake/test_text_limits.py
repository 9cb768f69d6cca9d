"""Nothing typed is cut: the public forms give the browser no `maxlength` (which cuts pasted text without a
word), long complaints fit, and text over a limit is refused by the server with both lengths, kept whole in
the form. The browser's side (pasting, the live counter) is tests/browser/test_long_texts.py."""

import re

import pytest

from issues import services
from issues.models import Issue, Note
from issues.workflow import State
from tests.base import make_officer

pytestmark = pytest.mark.django_db

# 11,400 characters: the complaint that was cut to 5,000 (120 lines of 94 characters and a line break).
LINE = ("원양선박 선원은 육지의 의료기관을 방문할 수 없어 진료를 받지 못하며 의약품도 받을 수 없습니다. " * 2)[:94]
LONG_PROBLEM = (LINE + "\n") * 120
LONG_TITLE = "가" * 250


def textarea(page: str, name: str) -> str:
    """What the form gives back in a textarea, unescaped enough for Korean text."""
    return re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1)


def test_the_intake_form_gives_the_browser_no_maxlength_and_states_the_limits_for_the_counter(client):
    page = client.get("/issues/new/").content.decode()

    assert "maxlength" not in page
    problem = re.search(r"<textarea[^>]*name=\"problem\"[^>]*>", page).group(0)
    assert 'data-max-length="20000"' in problem
    assert 'data-counter-from="16000"' in problem
    assert 'data-counter-text="{count}/{limit}자"' in problem
    title = re.search(r"<input[^>]*name=\"title\"[^>]*>", page).group(0)
    assert 'data-max-length="300"' in title
    assert '<script src="/static/js/counter.js" defer></script>' in page


def test_a_long_pasted_complaint_and_title_are_filed_whole(client, intake_data):
    assert len(LONG_PROBLEM) == 11_400

    response = client.post("/issues/new/", intake_data(title=LONG_TITLE, problem=LONG_PROBLEM))

    assert response.status_code == 302
    issue = Issue.objects.get()
    assert len(issue.title) == 250
    assert issue.problem == LONG_PROBLEM.strip()


def test_a_text_over_its_limit_is_refused_with_both_lengths_and_kept_whole(client, intake_data):
    problem = "가" * 20_500
    title = "나" * 301

    response = client.post("/issues/new/", intake_data(title=title, problem=problem))

    page = response.content.decode()
    assert response.status_code == 200
    assert not Issue.objects.exists()
    assert ("지금 20,500자입니다. 이 칸에는 20,000자까지 쓸 수 있으니 500자를 줄여 주십시오. "
            "입력하신 내용은 모두 그대로 남아 있습니다.") in page
    assert "지금 301자입니다. 이 칸에는 300자까지 쓸 수 있으니 1자를 줄여 주십시오." in page
    # In the summary too, naming the field.
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert "현황 및 문제점: 지금 20,500자입니다." in summary
    # Everything typed comes back, not a character less.
    assert textarea(page, "problem") == problem
    assert f'name="title" value="{title}"' in page
    assert textarea(page, "improvement") == intake_data()["improvement"]


def test_the_english_message_gives_the_same_figures(client, intake_data):
    response = client.post("/issues/new/", intake_data(problem="a" * 20_001), headers={"Accept-Language": "en"})

    assert ("This is 20,001 characters long; at most 20,000 fit here. Please shorten it by 1 character. "
            "Everything you typed is still here.") in response.content.decode()


def test_a_line_break_counts_as_one_character_as_in_the_browser(client, intake_data):
    # 200 lines of 99 characters and a break: 20,000 characters in the browser, 20,200 as sent (CRLF).
    problem = ("가" * 99 + "\r\n") * 200

    response = client.post("/issues/new/", intake_data(problem=problem))

    assert response.status_code == 302
    assert Issue.objects.get().problem.count("\n") == 199  # the last break is stripped with the spaces


def test_a_status_page_message_over_its_limit_is_refused_and_kept(client, filed):
    issue = filed()
    body = "다" * 20_010

    response = client.post(f"/track/{issue.secret}/messages/", {"body": body})

    page = response.content.decode()
    assert response.status_code == 200
    assert "지금 20,010자입니다. 이 칸에는 20,000자까지 쓸 수 있으니 10자를 줄여 주십시오." in page
    assert textarea(page, "body") == body
    assert "maxlength" not in page
    assert not Note.objects.exists()


def test_a_long_answer_to_a_request_is_added_whole(client, filed):
    issue = filed()
    services.add_note(issue, "계약서 사본을 보내 주십시오.", by=make_officer(), asks_filer=True)

    response = client.post(f"/track/{issue.secret}/messages/", {"body": LONG_PROBLEM})

    assert response.status_code == 302
    assert Note.objects.get(is_from_filer=True).body == LONG_PROBLEM.strip()


def test_a_withdrawal_reason_over_its_limit_is_refused_and_kept(client, filed):
    issue = filed()
    reason = "라" * 2001

    response = client.post(f"/track/{issue.secret}/withdraw/", {"reason": reason})

    page = response.content.decode()
    assert "지금 2,001자입니다. 이 칸에는 2,000자까지 쓸 수 있으니 1자를 줄여 주십시오." in page
    assert textarea(page, "reason") == reason
    assert "maxlength" not in page
    assert Issue.objects.get().state == State.DISCOVERY
