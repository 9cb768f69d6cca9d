"""No admin page reaches a secret (config/admin_guard.py): a lookup, a related lookup or a `_to_field` that
touches a status link's secret or its hash, a password or a TOTP key is a 400 for every role that could
send it, before any query runs; searching finds nothing by them; the workspace's own filters still work;
the system check names an admin that would search, filter or sort by a secret; and every registered admin
carries the guard."""

import json
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.sites import AdminSite
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from companies.models import Field
from config.admin import WorkspaceAdminSite
from config.admin_guard import SecretGuard, check_admin_secrets, has_guard_first, secret_on_path, secrets_named
from issues import services
from issues.models import AccessLog, AgendaItem, ExportLog, Issue
from issues.workflow import State
from meetings.models import Meeting
from tests.base import make_expert, make_issue, make_officer, make_official, make_user, ministry

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def cast(db):
    officer = make_officer()
    officer.set_password("officer-password")  # something stored to look for
    officer.save()
    return {
        "officer": officer,
        "expert": make_expert(),
        "official": make_official(),
        "superuser": make_user("root", is_staff=True, is_superuser=True),
    }


@pytest.fixture
def issue(cast):
    """An issue every role sees: in proposal, assigned to the expert, on a meeting's agenda."""
    issue = make_issue(State.PROPOSAL, by=cast["officer"])
    services.assign_issue(issue, cast["expert"], by=cast["officer"])
    Issue.objects.filter(pk=issue.pk).update(field=Field.objects.first())
    meeting = Meeting.objects.create(title="규제혁신 현장 간담회", starts_at=timezone.now())
    AgendaItem.objects.create(meeting=meeting, issue=issue, position=1)
    issue.refresh_from_db()
    return issue


def stored_secrets(issue) -> list[str]:
    """What the database holds of the issue's status link (the secret, or its keyed hash), and the secret
    itself when the filing gave it back."""
    names = [f.attname for f in Issue._meta.concrete_fields if f.name in ("secret", "secret_hash")]
    values = Issue.objects.filter(pk=issue.pk).values_list(*names).get()
    return [value for value in (*values, getattr(issue, "secret", None)) if value]


def as_(client, user):
    client.force_login(user)
    return client


def assert_refused_without(response, *secrets):
    assert response.status_code == 400
    body = response.content.decode()
    for secret in secrets:
        assert secret[:12] not in body


# --- the status link's secret, from the issue list and the lists that lead to issues -----------------------

ISSUE_LOOKUPS = ["secret__regex=^{first}", "secret__startswith={first}", "secret_hash__startswith={first}",
                 "secret_hash__regex=^{first}", "pk__gt=0&secret_hash__gte={first}"]


@pytest.mark.parametrize("role", ["officer", "expert", "official"])
@pytest.mark.parametrize("lookup", ISSUE_LOOKUPS)
def test_no_role_filters_the_issue_list_by_the_status_link(client, cast, issue, role, lookup):
    secret = stored_secrets(issue)[0]
    query = lookup.format(first=secret[0])

    response = as_(client, cast[role]).get(f"/admin/issues/issue/?{query}")

    assert_refused_without(response, *stored_secrets(issue))


# Each list an issue's record can be filtered on, with the roles whose permissions open it (issues/roles.py).
RELATED_LOOKUPS = [
    ("/admin/issues/note/", "issue__secret_hash__startswith", ["officer", "expert"]),
    ("/admin/issues/note/", "issue__secret__regex", ["officer", "expert"]),
    ("/admin/issues/attachment/", "issue__secret__startswith", ["officer", "expert"]),
    ("/admin/issues/attachment/", "issue__secret_hash__startswith", ["officer", "expert"]),
    ("/admin/issues/statuschange/", "issue__secret_hash__startswith", ["officer", "official"]),
    ("/admin/issues/agendaitem/", "issue__secret_hash__startswith", ["officer"]),
    ("/admin/issues/notice/", "issue__secret_hash__startswith", ["officer"]),
    ("/admin/companies/company/", "issues__secret_hash__startswith", ["officer", "official"]),
    ("/admin/companies/company/", "contacts__issues__secret_hash__startswith", ["officer", "official"]),
    ("/admin/companies/contact/", "issues__secret_hash__regex", ["officer"]),
    ("/admin/companies/contact/", "company__issues__secret__startswith", ["officer"]),
    ("/admin/meetings/meeting/", "agenda__issue__secret_hash__startswith", ["officer", "official"]),
    ("/admin/meetings/meeting/", "issues__secret_hash__startswith", ["officer", "official"]),
    ("/admin/issues/proposalbatch/", "issues__secret_hash__startswith", ["officer", "official"]),
    ("/admin/issues/issue/", "duplicates__secret_hash__startswith", ["officer", "expert", "official"]),
    ("/admin/auth/user/", "assigned_issues__secret_hash__startswith", ["superuser"]),
]


@pytest.mark.parametrize("url, lookup, roles", RELATED_LOOKUPS)
def test_no_related_lookup_reaches_the_status_link(client, cast, issue, url, lookup, roles):
    secret = stored_secrets(issue)[0]
    for role in roles:
        response = as_(client, cast[role]).get(f"{url}?{lookup}={secret[0]}")

        assert_refused_without(response, *stored_secrets(issue))


# --- passwords and two-factor keys -----------------------------------------------------------------------


@pytest.fixture
def device(cast):
    return TOTPDevice.objects.create(user=cast["officer"], name="phone", confirmed=True)


def test_a_superuser_cannot_filter_totp_devices_by_their_key(client, cast, device):
    for query in (f"key__startswith={device.key[0]}", f"key__regex=^{device.key[:2]}", f"key__gt={device.key[0]}"):
        response = as_(client, cast["superuser"]).get(f"/admin/otp_totp/totpdevice/?{query}")

        assert_refused_without(response, device.key)


def test_a_superuser_cannot_reach_a_totp_key_from_the_users(client, cast, device):
    response = as_(client, cast["superuser"]).get(f"/admin/auth/user/?totpdevice__key__startswith={device.key[0]}")

    assert_refused_without(response, device.key)


def test_a_superuser_sees_a_device_but_never_its_key(client, cast, device):
    client = as_(client, cast["superuser"])

    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    # The QR code and the configuration page would give the key away (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code == 403


PASSWORD_LOOKUPS = [
    ("/admin/auth/user/", "password__startswith", "superuser"),
    ("/admin/otp_totp/totpdevice/", "user__password__startswith", "superuser"),
    ("/admin/issues/accesslog/", "user__password__startswith", "superuser"),
    ("/admin/issues/issue/", "assignee__password__startswith", "officer"),
    ("/admin/issues/issue/", "assignee__password__startswith", "expert"),
    ("/admin/issues/issue/", "assignee__password__startswith", "official"),
    ("/admin/issues/note/", "author__password__regex", "expert"),
    ("/admin/issues/statuschange/", "by__password__startswith", "official"),
    ("/admin/issues/proposalbatch/", "created_by__password__startswith", "official"),
]


@pytest.mark.parametrize("url, lookup, role", PASSWORD_LOOKUPS)
def test_no_lookup_reaches_a_password(client, cast, issue, device, url, lookup, role):
    AccessLog.objects.create(kind=AccessLog.Kind.ATTACHMENT, user=cast["officer"])
    password = User.objects.get(pk=cast["officer"].pk).password

    response = as_(client, cast[role]).get(f"{url}?{lookup}={password[:5]}")

    assert_refused_without(response, password)


def test_a_superuser_cannot_filter_the_login_log_by_its_session_hashes(client, cast):
    response = as_(client, cast["superuser"]).get("/admin/axes/accesslog/?session_hash__startswith=a")

    assert response.status_code == 400


# --- _to_field: a popup or form that would hand out the referenced field's value -------------------------


def test_no_page_references_an_issue_by_its_status_link(client, cast, issue):
    secret = stored_secrets(issue)[0]
    client = as_(client, cast["officer"])

    for url in ("/admin/issues/issue/?_to_field=secret_hash&_popup=1",
                "/admin/issues/issue/?_to_field=secret&_popup=1"):
        assert_refused_without(client.get(url), *stored_secrets(issue))
    # A guessed value as the object's id confirms nothing: the page that answers names no issue.
    response = client.get(f"/admin/issues/issue/{secret}/change/?_to_field=secret_hash")
    assert response.status_code == 400
    assert issue.number not in response.content.decode()


def test_no_page_references_a_user_by_password_or_a_device_by_key(client, cast, device):
    client = as_(client, cast["superuser"])

    assert client.get("/admin/auth/user/?_to_field=password&_popup=1").status_code == 400
    assert client.get("/admin/otp_totp/totpdevice/?_to_field=key&_popup=1").status_code == 400


# --- search and autocomplete find nothing by a secret ----------------------------------------------------


def test_searching_the_issue_list_for_a_status_link_finds_nothing(client, cast, issue):
    client = as_(client, cast["officer"])

    for secret in stored_secrets(issue):
        response = client.get("/admin/issues/issue/", {"q": secret})

        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []


def test_the_autocomplete_finds_issues_by_number_never_by_status_link(client, cast, issue):
    client = as_(client, cast["officer"])
    url = "/admin/autocomplete/?app_label=issues&model_name=agendaitem&field_name=issue&term="

    by_number = json.loads(client.get(url + issue.number).content)
    assert [row["id"] for row in by_number["results"]] == [str(issue.pk)]
    for secret in stored_secrets(issue):
        response = client.get(url + secret[:8])

        assert response.status_code == 200
        assert json.loads(response.content)["results"] == []


# --- what officers, experts and officials filter by every day still works -----------------------------------


def test_the_issue_lists_filters_still_answer(client, cast, issue):
    client = as_(client, cast["officer"])
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    meeting = issue.meetings.get()
    queries = [
        "state=open", "state=proposal", f"field__id__exact={issue.field_id}",
        f"ministry__id__exact={issue.ministry_id}", "assignee=none", "assignee=me",
        f"meetings__id__exact={meeting.pk}", "overdue=yes", "overdue=no",
        urlencode({"filed_at__gte": midnight, "filed_at__lt": midnight + timedelta(days=1)}),
        f"q={issue.number}", "o=1", "title__icontains=배달로봇",
    ]

    for query in queries:
        assert client.get(f"/admin/issues/issue/?{query}").status_code == 200, query
    # The filters find the issue they should.
    found = client.get(f"/admin/issues/issue/?state=proposal&meetings__id__exact={meeting.pk}")
    assert [i.number for i in found.context["cl"].result_list] == [issue.number]


@pytest.mark.parametrize("role", ["expert", "official"])
def test_experts_and_officials_filter_their_issue_list_as_before(client, cast, issue, role):
    response = as_(client, cast[role]).get(f"/admin/issues/issue/?state=proposal&ministry__id__exact={ministry().pk}")

    assert response.status_code == 200
    assert [i.number for i in response.context["cl"].result_list] == [issue.number]


def test_the_other_lists_filters_still_answer(client, cast, issue, device):
    AccessLog.objects.create(kind=AccessLog.Kind.ATTACHMENT, user=cast["officer"])
    pages = [
        ("officer", "/admin/issues/note/?is_public__exact=0"),
        ("officer", f"/admin/companies/company/?field__id__exact={Field.objects.first().pk}"),
        ("official", f"/admin/meetings/meeting/?year={timezone.localdate().year}"),
        ("official", "/admin/issues/statuschange/?to_state__exact=proposal"),
        ("superuser", f"/admin/issues/accesslog/?user__id__exact={cast['officer'].pk}"),
        ("superuser", "/admin/otp_totp/totpdevice/?confirmed__exact=1"),
        ("superuser", "/admin/auth/user/?is_staff__exact=1"),
        ("superuser", "/admin/axes/accessattempt/"),
    ]

    for role, url in pages:
        assert as_(client, cast[role]).get(url).status_code == 200, url


# --- the system check ----------------------------------------------------------------------------------


def errors_of(site, model, **options) -> list[str]:
    """The messages of the secret check for an admin with `options`, registered for `model` on `site`."""
    site.register(model, type("MadeUpAdmin", (admin.ModelAdmin,), options))
    made_up = type(site.get_model_admin(model))
    return [error.msg for error in check_admin_secrets() if error.obj is made_up]


@pytest.mark.parametrize("options, message", [
    ({"search_fields": ["secret_hash"]},
     "MadeUpAdmin.search_fields names 'secret_hash', which reaches the secret issues.Issue.secret_hash."),
    ({"search_fields": ["^title", "=secret_hash"]},
     "MadeUpAdmin.search_fields names 'secret_hash', which reaches the secret issues.Issue.secret_hash."),
    ({"list_filter": ["contact__issues__secret_hash"]},
     "MadeUpAdmin.list_filter names 'contact__issues__secret_hash', which reaches the secret "
     "issues.Issue.secret_hash."),
    ({"list_filter": [("assignee__password", admin.AllValuesFieldListFilter)]},
     "MadeUpAdmin.list_filter names 'assignee__password', which reaches the secret auth.User.password."),
    ({"ordering": ["-secret_hash"]},
     "MadeUpAdmin.ordering names 'secret_hash', which reaches the secret issues.Issue.secret_hash."),
    ({"readonly_fields": ["secret_hash"]},
     "MadeUpAdmin.readonly_fields names 'secret_hash', which reaches the secret issues.Issue.secret_hash."),
    ({"list_display": ["number", "company__issues__secret_hash"]},
     "MadeUpAdmin.list_display names 'company__issues__secret_hash', which reaches the secret "
     "issues.Issue.secret_hash."),
    ({"list_display": ["number", "link"],
      "link": admin.display(ordering="secret_hash")(lambda self, issue: "…")},
     "MadeUpAdmin.list_display names 'secret_hash', which reaches the secret issues.Issue.secret_hash."),
])
def test_the_check_names_an_admin_that_searches_filters_sorts_or_shows_a_secret(options, message):
    assert errors_of(WorkspaceAdminSite(name="made-up"), Issue, **options) == [message]


def test_the_check_names_a_user_admin_that_shows_the_password_as_stored():
    assert errors_of(WorkspaceAdminSite(name="made-up"), User, fields=["username", "password"]) == [
        "MadeUpAdmin.fields names 'password', which reaches the secret auth.User.password."]


def test_the_check_names_a_totp_admin_whose_form_shows_the_key():
    # Without fields or fieldsets the form shows every editable field, the key among them.
    assert errors_of(WorkspaceAdminSite(name="made-up"), TOTPDevice) == [
        "MadeUpAdmin.the form's fields names 'key', which reaches the secret otp_totp.TOTPDevice.key."]


def test_the_check_passes_an_admin_that_names_only_ordinary_fields():
    assert errors_of(WorkspaceAdminSite(name="made-up"), Issue, search_fields=["number", "company__name"],
                     list_filter=["state", "field"], ordering=["-filed_at"]) == []


def test_the_check_names_an_admin_registered_without_the_guard():
    site = AdminSite(name="plain")
    site.register(ExportLog)

    errors = [error for error in check_admin_secrets() if error.obj is type(site.get_model_admin(ExportLog))]

    assert [error.id for error in errors] == ["admin_guard.E002"]


def test_the_workspace_names_no_secret_anywhere():
    for model_admin in admin.site._registry.values():
        assert secrets_named(model_admin) == [], model_admin
        for inline in model_admin.inlines:
            assert secrets_named(inline(model_admin.model, admin.site)) == [], inline


def test_a_search_or_filter_computed_per_request_may_not_reach_a_secret_either(rf, cast):
    site = WorkspaceAdminSite(name="made-up")
    site.register(Issue, type("MadeUpAdmin", (admin.ModelAdmin,), {
        "get_search_fields": lambda self, request: ["number", "secret_hash"],
        "get_list_filter": lambda self, request: ["state", "assignee__password"],
    }))
    model_admin, request = site.get_model_admin(Issue), rf.get("/admin/issues/issue/")
    request.user = cast["officer"]

    with pytest.raises(ImproperlyConfigured, match="reaches the secret issues.Issue.secret_hash"):
        model_admin.get_search_fields(request)
    with pytest.raises(ImproperlyConfigured, match="reaches the secret auth.User.password"):
        model_admin.get_list_filter(request)


def test_the_history_of_an_issue_leads_to_no_password():
    historical = Issue.audit.model

    assert secret_on_path(historical, "history_user__password__startswith") == "auth.User.password"
    assert secret_on_path(historical, "secret_hash") == "issues.HistoricalIssue.secret_hash"
    assert secret_on_path(historical, "history_date__gte") is None


# --- every admin, ours and the third-party apps', carries the guard -----------------------------------------


def test_every_registered_admin_checks_its_lookups_with_the_guard_first():
    registered = {model._meta.label for model in admin.site._registry}
    # The third-party admins are there too, not only ours.
    assert {"auth.User", "auth.Group", "otp_totp.TOTPDevice", "axes.AccessLog", "issues.Issue"} <= registered
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin, SecretGuard), model_admin
        assert has_guard_first(type(model_admin)), model_admin


def test_an_admin_registered_tomorrow_carries_the_guard_too():
    assert isinstance(admin.site, WorkspaceAdminSite)
    admin.site.register(ExportLog)
    try:
        model_admin = admin.site.get_model_admin(ExportLog)
        assert has_guard_first(type(model_admin))
        with pytest.raises(DisallowedModelAdminLookup):
            model_admin.lookup_allowed("user__password__startswith", "md5", None)
    finally:
        admin.site.unregister(ExportLog)


def test_the_site_keeps_its_name_in_korean_and_english(client, cast):
    client = as_(client, cast["officer"])

    assert "서울 규제혁신 지원창구" in client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "Seoul Regulatory Innovation Desk" in client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
