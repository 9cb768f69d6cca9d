"""Who reads a consultation: the officer everything; the expert asked the issue (through the request alone,
not assigned to them) as far as their role reads it, never the filer's contact; another expert and an
official nothing of it; the filer only that an expert reviewed the report, once an opinion is accepted, and
the summary an officer published."""

import json

import pytest
from django.urls import reverse

from issues import consultations, selectors, services
from issues.models import Attachment, Issue
from issues.workflow import State
from tests.base import make_issue, ministry
from tests.intake import files

from .conftest import LEGAL_BASIS, PUBLISHED, QUESTION, SUMMARY, in_days

pytestmark = pytest.mark.django_db

# What the filer typed as their contact (conftest.issue) and must never reach an expert.
FILER_CONTACT = ["정하나", "010-2468-1357", "hana.jung@carelink.example.com", "박대표"]
REVIEWED_KO, REVIEWED_EN = "전문가 검토를 받았습니다", "An expert reviewed the report"


def page_of(client, user, issue):
    client.force_login(user)
    return client.get(reverse("admin:issues_issue_change", args=[issue.pk]))


def status_page(client, issue, language="ko"):
    return client.get(f"/track/{issue.secret}/", headers={"Accept-Language": language}).content.decode()


@pytest.fixture
def with_file(requested, people):
    consultations.submit_opinion(requested, summary=SUMMARY, legal_basis=LEGAL_BASIS, recommendation="amended",
                                 files=[files.upload("검토의견서.pdf", files.PDF, "application/pdf")],
                                 by=people["expert"])
    return requested


def test_the_expert_asked_sees_the_issue_through_the_request_and_the_others_do_not(requested, issue, people):
    assert issue.assignee is None
    assert list(selectors.visible_issues(people["expert"])) == [issue]
    assert list(selectors.visible_issues(people["other_expert"])) == []
    assert list(selectors.visible_consultations(people["expert"])) == [requested]
    assert list(selectors.visible_consultations(people["other_expert"])) == []
    assert list(selectors.visible_consultations(people["official"])) == []
    assert list(selectors.visible_consultations(people["officer"])) == [requested]


def test_a_request_given_to_another_expert_takes_the_issue_from_the_first(requested, issue, people):
    consultations.decline(requested, reason="이해충돌", by=people["expert"])
    # Declined but not yet given to anyone: the expert still reads what they declined.
    assert list(selectors.visible_issues(people["expert"])) == [issue]

    consultations.reassign(requested, expert=people["other_expert"], due_on=in_days(7), by=people["officer"])

    assert list(selectors.visible_issues(people["expert"])) == []
    assert list(selectors.visible_issues(people["other_expert"])) == [issue]


def test_the_issue_page_shows_the_expert_asked_the_question_and_never_the_filers_contact(client, answered, issue,
                                                                                          people):
    response = page_of(client, people["expert"], issue)

    page = response.content.decode()
    assert response.status_code == 200
    assert "전문가 자문" in page and QUESTION in page and SUMMARY in page and issue.problem in page
    for typed in FILER_CONTACT:
        assert typed not in page
    # Nor what only officers do: asking, accepting, following up.
    assert 'id="consult-form"' not in page and "의견 채택" not in page and "추가 질의하기" not in page


def test_another_expert_cannot_open_the_issue(client, requested, issue, people):
    response = page_of(client, people["other_expert"], issue)

    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_an_official_reads_a_proposal_without_its_consultations(client, people, bio):
    proposal = make_issue(State.PROPOSAL, by=people["officer"], field=bio, ministry=ministry())
    consultation = consultations.request_consultation(proposal, expert=people["expert"], question=QUESTION,
                                                      due_on=in_days(5), by=people["officer"])
    consultations.submit_opinion(consultation, summary=SUMMARY, legal_basis=LEGAL_BASIS, recommendation="as_is",
                                 files=[files.upload("검토의견서.pdf", files.PDF, "application/pdf")],
                                 by=people["expert"])

    response = page_of(client, people["official"], proposal)

    page = response.content.decode()
    assert response.status_code == 200 and proposal.problem in page
    for hidden in ("전문가 자문", QUESTION, SUMMARY, LEGAL_BASIS, "검토의견서.pdf", "박정우"):
        assert hidden not in page
    events = selectors.timeline(proposal, viewer=people["official"])
    assert not any(e.kind == "consultation" for e in events)


def test_the_officer_reads_the_request_its_thread_and_the_opinion(client, answered, issue, people):
    page = page_of(client, people["officer"], issue).content.decode()

    for shown in (QUESTION, SUMMARY, LEGAL_BASIS, "박정우 · 변호사", "의견 제출", "수정하여 건의", "의견 채택",
                  "추가 질의하기"):
        assert shown in page, shown


@pytest.mark.parametrize(("role", "status"), [("officer", 200), ("expert", 200), ("other_expert", 403),
                                              ("official", 403)])
def test_an_opinions_file_downloads_for_those_who_read_the_consultation(role, status, client, people, bio):
    # A proposal, so that the official sees the issue and its filer's files, and still not the opinion's.
    proposal = make_issue(State.PROPOSAL, by=people["officer"], field=bio, ministry=ministry(),
                          files=[files.upload("사업계획서.pdf", files.PDF, "application/pdf")])
    consultation = consultations.request_consultation(proposal, expert=people["expert"], question=QUESTION,
                                                      due_on=in_days(5), by=people["officer"])
    consultations.submit_opinion(consultation, summary=SUMMARY, legal_basis="", recommendation="as_is",
                                 files=[files.upload("검토의견서.pdf", files.PDF, "application/pdf")],
                                 by=people["expert"])
    opinion_file = Attachment.objects.get(consultation=consultation)
    client.force_login(people[role])

    response = client.get(reverse("issues-attachment", args=[opinion_file.pk]))

    # Staff who may not download a file are refused, as for any file of an issue not theirs.
    assert response.status_code == status
    filers_file = Attachment.objects.get(original_name="사업계획서.pdf")
    assert selectors.visible_attachments(people["official"]).filter(pk=filers_file.pk).exists()


def test_the_timeline_shows_the_thread_to_the_officer_and_the_expert_asked_only(answered, issue, people):
    consultations.ask_follow_up(answered, text="원격 모니터링은요?", by=people["officer"])

    def lines(role):
        return [(e.title, e.text) for e in selectors.timeline(issue, viewer=people[role]) if e.kind == "consultation"]

    expected = [("박정우 전문가에게 자문 요청", QUESTION), ("박정우 전문가의 의견", SUMMARY),
                ("박정우 전문가에게 추가 질의", "원격 모니터링은요?")]
    assert lines("officer") == expected
    assert lines("expert") == expected


def test_the_filer_reads_nothing_of_a_consultation_before_an_opinion_is_accepted(client, with_file, issue):
    page = status_page(client, issue)

    for hidden in (REVIEWED_KO, QUESTION, SUMMARY, LEGAL_BASIS, "검토의견서.pdf", "박정우", "변호사"):
        assert hidden not in page


def test_the_filer_reads_that_an_expert_reviewed_the_report_and_nothing_of_the_opinion(client, with_file, issue,
                                                                                       people):
    consultations.accept_opinion(with_file, by=people["officer"])

    page = status_page(client, issue)

    assert page.count(REVIEWED_KO) == 1
    for hidden in (QUESTION, SUMMARY, LEGAL_BASIS, "검토의견서.pdf", "박정우", "변호사", "법무법인"):
        assert hidden not in page
    assert REVIEWED_EN in status_page(client, issue, "en")


def test_the_filer_reads_the_summary_the_officer_published(client, with_file, issue, people):
    consultations.accept_opinion(with_file, by=people["officer"], published_summary=PUBLISHED)

    page = status_page(client, issue)

    assert REVIEWED_KO in page and PUBLISHED in page and SUMMARY not in page


def test_the_filers_own_data_holds_no_opinion_file_even_when_its_expert_is_gone(client, with_file, issue, people):
    consultations.accept_opinion(with_file, by=people["officer"])
    Attachment.objects.filter(consultation=with_file).update(uploaded_by=None)

    data = json.loads(client.post(reverse("issues-data", args=[issue.secret])).content)

    assert data["attachments"] == []
    assert REVIEWED_KO in [entry["title"] for entry in data["timeline"]]


def test_the_expert_asked_reads_the_issue_as_experts_do_no_more(answered, issue, people):
    services.add_note(issue, "담당자 내부 메모", by=people["officer"])

    # The role table (roles.SEES) gives experts internal notes and history notes, never the filer's contact.
    events = selectors.timeline(issue, viewer=people["expert"])
    text = "\n".join(f"{e.title}\n{e.text}" for e in events)
    assert "담당자 내부 메모" in text
    for typed in FILER_CONTACT:
        assert typed not in text
    assert Issue.objects.filter(pk=issue.pk).exists()
