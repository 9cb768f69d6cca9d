"""Officers edit the expected effect (기대 효과) and the filer's consent to the company being named in the
letter of proposal on the issue page; officials read them there."""

from django.urls import reverse

from issues.models import Issue
from tests.base import make_issue

from .conftest import form_on_page


def test_an_officer_edits_the_expected_effect_and_the_consent_to_name_the_company(client, cast):
    issue = make_issue()
    client.force_login(cast["officer"])
    url = reverse("admin:issues_issue_change", args=[issue.pk])
    page = client.get(url)

    response = client.post(url, {**form_on_page(page, "issue_form"), "may_name_company": "on", "_save": "저장",
                                 "expected_effect": "배송 시간이 절반으로 줄어듭니다."})

    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.expected_effect, issue.may_name_company) == ("배송 시간이 절반으로 줄어듭니다.", True)


def test_an_official_reads_them_on_a_proposal_and_cannot_change_them(client, cast):
    issue = make_issue("proposal", expected_effect="배송 시간이 절반으로 줄어듭니다.", may_name_company=True)
    client.force_login(cast["official"])

    page = client.get(reverse("admin:issues_issue_change", args=[issue.pk])).content.decode()

    assert "기대 효과" in page and "배송 시간이 절반으로 줄어듭니다." in page
    assert "정부 제출 문서에 기업명 표기 동의" in page
    assert 'name="expected_effect"' not in page
    assert Issue.objects.get(pk=issue.pk).may_name_company is True
