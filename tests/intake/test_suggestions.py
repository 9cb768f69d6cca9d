"""The solved cases shown under the intake form while a report is written (/issues/new/similar/): only
cases officers published and /stats/ shows, at most three, each by title, field, ministry, answer and
outcome; never a company's or a filer's data. POST with the form's CSRF token, rate-limited, and no bad
input makes it fail. The form page has the empty region the script fills."""

import re

import pytest
from django.test import Client

from companies.models import Field
from issues import services, similar
from issues.models import Issue
from issues.workflow import Resolution, State
from tests.base import business_number, intake, make_issue, make_officer, ministry

pytestmark = pytest.mark.django_db

URL = "/issues/new/similar/"
TITLE = "실외 이동로봇의 보도 통행 허용"
PROBLEM = "자율주행 배달로봇은 보도를 다닐 수 없어 배달 서비스를 시작하지 못합니다."
TYPED = {"title": "배달로봇 보도 통행 허용",
         "problem": "자율주행 배달로봇이 보도를 다니지 못해 서비스를 시작할 수 없습니다."}
# Issues about something else, so that a word only the robots cases use is a telling one (similar/engine.py:
# how rare a word is among all issues decides what it counts for).
OTHER_ISSUES = 100


def robots_issue(state=State.CLOSED, *, title=TITLE, problem=PROBLEM, company, contact, email, publish=True,
                 **fields):
    """An issue of a robotics company of its own, walked through the services to `state`."""
    issue = make_issue(
        state, title=title, problem=problem, company_name=company, business_number=business_number(),
        contact_name=contact, contact_email=email, contact_phone="010-9876-5432",
        field=Field.objects.get(code="robotics"), **fields,
    )
    if publish:
        Issue.objects.filter(pk=issue.pk).update(is_publishable=True)
    return issue


def index():
    """What the worker does periodically (tasks.index_similar): read the new issues' terms, count them."""
    similar.index_pending()
    similar.count_terms()


def cases_in(response) -> list[str]:
    """The titles of the cases the fragment shows."""
    return re.findall(r'<p class="case-title">([^<]*)</p>', response.content.decode())


@pytest.fixture
def other_issues(db):
    for _n in range(OTHER_ISSUES):
        services.submit_issue(intake(title="공장 설립 인허가 절차 간소화", business_number=business_number(),
                                     problem="공장을 세우려면 인허가 서류가 너무 많습니다."), language="ko")


@pytest.fixture
def published(other_issues):
    """A robots case solved and published, and what its filer wrote, which the public never reads."""
    issue = robots_issue(company="주식회사 뉴빌리티", contact="이정민", email="jungmin.lee@neubility.example.com",
                         improvement="안전 인증을 받은 로봇에 보도 통행을 허용해 주십시오.")
    index()
    return issue


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


# Each the published case's twin, in the same words: none is a published solved case.
TWINS = {
    "unpublished": dict(publish=False),
    "in consultation": dict(state=State.CONSULTATION),
    "withdrawn": dict(resolution=Resolution.WITHDRAWN),
    "out of scope": dict(resolution=Resolution.OUT_OF_SCOPE),
    "suspected spam": dict(),
}


@pytest.mark.parametrize("twin", sorted(TWINS))
def test_it_never_shows_an_issue_that_is_not_a_published_solved_case(client, other_issues, twin):
    published = robots_issue(company="주식회사 뉴빌리티", contact="이정민", email="jungmin.lee@neubility.example.com")
    hidden = robots_issue(title="실외 이동로봇의 보도 통행 허용 재요청", company="주식회사 비밀로봇", contact="최비밀",
                          email="secret@secret-robot.example.com", **TWINS[twin])
    if twin == "suspected spam":
        Issue.objects.filter(pk=hidden.pk).update(is_suspected_spam=True)
    index()

    response = client.post(URL, TYPED)

    assert cases_in(response) == ["실외 이동로봇의 보도 통행 허용"]
    page = response.content.decode()
    for private in [published.number, hidden.number, "재요청", "비밀로봇", "최비밀", "secret@"]:
        assert private not in page, private


def test_the_same_twin_published_and_solved_is_shown_too(client, other_issues):
    # The words alone would find the twins above: what keeps them out is that they are no published solved case.
    robots_issue(company="주식회사 뉴빌리티", contact="이정민", email="jungmin.lee@neubility.example.com")
    robots_issue(title="실외 이동로봇의 보도 통행 허용 재요청", company="주식회사 비밀로봇", contact="최비밀",
                 email="secret@secret-robot.example.com")
    index()

    response = client.post(URL, TYPED)

    assert sorted(cases_in(response)) == ["실외 이동로봇의 보도 통행 허용", "실외 이동로봇의 보도 통행 허용 재요청"]


def test_no_filers_or_companys_data_and_none_of_the_cases_own_text(client, published):
    page = client.post(URL, TYPED).content.decode()

    for private in [published.number, "주식회사 뉴빌리티", "이정민", "jungmin.lee@neubility", "010-9876-5432",
                    "자율주행 배달로봇은", "안전 인증을 받은 로봇", "도로교통법", "박대표", "2208100001"]:
        assert private not in page, private


def test_a_published_case_in_follow_up_says_so(client, other_issues):
    robots_issue(State.FOLLOW_UP, company="주식회사 로보워크", contact="한보행", email="walk@robowalk.example.com")
    index()

    page = client.post(URL, TYPED).content.decode()

    assert "<dd>사후관리 중</dd>" in page and "<dd>중장기 검토</dd>" in page


def test_it_shows_at_most_three(client, other_issues):
    officer = make_officer()
    for n in range(1, 6):
        robots_issue(title=f"실외 이동로봇의 보도 통행 허용 {n}호", company=f"로봇회사{n}", contact=f"담당자{n}",
                     email=f"robot{n}@robots.example.com", by=officer)
    index()

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
def test_other_methods_than_post_are_refused(client, db, method):
    # A GET would put what is typed into the address, and so into access logs.
    response = getattr(client, method)(URL, TYPED)

    assert response.status_code == 405


def test_the_rate_limit_applies_per_client(client, db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "similar": 2}

    statuses = [client.post(URL, TYPED).status_code for _ in range(3)]
    refused = client.post(URL, TYPED)

    assert statuses == [200, 200, 429]
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused["Cache-Control"] == "no-store, private"
    # Another client is not held back.
    assert client.post(URL, TYPED, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_look_ups_do_not_use_up_the_filing_limit(client, intake_data, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "similar": 1, "intake": 1}

    looked_up = [client.post(URL, TYPED).status_code for _ in range(2)]
    filed = client.post("/issues/new/", intake_data())

    assert looked_up == [200, 429]
    assert filed.status_code == 302


@pytest.mark.parametrize("data", [
    {},
    {"title": "", "problem": ""},
    {"title": TYPED["title"], "problem": "   "},
    {"title": "   ", "problem": TYPED["problem"]},
    {"title": "배달로봇\x00 보도", "problem": "\x00\x00"},
    {"title": "\x00", "problem": "배달로봇\x00"},
])
def test_empty_or_broken_text_answers_an_empty_fragment(client, published, data):
    response = client.post(URL, data)

    assert response.status_code == 200
    assert cases_in(response) == []


def test_a_nul_inside_the_text_is_no_error_and_the_rest_still_counts(client, published):
    response = client.post(URL, {"title": "배달로봇 보도\x00 통행 허용", "problem": TYPED["problem"] + "\x00"})

    assert response.status_code == 200
    assert cases_in(response) == ["실외 이동로봇의 보도 통행 허용"]


def test_bytes_that_are_not_utf8_are_no_error(client, published):
    response = client.generic("POST", URL, b"title=%ff%fe%ed%a0%80&problem=%c3%28",
                              content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert cases_in(response) == []


def test_a_very_long_text_is_still_answered(client, published):
    response = client.post(URL, {"title": TYPED["title"] + " 가" * 10_000,
                                 "problem": TYPED["problem"] + " 가" * 100_000})

    assert response.status_code == 200
    assert cases_in(response) == ["실외 이동로봇의 보도 통행 허용"]


def test_text_past_the_limits_is_not_read(client, published):
    # The title is read up to 300 characters, as the form's title field holds, the problem up to 2,000.
    response = client.post(URL, {"title": "나" * 300 + " " + TYPED["title"],
                                 "problem": "나" * 2000 + " " + TYPED["problem"]})

    assert response.status_code == 200
    assert cases_in(response) == []


def test_a_body_larger_than_django_reads_is_a_bad_request(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = client.post(URL, {"title": "배달로봇", "problem": "보도 " * 10_000})

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


def test_a_published_case_without_ministry_or_answer_shows_dashes(client, other_issues):
    issue = robots_issue(State.DISCOVERY, company="로봇시범", contact="시범", email="pilot@pilot.example.com")
    # Closed from discovery (improved without a proposal): no ministry, no government answer.
    services.move_issue(issue, State.CLOSED, by=make_officer(), resolution=Resolution.IMPROVED)
    index()

    page = client.post(URL, TYPED).content.decode()

    assert "<dd>개선 완료</dd>" in page
    assert page.count("<dd>—</dd>") == 2  # the ministry and the answer


def test_the_ministry_is_the_one_proposed_to(client, other_issues):
    robots_issue(company="로봇지침", contact="지침", email="rule@rule.example.com", ministry=ministry("국토교통부"))
    index()

    page = client.post(URL, TYPED).content.decode()

    assert "<dd>국토교통부</dd>" in page
