"""The issue page never lets the browser cut a pasted text: no maxlength on its fields; a title over the
limit is refused with Django's message and everything typed stays in the form."""

from django.urls import reverse

from issues.models import Issue
from tests.base import make_issue

from .conftest import form_on_page


def test_a_title_over_the_limit_is_refused_and_kept_whole(client, cast):
    issue = make_issue()
    client.force_login(cast["officer"])
    url = reverse("admin:issues_issue_change", args=[issue.pk])
    page = client.get(url)
    assert "maxlength" not in page.content.decode().split('id="issue_form"', 1)[1].split("</form>", 1)[0]

    pasted = "가" * 301
    response = client.post(url, {**form_on_page(page, "issue_form"), "title": pasted, "_save": "저장"})

    assert response.status_code == 200  # the form again, not a save
    text = response.content.decode()
    assert "300자까지 쓸 수 있습니다. 지금 301자이니 줄여 주십시오." in text
    assert f'value="{pasted}"' in text
    assert Issue.objects.get(pk=issue.pk).title == issue.title
