"""The laws cited on the issue page: officers correct them (normalised, marked corrected, bad rows refused
with the typed values kept); experts and officials read them, with the links to each law's page."""

import re

import pytest
from django.urls import reverse

from issues.models import Citation
from tests.admin.conftest import form_on_page
from tests.base import make_issue

from .conftest import LAW_PAGE, consult

pytestmark = pytest.mark.django_db
PREFIX = "citations"


def page_of(client, user, issue):
    client.force_login(user)
    return client.get(reverse("admin:issues_issue_change", args=[issue.pk]))


def save(client, issue, page, **changes):
    data = {**form_on_page(page, "issue_form"), **changes, "_save": "저장"}
    return client.post(reverse("admin:issues_issue_change", args=[issue.pk]), data)


def cited(issue):
    return list(Citation.objects.filter(issue=issue).order_by("pk").values_list(
        "law", "law_key", "act_key", "article", "paragraph", "is_corrected"))


def test_the_officer_corrects_a_citation_and_it_is_kept(client, people):
    issue = make_issue(related_law="의료법 제34조, 동법 시행규칙")
    page = page_of(client, people["officer"], issue)
    assert f'name="{PREFIX}-0-law"' in page.content.decode()

    response = save(client, issue, page, **{f"{PREFIX}-1-law": "의료법시행규칙", f"{PREFIX}-1-article": "3"})

    assert response.status_code == 302
    assert cited(issue) == [("의료법", "의료법", "의료법", 34, None, True),
                            ("의료법 시행규칙", "의료법시행규칙", "의료법", 3, None, True)]
    # 관련 법령 edited afterwards: the corrected rows stay.
    page = page_of(client, people["officer"], issue)
    save(client, issue, page, related_law="약사법 제50조")
    assert [row[0] for row in cited(issue)] == ["의료법", "의료법 시행규칙"]


def test_the_officer_adds_and_removes_rows(client, people):
    issue = make_issue(related_law="의료법 제34조")
    page = page_of(client, people["officer"], issue)

    save(client, issue, page, **{f"{PREFIX}-0-DELETE": "on", f"{PREFIX}-TOTAL_FORMS": "2",
                                 f"{PREFIX}-1-law": "「개인정보  보호법」", f"{PREFIX}-1-article": "15",
                                 f"{PREFIX}-1-paragraph": "1"})

    assert cited(issue) == [("개인정보 보호법", "개인정보보호법", "개인정보보호법", 15, 1, True)]


@pytest.mark.parametrize(("changes", "message"), [
    ({"law": ""}, "법령 이름을 적어 주십시오. 예: 의료법 시행규칙."),
    ({"law": "「 」"}, "법령 이름을 적어 주십시오. 예: 의료법 시행규칙."),
    ({"paragraph": "2", "article": ""}, "의, 항, 호가 속한 조를 적어 주십시오."),
    ({"article": "0"}, "조, 항, 호의 번호는 1부터 시작합니다."),
    ({"law": "가" * 201 + "법"}, "200자까지 쓸 수 있습니다. 지금 202자이니 줄여 주십시오."),
])
def test_a_bad_row_is_refused_with_its_typed_values_kept(client, people, changes, message):
    issue = make_issue(related_law="의료법 제34조")
    page = page_of(client, people["officer"], issue)

    response = save(client, issue, page, **{f"{PREFIX}-0-{name}": value for name, value in changes.items()})

    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    for name, value in changes.items():
        typed = f'value="{value}"' if value else ""
        assert re.search(f'name="{PREFIX}-0-{name}"[^>]*{typed}', text)
    assert cited(issue) == [("의료법", "의료법", "의료법", 34, None, False)]


@pytest.mark.parametrize("role", ["expert", "official"])
def test_experts_and_officials_read_the_citations_without_editing_them(client, people, role):
    issue = make_issue("proposal", by=people["officer"], related_law="의료법 제34조")
    if role == "expert":
        issue.assignee = people["expert"]
        issue.save(update_fields=["assignee"])
    page = page_of(client, people[role], issue).content.decode()

    assert 'name="citations-0-law"' not in page
    assert "의료법" in page and LAW_PAGE in page
    assert 'href="https://www.law.go.kr/%EB%B2%95%EB%A0%B9/%EC%9D%98%EB%A3%8C%EB%B2%95"' in page


def test_an_expert_cannot_post_corrections(client, people):
    issue = make_issue("consultation", by=people["officer"], related_law="의료법 제34조")
    consult(issue, people)
    officer_page = page_of(client, people["officer"], issue)
    data = {**form_on_page(officer_page, "issue_form"), f"{PREFIX}-0-law": "약사법", "_save": "저장"}
    client.force_login(people["expert"])

    response = client.post(reverse("admin:issues_issue_change", args=[issue.pk]), data)

    assert response.status_code == 403
    assert cited(issue) == [("의료법", "의료법", "의료법", 34, None, False)]


def test_each_citation_links_to_the_page_of_its_law_and_to_the_national_law_information_center(client, people):
    issue = make_issue(related_law="의료법 시행규칙 제3조")
    page = page_of(client, people["officer"], issue).content.decode()

    assert f'href="{LAW_PAGE}"' in page  # the act's page: the 시행규칙 is on 의료법's
    assert ('href="https://www.law.go.kr/%EB%B2%95%EB%A0%B9/'
            '%EC%9D%98%EB%A3%8C%EB%B2%95%20%EC%8B%9C%ED%96%89%EA%B7%9C%EC%B9%99"') in page
