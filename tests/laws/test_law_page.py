"""The pages of laws: the list of the acts cited and the page of one, by role (an expert sees only the
issues they are consulted on, an official the proposals), in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from issues.models import Issue
from issues.workflow import State
from tests.base import make_issue

from .conftest import LAW_PAGE, LAWS, consult

pytestmark = pytest.mark.django_db


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_officer_reads_every_issue_citing_the_act_its_decree_and_its_rule_by_year(client, people, medical):
    Issue.objects.filter(pk=medical["closed"].pk).update(filed_at=medical["closed"].filed_at.replace(year=2024))
    page = get(client, people["officer"], LAW_PAGE).content.decode()

    assert "<h1>의료법</h1>" in page
    assert 'href="https://www.law.go.kr/%EB%B2%95%EB%A0%B9/%EC%9D%98%EB%A3%8C%EB%B2%95"' in page
    # Its parts, the act first: 의료법 제33조, 제34조; 의료법 시행령 제14조; 의료법 시행규칙 제3조.
    assert page.index("<h3>의료법") < page.index("<h3>의료법 시행령") < page.index("<h3>의료법 시행규칙")
    assert "열람할 수 있는 과제 3건이 인용합니다(진행 중 2건, 종결 1건, 시행령·시행규칙 포함)." in page
    # By year: 2024 holds the closed one only; 2025 or 2026 the other two; 약사법's issue is not here.
    assert page.index('id="issues-2024"') > page.index(medical["consulted"].number)
    assert medical["closed"].number in page.split('id="issues-2024"', 1)[1]
    assert medical["pharmacy"].number not in page
    assert f'href="/admin/issues/issue/{medical["proposal"].pk}/change/"' in page


def test_the_articles_say_how_many_issues_cite_each(client, people, medical):
    page = get(client, people["officer"], LAW_PAGE).content.decode()

    article_34 = page.split(">제34조</a>", 1)[1].split("</li>", 1)[0]
    assert "과제 2건" in article_34


def test_one_article_keeps_the_issues_citing_it(client, people, medical):
    page = get(client, people["officer"], LAW_PAGE + "?law=%EC%9D%98%EB%A3%8C%EB%B2%95&article=33").content.decode()

    assert medical["proposal"].number in page
    assert medical["consulted"].number not in page and medical["closed"].number not in page


def test_an_expert_sees_only_the_issues_they_are_consulted_on(client, people, medical):
    consult(medical["consulted"], people)
    page = get(client, people["expert"], LAW_PAGE).content.decode()

    assert medical["consulted"].number in page
    assert medical["closed"].number not in page and medical["proposal"].number not in page
    # The articles count the expert's issues only: 시행령 제14조 is cited by an issue they may not open.
    assert "의료법 시행령" not in page


def test_an_expert_consulted_on_nothing_citing_it_finds_no_page(client, people, medical):
    assert get(client, people["expert"], LAW_PAGE).status_code == 404


def test_an_official_sees_the_proposals_and_what_followed(client, people, medical):
    page = get(client, people["official"], LAW_PAGE).content.decode()

    assert medical["proposal"].number in page and medical["closed"].number in page
    assert medical["consulted"].number not in page


def test_the_list_of_laws_counts_issues_open_and_closed_most_cited_first(client, people, medical):
    page = get(client, people["officer"], LAWS).content.decode()

    table = page.split('id="laws-table"', 1)[1]
    rows = [row.split("</tr>", 1)[0] for row in table.split("<tr>")[2:]]
    assert "의료법" in rows[0] and "약사법" in rows[1]
    cells = [cell.split("</td>")[0] for cell in rows[0].split('<td class="number">')[1:]]
    assert cells == ["3", "2", "1", "2026"]
    assert f'href="{LAW_PAGE}"' in rows[0]


def test_the_list_of_laws_is_searchable_with_or_without_spaces(client, people, medical):
    make_issue(related_law="개인정보 보호법 제15조")
    # ?q=개인정보보호: the name is written "개인정보 보호법".
    page = get(client, people["officer"], LAWS + "?q=%EA%B0%9C%EC%9D%B8%EC%A0%95%EB%B3%B4%EB%B3%B4%ED%98%B8")
    page = page.content.decode()

    table = page.split('id="laws-table"', 1)[1]
    assert "개인정보 보호법" in table and "의료법" not in table


def test_an_expert_lists_only_the_laws_of_the_issues_they_may_open(client, people, medical):
    consult(medical["consulted"], people)
    table = get(client, people["expert"], LAWS).content.decode().split('id="laws-table"', 1)[1]

    assert "의료법" in table and "약사법" not in table
    assert '<td class="number">1</td>' in table


def test_the_admin_index_links_the_laws_cited(client, people):
    for role in ("officer", "expert", "official"):
        assert f'href="{LAWS}"' in get(client, people[role], "/admin/").content.decode()


def _issues(count, officer):
    laws = ["의료법 제34조, 같은 법 시행규칙 제3조", "의료법 시행령 제14조", "의료법 제33조제2항, 약사법 제50조"]
    for n in range(count):
        make_issue(State.CLOSED if n % 3 == 0 else State.DISCOVERY, by=officer, related_law=laws[n % 3])


@pytest.mark.parametrize("url", [LAW_PAGE, LAWS])
def test_the_pages_cost_the_same_queries_for_3_issues_and_30(client, people, url):
    counts = []
    client.force_login(people["officer"])
    for total in (3, 30):
        _issues(total - Issue.objects.count(), people["officer"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_citation_row_of_an_issue_the_expert_may_not_open_is_not_shown(client, people, medical):
    from issues.models import Citation

    row = Citation.objects.filter(issue=medical["closed"]).first()
    response = get(client, people["expert"], f"/admin/issues/citation/{row.pk}/change/")

    assert response.status_code == 302  # the admin's "does not exist", back to the index
    assert "선원 원격진료" not in get(client, people["expert"], response["Location"]).content.decode()
