"""One visibility rule everywhere: the issues a role may see (selectors.visible_issues) and, of those, the
parts its role reads, on the issue page, in its timeline, its merged duplicates, the other lists, the
autocompletes and popups, and the filter choices.

The table below is written by hand from CONTRACT.md's roles and SPEC.md's need-to-know rule, not read
from issues/roles.py: the test checks the code against it."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from companies.models import Contact
from issues import consultations, roles, selectors, services
from issues.models import StatusChange
from issues.proposals import batches
from issues.workflow import Answer, State
from tests.base import FILER_EMAIL, business_number, make_issue, make_user, ministry

from .conftest import CHANGELIST

pytestmark = pytest.mark.django_db

# What each role reads of an issue it may see. Officers everything; experts what the question needs
# (never who filed it or how to reach them); officials the proposal and its files, no contact details,
# no staff notes.
READS = {
    "officer": {"filer_contact", "internal_notes", "history_notes", "notice_recipients", "attachments"},
    "expert": {"internal_notes", "history_notes", "attachments"},
    "official": {"attachments"},
}
GROUPS = ["filer_contact", "internal_notes", "history_notes", "notice_recipients", "attachments"]
STAFF = ["officer", "expert", "official"]

# The filer of tests.base.intake(), as typed on the form.
CONTACT_NAME, CONTACT_PHONE, CEO_NAME = "김민지", "010-1234-5678", "박대표"
INTERNAL_NOTE = "담당자와 통화함: 다음 주 자료 보완 예정"
HISTORY_NOTE = "부처 의견 수렴 뒤 다시 건의하기로 함"
PUBLIC_NOTE = "검토를 다시 시작했습니다."
FILE_NAME = "사업계획서-로보틱스.pdf"


def change_url(issue):
    return reverse("admin:issues_issue_change", args=[issue.pk])


def a_file(name=FILE_NAME):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% plan\n", content_type="application/pdf")


@pytest.fixture
def proposal(cast, issue_in):
    """A proposal every staff role may see (assigned to the cast's expert), with something of each group:
    the filer's contact, an internal note, a move with an internal and a public note, notices to the filer,
    an attachment, and an officer's edit of the linked contact person."""
    officer = cast["officer"]
    issue = issue_in(State.PROPOSAL, files=[a_file()])
    services.add_note(issue, INTERNAL_NOTE, by=officer)
    services.move_issue(issue, State.CONSULTATION, by=officer, note=HISTORY_NOTE, public_note=PUBLIC_NOTE)
    services.move_issue(issue, State.PROPOSAL, by=officer, ministry=ministry(), improvement="보도 통행 허용")
    issue.refresh_from_db()
    other = Contact.objects.create(company=issue.company, name="이대리", email="lee.daeri@robotics.example.com")
    issue.contact, issue.title = other, "배달로봇의 보도 통행 허용 (수정)"
    issue._history_user = officer
    issue.save()
    return issue


# What shows that a group reached the reader.
MARKERS = {
    "filer_contact": [CONTACT_NAME, CONTACT_PHONE, CEO_NAME, "이대리"],
    "internal_notes": [INTERNAL_NOTE],
    "history_notes": [HISTORY_NOTE],
    "notice_recipients": [FILER_EMAIL],
    "attachments": [FILE_NAME],
}


def read_groups(text: str) -> set:
    return {group for group, markers in MARKERS.items() if any(m in text for m in markers)}


def test_the_role_table_is_the_one_the_code_reads(cast):
    superuser = make_user("root", is_superuser=True, is_staff=True)
    for role in STAFF:
        assert {g for g in GROUPS if roles.may_see(cast[role], g)} == READS[role], role
    # Superusers administer: they read what officers read; someone without a role reads nothing.
    assert {g for g in GROUPS if roles.may_see(superuser, g)} == READS["officer"]
    assert not any(roles.may_see(cast["no_role"], g) for g in GROUPS)


# --- The issue page and its timeline ---------------------------------------------------------------------


@pytest.mark.parametrize("role", STAFF)
def test_the_issue_page_shows_each_role_the_parts_its_table_gives_it(role, as_role, proposal):
    page = as_role(role).get(change_url(proposal)).content.decode()

    # Notice recipients are the filer's e-mail: the page shows it wherever filer contacts show.
    expected = READS[role] | ({"notice_recipients"} if "filer_contact" in READS[role] else set())
    assert read_groups(page) == expected
    # What every role reads: the company that files (건의기업), the problem, the public note.
    assert "주식회사 로보틱스" in page and proposal.problem in page and PUBLIC_NOTE in page


@pytest.mark.parametrize("role", STAFF)
def test_the_timeline_shows_each_role_the_lines_and_texts_its_table_gives_it(role, cast, proposal):
    events = selectors.timeline(proposal, viewer=cast[role])

    text = "\n".join(f"{e.title}\n{e.text}" for e in events)
    assert read_groups(text) == READS[role] - {"attachments"}  # the timeline lists no files
    # Every role sees that the issue moved and was edited, and every notice, if not to whom it went.
    assert [e.kind for e in events].count("move") == 5  # filed and four moves
    assert any(e.kind == "edit" and "(수정)" in e.text for e in events)
    assert [e.kind for e in events].count("notice") == proposal.notices.count()
    # The internal note is a line of its own: gone altogether for those who may not read it.
    assert any(e.kind == "note" for e in events) == ("internal_notes" in READS[role])


def test_an_officials_edit_line_leaves_out_the_contact_but_keeps_the_title(cast, proposal):
    edits = [e.text for e in selectors.timeline(proposal, viewer=cast["official"]) if e.kind == "edit"]

    # The officer's one save changed the contact person and the title: the line keeps the title alone.
    edit = next(text for text in edits if "(수정)" in text)
    assert "이대리" not in edit and CONTACT_NAME not in edit and len(edit.splitlines()) == 1


def test_an_official_reads_the_note_of_a_move_they_made_themselves(cast, issue_in):
    issue = issue_in(State.PROPOSAL)
    services.move_issue(issue, State.FOLLOW_UP, by=cast["official"], note="회신 공문 접수: 2024-05-02",
                        answer=Answer.ACCEPTED, answer_text="수용합니다.")

    texts = [e.text for e in selectors.timeline(issue, viewer=cast["official"]) if e.kind == "move"]

    assert any("회신 공문 접수" in t for t in texts)


@pytest.mark.parametrize("role", ["expert", "official"])
def test_a_history_row_opened_on_its_own_page_hides_its_internal_note_as_the_timeline_does(
        role, as_role, proposal):
    change = StatusChange.objects.get(issue=proposal, note=HISTORY_NOTE)

    response = as_role(role).get(reverse("admin:issues_statuschange_change", args=[change.pk]))

    if role == "official":
        assert response.status_code == 200 and HISTORY_NOTE not in response.content.decode()
    else:
        assert response.status_code == 403  # experts have no permission on the history list


# --- An expert consulted on an issue, not assigned to it ------------------------------------------------------

QUESTION = "실외 이동로봇이 도로교통법상 보행자에 해당하는지 검토해 주십시오."


@pytest.fixture
def consulted(cast, proposal):
    """The proposal given to nobody, and the other expert of the cast asked a question on it."""
    services.assign_issue(proposal, None, by=cast["officer"])
    consultations.request_consultation(proposal, expert=cast["other_expert"], question=QUESTION,
                                       due_on=timezone.localdate() + timedelta(days=10), by=cast["officer"])
    proposal.refresh_from_db()
    return proposal


def test_an_expert_consulted_on_an_issue_reads_what_an_assigned_expert_reads(as_role, consulted):
    page = as_role("other_expert").get(change_url(consulted)).content.decode()

    assert read_groups(page) == READS["expert"]
    assert QUESTION in page and consulted.problem in page


def test_the_consulted_experts_timeline_holds_the_parts_of_the_experts_table(cast, consulted):
    events = selectors.timeline(consulted, viewer=cast["other_expert"])

    text = "\n".join(f"{e.title}\n{e.text}" for e in events)
    assert read_groups(text) == READS["expert"] - {"attachments"}
    assert QUESTION in text


def test_an_expert_neither_assigned_nor_consulted_does_not_see_the_issue(as_role, consulted):
    response = as_role("expert").get(change_url(consulted))

    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_the_consulted_experts_list_and_autocomplete_hold_the_issue(as_role, consulted):
    client = as_role("other_expert")

    assert consulted.number in client.get(CHANGELIST).content.decode()
    status, texts = autocomplete(client, "agendaitem", "issue")
    assert status == 200 and any(consulted.number in t for t in texts)


def test_an_expert_whose_request_went_to_another_no_longer_sees_the_issue(cast, as_role, consulted):
    (request,) = consulted.consultations.all()
    consultations.decline(request, reason="이해충돌", by=cast["other_expert"])
    consultations.reassign(request, expert=cast["expert"], due_on=timezone.localdate() + timedelta(days=7),
                           by=cast["officer"])

    assert as_role("other_expert").get(change_url(consulted)).status_code == 302
    assert consulted.number not in as_role("other_expert").get(CHANGELIST).content.decode()


# --- Merged duplicates ---------------------------------------------------------------------------------------


def merged_into(kept, *, by, state=State.DISCOVERY, assignee=None):
    """An issue of another filer with an internal note, a public note and a file, merged into `kept`."""
    duplicate = make_issue(state, by=by, title="보도 통행 로봇 규제 (중복 접수)", business_number=business_number(),
                           company_name="다른로봇", contact_email="other@robot.example.com",
                           files=[a_file("다른로봇-내부자료.pdf")])
    if assignee is not None:
        services.assign_issue(duplicate, assignee, by=by)
    services.add_note(duplicate, "중복 건 내부 메모: 대표가 경쟁사 견제 목적이라고 언급", by=by)
    services.add_note(duplicate, "같은 건으로 함께 검토합니다.", by=by, is_public=True)
    services.merge_duplicate(duplicate, kept, by=by)
    duplicate.refresh_from_db()
    return duplicate


def duplicate_panel(page: str) -> str:
    start = page.find('id="duplicates-h"')
    return page[start:page.find("</section>", start)] if start >= 0 else ""


def test_an_expert_sees_nothing_of_a_merged_duplicate_they_are_not_assigned_to(cast, as_role, issue_in):
    kept = issue_in(State.CONSULTATION)
    duplicate = merged_into(kept, by=cast["officer"], assignee=cast["other_expert"])

    page = as_role("expert").get(change_url(kept)).content.decode()

    for secret in (duplicate.number, duplicate.title, "중복 건 내부 메모", "다른로봇-내부자료.pdf", "같은 건으로"):
        assert secret not in page
    assert duplicate_panel(page) == ""  # no empty panel either


def test_an_officer_sees_the_merged_duplicate_with_its_notes_and_files(cast, as_role, issue_in):
    kept = issue_in(State.CONSULTATION)
    duplicate = merged_into(kept, by=cast["officer"])

    panel = duplicate_panel(as_role("officer").get(change_url(kept)).content.decode())

    for shown in (duplicate.number, duplicate.title, "중복 건 내부 메모", "다른로봇-내부자료.pdf", "같은 건으로"):
        assert shown in panel


def test_an_expert_assigned_to_the_duplicate_too_reads_its_internal_note(cast, as_role, issue_in):
    kept = issue_in(State.CONSULTATION)
    duplicate = merged_into(kept, by=cast["officer"], assignee=cast["expert"])

    panel = duplicate_panel(as_role("expert").get(change_url(kept)).content.decode())

    assert duplicate.title in panel and "중복 건 내부 메모" in panel and "다른로봇-내부자료.pdf" in panel


def test_an_official_sees_a_merged_proposal_with_its_public_note_and_files_but_no_internal_note(
        cast, as_role, issue_in):
    kept = issue_in(State.PROPOSAL)
    duplicate = merged_into(kept, by=cast["officer"], state=State.FOLLOW_UP)  # it went to the government

    panel = duplicate_panel(as_role("official").get(change_url(kept)).content.decode())

    assert duplicate.title in panel and "같은 건으로" in panel and "다른로봇-내부자료.pdf" in panel
    assert "중복 건 내부 메모" not in panel


def test_an_official_does_not_see_a_duplicate_merged_before_it_reached_the_government(cast, as_role, issue_in):
    kept = issue_in(State.PROPOSAL)
    duplicate = merged_into(kept, by=cast["officer"])

    page = as_role("official").get(change_url(kept)).content.decode()

    assert duplicate.title not in page and duplicate.number not in page


# --- Filtering, searching and ordering by what a role may not see ---------------------------------------------


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize("lookup", ["filer_email__startswith=m", "filer_contact_name__contains=김",
                                    "filer_phone__startswith=010", "filer_ceo_name=박대표", "contact=1"])
def test_the_list_filters_by_filer_contact_only_for_roles_that_read_it(role, lookup, as_role, proposal):
    response = as_role(role).get(f"{CHANGELIST}?{lookup}")

    assert response.status_code == (200 if "filer_contact" in READS[role] else 400)


def test_a_search_by_the_filers_contact_finds_nothing_it_would_not_find_without(cast, as_role, proposal):
    page = as_role("official").get(CHANGELIST, {"q": FILER_EMAIL}).content.decode()

    assert proposal.number not in page


# --- Autocompletes and popups ----------------------------------------------------------------------------------


def autocomplete(client, model_name, field_name, term=""):
    response = client.get("/admin/autocomplete/", {"app_label": "issues", "model_name": model_name,
                                                   "field_name": field_name, "term": term})
    if response.status_code != 200:
        return response.status_code, []
    return 200, [row["text"] for row in json.loads(response.content)["results"]]


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize("source", [("issue", "duplicate_of"), ("agendaitem", "issue"), ("note", "issue")])
def test_issue_autocompletes_list_only_the_issues_the_role_may_see(role, source, cast, as_role, issue_in):
    mine = issue_in(State.PROPOSAL)
    hidden = make_issue(State.DISCOVERY, title="아무도 모르는 발굴 과제", business_number=business_number(),
                        contact_email="hidden@startup.example.com")

    status, texts = autocomplete(as_role(role), *source)

    assert status == 200
    assert any(mine.number in t for t in texts)
    assert any(hidden.number in t for t in texts) == (role == "officer")


@pytest.mark.parametrize("role", STAFF)
def test_the_company_autocomplete_lists_the_companies_of_the_issues_the_role_may_see(role, cast, as_role, issue_in):
    issue_in(State.PROPOSAL)
    make_issue(State.DISCOVERY, company_name="숨은기업", business_number=business_number(),
               contact_email="hidden@startup.example.com")

    status, texts = autocomplete(as_role(role), "issue", "company")

    if role == "expert":
        assert status == 403  # experts read no company records
    else:
        assert "주식회사 로보틱스" in texts
        assert ("숨은기업" in texts) == (role == "officer")


@pytest.mark.parametrize("role", STAFF)
def test_the_contact_autocomplete_answers_only_roles_that_read_filer_contacts(role, as_role, proposal):
    status, texts = autocomplete(as_role(role), "issue", "contact")

    if "filer_contact" in READS[role]:
        assert any(CONTACT_NAME in t for t in texts)
    else:
        assert status == 403 and texts == []


@pytest.mark.parametrize("role", STAFF)
def test_the_company_list_and_popup_show_the_ceo_only_to_roles_that_read_filer_contacts(role, as_role, proposal):
    client = as_role(role)
    listing = client.get("/admin/companies/company/", {"_popup": "1", "_to_field": "id"})
    page = client.get(reverse("admin:companies_company_change", args=[proposal.company_id]))

    if role == "expert":
        assert listing.status_code == page.status_code == 403
        return
    assert "주식회사 로보틱스" in listing.content.decode()
    for response in (listing, page):
        assert (CEO_NAME in response.content.decode()) == ("filer_contact" in READS[role])
    assert (CONTACT_NAME in page.content.decode()) == ("filer_contact" in READS[role])  # the contacts inline
    by_ceo = client.get("/admin/companies/company/", {"ceo_name__startswith": "박"})
    assert by_ceo.status_code == (200 if "filer_contact" in READS[role] else 400)


def test_an_official_lists_only_companies_of_issues_they_may_see(as_role, issue_in):
    issue_in(State.PROPOSAL)
    make_issue(State.DISCOVERY, company_name="숨은기업", business_number=business_number(),
               contact_email="hidden@startup.example.com")

    page = as_role("official").get("/admin/companies/company/").content.decode()

    assert "주식회사 로보틱스" in page and "숨은기업" not in page


# --- Filter choices: meetings and proposal batches -----------------------------------------------------------------


@pytest.fixture
def two_batches(cast, issue_in):
    """A batch submitted to the government and one still being put together, each with a proposal the
    official may see."""
    officer = cast["officer"]
    submitted = batches.create_batch(title="2024년 1차 정부 건의", by=officer)
    batches.add_to_batch([issue_in(State.CONSULTATION, ministry=ministry())], submitted, by=officer)
    batches.submit_batch(submitted, by=officer)
    draft = batches.create_batch(title="준비 중인 2차 묶음", by=officer)
    batches.add_to_batch([issue_in(State.PROPOSAL)], draft, by=officer)
    return submitted, draft


@pytest.mark.parametrize("role", STAFF)
def test_the_issue_lists_batch_filter_names_only_the_batches_the_role_may_see(role, as_role, two_batches):
    page = as_role(role).get(CHANGELIST).content.decode()

    # Officers and officials build batches (CONTRACT.md): both read every batch, those still being built too.
    assert ("2024년 1차 정부 건의" in page) == (role in ("officer", "official"))
    assert ("준비 중인 2차 묶음" in page) == (role in ("officer", "official"))


@pytest.mark.parametrize("role", ["officer", "official"])
def test_the_batch_list_shows_officers_and_officials_every_batch(role, as_role, two_batches):
    page = as_role(role).get(reverse("admin:issues_proposalbatch_changelist")).content.decode()

    assert "2024년 1차 정부 건의" in page
    assert "준비 중인 2차 묶음" in page


def test_the_issue_lists_meeting_filter_offers_an_expert_only_meetings_of_their_issues(cast, as_role, issue_in):
    from tests.agenda.conftest import make_meeting, on_agenda

    mine, other = issue_in(State.CONSULTATION), make_issue(State.DISCOVERY, business_number=business_number(),
                                                           contact_email="other@startup.example.com")
    on_agenda(make_meeting("로봇 분야 간담회"), mine)
    on_agenda(make_meeting("핀테크 비공개 간담회", at="2024-04-02 10:00", until=""), other)

    expert_page = as_role("expert").get(CHANGELIST).content.decode()

    assert "로봇 분야 간담회" in expert_page and "핀테크 비공개 간담회" not in expert_page
    officer_page = as_role("officer").get(CHANGELIST).content.decode()
    assert "로봇 분야 간담회" in officer_page and "핀테크 비공개 간담회" in officer_page


# --- Meetings, the briefing pack and batches --------------------------------------------------------------------


@pytest.fixture
def meeting_with_two(cast, issue_in):
    from tests.agenda.conftest import make_meeting, on_agenda

    meeting = make_meeting("규제혁신 현장 간담회")
    seen = issue_in(State.PROPOSAL)
    unseen = make_issue(State.DISCOVERY, title="간담회에서만 나온 발굴 과제", business_number=business_number(),
                        contact_email="unseen@startup.example.com")
    on_agenda(meeting, seen)
    on_agenda(meeting, unseen)
    return meeting, seen, unseen


@pytest.mark.parametrize("page", ["admin:meetings_meeting_change", "admin:meetings_meeting_briefing",
                                  "admin:meetings_meeting_briefing_pdf"])
def test_an_expert_opens_no_meeting_page_and_so_no_agenda(page, as_role, meeting_with_two):
    meeting, _seen, unseen = meeting_with_two

    response = as_role("expert").get(reverse(page, args=[meeting.pk]))

    assert response.status_code == 403
    assert unseen.title.encode() not in response.content


def test_an_officials_meeting_page_and_list_count_only_the_agenda_items_they_may_see(as_role, meeting_with_two):
    meeting, seen, unseen = meeting_with_two
    client = as_role("official")

    page = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    listing = client.get(reverse("admin:meetings_meeting_changelist")).content.decode()

    assert unseen.title not in page and unseen.number not in page
    assert '<td class="field-agenda_count">1</td>' in listing


def test_an_officer_sees_the_whole_agenda_and_briefing_pack(as_role, meeting_with_two):
    meeting, seen, unseen = meeting_with_two
    client = as_role("officer")

    page = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    # The pack as read: each of its words is a span of its own (keep_words).
    briefing = strip_tags(client.get(reverse("admin:meetings_meeting_briefing", args=[meeting.pk])).content.decode())
    listing = client.get(reverse("admin:meetings_meeting_changelist")).content.decode()

    assert unseen.number in page and seen.number in page
    assert unseen.title in briefing and seen.title in briefing
    assert '<td class="field-agenda_count">2</td>' in listing


def test_an_expert_opens_no_batch_page_and_an_official_sees_only_the_batchs_visible_issues(
        cast, as_role, two_batches):
    submitted, _draft = two_batches
    hidden = make_issue(State.CONSULTATION, title="배치에서 돌려보낸 과제", business_number=business_number(),
                        contact_email="back@startup.example.com")
    hidden.proposal_batch = submitted
    hidden.save(update_fields=["proposal_batch"])
    url = reverse("admin:issues_proposalbatch_change", args=[submitted.pk])

    assert as_role("expert").get(url).status_code == 403
    page = as_role("official").get(url).content.decode()
    assert "2024년 1차 정부 건의" in page and hidden.title not in page


# --- The records' own lists ---------------------------------------------------------------------------------------


def test_an_experts_note_list_holds_only_the_notes_of_their_issues(cast, as_role, proposal):
    other = make_issue(State.DISCOVERY, business_number=business_number(), contact_email="x@startup.example.com")
    services.add_note(other, "다른 과제의 내부 메모", by=cast["officer"])

    page = as_role("expert").get(reverse("admin:issues_note_changelist")).content.decode()

    assert proposal.number in page and other.number not in page
