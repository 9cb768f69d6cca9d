"""`manage.py load_demo`: the roundtable of 28 March 2024 from the seed article, loaded through the
workflow, once. The tests run with DEBUG off, hence --force."""

import socket
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from companies.models import Company, Contact, Organization
from issues import similar
from issues.models import AgendaItem, Issue, Note, Notice, StatusChange, TrackingCounter
from issues.workflow import Answer, Resolution, State
from meetings.models import Attendee, Meeting

pytestmark = pytest.mark.django_db

RAISED_AGAIN = "REG-2026-0001"
ARTICLE_COMPANIES = {
    "블루앤트", "브이엠에스홀딩스", "팀엘리시움", "엘비에스테크", "다윈케이에스", "펫나우", "왓섭", "웨이브코리아",
}
ARTICLE_ISSUES = (
    "비대면 진료 및 의약품 배송 허용",
    "소프트웨어 의료기기 적합성 심사 관련 규정 명확화",
    "건축물현황도 열람 제한 완화",
    "마이데이터 사업 인가를 위한 규제 완화",
)
DEMO_ACCOUNTS = {
    "officer": ("demo-officer-2024", "officer"),
    "expert": ("demo-expert-2024", "expert"),
    "official": ("demo-official-2024", "official"),
    "admin": ("demo-admin-2024", None),
}


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", "--force", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    models = (Company, Contact, Organization, Meeting, Attendee, Issue, AgendaItem, StatusChange, Note, Notice,
              get_user_model())
    counts = {model.__name__: model.objects.count() for model in models}
    counts["counters"] = list(TrackingCounter.objects.values_list("year", "last"))
    return counts


def test_it_loads_the_roundtable_of_28_march_2024():
    load_demo()

    meeting = Meeting.objects.get()
    assert meeting.title == "규제혁신 현장 간담회"
    assert meeting.venue == "서울파트너스하우스"
    assert meeting.address == "서울 용산구 한남대로 138"
    assert timezone.localtime(meeting.starts_at).date() == date(2024, 3, 28)
    assert set(meeting.fields.values_list("code", flat=True)) == {"ai", "robotics", "bio"}

    assert set(Company.objects.values_list("name", flat=True)) == ARTICLE_COMPANIES
    assert set(Organization.objects.filter(kind=Organization.Kind.ASSOCIATION).values_list("name", flat=True)) == {
        "코리아스타트업포럼", "한국인공지능협회", "한국로봇산업협회"}
    # Every company sits at the table with its contact person, next to the associations, an expert and staff.
    company_rows = meeting.attendees.filter(role=Attendee.Role.COMPANY)
    assert {a.company.name for a in company_rows} == ARTICLE_COMPANIES
    assert all(a.contact and a.contact.company_id == a.company_id for a in company_rows)
    assert meeting.attendees.filter(role=Attendee.Role.ORGANIZATION).count() == 3
    assert meeting.attendees.filter(role=Attendee.Role.EXPERT).exists()
    assert meeting.attendees.filter(role=Attendee.Role.CITY_STAFF).exists()

    agenda = list(meeting.agenda.select_related("issue").order_by("position"))
    assert [item.position for item in agenda] == list(range(1, 10))
    # The nine of the roundtable, and the same regulation raised again in 2026, on no agenda.
    assert Issue.objects.count() == 10
    assert {item.issue_id for item in agenda} == set(Issue.objects.exclude(number=RAISED_AGAIN)
                                                     .values_list("pk", flat=True))
    for title, item in zip(ARTICLE_ISSUES, agenda, strict=False):
        assert title in item.issue.title


def test_its_companies_have_fake_but_valid_business_numbers_and_fictional_contacts():
    load_demo()

    for company in Company.objects.all():
        company.full_clean()  # runs the check-digit validator
        assert company.business_number.startswith("00000")
    assert all(email.endswith("@example.com") for email in Contact.objects.values_list("email", flat=True))
    assert Company.objects.get(name="펫나우").ceo_name == "임준호"
    assert Company.objects.get(name="브이엠에스홀딩스").ceo_name == "김지석"


def test_its_issues_are_spread_over_the_workflow_with_a_consistent_2024_history():
    load_demo()

    issues = list(Issue.objects.exclude(number=RAISED_AGAIN))
    states = {issue.state for issue in issues}
    assert len(states) >= 4
    assert all(issue.number.startswith("REG-2024-") for issue in issues)
    assert all(issue.source == Issue.Source.MEETING for issue in issues)

    for issue in issues:
        history = list(issue.status_changes.order_by("at", "id"))
        # A chain: filed into discovery, each move starting where the previous one ended, ending here.
        assert (history[0].from_state, history[0].to_state) == ("", State.DISCOVERY)
        for before, after in zip(history, history[1:], strict=False):
            assert after.from_state == before.to_state
        assert history[-1].to_state == issue.state
        assert all(change.at.year == 2024 for change in history)
        assert history[0].at == issue.filed_at
        assert history[-1].at == issue.state_changed_at
        assert (issue.filed_at.year, issue.filed_at.month) == (2024, 3)

    answered = Issue.objects.filter(state=State.FOLLOW_UP)
    assert answered.count() == 2
    assert len(set(answered.values_list("government_answer", flat=True))) == 2
    closed = Issue.objects.get(state=State.CLOSED)
    assert closed.resolution == Resolution.IMPROVED
    assert closed.government_answer == Answer.ACCEPTED
    assert closed.proposed_on < closed.government_answered_on < timezone.localdate(closed.closed_at)

    pet = Issue.objects.get(company__name="펫나우")
    assert "비문" in pet.title and pet.ministry.name == "농림축산식품부"
    assert "동물보호법 제15조" in pet.related_law


def test_the_regulation_raised_again_finds_the_ship_crews_issue_of_2024_among_its_similar_issues():
    load_demo()

    again = Issue.objects.get(number=RAISED_AGAIN)
    assert (again.title, again.state, again.company.name) == ("재진 만성질환자 비대면 진료 상시 허용", State.DISCOVERY,
                                                            "다윈케이에스")
    found = similar.similar_issues(again, viewer=get_user_model().objects.get(username="officer"))
    assert found[0].issue.title == "원양선박 선원 비대면 진료 및 의약품 배송 허용"
    assert found[0].articles == ["의료법 제34조"]


def test_the_demo_accounts_log_in_and_hold_their_roles(client):
    load_demo()

    User = get_user_model()
    for username, (password, group) in DEMO_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.is_staff and user.email.endswith("@example.com")
        if group:
            assert list(user.groups.values_list("name", flat=True)) == [group]
        else:
            assert user.is_superuser
        # django-axes counts every password check by user name and address: it needs the request.
        request = RequestFactory().post("/admin/login/")
        assert client.login(request=request, username=username, password=password), username
        client.logout()
    assert Issue.objects.filter(assignee__username="officer").count() >= 2
    assert Issue.objects.filter(assignee__username="expert").count() == 1


def test_it_prints_the_accounts_and_where_to_log_in(settings):
    output = load_demo()

    for username, (password, _group) in DEMO_ACCOUNTS.items():
        assert any(username in line and password in line for line in output.splitlines()), username
    assert f"{settings.SITE_URL}/admin/" in output


def test_running_it_twice_changes_nothing():
    load_demo()
    before = snapshot()
    numbers = sorted(Issue.objects.values_list("number", flat=True))

    load_demo()

    assert snapshot() == before
    assert sorted(Issue.objects.values_list("number", flat=True)) == numbers


def test_it_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=StringIO())

    assert not Issue.objects.exists()
    assert not get_user_model().objects.exists()


def test_it_runs_without_force_when_debug_is_on(settings):
    settings.DEBUG = True

    call_command("load_demo", stdout=StringIO())

    assert Issue.objects.count() == 10


def test_the_fictional_filers_are_told_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()

    assert mail.outbox
    assert all(address.endswith("@example.com") for message in mail.outbox for address in message.to)
    assert not Notice.objects.exclude(status=Notice.Status.SENT).exists()


def test_a_mail_server_that_is_down_does_not_fail_it(settings, django_capture_on_commit_callbacks):
    # A port nobody listens on: every delivery fails with "connection refused".
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2

    with django_capture_on_commit_callbacks(execute=True):
        load_demo()

    assert Issue.objects.count() == 10
    # Nothing is lost: every notice stays owed, for `send_notices` to deliver later.
    assert Notice.objects.exists()
    assert not Notice.objects.exclude(status=Notice.Status.PENDING).exists()
    assert not Notice.objects.filter(last_error="").exists()
