"""The issue page's "similar issues" panel (admin/similar.py): what each role reads of the matches and the
related issues, the buttons officers get, marking and removing the mark from the page, the merge into a
similar issue through the workflow, and the queries the panel costs."""

import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from issues import selectors, workflow
from issues.models import IssueRelation, Notice
from issues.similar import Match
from issues.similar.relations import relate_issues
from issues.workflow import Resolution, State
from tests.base import FILER_EMAIL, make_issue

from .conftest import ISSUE, REPEAT, SEEN, YEAR, cite

pytestmark = pytest.mark.django_db


def change_url(issue):
    return reverse("admin:issues_issue_change", args=[issue.pk])


def panel(client, user, issue, **headers) -> str:
    """The panel's HTML on the issue page, as `user` gets it."""
    client.force_login(user)
    page = client.get(change_url(issue), **headers).content.decode()
    found = re.search(r'<section class="module similar" id="similar".*?</section>', page, re.S)
    return found.group(0) if found else ""


def listed(html: str) -> list[str]:
    """The tracking numbers of the similar issues listed, in order."""
    head = r'<li class="similar-issue" id="similar-\d+">\s*<p class="similar-head"><a href="[^"]+">([^<]+)</a>'
    return re.findall(head, html)


def related_listed(html: str) -> list[str]:
    part = html.split('id="related-h"', 1)[1]
    return re.findall(r'<a href="/admin/issues/issue/\d+/change/">([^<]+)</a>', part)


# --- what each role reads ---------------------------------------------------------------------------------

def test_the_officer_reads_each_match_with_its_state_year_and_outcome_and_may_mark_and_merge(client, people, issues):
    html = panel(client, people["officer"], issues["issue"])

    assert sorted(listed(html)) == [REPEAT, SEEN]
    repeat, seen = issues["repeat"], issues["seen"]
    assert f'<a href="/admin/issues/issue/{repeat.pk}/change/">{REPEAT}</a>' in html
    assert '<span class="similar-title">선원 원격 진료 허용</span>' in html
    assert '<span class="state-badge state-closed">종결</span>' in html
    assert '<span class="state-badge state-discovery">발굴</span>' in html
    assert f"{YEAR}년 접수" in html
    assert "정부 회신: 중장기 검토 · 처리 결과: 개선 완료" in html
    mark = reverse("admin:issues_issue_relate", args=[issues["issue"].pk, seen.pk])
    assert f'action="{mark}"' in html and "관련 과제로 표시</button>" in html
    # A closed issue keeps no duplicate: only the open one is offered to merge into.
    assert reverse("admin:issues_issue_merge_into", args=[issues["issue"].pk, seen.pk]) in html
    assert reverse("admin:issues_issue_merge_into", args=[issues["issue"].pk, repeat.pk]) not in html
    assert "관련 과제로 표시된 과제가 없습니다." in html


def test_the_superuser_gets_the_officers_buttons(client, people, issues):
    html = panel(client, people["superuser"], issues["issue"])

    assert sorted(listed(html)) == [REPEAT, SEEN]
    assert "관련 과제로 표시</button>" in html and "중복으로 병합" in html


def test_the_expert_reads_only_the_matches_he_may_open_and_gets_no_buttons(client, people, issues):
    relate_issues(issues["issue"], issues["repeat"], by=people["officer"])
    relate_issues(issues["issue"], issues["seen"], by=people["officer"])

    html = panel(client, people["expert"], issues["issue"])

    assert listed(html) == [SEEN]
    assert related_listed(html) == [SEEN]
    assert REPEAT not in html and "선원 원격 진료" not in html
    assert "<form" not in html and "중복으로 병합" not in html


def test_the_expert_gets_no_panel_on_an_issue_he_may_not_open(client, people, issues):
    client.force_login(people["expert"])

    response = client.get(change_url(issues["repeat"]))

    assert response.status_code in (302, 403, 404)
    assert "similar-issue" not in response.content.decode()


def test_the_official_reads_the_matches_he_may_open_without_buttons(client, people, issues):
    html = panel(client, people["official"], issues["issue"])

    assert listed(html) == [REPEAT]
    assert SEEN not in html and "약 배송" not in html
    assert "<form" not in html and "중복으로 병합" not in html


def test_an_issue_like_no_other_says_so(client, people, issues):
    alone = make_issue(title="드론 야간 비행", related_law="", contact_email="sky@drone.example.com")

    html = panel(client, people["officer"], alone)

    assert listed(html) == []
    assert "비슷한 과제를 찾지 못했습니다." in html
    assert "관련 과제로 표시된 과제가 없습니다." in html


def test_the_panel_is_in_english_for_an_english_reader(client, people, issues):
    html = panel(client, people["officer"], issues["issue"], HTTP_ACCEPT_LANGUAGE="en")

    assert "<h2 id=\"similar-h\">Similar issues</h2>" in html
    assert f"filed in {YEAR}" in html
    assert "Government answer: Long-term review · Resolution: Improved" in html
    assert "Mark as related</button>" in html and "Merge as duplicate</a>" in html


def test_the_reasons_shown_are_only_those_the_match_has(people, issues):
    repeat = selectors.visible_issues(people["officer"]).select_related("ministry").get(pk=issues["repeat"].pk)
    matches = [Match(repeat, 0.9, articles=["의료법 제34조"], same_ministry=True, words=["원격", "진료"])]
    from issues.admin.similar import reasons

    for match in matches:
        match.reasons = reasons(match)
    with translation.override("ko"):
        html = render_to_string("admin/issues/issue/_similar.html", {
            "similar_panel": {"matches": matches, "related": []}, "original": issues["issue"]})

    why = re.search(r'<dl class="similar-why">(.*?)</dl>', html, re.S).group(1)
    assert re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", why) == [
        ("같은 조문", "의료법 제34조"), ("같은 소관 부처", "보건복지부"), ("공통 단어", "원격, 진료")]


# --- marking from the panel -------------------------------------------------------------------------------

def test_the_officer_marks_a_match_related_and_comes_back_to_the_panel(client, people, issues):
    issue, seen = issues["issue"], issues["seen"]
    client.force_login(people["officer"])

    response = client.post(reverse("admin:issues_issue_relate", args=[issue.pk, seen.pk]), follow=True)

    assert response.redirect_chain == [(f"{change_url(issue)}#similar", 302)]
    page = response.content.decode()
    assert f"{SEEN} 과제를 이 과제의 관련 과제로 표시했습니다." in page
    assert IssueRelation.objects.filter(issue=issue, other=seen, removed_at=None, created_by=people["officer"]).exists()
    html = re.search(r'<section class="module similar".*?</section>', page, re.S).group(0)
    assert related_listed(html) == [SEEN]
    assert "· 관련 과제로 표시됨" in html
    assert reverse("admin:issues_issue_unrelate", args=[issue.pk, seen.pk]) in html


def test_marking_twice_says_so(client, people, issues):
    issue, seen = issues["issue"], issues["seen"]
    relate_issues(seen, issue, by=people["officer"])
    client.force_login(people["officer"])

    page = client.post(reverse("admin:issues_issue_relate", args=[issue.pk, seen.pk]), follow=True).content.decode()

    assert f"{SEEN} 과제는 이미 이 과제의 관련 과제로 표시되어 있습니다." in page
    assert IssueRelation.objects.count() == 1


def test_the_officer_removes_the_mark_from_the_related_list(client, people, issues):
    issue, seen = issues["issue"], issues["seen"]
    relate_issues(issue, seen, by=people["officer"])
    client.force_login(people["officer"])

    page = client.post(reverse("admin:issues_issue_unrelate", args=[seen.pk, issue.pk]), follow=True).content.decode()

    assert f"{ISSUE} 과제의 관련 과제 표시를 해제했습니다." in page
    assert IssueRelation.objects.get().removed_by == people["officer"]


def test_a_mark_without_the_csrf_token_is_refused(people, issues):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["officer"])

    response = client.post(reverse("admin:issues_issue_relate", args=[issues["issue"].pk, issues["seen"].pk]))

    assert response.status_code == 403
    assert not IssueRelation.objects.exists()


def test_a_get_marks_nothing(client, people, issues):
    client.force_login(people["officer"])

    response = client.get(reverse("admin:issues_issue_relate", args=[issues["issue"].pk, issues["seen"].pk]))

    assert response.status_code == 302
    assert not IssueRelation.objects.exists()


@pytest.mark.parametrize("role", ["expert", "official"])
def test_others_may_not_mark_or_merge_by_the_address(role, client, people, issues):
    issue = issues["issue"]  # both may open it
    other = issues["seen"] if role == "expert" else issues["repeat"]
    relate_issues(issue, other, by=people["officer"])
    client.force_login(people[role])

    responses = [client.post(reverse(name, args=[issue.pk, other.pk]), {"public_note": "중복"}) for name in (
        "admin:issues_issue_relate", "admin:issues_issue_unrelate", "admin:issues_issue_merge_into")]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert IssueRelation.objects.get().removed_at is None
    issue.refresh_from_db()
    assert issue.state == State.PROPOSAL


def test_an_expert_cannot_reach_an_issue_he_may_not_open_through_the_address(client, people, issues):
    relate_issues(issues["issue"], issues["repeat"], by=people["officer"])
    client.force_login(people["expert"])

    response = client.post(reverse("admin:issues_issue_unrelate", args=[issues["issue"].pk, issues["repeat"].pk]))

    assert response.status_code == 404


# --- merging from the panel -------------------------------------------------------------------------------

def merge_url(issue, kept):
    return reverse("admin:issues_issue_merge_into", args=[issue.pk, kept.pk])


def test_the_merge_page_asks_for_the_public_note(client, people, issues):
    client.force_login(people["officer"])

    page = client.get(merge_url(issues["issue"], issues["seen"])).content.decode()

    assert '<textarea name="public_note"' in page
    assert f"{ISSUE} 과제는 {SEEN} 과제의 중복으로 종결됩니다" in page
    assert 'class="errornote"' not in page
    assert 'value="중복으로 종결"' in page


def test_the_officer_merges_the_issue_into_a_similar_one(client, people, issues, committed):
    issue, seen = issues["issue"], issues["seen"]
    client.force_login(people["officer"])

    with committed():
        response = client.post(merge_url(issue, seen), {"public_note": "약 배송 건과 함께 처리합니다."}, follow=True)

    assert response.redirect_chain == [(change_url(issue), 302)]
    assert f"{SEEN} 과제와 중복으로 종결했습니다." in response.content.decode()
    issue.refresh_from_db()
    assert (issue.state, issue.resolution, issue.duplicate_of) == (State.CLOSED, Resolution.DUPLICATE, seen)
    assert Notice.objects.filter(issue=issue, kind="issue-closed", recipient=FILER_EMAIL).count() == 1
    with translation.override("ko"):
        moves = [(e.title, e.text) for e in selectors.timeline(issue, viewer=people["officer"]) if e.kind == "move"]
    assert moves[-1] == ("정부 건의 → 종결 (중복)",
                         f"[공개] 같은 규제를 접수번호 {SEEN} 과제에서 처리하고 있으며, "
                         "앞으로 그 과제에서 이어서 처리합니다.\n"
                         "약 배송 건과 함께 처리합니다.")


def test_a_closed_issue_to_keep_is_refused_and_the_note_typed_stays(client, people, issues):
    issue = issues["issue"]
    client.force_login(people["officer"])

    response = client.post(merge_url(issue, issues["repeat"]), {"public_note": "선원 건으로 합칩니다."})

    page = response.content.decode()
    assert response.status_code == 200
    assert "유지할 과제가 종결된 상태입니다. 먼저 재개하십시오." in page
    assert "선원 건으로 합칩니다.</textarea>" in page
    issue.refresh_from_db()
    assert issue.state == State.PROPOSAL


def test_a_closed_issue_cannot_be_merged_where_the_workflow_refuses(client, people, issues):
    closed, seen = issues["repeat"], issues["seen"]
    client.force_login(people["officer"])

    before = client.get(merge_url(closed, seen)).content.decode()
    response = client.post(merge_url(closed, seen), {"public_note": "다시 합칩니다."})

    page = response.content.decode()
    refusal = "‘종결’ 단계의 과제는 ‘종결’ 단계로 이동할 수 없습니다."
    assert refusal in before
    # Nothing to submit where the workflow says no.
    assert 'value="중복으로 종결"' not in before
    assert refusal in page and "다시 합칩니다.</textarea>" in page
    closed.refresh_from_db()
    assert (closed.resolution, closed.duplicate_of) == (Resolution.IMPROVED, None)


def test_a_closed_issue_offers_no_merge_on_its_panel(client, people, issues):
    html = panel(client, people["officer"], issues["repeat"])

    assert sorted(listed(html)) == [ISSUE, SEEN]
    assert "merge-into" not in html and "관련 과제로 표시</button>" in html


# --- queries ----------------------------------------------------------------------------------------------

def page_queries(client, user, issue) -> int:
    client.force_login(user)
    client.get(change_url(issue))  # the session and the caches of the first request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(change_url(issue)).status_code == 200
    return len(queries)


def test_the_panel_costs_the_same_queries_for_one_match_and_for_five(client, people, issues):
    alone = make_issue(title="드론 야간 비행", related_law="", contact_email="sky@drone.example.com")
    twin = make_issue(title="드론 야간 비행 허용", related_law="", contact_email="fly@drone.example.com")
    cite(alone, "항공안전법", 129)
    cite(twin, "항공안전법", 129)
    one = page_queries(client, people["officer"], alone)
    assert listed(panel(client, people["officer"], alone)) == [twin.number]

    for n in range(3):
        more = make_issue(title=f"드론 비행 {n}", related_law="", contact_email=f"d{n}@drone.example.com")
        cite(more, "항공안전법", 129)
    cite(issues["seen"], "항공안전법", 129)
    five = page_queries(client, people["officer"], alone)

    assert len(listed(panel(client, people["officer"], alone))) == 5
    assert five == one


def test_the_panels_own_queries_do_not_grow_with_the_matches(people, issues, rf):
    from django.contrib.admin import site

    from issues.admin.issue import IssueAdmin

    request = rf.get("/")
    request.user = people["officer"]
    admin = IssueAdmin(issues["issue"].__class__, site)
    admin.similar_context(request, issues["issue"])  # what the engine reads of new issues once and keeps

    with CaptureQueriesContext(connection) as two:
        context = admin.similar_context(request, issues["issue"])
    assert len(context["matches"]) == 2
    for n in range(3):
        more = make_issue(title=f"원격 진료 {n}", related_law="", contact_email=f"c{n}@care.example.com")
        cite(more, "의료법", 34)
        relate_issues(issues["issue"], more, by=people["officer"])
    admin.similar_context(request, issues["issue"])
    with CaptureQueriesContext(connection) as five:
        context = admin.similar_context(request, issues["issue"])

    assert len(context["matches"]) == 5 and len(context["related"]) == 3
    assert len(five) == len(two)


def test_an_unknown_role_gets_no_panel(people, issues, rf):
    from django.contrib.admin import site

    from issues.admin.issue import IssueAdmin
    from tests.base import make_user

    request = rf.get("/")
    request.user = make_user("nobody", is_staff=True)

    assert IssueAdmin(issues["issue"].__class__, site).similar_context(request, issues["issue"]) == {}
    assert workflow.roles_of(request.user) == frozenset()
