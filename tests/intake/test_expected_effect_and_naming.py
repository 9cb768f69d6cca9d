"""The public form asks, optionally, what the change would bring (기대 효과) and whether the letter of
proposal sent to the ministry may name the company; what a filer typed is kept when the form has errors."""

import re

from issues.models import Issue

NEW = "/issues/new/"
EFFECT = "선원의 건강권이 보장되고 응급 후송 비용이 줄어듭니다."


def test_the_form_asks_for_the_expected_effect_after_the_improvement_and_the_consent_to_be_named(client, db):
    page = client.get(NEW).content.decode()

    assert page.index('name="improvement"') < page.index('name="expected_effect"') < page.index(
        'name="may_name_company"') < page.index('name="privacy_consent"')
    assert '<label for="id_expected_effect">기대 효과 <span class="optional">(선택)</span></label>' in page
    assert ('<label for="id_may_name_company">소관 부처에 보내는 건의서에 우리 회사 이름을 밝혀도 좋습니다. '
            '<span class="optional">(선택)</span></label>') in page
    assert "동의하지 않으면 건의서에는 규제와 문제점만 쓰고, 누가 제기했는지는 밝히지 않습니다." in page
    checkbox = re.search(r'<input[^>]*name="may_name_company"[^>]*>', page).group(0)
    assert 'type="checkbox"' in checkbox and "checked" not in checkbox
    assert 'aria-describedby="id_may_name_company_helptext"' in checkbox


def test_in_english_the_form_asks_the_same(client, db):
    page = client.get(NEW, headers={"accept-language": "en"}).content.decode()

    assert '<label for="id_expected_effect">Expected effect <span class="optional">(optional)</span></label>' in page
    assert "You may name my company in the letter of proposal sent to the competent ministry." in page


def test_the_expected_effect_and_the_consent_are_kept_with_the_issue(client, intake_data):
    response = client.post(NEW, intake_data(expected_effect=EFFECT, may_name_company="on"))

    assert response.status_code == 302
    issue = Issue.objects.get()
    assert (issue.expected_effect, issue.may_name_company) == (EFFECT, True)


def test_without_them_the_issue_is_filed_and_the_company_is_not_to_be_named(client, intake_data):
    response = client.post(NEW, intake_data())

    assert response.status_code == 302
    issue = Issue.objects.get()
    assert (issue.expected_effect, issue.may_name_company) == ("", False)


def test_a_form_with_errors_keeps_the_expected_effect_and_the_ticked_box(client, intake_data):
    response = client.post(NEW, intake_data(expected_effect=EFFECT, may_name_company="on", contact_email="x"))
    page = response.content.decode()

    assert response.status_code == 200 and not Issue.objects.exists()
    assert re.search(r'<textarea[^>]*name="expected_effect"[^>]*>\s*' + re.escape(EFFECT) + r"</textarea>", page)
    assert "checked" in re.search(r'<input[^>]*name="may_name_company"[^>]*>', page).group(0)


def test_the_receipt_and_the_data_download_show_the_expected_effect_and_the_consent(client, intake_data):
    from django.urls import reverse

    from tests.base import link_in

    response = client.post(NEW, intake_data(expected_effect=EFFECT, may_name_company="on"), follow=True)
    page = response.content.decode()
    secret = link_in(page)

    assert f"<dt>기대 효과</dt><dd>{EFFECT}</dd>" in page
    assert "<dt>소관 부처에 보내는 건의서</dt><dd>회사 이름을 밝힙니다(동의하셨습니다)</dd>" in page
    data = client.post(reverse("issues-data", args=[secret])).json()
    assert data["report"]["expected_effect"] == EFFECT
    assert data["report"]["company_may_be_named_to_the_ministry"] is True
