"""The officer's side in the workspace: the issue page's expert consultations panel (the request form with
its suggested experts, the requests, their thread; accept, follow up, reassign), what the others get at those
pages, the roster (officers keep it, an expert edits their own profile only), and the overdue consultations
on the dashboard."""

import pytest
from django.urls import reverse

from issues import consultations
from issues.models import Consultation, ConsultationMessage, ExpertProfile
from issues.stats.dashboard import dashboard

from .conftest import QUESTION, in_days

pytestmark = pytest.mark.django_db


def change_url(issue):
    return reverse("admin:issues_issue_change", args=[issue.pk])


def action_url(consultation, action):
    return reverse("admin:issues_issue_consultation_action", args=[consultation.pk, action])


def logged_in(client, user):
    client.force_login(user)
    return client


def test_the_request_form_suggests_experts_with_profession_fields_and_open_requests(client, issue, people):
    page = logged_in(client, people["officer"]).get(change_url(issue)).content.decode()

    assert 'id="consult-form"' in page
    lawyer = people["expert"].expert_profile.pk
    patent = people["other_expert"].expert_profile.pk
    # The lawyer of the issue's field first (bio-health), then the patent attorney of none.
    first = f'<option value="{lawyer}">박정우 · 변호사 · 바이오·헬스 · 답변 대기 0건</option>'
    second = f'<option value="{patent}">최유진 · 변리사 · 분야 없음 · 답변 대기 0건</option>'
    assert first in page and second in page
    assert page.index(first) < page.index(second)


def test_the_officer_asks_from_the_issue_page(client, issue, people):
    response = logged_in(client, people["officer"]).post(reverse("admin:issues_issue_consult", args=[issue.pk]), {
        "expert": people["expert"].expert_profile.pk, "question": QUESTION, "due_on": in_days(10).isoformat()})

    made = Consultation.objects.get()
    assert response["Location"] == f"{change_url(issue)}#consultation-{made.pk}"
    assert (made.expert, made.question, made.due_on) == (people["expert"], QUESTION, in_days(10))


def test_a_request_with_something_missing_comes_back_with_what_was_typed(client, issue, people):
    response = logged_in(client, people["officer"]).post(reverse("admin:issues_issue_consult", args=[issue.pk]), {
        "expert": people["expert"].expert_profile.pk, "question": QUESTION, "due_on": in_days(-1).isoformat()})

    page = response.content.decode()
    assert response.status_code == 200
    assert "오늘 이후의 회신 기한을 고르십시오." in page and QUESTION in page
    assert not Consultation.objects.exists()


def test_the_officer_accepts_follows_up_and_reassigns_through_the_panels_pages(client, answered, people):
    client = logged_in(client, people["officer"])
    page = client.get(change_url(answered.issue)).content.decode()
    assert action_url(answered, "accept") in page and action_url(answered, "follow-up") in page
    assert action_url(answered, "reassign") not in page  # answered on time: nothing to reassign

    client.post(action_url(answered, "follow-up"), {"text": "원격 모니터링은요?"})
    assert Consultation.objects.get().status == "follow_up"
    consultations.submit_opinion(answered, summary="범위 밖입니다.", legal_basis="", recommendation="amended",
                                 by=people["expert"])
    response = client.post(action_url(answered, "accept"), {"published_summary": "전문가 검토를 거쳐 건의합니다."})

    assert response["Location"] == f"{change_url(answered.issue)}#consultation-{answered.pk}"
    answered.refresh_from_db()
    assert (answered.status, answered.published_summary) == ("accepted", "전문가 검토를 거쳐 건의합니다.")


def test_the_officer_gives_a_declined_request_to_another_expert(client, requested, people):
    consultations.decline(requested, reason="이해충돌", by=people["expert"])
    client = logged_in(client, people["officer"])
    form = client.get(action_url(requested, "reassign")).content.decode()
    # The expert who declined is not offered again.
    assert f'value="{people["expert"].expert_profile.pk}"' not in form

    client.post(action_url(requested, "reassign"), {"expert": people["other_expert"].expert_profile.pk,
                                                    "due_on": in_days(7).isoformat()})

    new = Consultation.objects.get(expert=people["other_expert"])
    assert Consultation.objects.get(pk=requested.pk).replaced_by == new


@pytest.mark.parametrize(("role", "status"), [("expert", 403), ("other_expert", 404), ("official", 404)])
@pytest.mark.parametrize("action", ["accept", "follow-up", "reassign"])
def test_only_officers_act_on_a_request(role, status, action, client, answered, people):
    response = logged_in(client, people[role]).post(action_url(answered, action), {
        "text": "질의", "published_summary": "", "expert": people["other_expert"].expert_profile.pk,
        "due_on": in_days(3).isoformat()})

    assert response.status_code == status
    assert Consultation.objects.get().status == "answered"
    assert ConsultationMessage.objects.count() == 2


@pytest.mark.parametrize(("role", "status"), [("expert", 403), ("other_expert", 404), ("official", 404)])
def test_only_officers_ask(role, status, client, requested, people):
    # The expert asked sees the issue and may not ask; the other expert and the official do not see it (in
    # consultation): there is none for them.
    response = logged_in(client, people[role]).post(
        reverse("admin:issues_issue_consult", args=[requested.issue_id]),
        {"expert": people["other_expert"].expert_profile.pk, "question": QUESTION, "due_on": in_days(3).isoformat()})

    assert response.status_code == status
    assert Consultation.objects.count() == 1


def test_the_link_in_the_officers_e_mail_leads_to_the_request_on_the_issue_page(client, answered, people):
    response = logged_in(client, people["officer"]).get(
        reverse("admin:issues_issue_consultation", args=[answered.pk]))

    assert response["Location"] == f"{change_url(answered.issue)}#consultation-{answered.pk}"


def test_the_link_is_found_by_nobody_who_does_not_read_the_request(client, answered, people):
    response = logged_in(client, people["other_expert"]).get(
        reverse("admin:issues_issue_consultation", args=[answered.pk]))

    assert response.status_code == 404


# --- The roster ---------------------------------------------------------------------------------------------

def roster_url(profile=None):
    if profile is None:
        return reverse("admin:issues_expertprofile_changelist")
    return reverse("admin:issues_expertprofile_change", args=[profile.pk])


def test_officers_read_the_roster_with_each_experts_open_requests(client, requested, people):
    page = logged_in(client, people["officer"]).get(roster_url()).content.decode()

    assert "박정우" in page and "최유진" in page and "법무법인 한결" in page
    assert '<td class="field-open_count">1</td>' in page


def test_an_expert_reads_and_edits_their_own_profile_only(client, people, bio):
    own, other = people["expert"].expert_profile, people["other_expert"].expert_profile
    client = logged_in(client, people["expert"])

    listed = client.get(roster_url()).content.decode()
    assert "박정우" in listed and "최유진" not in listed
    assert client.get(roster_url(other)).status_code == 302  # not theirs: the admin knows no such profile
    response = client.post(roster_url(own), {"profession": "lawyer", "fields": [bio.pk],
                                             "organisation": "법무법인 새길", "phone": "02-555-0101",
                                             "email": "jungwoo.park@law.example.com", "may_be_named": "on"})

    assert response.status_code == 302
    own.refresh_from_db()
    # Unticked: no longer taking requests; the expert's consent to be named; the profile still theirs.
    assert (own.organisation, own.accepting_requests, own.may_be_named, own.user) == (
        "법무법인 새길", False, True, people["expert"])


def test_an_expert_adds_no_profile_and_reads_no_officers_note(client, people):
    own = people["expert"].expert_profile
    own.note = "응답이 빠름"
    own.save()
    client = logged_in(client, people["expert"])

    assert client.get(reverse("admin:issues_expertprofile_add")).status_code == 403
    assert "응답이 빠름" not in client.get(roster_url(own)).content.decode()


def test_officers_add_an_expert_to_the_roster(client, people):
    from tests.base import make_expert

    newcomer = make_expert("seoyeon", first_name="서연", last_name="한")
    response = logged_in(client, people["officer"]).post(reverse("admin:issues_expertprofile_add"), {
        "user": newcomer.pk, "profession": "accountant", "organisation": "한빛회계법인", "accepting_requests": "on"})

    assert response.status_code == 302
    assert ExpertProfile.objects.get(user=newcomer).get_profession_display() == "회계사"


def test_an_official_has_no_roster(client, people):
    assert logged_in(client, people["official"]).get(roster_url()).status_code == 403


# --- Overdue on the dashboard ------------------------------------------------------------------------------

def test_the_dashboard_lists_the_overdue_consultations_to_officers(client, requested, people):
    Consultation.objects.filter(pk=requested.pk).update(due_on=in_days(-4))

    figures = dashboard(people["officer"])["overdue_consultations"]
    page = logged_in(client, people["officer"]).get(reverse("admin:index")).content.decode()

    assert figures["n"] == 1
    assert [(row["number"], row["expert"], row["days"]) for row in figures["rows"]] == [
        (requested.issue.number, "박정우", 4)]
    assert "회신 기한이 지난 자문" in page
    assert f'{change_url(requested.issue)}#consultation-{requested.pk}' in page


def test_the_dashboard_of_others_has_no_overdue_consultations(requested, people):
    Consultation.objects.filter(pk=requested.pk).update(due_on=in_days(-4))

    assert dashboard(people["expert"])["overdue_consultations"] is None
    assert dashboard(people["official"])["overdue_consultations"] is None


def test_an_expert_who_gave_opinions_keeps_their_account_and_the_opinions_their_author(client, answered, people):
    from tests.base import make_user

    root = make_user("root", is_staff=True, is_superuser=True)
    response = logged_in(client, root).post(reverse("admin:auth_user_delete", args=[people["expert"].pk]),
                                            {"post": "yes"})

    # The admin says it cannot delete the account, and why; deactivating it is the way out.
    page = response.content.decode()
    assert response.status_code == 200 and "<h1>사용자 항목을 삭제할 수 없습니다</h1>" in page and "<li>자문" in page
    assert Consultation.objects.get().expert == people["expert"]
