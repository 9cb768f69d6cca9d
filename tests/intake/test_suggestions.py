"""The solved cases shown under the intake form while a report is written (/issues/new/similar/): only
cases officers published and /stats/ shows, at most three, each by title, field, ministry, answer and
outcome; never a company's or a filer's data. POST with the form's CSRF token, rate-limited, and no bad
input makes it fail. The form page has the empty region the script fills."""

import re

import pytest
from django.test import Client

from companies.models import Field
from issues import services
from issues.models import Issue
from issues.workflow import Resolution, State
from tests.base import business_number, make_issue, make_officer, ministry

pytestmark = pytest.mark.django_db

URL = "/issues/new/similar/"
TYPED = {"title": "이동로봇 보도 통행", "problem": "배달로봇이 보도를 다닐 수 없어 서비스를 시작하지 못합니다."}


def robots_issue(state=State.CLOSED, *, title, company, contact, email, publish=True, **fields):
    """An issue of a robotics company of its own, walked through the services to `state`."""
    issue = make_issue(
        state, title=title, company_name=company, business_number=business_number(), contact_name=contact,
        contact_email=email, contact_phone="010-9876-5432", field=Field.objects.get(code="robotics"), **fields,
    )
    if publish:
        Issue.objects.filter(pk=issue.pk).update(is_publishable=True)
    return issue


def cases_in(response) -> list[str]:
    """The titles of the cases the fragment shows."""
    return re.findall(r'<p class="case-title">([^<]*)</p>', response.content.decode())


@pytest.fixture
def published(db):
    """A robots case solved and published, and what its filer wrote, which the public never reads."""
    return robots_issue(
        title="실외 이동로봇의 보도 통행 허용", company="주식회사 뉴빌리티", contact="이정민",
        email="jungmin.lee@neubility.example.com", problem="자율주행 배달로봇의 보도 통행이 금지되어 있습니다.",
        improvement="안전 인증을 받은 로봇에 보도 통행을 허용해 주십시오.",
    )


def test_it_shows_a_published_solved_case_by_what_stats_shows_of_it(client, published):
    response = client.post(URL, TYPED)

    assert response.status_code == 200
    page = response.content.decode()
    assert cases_in(response) == ["실외 이동로봇의 보도 통행 허용"]
    assert "비슷한 해결 사례" in page
    for shown in ["로봇", "과학기술정보통신부", "중장기 검토", "개선 완료"]:
        assert f"<dd>{shown}</dd>" in page
    # Where the public reads the published cases: the list on /stats/, in a new tab so that nothing typed is lost.
    assert '<a href="/stats/#solved-h" target="_blank" rel="noopener">' in page
    assert response["Cache-Control"] == "no-store, private"


def test_it_never_shows_an_unpublished_issue_nor_anyones_data(client, published):
    hidden = robots_issue(title="이동로봇 보도 통행 규제 개선 (비공개 과제)", company="주식회사 비밀로봇",
                          contact="최비밀", email="secret@secret-robot.example.com", publish=False,
                          problem="이동로봇 보도 통행 비공개 사정")
    not_solved = robots_issue(State.CONSULTATION, title="이동로봇 보도 통행 (협의 중인 과제)", company="협의로봇",
                              contact="박협의", email="talks@talks-robot.example.com")
    withdrawn = robots_issue(title="이동로봇 보도 통행 (철회한 과제)", company="철회로봇", contact="정철회",
                             email="gone@gone-robot.example.com", resolution=Resolution.WITHDRAWN)
    spam = robots_issue(title="이동로봇 보도 통행 (스팸)", company="스팸로봇", contact="스팸",
                        email="spam@spam.example.com")
    Issue.objects.filter(pk=spam.pk).update(is_suspected_spam=True)

    response = client.post(URL, TYPED)

    page = response.content.decode()
    assert cases_in(response) == ["실외 이동로봇의 보도 통행 허용"]
    for issue in [published, hidden, not_solved, withdrawn, spam]:
        assert issue.number not in page
    for private in ["비공개", "협의 중인", "철회한", "스팸", "주식회사 뉴빌리티", "이정민", "jungmin.lee@neubility",
                    "010-9876-5432", "자율주행 배달로봇의 보도 통행이 금지", "안전 인증을 받은 로봇", "도로교통법",
                    "비밀로봇", "최비밀", "secret@", "비공개 사정", "이동로봇 보도 통행 비공개"]:
        assert private not in page, private


def test_a_published_case_in_follow_up_says_so(client):
    robots_issue(State.FOLLOW_UP, title="이동로봇 보도 통행 안전기준", company="주식회사 로보워크", contact="한보행",
                 email="walk@robowalk.example.com")

    page = client.post(URL, TYPED).content.decode()

    assert "<dd>사후관리 중</dd>" in page and "<dd>중장기 검토</dd>" in page


def test_it_shows_at_most_three(client):
    officer = make_officer()
    for n in range(1, 6):
        robots_issue(title=f"이동로봇 보도 통행 사례 {n}", company=f"로봇회사{n}", contact=f"담당자{n}",
                     email=f"robot{n}@robots.example.com", by=officer)

    response = client.post(URL, TYPED)

    assert len(cases_in(response)) == 3
    assert response.content.decode().count("<li>") == 3


def test_nothing_alike_answers_an_empty_fragment(client, published):
    response = client.post(URL, {"title": "웹툰 해외 유통 규제", "problem": "해외 플랫폼 유통에 제한이 있습니다."})

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_the_english_fragment_is_in_english(client, published):
    response = client.post(URL, TYPED, headers={"Accept-Language": "en"})

    page = response.content.decode()
    assert "Similar cases already solved" in page
    for shown in ["Robotics", "Ministry of Science and ICT", "Long-term review", "Improved"]:
        assert f"<dd>{shown}</dd>" in page


def test_it_needs_the_forms_csrf_token(published):
    browser = Client(enforce_csrf_checks=True)

    refused = browser.post(URL, TYPED)
    form = browser.get("/issues/new/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    answered = browser.post(URL, TYPED, headers={"X-CSRFToken": token})

    assert refused.status_code == 403
    assert answered.status_code == 200 and cases_in(answered) == ["실외 이동로봇의 보도 통행 허용"]


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_than_post_are_refused(client, published, method):
    # A GET would put what is typed into the address, and so into access logs.
    response = getattr(client, method)(URL, TYPED)

    assert response.status_code == 405


def test_the_rate_limit_applies_per_client(client, published, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "similar": 2}

    statuses = [client.post(URL, TYPED).status_code for _ in range(3)]
    refused = client.post(URL, TYPED)

    assert statuses == [200, 200, 429]
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    # Another client is not held back, and filing a report is another budget.
    assert client.post(URL, TYPED, REMOTE_ADDR="203.0.113.9").status_code == 200
    assert settings.RATE_LIMITS["intake"] == 5


@pytest.mark.parametrize("data", [
    {},
    {"title": "", "problem": ""},
    {"title": "이동로봇 보도 통행", "problem": "   "},
    {"title": "   ", "problem": "배달로봇이 보도를 다닐 수 없습니다."},
    {"title": "이동로봇\x00 보도", "problem": "\x00\x00"},
    {"title": "\x00", "problem": "배달로봇\x00"},
])
def test_empty_or_broken_text_answers_an_empty_fragment(client, published, data):
    response = client.post(URL, data)

    assert response.status_code == 200
    assert cases_in(response) == []


def test_a_nul_inside_a_word_is_no_error_and_the_rest_still_counts(client, published):
    response = client.post(URL, {"title": "이동로봇 보도\x00", "problem": "배달로봇\x00이 보도를 다닐 수 없습니다."})

    assert response.status_code == 200
    assert cases_in(response) == ["실외 이동로봇의 보도 통행 허용"]


def test_bytes_that_are_not_utf8_are_no_error(client, published):
    response = client.generic("POST", URL, b"title=%ff%fe%ed%a0%80&problem=%c3%28",
                              content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert cases_in(response) == []


def test_a_very_long_text_is_still_answered(client, published):
    response = client.post(URL, {"title": "이동로봇 " + "가 " * 10_000, "problem": "보도 통행 " * 100_000})

    assert response.status_code == 200
    assert cases_in(response) == ["실외 이동로봇의 보도 통행 허용"]


def test_text_past_the_title_limit_is_not_read(client, published):
    # The title is cut at 300 characters, as the form's title field is: the words after it are never looked up.
    response = client.post(URL, {"title": "나" * 300 + " 이동로봇 보도 통행", "problem": TYPED["problem"]})

    assert response.status_code == 200
    assert cases_in(response) == []


def test_a_body_larger_than_django_reads_is_a_bad_request(client, published, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = client.post(URL, {"title": "이동로봇", "problem": "보도 " * 10_000})

    assert response.status_code == 400


def test_the_form_has_the_empty_region_the_script_fills(client, db):
    page = client.get("/issues/new/").content.decode()

    region = re.search(r'<div id="similar-cases"[^>]*></div>', page).group(0)
    assert 'aria-live="polite"' in region
    assert 'data-url="/issues/new/similar/"' in region
    assert 'data-problem-read="2000"' in region
    # Right under the problem, before the related laws.
    assert page.index('name="problem"') < page.index(region) < page.index('name="related_law"')
    assert '<script src="/static/js/similar_cases.js" defer></script>' in page
    assert "<script>" not in page  # the policy allows no inline script


def test_a_published_case_without_ministry_or_answer_shows_dashes(client):
    issue = robots_issue(State.DISCOVERY, title="이동로봇 보도 통행 시범", company="로봇시범", contact="시범",
                         email="pilot@pilot.example.com")
    # Closed from discovery (improved without a proposal): no ministry, no government answer.
    services.move_issue(issue, State.CLOSED, by=make_officer(), resolution=Resolution.IMPROVED)

    page = client.post(URL, TYPED).content.decode()

    assert '<dd>—</dd>' in page and "<dd>개선 완료</dd>" in page
    assert page.count("<dd>—</dd>") == 2  # the ministry and the answer
    assert "중장기 검토" not in page


def test_a_ministry_the_issue_was_proposed_to_is_named(client):
    robots_issue(title="이동로봇 보도 통행 지침", company="로봇지침", contact="지침", email="rule@rule.example.com",
                 ministry=ministry("국토교통부"))

    page = client.post(URL, TYPED).content.decode()

    assert "<dd>국토교통부</dd>" in page
