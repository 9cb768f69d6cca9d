"""cite_laws: an issue's 관련 법령 read into citation rows when it is filed, registered or edited, and an
officer's corrections kept whatever 관련 법령 becomes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues import laws, services
from issues.models import Citation, Issue
from issues.workflow import NotPermitted
from tests.base import intake, make_issue

pytestmark = pytest.mark.django_db


def rows(issue):
    return list(Citation.objects.filter(issue=issue).order_by("pk").values_list(
        "law", "law_key", "act_key", "article", "article_sub", "paragraph", "item", "text", "is_corrected"))


def test_a_filed_issue_cites_the_laws_of_its_related_law():
    issue = services.submit_issue(intake(related_law="의료법 제34조, 같은 법 시행규칙 제3조의2 제1항"))

    assert rows(issue) == [
        ("의료법", "의료법", "의료법", 34, None, None, None, "의료법 제34조", False),
        ("의료법 시행규칙", "의료법시행규칙", "의료법", 3, 2, 1, None, "같은 법 시행규칙 제3조의2 제1항", False),
    ]


def test_an_issue_without_related_law_cites_nothing():
    assert rows(services.submit_issue(intake(related_law=""))) == []


def test_an_issue_registered_by_an_officer_cites_its_laws(people):
    issue = Issue(title="드론 야간 비행", problem="야간 비행 승인 절차가 복잡합니다.", related_law="항공안전법 제129조",
                  source=Issue.Source.OFFICER)
    services.register_issue(issue, by=people["officer"])

    assert rows(issue) == [
        ("항공안전법", "항공안전법", "항공안전법", 129, None, None, None, "항공안전법 제129조", False)]


def test_reading_again_replaces_what_was_read_before():
    issue = make_issue(related_law="의료법 제34조")
    issue.related_law = "개인정보보호법 제15조"
    laws.cite_laws(issue)

    assert rows(issue) == [("개인정보 보호법", "개인정보보호법", "개인정보보호법", 15, None, None, None,
                            "개인정보보호법 제15조", False)]


def test_reading_is_two_statements_whatever_was_there():
    issue = make_issue(related_law="의료법 제33조, 제34조, 제35조")
    issue.related_law = "약사법 제44조, 제50조"
    with CaptureQueriesContext(connection) as queries:
        laws.cite_laws(issue)
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(writes) == 2
    assert [row[3] for row in rows(issue)] == [44, 50]


def test_corrected_citations_are_kept_when_related_law_changes(people):
    issue = make_issue(related_law="의료법 제34조")
    laws.correct_citations(issue, [{"law": "의료법", "article": 34}, {"law": "의료법시행규칙", "article": 3}],
                           by=people["officer"])
    issue.related_law = "약사법 제50조"
    laws.cite_laws(issue)

    assert rows(issue) == [
        ("의료법", "의료법", "의료법", 34, None, None, None, "", True),
        ("의료법 시행규칙", "의료법시행규칙", "의료법", 3, None, None, None, "", True),
    ]


def test_only_those_who_may_change_citations_correct_them(people):
    issue = make_issue(related_law="의료법 제34조")
    with pytest.raises(NotPermitted):
        laws.correct_citations(issue, [{"law": "약사법", "article": 50}], by=people["expert"])
    assert [row[0] for row in rows(issue)] == ["의료법"]


def test_an_officer_saving_a_changed_related_law_on_the_issue_page_reads_it_again(client, people):
    from tests.admin.conftest import form_on_page

    issue = make_issue(related_law="의료법 제34조")
    client.force_login(people["officer"])
    url = reverse("admin:issues_issue_change", args=[issue.pk])
    data = form_on_page(client.get(url), "issue_form")

    response = client.post(url, {**data, "related_law": "의료기기법 제6조, 제12조", "_save": "저장"})

    assert response.status_code == 302
    assert [(row[0], row[3]) for row in rows(issue)] == [("의료기기법", 6), ("의료기기법", 12)]
