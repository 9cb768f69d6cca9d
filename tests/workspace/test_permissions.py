"""Who may do what in the officers' workspace: every role against every page and action of the admin.

The officer does everything on issues, companies and meetings; an expert sees the issues assigned to
them and adds internal notes; an official sees proposals and what followed them, records the
government's answer and sends proposals back; a staff member with no role does nothing; someone not
logged in is sent to the login page. Each case asserts what the person notices: the status code,
whether the issue is listed, whether its state, notes or assignee changed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from issues.models import AgendaItem, Issue, Note, Notice
from issues.workflow import EXPERT, MOVES, OFFICER, OFFICIAL, Answer, Resolution, State
from meetings.models import Meeting
from tests.base import ministry

from .conftest import CHANGELIST, ROLES, assert_sent_to_login, form_on_page, sees

pytestmark = pytest.mark.django_db

WORKFLOW_ROLE = {"officer": OFFICER, "expert": EXPERT, "other_expert": EXPERT, "official": OFFICIAL}

# An issue in each state, and a closed one the government never saw (officials do not see it).
ISSUE_CASES = [pytest.param(state, True, id=state) for state in State] + [
    pytest.param(State.CLOSED, False, id="closed-unproposed")
]
# A state hidden from officials and one they see: whether a refusal is about seeing or about doing.
TWO_STATES = [State.DISCOVERY, State.PROPOSAL]
MOVE_CASES = [pytest.param(move, id=f"{move.source}-to-{move.target}") for move in MOVES.values()]


def change_url(issue):
    return reverse("admin:issues_issue_change", args=[issue.pk])


def move_data(move) -> dict:
    """Everything any move may ask for; the move page keeps only what its move needs."""
    return {
        "note": "담당 부처 의견을 반영해 다시 검토합니다.",
        "public_note": "검토 단계가 바뀌었습니다.",
        "ministry": ministry().pk,
        "improvement": "안전 인증을 받은 로봇의 보도 통행 허용",
        "answer": Answer.PARTIALLY_ACCEPTED,
        "answer_text": "시범 구역에서 허용하겠습니다.",
        "resolution": Resolution.OUT_OF_SCOPE,
    }


def may_move(role, move) -> bool:
    return WORKFLOW_ROLE.get(role) in move.roles


# --- The list and the issue page ---------------------------------------------------------------------------


@pytest.mark.parametrize("state, proposed", ISSUE_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_each_role_only_the_issues_it_may_see(role, state, proposed, as_role, issue_in):
    issue = issue_in(state, proposed=proposed)

    response = as_role(role).get(CHANGELIST)

    if role == "anonymous":
        return assert_sent_to_login(response)
    if role == "no_role":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    listed = [i.pk for i in response.context["cl"].result_list]
    assert (issue.pk in listed) == sees(role, issue)


@pytest.mark.parametrize("state, proposed", ISSUE_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_the_issue_page_opens_only_for_who_may_see_the_issue(role, state, proposed, as_role, issue_in):
    issue = issue_in(state, proposed=proposed)

    response = as_role(role).get(change_url(issue))

    if role == "anonymous":
        return assert_sent_to_login(response)
    if role == "no_role":
        assert response.status_code == 403
    elif sees(role, issue):
        assert response.status_code == 200
        assert issue.number in response.content.decode()
    else:
        # The admin's answer for an object it cannot find: back to the index, the issue not named.
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("state", TWO_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_the_admin_history_page_opens_like_the_issue_page(role, state, as_role, issue_in):
    issue = issue_in(state)

    response = as_role(role).get(reverse("admin:issues_issue_history", args=[issue.pk]))

    if role == "anonymous":
        assert_sent_to_login(response)
    elif sees(role, issue):
        assert response.status_code == 200
    else:  # the staff member with no role included: to them no issue exists
        assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))


@pytest.mark.parametrize("role", ROLES)
def test_nobody_deletes_an_issue_from_the_workspace(role, as_role, issue_in):
    """Issues are closed through the workflow; the admin's delete page and action are gone for all."""
    issue = issue_in(State.PROPOSAL)
    client = as_role(role)

    page = client.get(reverse("admin:issues_issue_delete", args=[issue.pk]))
    confirmed = client.post(reverse("admin:issues_issue_delete", args=[issue.pk]), {"post": "yes"})
    bulk = client.post(CHANGELIST, {"action": "delete_selected", "index": 0, "_selected_action": [issue.pk],
                                    "post": "yes"})

    assert Issue.objects.filter(pk=issue.pk).exists()
    if role == "anonymous":
        for response in (page, confirmed, bulk):
            assert_sent_to_login(response)
    else:
        assert (page.status_code, confirmed.status_code) == (403, 403)
        assert_action_not_offered(role, bulk)


@pytest.mark.parametrize("state", TWO_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_only_officers_edit_an_issue(role, state, as_role, issue_in, client, cast):
    issue = issue_in(state)
    client.force_login(cast["officer"])
    data = {**form_on_page(client.get(change_url(issue)), "issue_form"), "title": "고친 제목", "_save": "저장"}
    client.logout()

    response = as_role(role).post(change_url(issue), data)

    issue.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_login(response)
    elif role == "officer":
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert issue.title == "고친 제목"
        return
    else:
        assert response.status_code == 403
    assert issue.title != "고친 제목"


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_register_an_issue_by_hand(role, as_role, cast):
    add_url = reverse("admin:issues_issue_add")
    data = {"title": "전화로 받은 규제 애로", "problem": "드론 비행 승인 절차가 너무 깁니다.",
            "source": Issue.Source.OFFICER, "priority": Issue.Priority.NORMAL, "_save": "저장"}
    client = as_role(role)

    page, saved = client.get(add_url), client.post(add_url, data)

    if role == "anonymous":
        assert_sent_to_login(page)
        assert_sent_to_login(saved)
    elif role == "officer":
        assert page.status_code == 200
        assert saved.status_code == 302
        issue = Issue.objects.get(title="전화로 받은 규제 애로")
        assert issue.number.startswith("REG-") and issue.state == State.DISCOVERY
        assert issue.status_changes.get().by == cast["officer"]
        return
    else:
        assert (page.status_code, saved.status_code) == (403, 403)
    assert not Issue.objects.filter(title="전화로 받은 규제 애로").exists()


# --- Moves, one issue at a time: the issue page's buttons ---------------------------------------------------


@pytest.mark.parametrize("move", MOVE_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_the_move_page_opens_for_who_may_make_the_move(role, move, as_role, issue_in):
    issue = issue_in(move.source)

    response = as_role(role).get(reverse("admin:issues_issue_move", args=[issue.pk, move.target]))

    if role == "anonymous":
        assert_sent_to_login(response)
    elif not sees(role, issue):
        assert response.status_code == 404
    elif may_move(role, move):
        assert response.status_code == 200
        assert [t.name for t in response.templates][0] == "admin/issues/issue/move.html"
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("move", MOVE_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_only_who_may_make_a_move_moves_the_issue(role, move, as_role, issue_in, cast):
    issue = issue_in(move.source)
    visible, moves_before = sees(role, issue), issue.status_changes.count()

    response = as_role(role).post(reverse("admin:issues_issue_move", args=[issue.pk, move.target]), move_data(move))

    issue.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_login(response)
    elif not visible:
        assert response.status_code == 404
    elif may_move(role, move):
        assert response.status_code == 302, response.context["form"].errors
        assert response["Location"] == change_url(issue)
        assert issue.state == move.target
        assert issue.status_changes.last().by == cast[role]
        return
    else:
        assert response.status_code == 403
    assert issue.state == move.source
    assert issue.status_changes.count() == moves_before


# --- Bulk actions: the list's dropdown, its intermediate page and the report -------------------------------


def run_action(client, action, issues, data=None):
    """Choose `action` for `issues` in the list's dropdown, then fill in and apply its intermediate page."""
    selected = [issue.pk for issue in issues]
    asked = client.post(CHANGELIST, {"action": action, "index": 0, "_selected_action": selected})
    applied = client.post(CHANGELIST, {"action": action, "apply": 1, "_selected_action": selected, **(data or {})})
    return asked, applied


def template_of(response) -> str:
    return response.templates[0].name if response.templates else ""


def assert_action_not_offered(role, *responses):
    """What happens to an action the role does not have: the list, unchanged."""
    for response in responses:
        if role == "anonymous":
            assert_sent_to_login(response)
        elif role == "no_role":
            assert response.status_code == 403
        elif role in ("expert", "other_expert"):
            # No action at all is offered to experts: the POST shows the list again.
            assert response.status_code == 200
            assert template_of(response) == "admin/issues/issue/change_list.html"
        else:
            # The official has some actions, not this one: the admin says "no action selected".
            assert response.status_code == 302
            assert response["Location"] == CHANGELIST


OFFICIAL_ACTIONS = {"move_to_follow_up", "move_to_consultation"}


@pytest.mark.parametrize("move", MOVE_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_a_bulk_move_moves_what_the_role_may_move_and_reports_the_rest(role, move, as_role, issue_in, cast):
    issue = issue_in(move.source)
    action, visible = f"move_to_{move.target}", sees(role, issue)

    asked, applied = run_action(as_role(role), action, [issue], move_data(move))

    issue.refresh_from_db()
    offered = role == "officer" or (role == "official" and action in OFFICIAL_ACTIONS)
    if not offered:
        assert_action_not_offered(role, asked, applied)
        assert issue.state == move.source
        return
    assert (asked.status_code, template_of(asked)) == (200, "admin/issues/issue/action_form.html")
    assert (applied.status_code, template_of(applied)) == (200, "admin/issues/issue/action_report.html")
    results = {i.pk: (ok, message) for i, ok, message in applied.context["results"]}
    if not visible:
        # An issue the role cannot see is not in its list: selecting its id does nothing.
        assert asked.context["issues"] == []
        assert results == {}
        assert issue.state == move.source
    elif may_move(role, move):
        assert results[issue.pk][0] is True
        assert issue.state == move.target
        assert issue.status_changes.last().by == cast[role]
    else:
        ok, reason = results[issue.pk]
        assert ok is False
        assert "이동할 권한이 없습니다" in reason  # "You may not move issues from … to …"
        assert reason in applied.content.decode()
        assert issue.state == move.source


@pytest.mark.parametrize("role", ROLES)
def test_the_report_lists_refused_moves_with_their_reason(role, as_role, issue_in):
    """One bulk "record the government's answer" over a proposal and a new issue: the proposal moves
    (for who may move it), the new issue is refused and the report says why."""
    proposal, new = issue_in(State.PROPOSAL), issue_in(State.DISCOVERY)

    asked, applied = run_action(as_role(role), "move_to_follow_up", [proposal, new], {
        "answer": Answer.ACCEPTED, "answer_text": "수용합니다.", "public_note": "정부가 수용했습니다."})

    proposal.refresh_from_db(), new.refresh_from_db()
    if role not in ("officer", "official"):
        assert_action_not_offered(role, asked, applied)
        assert (proposal.state, new.state) == (State.PROPOSAL, State.DISCOVERY)
        return
    page = applied.content.decode()
    results = {i.pk: (ok, message) for i, ok, message in applied.context["results"]}
    assert results[proposal.pk][0] is True
    assert (proposal.state, proposal.government_answer) == (State.FOLLOW_UP, Answer.ACCEPTED)
    assert new.state == State.DISCOVERY
    if role == "official":
        assert new.pk not in results  # not theirs to see, so not even listed
    else:
        ok, reason = results[new.pk]
        assert ok is False
        assert "이동할 수 없습니다" in reason and reason in page  # "… cannot move to …"
        assert "처리: 1건. 거부: 1건." in page  # "Done: 1. Refused: 1."


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_assign_issues_to_themselves(role, as_role, issue_in, cast):
    issue = issue_in(State.PROPOSAL)

    response = as_role(role).post(CHANGELIST, {"action": "assign_to_me", "index": 0, "_selected_action": [issue.pk]})

    issue.refresh_from_db()
    if role == "officer":
        assert response.status_code == 302 and response["Location"] == CHANGELIST
        assert issue.assignee == cast["officer"]
    else:
        assert_action_not_offered(role, response)
        assert issue.assignee == cast["expert"]


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_assign_issues_to_someone(role, as_role, issue_in, cast):
    issue = issue_in(State.PROPOSAL)

    asked, applied = run_action(as_role(role), "assign_to", [issue], {"assignee": cast["other_expert"].pk})

    issue.refresh_from_db()
    if role == "officer":
        assert template_of(asked) == "admin/issues/issue/action_form.html"
        assert [ok for _, ok, _ in applied.context["results"]] == [True]
        assert issue.assignee == cast["other_expert"]
    else:
        assert_action_not_offered(role, asked, applied)
        assert issue.assignee == cast["expert"]


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_put_issues_on_a_meeting_agenda(role, as_role, issue_in):
    issue = issue_in(State.PROPOSAL)
    meeting = Meeting.objects.create(title="핀테크 분야 규제혁신 현장 간담회", starts_at=timezone.now())

    asked, applied = run_action(as_role(role), "add_to_agenda", [issue], {"meeting": meeting.pk})

    if role == "officer":
        assert [ok for _, ok, _ in applied.context["results"]] == [True]
        assert AgendaItem.objects.get(meeting=meeting).issue == issue
    else:
        assert_action_not_offered(role, asked, applied)
        assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_merge_duplicates(role, as_role, issue_in):
    kept, duplicate = issue_in(State.CONSULTATION), issue_in(State.PROPOSAL)

    asked, applied = run_action(as_role(role), "mark_duplicate", [duplicate], {"kept": kept.number})

    duplicate.refresh_from_db()
    if role == "officer":
        assert [ok for _, ok, _ in applied.context["results"]] == [True]
        assert (duplicate.state, duplicate.resolution, duplicate.duplicate_of) == (
            State.CLOSED, Resolution.DUPLICATE, kept)
    else:
        assert_action_not_offered(role, asked, applied)
        assert (duplicate.state, duplicate.duplicate_of) == (State.PROPOSAL, None)


# --- Notes, assignment and attachments from the issue page -------------------------------------------------


# An internal note, a public one, and a request for information (public too: the filer is asked).
NOTE_KINDS = {"internal": {}, "public": {"is_public": "on"}, "asks-filer": {"asks_filer": "on"}}


@pytest.mark.parametrize("kind", NOTE_KINDS)
@pytest.mark.parametrize("state", TWO_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_officers_write_notes_and_the_assigned_expert_internal_ones(role, state, kind, as_role, issue_in):
    issue = issue_in(state)
    data = {"body": "전문가 의견: 관련 고시 개정으로 해결 가능", **NOTE_KINDS[kind]}
    is_public = kind != "internal"

    response = as_role(role).post(reverse("admin:issues_issue_note", args=[issue.pk]), data)

    notes = list(Note.objects.filter(issue=issue))
    if role == "anonymous":
        assert_sent_to_login(response)
    elif not sees(role, issue):
        assert response.status_code == 404
    else:
        assert response.status_code == 302
        assert response["Location"] == change_url(issue) + "#timeline"
        if role == "officer" or (role == "expert" and not is_public):
            assert [(n.body, n.is_public) for n in notes] == [(data["body"], is_public)]
            return
    assert notes == []


@pytest.mark.parametrize("role", ["officer", "expert", "official"])
def test_the_note_form_on_the_issue_page_offers_what_the_role_may_write(role, as_role, issue_in):
    page = as_role(role).get(change_url(issue_in(State.PROPOSAL))).content.decode()

    assert ('name="body"' in page) == (role in ("officer", "expert"))
    assert ('name="is_public"' in page) == (role == "officer")


@pytest.mark.parametrize("state", TWO_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_only_officers_take_an_issue_with_assign_me(role, state, as_role, issue_in, cast):
    issue = issue_in(state)

    response = as_role(role).post(reverse("admin:issues_issue_assign_me", args=[issue.pk]))

    issue.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_login(response)
    elif not sees(role, issue):
        assert response.status_code == 404
    else:
        assert response.status_code == 302 and response["Location"] == change_url(issue)
    assert issue.assignee == (cast["officer"] if role == "officer" else cast["expert"])


@pytest.mark.parametrize("state", TWO_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_attachments_download_for_who_may_see_the_issue(role, state, as_role, issue_in):
    plan = SimpleUploadedFile("사업계획서.pdf", b"%PDF-1.4\n% a business plan\n", content_type="application/pdf")
    issue = issue_in(state, files=[plan])
    attachment = issue.attachments.get()

    response = as_role(role).get(reverse("issues-attachment", args=[attachment.pk]))

    if role in ("anonymous", "no_role"):
        assert response.status_code == 404  # not even whether it exists
    elif sees(role, issue):
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4\n% a business plan\n"
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ["officer", "expert", "official"])
def test_the_issue_page_offers_the_moves_the_role_may_make(role, as_role, issue_in):
    issue = issue_in(State.PROPOSAL)

    page = as_role(role).get(change_url(issue)).content.decode()

    offered = {t for t in State if reverse("admin:issues_issue_move", args=[issue.pk, t]) in page}
    assert offered == {
        "officer": {State.FOLLOW_UP, State.CONSULTATION, State.CLOSED},
        "official": {State.FOLLOW_UP, State.CONSULTATION},
        "expert": set(),
    }[role]


# --- The other models: companies, meetings, the notice outbox -----------------------------------------------

# What each role may do with each model: edit (list, add, change), view (list and change pages), nothing.
OTHER_MODELS = {
    "companies_company": {"officer": "edit", "official": "view"},
    "meetings_meeting": {"officer": "edit", "official": "view"},
    "issues_notice": {"officer": "view"},  # written by services; officers read it
}


@pytest.fixture
def records(issue_in):
    issue = issue_in(State.PROPOSAL)
    return {
        "companies_company": issue.company,
        "meetings_meeting": Meeting.objects.create(title="로봇 분야 현장 간담회", starts_at=timezone.now()),
        "issues_notice": Notice.objects.filter(issue=issue).first(),
    }


@pytest.mark.parametrize("model", OTHER_MODELS)
@pytest.mark.parametrize("role", ROLES)
def test_the_other_models_open_for_their_roles(role, model, as_role, records):
    client = as_role(role)
    access = OTHER_MODELS[model].get(role, "none")

    listed = client.get(reverse(f"admin:{model}_changelist"))
    added = client.get(reverse(f"admin:{model}_add"))
    changed = client.get(reverse(f"admin:{model}_change", args=[records[model].pk]))

    if role == "anonymous":
        for response in (listed, added, changed):
            assert_sent_to_login(response)
        return
    expected = {"edit": (200, 200, 200), "view": (200, 403, 200), "none": (403, 403, 403)}[access]
    assert (listed.status_code, added.status_code, changed.status_code) == expected


@pytest.mark.parametrize("model", ["companies_company", "meetings_meeting"])
@pytest.mark.parametrize("role", ROLES)
def test_only_officers_change_companies_and_meetings(role, model, as_role, records, client, cast):
    record = records[model]
    url = reverse(f"admin:{model}_change", args=[record.pk])
    client.force_login(cast["officer"])
    data = {**form_on_page(client.get(url), f"{record._meta.model_name}_form"), "_save": "저장"}
    client.logout()
    name_field = "name" if model == "companies_company" else "title"
    data[name_field] = "바뀐 이름"

    response = as_role(role).post(url, data)

    record.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_login(response)
    elif role == "officer":
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert getattr(record, name_field) == "바뀐 이름"
        return
    else:
        assert response.status_code == 403
    assert getattr(record, name_field) != "바뀐 이름"

