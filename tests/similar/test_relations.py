"""Marking two issues as related (similar/relations.py): one row for both ways, by the roles that change issues
only; refused for an issue and itself and for a pair marked already; the mark removed keeps its row."""

import pytest

from issues import workflow
from issues.models import IssueRelation
from issues.similar.relations import relate_issues, related_issues, unrelate_issues

from .conftest import ISSUE, SEEN

pytestmark = pytest.mark.django_db


def rows():
    return list(IssueRelation.objects.values_list("issue_id", "other_id", "created_by__username",
                                                  "removed_by__username"))


@pytest.mark.parametrize("role", ["officer", "superuser"])
def test_an_officer_marks_two_issues_related_in_one_row_lower_id_first(role, people, issues):
    issue, seen = issues["issue"], issues["seen"]

    made = relate_issues(seen, issue, by=people[role])

    username = {"officer": "sumin", "superuser": "root"}[role]
    assert rows() == [(issue.pk, seen.pk, username, None)]
    assert (made.issue, made.other, made.removed_at) == (issue, seen, None)


@pytest.mark.parametrize("role", ["expert", "official"])
def test_an_expert_or_official_may_not_mark_issues_related(role, people, issues):
    with pytest.raises(workflow.NotPermitted) as refused:
        relate_issues(issues["issue"], issues["seen"], by=people[role])

    assert str(refused.value) == "과제를 관련 과제로 표시할 권한이 없습니다."
    assert rows() == []


def test_an_issue_cannot_be_related_to_itself(people, issues):
    with pytest.raises(workflow.MoveError) as refused:
        relate_issues(issues["issue"], issues["issue"], by=people["officer"])

    assert str(refused.value) == "과제를 자기 자신과 관련 과제로 표시할 수 없습니다."
    assert rows() == []


def test_a_pair_is_marked_once_whichever_way_it_is_asked(people, issues):
    issue, seen = issues["issue"], issues["seen"]
    relate_issues(issue, seen, by=people["officer"])

    with pytest.raises(workflow.MoveError) as refused:
        relate_issues(seen, issue, by=people["superuser"])

    assert str(refused.value) == f"{ISSUE} 과제는 이미 이 과제의 관련 과제로 표시되어 있습니다."
    assert rows() == [(issue.pk, seen.pk, "sumin", None)]


def test_removing_the_mark_keeps_the_row_with_who_and_when(people, issues):
    issue, seen = issues["issue"], issues["seen"]
    relate_issues(issue, seen, by=people["officer"])

    removed = unrelate_issues(seen, issue, by=people["superuser"])

    assert rows() == [(issue.pk, seen.pk, "sumin", "root")]
    assert removed.removed_at is not None
    assert list(related_issues(issue, viewer=people["officer"])) == []


def test_a_pair_may_be_marked_again_after_the_mark_was_removed(people, issues):
    issue, seen = issues["issue"], issues["seen"]
    relate_issues(issue, seen, by=people["officer"])
    unrelate_issues(issue, seen, by=people["officer"])

    relate_issues(seen, issue, by=people["superuser"])

    assert rows() == [(issue.pk, seen.pk, "sumin", "sumin"), (issue.pk, seen.pk, "root", None)]


def test_a_mark_that_is_not_there_cannot_be_removed(people, issues):
    with pytest.raises(workflow.MoveError) as refused:
        unrelate_issues(issues["issue"], issues["seen"], by=people["officer"])

    assert str(refused.value) == f"{SEEN} 과제는 이 과제의 관련 과제로 표시되어 있지 않습니다."


@pytest.mark.parametrize("role", ["expert", "official"])
def test_an_expert_or_official_may_not_remove_the_mark(role, people, issues):
    relate_issues(issues["issue"], issues["seen"], by=people["officer"])

    with pytest.raises(workflow.NotPermitted) as refused:
        unrelate_issues(issues["issue"], issues["seen"], by=people[role])

    assert str(refused.value) == "관련 과제 표시를 해제할 권한이 없습니다."
    assert rows() == [(issues["issue"].pk, issues["seen"].pk, "sumin", None)]


def test_related_issues_reads_both_ways_and_only_what_the_viewer_may_open(people, issues):
    issue, repeat, seen = issues["issue"], issues["repeat"], issues["seen"]
    relate_issues(issue, repeat, by=people["officer"])
    relate_issues(seen, issue, by=people["officer"])

    assert set(related_issues(issue, viewer=people["officer"])) == {repeat, seen}
    assert list(related_issues(seen, viewer=people["officer"])) == [issue]
    # The expert opens `issue` and `seen` (assigned to him), never `repeat`; the official the opposite.
    assert list(related_issues(issue, viewer=people["expert"])) == [seen]
    assert list(related_issues(issue, viewer=people["official"])) == [repeat]
