"""Who gets what at every URL: one table, written by hand from CONTRACT.md's roles and SPEC.md, of every
URL pattern of the site (public pages, exports, staff sign-in, the admin site's own views and every
ModelAdmin's) × every role, with the answer that role is meant to get.

The roles: someone anonymous; the filer of issue X in the browser that filed it (holding X's status
link); the filer of issue Y (holding Y's link); an expert, to whom X is assigned; an official; an
officer; a superuser; and an officer who gave the password but not the second factor. Two-factor login
is on, as in production; every other staff member gave both. A URL with a status-link secret is asked
with the link the role holds; a role holding none asks with a well-formed secret that opens nothing.

Each (row, role) is a test of its own. The coverage tests walk the URLconf and the admin registry: a URL
pattern without a row, or a row whose pattern is gone, fails them by name."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as LoginLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from companies.models import Company, Contact, Field, Organization
from config.staff.enrolment import make_enrolment_link
from issues import consultations, services
from issues.models import (
    AccessLog,
    Attachment,
    Citation,
    Consultation,
    ConsultationMessage,
    ExpertProfile,
    ExportLog,
    Issue,
    IssueRelation,
    Note,
    Notice,
    ProposalBatch,
    TrackingCounter,
)
from issues.proposals import batches
from issues.workflow import Answer as GovernmentAnswer
from issues.workflow import Resolution, State
from meetings.models import Meeting
from tests.base import business_number, intake, make_expert, make_issue, make_officer, make_official, make_user
from tests.base import ministry as a_ministry
from tests.intake import files

pytestmark = [pytest.mark.django_db, pytest.mark.one_pass]

ROLES = ("anon", "link", "other_link", "expert", "official", "officer", "superuser", "no2fa")
LOGIN_URL, TWO_FACTOR_URL, ADMIN_INDEX = "/admin/login/", "/accounts/two-factor/", "/admin/"
PASSWORD = "partners-house-0328"
MARK = "권한 표 확인용 메모"  # the text a POST writes, so that a probe can find it
UNKNOWN_LINK = "Z" * 43  # as well-formed as a real secret, and nobody's


# --- The answers ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    name: str
    meaning: str
    accepts: Callable  # (status, location, done) -> bool; `done` is the row's probe, None without one

    def __repr__(self):
        return self.name


def _sent_on(location: str) -> bool:
    return not location.startswith((LOGIN_URL, TWO_FACTOR_URL))


OK = Expect("OK", "200", lambda s, loc, done: s == 200 and done is not False)
YES = Expect("YES", "allowed: 200, or 302 on to the next page (not login, two-factor or the admin index), "
                    "and what the POST asks for is done",
             lambda s, loc, done: (s == 200 or (s == 302 and _sent_on(loc) and loc != ADMIN_INDEX))
             and done is not False)
GO = Expect("GO", "302 on to another page (not login or two-factor)",
            lambda s, loc, done: s == 302 and _sent_on(loc) and not done)
LOGIN = Expect("LOGIN", "302 to the staff login", lambda s, loc, done: s == 302 and loc.startswith(LOGIN_URL)
               and not done)
TWOFA = Expect("TWOFA", "302 to the two-factor pages",
               lambda s, loc, done: s == 302 and loc.startswith(TWO_FACTOR_URL) and not done)
DENY = Expect("DENY", "403: the role sees this but may not do it", lambda s, loc, done: s == 403 and not done)
HIDDEN = Expect("HIDDEN", "not there for this role: 404, or the admin's redirect to its index for an object "
                          "it cannot find", lambda s, loc, done: (s == 404 or (s == 302 and loc == ADMIN_INDEX))
                and not done)
NO = Expect("NO", "refused (403) or not there (HIDDEN): the role has no business on this page",
            lambda s, loc, done: DENY.accepts(s, loc, done) or HIDDEN.accepts(s, loc, done))
REFUSE = Expect("REFUSE", "refused with nothing done: 403, or the page again with an error",
                lambda s, loc, done: (s in (200, 403) or (s == 302 and _sent_on(loc))) and done is False)
NOGET = Expect("NOGET", "405: the page takes POST only", lambda s, loc, done: s == 405 and not done)


# --- Rows -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Act:
    """What a POST row sends, and the probe that tells whether it was done (None: not checked)."""

    data: dict | Callable = None
    probe: Callable = None


@dataclass(frozen=True)
class Row:
    method: str
    pattern: str  # the URL pattern's name, or its route when it has none
    args: str  # space-separated: names of the data set's objects, literals, "link", "ac:<app.model.field>", "?query"
    answers: dict
    act: Act

    @property
    def key(self) -> str:
        """What the coverage check counts: the pattern, and for the admin's app index, the app."""
        return f"{self.pattern} {self.args}" if self.pattern == "admin:app_list" else self.pattern

    @property
    def label(self) -> str:
        return f"{self.method} {self.pattern}" + (f" {self.args}" if self.args else "")

    def url(self, world, role: str) -> str:
        values, query = [], ""
        for token in self.args.split():
            if token.startswith("?"):
                query = token
            elif token.startswith("ac:"):
                app_label, model_name, field_name = token[3:].split(".")
                query = "?" + urlencode({"app_label": app_label, "model_name": model_name, "field_name": field_name})
            elif token == "link":
                values.append(world.links.get(role, UNKNOWN_LINK))
            else:
                values.append(world.args.get(token, token))
        if "/" in self.pattern:  # a route: fill its parameters in order
            filled = iter(values)
            path = "/" + re.sub(r"<[^>]+>|\(\?P<\w+>[^)]*\)", lambda m: str(next(filled)), self.pattern)
            return path.replace("^", "").replace("$", "") + query
        return reverse(self.pattern, args=values) + query


def _row(method, pattern, args, answers, act):
    assert len(answers) == len(ROLES), f"{method} {pattern} {args}: {len(answers)} answers for {len(ROLES)} roles"
    assert REFUSE not in answers or act.probe, f"{method} {pattern}: REFUSE needs a probe"
    return Row(method, pattern, args, dict(zip(ROLES, answers, strict=True)), act)


def get(pattern, args, *answers):
    return _row("GET", pattern, args, answers, Act())


def post(pattern, args, *answers, act=None):
    return _row("POST", pattern, args, answers, act or Act())


# --- What the POSTs send, and how to see that they did it ------------------------------------------------


def _issue(world, name) -> Issue:
    return Issue.objects.get(pk=world.objects[name].pk)


def moved(name, state):
    return lambda world, role: world.objects[name].state != state == _issue(world, name).state


def noted(name):
    return lambda world, role: Note.objects.filter(issue=world.objects[name], body=MARK).exists()


def assigned_to_self(name):
    """Whether the issue became the acting user's (it may have been theirs before: then nothing was done)."""
    def probe(world, role):
        me = world.users.get(role)
        return me is not None and world.objects[name].assignee_id != me.pk == _issue(world, name).assignee_id
    return probe


def reviewed(name):
    return lambda world, role: _issue(world, name).filer_reviewed_at is not None


def submitted(name):
    return lambda world, role: ProposalBatch.objects.get(pk=world.objects[name].pk).submitted_at is not None


def deleted(name):
    """A probe and what the delete page's "Yes, I'm sure" sends."""
    def probe(world, role):
        obj = world.objects[name]
        return not type(obj).objects.filter(pk=obj.pk).exists()
    return Act({"post": "yes"}, probe)


def _held(world, role) -> Issue | None:
    name = {"link": "x", "other_link": "y"}.get(role)
    return _issue(world, name) if name else None


def withdrawn(world, role):
    issue = _held(world, role)
    return issue is not None and (issue.state, issue.resolution) == (State.CLOSED, Resolution.WITHDRAWN)


def messaged(world, role):
    issue = _held(world, role)
    return issue is not None and issue.notes.filter(body=MARK, is_from_filer=True).exists()


MOVE = {"note": MARK, "answer": GovernmentAnswer.ACCEPTED, "answer_text": "수용합니다.",
        "resolution": Resolution.OUT_OF_SCOPE}
START_X = Act(MOVE, moved("x", State.CONSULTATION))
START_X_IN_BULK = Act(lambda w: {"action": "move_to_consultation", "index": "0", "apply": "1",
                                 "_selected_action": [w.args["x"]]}, moved("x", State.CONSULTATION))
ANSWER_P = Act(MOVE, moved("p", State.FOLLOW_UP))
CLOSE_P = Act(MOVE, moved("p", State.CLOSED))
NOTE_X, NOTE_P = Act({"body": MARK}, noted("x")), Act({"body": MARK}, noted("p"))
TAKE_X, TAKE_P = Act({}, assigned_to_self("x")), Act({}, assigned_to_self("p"))
GIVE_X = Act(lambda w: {"assignee": w.users["officer"].pk},
             lambda world, role: world.objects["x"].assignee_id != world.users["officer"].pk
             == _issue(world, "x").assignee_id)
SUBMIT_B2 = Act({"note": MARK}, submitted("b2"))
MATCH_K = Act({"decision": "accept"}, reviewed("k"))
WITHDRAW = Act({"reason": MARK}, withdrawn)
MESSAGE = Act({"body": MARK}, messaged)
ENGLISH = Act({"language": "en", "next": "/"})
WRONG_PASSWORD = Act({"username": "officer", "password": "not-the-password", "next": "/admin/"})
WRONG_CODE = Act(lambda w: {"code": w.args["wrong_code"], "next": "/admin/"})
FILING = Act(lambda w: {**_intake_form(w.args["field"]), "business_number": business_number()})
LOOKUP = Act(lambda w: {"lookup-number": w.args["x_number"], "lookup-email": w.args["x_email"]})
LINKS = Act(lambda w: {"links-email": w.args["x_email"]})
CANCEL = Act({"cancel": "1"})
DUE_ON = (timezone.localdate() + timedelta(days=7)).isoformat()
CONSULT_X = Act(lambda w: {"expert": w.args["profile_other"], "question": MARK, "due_on": DUE_ON},
                lambda world, role: Consultation.objects.filter(question=MARK).exists())
ACCEPT_CQ = Act({"published_summary": MARK},
                lambda world, role: Consultation.objects.get(pk=world.args["cq"]).status == "accepted")
FOLLOW_UP_CQ = Act({"text": MARK}, lambda world, role: ConsultationMessage.objects.filter(text=MARK).exists())
REASSIGN_CD = Act(lambda w: {"expert": w.args["profile_other"], "due_on": DUE_ON},
                  lambda world, role: Consultation.objects.get(pk=world.args["cd"]).status == "reassigned")
OPINION = {"summary": MARK, "legal_basis": "의료법 제34조", "recommendation": "as_is"}
OPINION_CO = Act(OPINION, lambda world, role: Consultation.objects.get(pk=world.args["co"]).status == "answered")
OPINION_CQ = Act(OPINION, lambda world, role: Consultation.objects.get(pk=world.args["cq"]).summary == MARK)
DECLINE_CO = Act({"reason": MARK},
                 lambda world, role: Consultation.objects.get(pk=world.args["co"]).status == "declined")
INTO_BATCH = Act({"query": "", "into": ""})
SIMILAR_TEXT = Act({"title": "원격 진료 허용", "problem": "의사와 환자 사이의 원격 진료가 허용되지 않는다."})


def _relation(world, one, other):
    low, high = sorted((world.args[one], world.args[other]))
    return IssueRelation.objects.filter(issue=low, other=high)


RELATE_XK = Act({}, lambda world, role: _relation(world, "x", "k").filter(removed_at=None).exists())
UNRELATE_XY = Act({}, lambda world, role: not _relation(world, "x", "y").filter(removed_at=None).exists())
MERGE_XK = Act({"public_note": MARK}, lambda world, role: _issue(world, "x").duplicate_of_id == world.args["k"])


# --- The table --------------------------------------------------------------------------------------------
# X: filed by `link`, in discovery, assigned to the expert (officials do not see it). Y: filed by `other_link`.
# K: filed with a known company's business number, assigned to the expert, not yet matched by an officer.
# P: a proposal in a submitted batch (b1), assigned to nobody (the expert does not see it). b2: a batch not
# yet submitted holding D, in consultation (officials see b2, not D); b3: an empty batch not yet submitted.
#
#     pattern                              args        anon    link    other   expert  official officer super   no2fa
TABLE = [
    # Public pages (CONTRACT.md): everyone; an officer without the second factor is sent to it first.
    get("landing", "",                                 OK,     OK,     OK,     OK,     OK,     OK,     OK,     TWOFA),
    get("healthz", "",                                 OK,     OK,     OK,     OK,     OK,     OK,     OK,     TWOFA),
    get("set_language", "",                            GO,     GO,     GO,     GO,     GO,     GO,     GO,     GO),
    post("set_language", "",                           YES,    YES,    YES,    YES,    YES,    YES,    YES,    YES,
         act=ENGLISH),
    get("issues-new", "",                              OK,     OK,     OK,     OK,     OK,     OK,     OK,     TWOFA),
    post("issues-new", "",                             YES,    YES,    YES,    YES,    YES,    YES,    YES,    TWOFA,
         act=FILING),
    # The published solved cases like the report being written (POST: the typed text never in a URL).
    get("issues-similar", "",                          NOGET,  NOGET,  NOGET,  NOGET,  NOGET,  NOGET,  NOGET,  TWOFA),
    post("issues-similar", "",                         OK,     OK,     OK,     OK,     OK,     OK,     OK,     TWOFA,
         act=SIMILAR_TEXT),
    get("stats", "",                                   OK,     OK,     OK,     OK,     OK,     OK,     OK,     TWOFA),
    get("privacy", "",                                 OK,     OK,     OK,     OK,     OK,     OK,     OK,     TWOFA),
    get("issues-track", "",                            OK,     OK,     OK,     OK,     OK,     OK,     OK,     TWOFA),
    post("issues-track", "",                           YES,    YES,    YES,    YES,    YES,    YES,    YES,    TWOFA,
         act=LOOKUP),
    get("issues-links", "",                            NOGET,  NOGET,  NOGET,  NOGET,  NOGET,  NOGET,  NOGET,  TWOFA),
    post("issues-links", "",                           YES,    YES,    YES,    YES,    YES,    YES,    YES,    TWOFA,
         act=LINKS),
    # The receipt shows the status link: only to the browser that filed the issue, staff included.
    get("issues-receipt", "x_number",                  HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, TWOFA),
    # The status pages, with the link the role holds (X's, Y's, or none).
    get("issues-status", "link",                       HIDDEN, OK,     OK,     HIDDEN, HIDDEN, HIDDEN, HIDDEN, TWOFA),
    get("issues-message", "link",                      HIDDEN, GO,     GO,     HIDDEN, HIDDEN, HIDDEN, HIDDEN, TWOFA),
    post("issues-message", "link",                     HIDDEN, YES,    YES,    HIDDEN, HIDDEN, HIDDEN, HIDDEN, TWOFA,
         act=MESSAGE),
    get("issues-withdraw", "link",                     HIDDEN, OK,     OK,     HIDDEN, HIDDEN, HIDDEN, HIDDEN, TWOFA),
    post("issues-withdraw", "link",                    HIDDEN, YES,    YES,    HIDDEN, HIDDEN, HIDDEN, HIDDEN, TWOFA,
         act=WITHDRAW),
    get("issues-data", "link",                         HIDDEN, GO,     GO,     HIDDEN, HIDDEN, HIDDEN, HIDDEN, TWOFA),
    post("issues-data", "link",                        HIDDEN, OK,     OK,     HIDDEN, HIDDEN, HIDDEN, HIDDEN, TWOFA),
    # Attachments: staff who may see the issue; never through a status link.
    get("issues-attachment", "att_x",                  HIDDEN, HIDDEN, HIDDEN, OK,     NO,     OK,     OK,     TWOFA),
    get("issues-attachment", "att_p",                  HIDDEN, HIDDEN, HIDDEN, NO,     OK,     OK,     OK,     TWOFA),
    # An expert's opinion file on X: officers and the expert who wrote it, never an official or a filer.
    get("issues-attachment", "att_cq",                 HIDDEN, HIDDEN, HIDDEN, OK,     NO,     OK,     OK,     TWOFA),

    # Exports and the government's answers: officials and officers. e: the official's export; e2: the officer's.
    get("exports", "",                                 LOGIN,  LOGIN,  LOGIN,  DENY,   OK,     OK,     OK,     TWOFA),
    get("exports", "?format=csv",                      LOGIN,  LOGIN,  LOGIN,  DENY,   OK,     OK,     OK,     TWOFA),
    get("exports-status", "e",                         LOGIN,  LOGIN,  LOGIN,  DENY,   OK,     OK,     OK,     TWOFA),
    get("exports-status", "e2",                        LOGIN,  LOGIN,  LOGIN,  DENY,   DENY,   OK,     OK,     TWOFA),
    get("exports-download", "e",                       LOGIN,  LOGIN,  LOGIN,  DENY,   OK,     OK,     OK,     TWOFA),
    get("exports-download", "e2",                      LOGIN,  LOGIN,  LOGIN,  DENY,   DENY,   OK,     OK,     TWOFA),
    # Putting the filtered list into a proposal batch: those who build batches (officials and officers).
    get("exports-batch", "",                           LOGIN,  LOGIN,  LOGIN,  DENY,   NOGET,  NOGET,  NOGET,  TWOFA),
    post("exports-batch", "",                          LOGIN,  LOGIN,  LOGIN,  DENY,   YES,    YES,    YES,    TWOFA,
         act=INTO_BATCH),
    # A batch's letter of proposal: those who export proposals. In b2 an official sees no issue (D is in
    # consultation), so the letter has nothing to propose and they are sent back to the batch's page.
    get("proposals-letter", "b1 ?format=pdf",          LOGIN,  LOGIN,  LOGIN,  DENY,   OK,     OK,     OK,     TWOFA),
    get("proposals-letter", "b2 ?format=hwpx",         LOGIN,  LOGIN,  LOGIN,  DENY,   GO,     OK,     OK,     TWOFA),
    get("stats-report", "year xlsx",                   LOGIN,  LOGIN,  LOGIN,  DENY,   OK,     OK,     OK,     TWOFA),
    get("answers-upload", "",                          LOGIN,  LOGIN,  LOGIN,  DENY,   OK,     OK,     OK,     TWOFA),
    post("answers-upload", "",                         LOGIN,  LOGIN,  LOGIN,  DENY,   YES,    YES,    YES,    TWOFA),
    get("answers-preview", "",                         LOGIN,  LOGIN,  LOGIN,  DENY,   GO,     GO,     GO,     TWOFA),
    get("answers-confirm", "",                         LOGIN,  LOGIN,  LOGIN,  DENY,   NOGET,  NOGET,  NOGET,  TWOFA),
    post("answers-confirm", "",                        LOGIN,  LOGIN,  LOGIN,  DENY,   YES,    YES,    YES,    TWOFA,
         act=CANCEL),

    # Staff sign-in: the second factor's pages are what a half-signed-in officer may reach.
    get("admin:login", "",                             OK,     OK,     OK,     GO,     GO,     GO,     GO,     TWOFA),
    post("admin:login", "",                            YES,    YES,    YES,    YES,    YES,    YES,    YES,    TWOFA,
         act=WRONG_PASSWORD),
    get("accounts-verify", "",                         LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     OK),
    post("accounts-verify", "",                        LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     YES,
         act=WRONG_CODE),
    get("accounts-enrol", "",                          LOGIN,  LOGIN,  LOGIN,  TWOFA,  TWOFA,  TWOFA,  TWOFA,  TWOFA),
    post("accounts-enrol", "",                         LOGIN,  LOGIN,  LOGIN,  TWOFA,  TWOFA,  TWOFA,  TWOFA,  TWOFA,
         act=WRONG_CODE),
    # An enrolment link opens enrolment for its own account only; whoever is not signed in gives the password.
    get("accounts-enrolment-link", "enrol_token",      LOGIN,  LOGIN,  LOGIN,  DENY,   DENY,   DENY,   DENY,   DENY),
    get("accounts-enrolment-link", "not-a-link",       NO,     NO,     NO,     NO,     NO,     NO,     NO,     NO),
    get("admin:logout", "",                            GO,     GO,     GO,     NOGET,  NOGET,  NOGET,  NOGET,  NOGET),
    post("admin:logout", "",                           GO,     GO,     GO,     YES,    YES,    YES,    YES,    YES),
    get("admin:password_change", "",                   LOGIN,  LOGIN,  LOGIN,  OK,     OK,     OK,     OK,     TWOFA),
    post("admin:password_change", "",                  LOGIN,  LOGIN,  LOGIN,  YES,    YES,    YES,    YES,    TWOFA),
    get("admin:password_change_done", "",              LOGIN,  LOGIN,  LOGIN,  OK,     OK,     OK,     OK,     TWOFA),

    # The admin site's own views.
    get("admin:index", "",                             LOGIN,  LOGIN,  LOGIN,  OK,     OK,     OK,     OK,     TWOFA),
    get("admin:jsi18n", "",                            LOGIN,  LOGIN,  LOGIN,  OK,     OK,     OK,     OK,     TWOFA),
    get("admin:view_on_site", "ct_issue x",            LOGIN,  LOGIN,  LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, TWOFA),
    get("admin/(?P<url>.*)$", "no-such-page/",         LOGIN,  LOGIN,  LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, TWOFA),
    get("admin:app_list", "auth",                      LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:app_list", "axes",                      LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:app_list", "otp_totp",                  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:app_list", "companies",                 LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:app_list", "issues",                    LOGIN,  LOGIN,  LOGIN,  OK,     OK,     OK,     OK,     TWOFA),
    get("admin:app_list", "meetings",                  LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    # Autocomplete answers as the searched model's list would: only to roles that may read that model.
    get("admin:autocomplete", "",                      LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     NO,     TWOFA),
    get("admin:autocomplete", "ac:issues.issue.company",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:autocomplete", "ac:issues.issue.contact",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    get("admin:autocomplete", "ac:issues.issue.ministry",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:autocomplete", "ac:issues.issue.field", LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:autocomplete", "ac:issues.issue.meetings",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:autocomplete", "ac:issues.issue.proposal_batch",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:autocomplete", "ac:issues.agendaitem.issue",
                                                       LOGIN,  LOGIN,  LOGIN,  OK,     OK,     OK,     OK,     TWOFA),
    # Officers add city staff and experts to a meeting's attendees (CONTRACT.md: everything on meetings).
    get("admin:autocomplete", "ac:meetings.attendee.user",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    get("admin:autocomplete", "ac:auth.user.groups",   LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),

    # Accounts, groups, login records and second factors: superusers administer them.
    get("admin:auth_group_changelist", "",             LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:auth_group_add", "",                    LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:auth_group_add", "",                   LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA),
    get("admin:auth_group_history", "group",           LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:auth_group_delete", "group",            LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:auth_group_delete", "group",           LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA,
         act=deleted("group")),
    get("admin:auth_group_change", "group",            LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:auth_group_change", "group",           LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA),
    get("admin/auth/group/<path:object_id>/", "group", LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    get("admin:auth_user_changelist", "",              LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:auth_user_add", "",                     LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:auth_user_add", "",                    LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA),
    get("admin:auth_user_history", "user",             LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:auth_user_delete", "user",              LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    # The newcomer: the expert ("user") gave opinions, which keep their author (Consultation.expert: PROTECT).
    post("admin:auth_user_delete", "newcomer",         LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA,
         act=deleted("newcomer")),
    get("admin:auth_user_change", "user",              LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:auth_user_change", "user",             LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA),
    get("admin:auth_user_password_change", "user",     LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:auth_user_password_change", "user",    LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA),
    # Only a superuser makes an enrolment link: it opens an account (here the newcomer's, not yet enrolled).
    get("admin:auth_user_enrolment_link", "newcomer",  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:auth_user_enrolment_link", "newcomer", LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA),
    get("admin/auth/user/<path:object_id>/", "user",   LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # Login attempts and logs are written by django-axes: read, unlocked (deleted), never made up.
    get("admin:axes_accessattempt_changelist", "",     LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:axes_accessattempt_add", "",            LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    post("admin:axes_accessattempt_add", "",           LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    get("admin:axes_accessattempt_history", "attempt", LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:axes_accessattempt_delete", "attempt",  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:axes_accessattempt_delete", "attempt", LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA,
         act=deleted("attempt")),
    get("admin:axes_accessattempt_change", "attempt",  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:axes_accessattempt_change", "attempt", LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA),
    get("admin/axes/accessattempt/<path:object_id>/", "attempt",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    get("admin:axes_accesslog_changelist", "",         LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:axes_accesslog_add", "",                LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    post("admin:axes_accesslog_add", "",               LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    get("admin:axes_accesslog_history", "login",       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:axes_accesslog_delete", "login",        LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:axes_accesslog_delete", "login",       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA,
         act=deleted("login")),
    get("admin:axes_accesslog_change", "login",        LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:axes_accesslog_change", "login",       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA),
    get("admin/axes/accesslog/<path:object_id>/", "login",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    get("admin:axes_accessfailurelog_changelist", "",  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:axes_accessfailurelog_add", "",         LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    post("admin:axes_accessfailurelog_add", "",        LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    get("admin:axes_accessfailurelog_history", "failure",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:axes_accessfailurelog_delete", "failure",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:axes_accessfailurelog_delete", "failure",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA,
         act=deleted("failure")),
    get("admin:axes_accessfailurelog_change", "failure",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:axes_accessfailurelog_change", "failure",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA),
    get("admin/axes/accessfailurelog/<path:object_id>/", "failure",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # Second factors: a superuser removes or adds one; nobody reads a key back (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    get("admin:otp_totp_totpdevice_changelist", "",    LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:otp_totp_totpdevice_add", "",           LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:otp_totp_totpdevice_add", "",          LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA),
    get("admin:otp_totp_totpdevice_history", "device", LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:otp_totp_totpdevice_delete", "device",  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:otp_totp_totpdevice_delete", "device", LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA,
         act=deleted("device")),
    get("admin:otp_totp_totpdevice_change", "device",  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:otp_totp_totpdevice_change", "device", LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     YES,    TWOFA),
    get("admin:otp_totp_totpdevice_config", "device",  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    get("admin:otp_totp_totpdevice_qrcode", "device",  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    get("admin/otp_totp/totpdevice/<path:object_id>/", "device",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),

    # Companies (CONTRACT.md: officers everything; officials read companies, organizations and fields).
    get("admin:companies_field_changelist", "",        LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:companies_field_add", "",               LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    post("admin:companies_field_add", "",              LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA),
    get("admin:companies_field_history", "field",      LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:companies_field_delete", "field",       LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    post("admin:companies_field_delete", "field",      LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA,
         act=deleted("field")),
    get("admin:companies_field_change", "field",       LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    post("admin:companies_field_change", "field",      LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA),
    get("admin/companies/field/<path:object_id>/", "field",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    get("admin:companies_company_changelist", "",      LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:companies_company_add", "",             LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    post("admin:companies_company_add", "",            LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA),
    # Officials read the companies of the issues they see (company_p: P's); a company with no such issue is hidden.
    get("admin:companies_company_history", "company_p",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:companies_company_history", "company",  LOGIN,  LOGIN,  LOGIN,  NO,     HIDDEN, OK,     OK,     TWOFA),
    get("admin:companies_company_delete", "company",   LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    post("admin:companies_company_delete", "company",  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     YES,    YES,    TWOFA,
         act=deleted("company")),
    get("admin:companies_company_change", "company_p", LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:companies_company_change", "company",   LOGIN,  LOGIN,  LOGIN,  NO,     HIDDEN, OK,     OK,     TWOFA),
    post("admin:companies_company_change", "company_p",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA),
    get("admin/companies/company/<path:object_id>/", "company",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # Contact people are personal data: officers only.
    get("admin:companies_contact_changelist", "",      LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    get("admin:companies_contact_add", "",             LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    post("admin:companies_contact_add", "",            LOGIN,  LOGIN,  LOGIN,  NO,     NO,     YES,    YES,    TWOFA),
    get("admin:companies_contact_history", "contact",  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    get("admin:companies_contact_delete", "contact",   LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    post("admin:companies_contact_delete", "contact",  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     YES,    YES,    TWOFA,
         act=deleted("contact")),
    get("admin:companies_contact_change", "contact",   LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    post("admin:companies_contact_change", "contact",  LOGIN,  LOGIN,  LOGIN,  NO,     NO,     YES,    YES,    TWOFA),
    get("admin/companies/contact/<path:object_id>/", "contact",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    get("admin:companies_organization_changelist", "", LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:companies_organization_add", "",        LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    post("admin:companies_organization_add", "",       LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA),
    get("admin:companies_organization_history", "org", LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:companies_organization_delete", "org",  LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    post("admin:companies_organization_delete", "org", LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA,
         act=deleted("org")),
    get("admin:companies_organization_change", "org",  LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    post("admin:companies_organization_change", "org", LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA),
    get("admin/companies/organization/<path:object_id>/", "org",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),

    # Issues: officers all; the expert the issues assigned to them (X, not P); officials proposals and after (P).
    get("admin:issues_issue_changelist", "",           LOGIN,  LOGIN,  LOGIN,  OK,     OK,     OK,     OK,     TWOFA),
    post("admin:issues_issue_changelist", "",          LOGIN,  LOGIN,  LOGIN,  REFUSE, REFUSE, YES,    YES,    TWOFA,
         act=START_X_IN_BULK),
    get("admin:issues_issue_add", "",                  LOGIN,  LOGIN,  LOGIN,  DENY,   DENY,   OK,     OK,     TWOFA),
    post("admin:issues_issue_add", "",                 LOGIN,  LOGIN,  LOGIN,  DENY,   DENY,   YES,    YES,    TWOFA),
    get("admin:issues_issue_history", "x",             LOGIN,  LOGIN,  LOGIN,  OK,     HIDDEN, OK,     OK,     TWOFA),
    get("admin:issues_issue_history", "p",             LOGIN,  LOGIN,  LOGIN,  HIDDEN, OK,     OK,     OK,     TWOFA),
    # Issues are closed through the workflow, never deleted.
    get("admin:issues_issue_delete", "x",              LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    post("admin:issues_issue_delete", "x",             LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA,
         act=deleted("x")),
    get("admin:issues_issue_delete", "p",              LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   DENY,   DENY,   TWOFA),
    get("admin:issues_issue_change", "x",              LOGIN,  LOGIN,  LOGIN,  OK,     HIDDEN, OK,     OK,     TWOFA),
    post("admin:issues_issue_change", "x",             LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     YES,    YES,    TWOFA),
    get("admin:issues_issue_change", "p",              LOGIN,  LOGIN,  LOGIN,  HIDDEN, OK,     OK,     OK,     TWOFA),
    # F: in follow-up (officials see it); C: closed in discovery, never proposed (officials do not).
    get("admin:issues_issue_change", "f",              LOGIN,  LOGIN,  LOGIN,  HIDDEN, OK,     OK,     OK,     TWOFA),
    get("admin:issues_issue_change", "c",              LOGIN,  LOGIN,  LOGIN,  HIDDEN, HIDDEN, OK,     OK,     TWOFA),
    post("admin:issues_issue_change", "p",             LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA),
    get("admin/issues/issue/<path:object_id>/", "x",   LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # Moves (issues/workflow.py): officers make them all; officials record answers and may not close.
    get("admin:issues_issue_move", "x consultation",   LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, OK,     OK,     TWOFA),
    post("admin:issues_issue_move", "x consultation",  LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, YES,    YES,    TWOFA,
         act=START_X),
    get("admin:issues_issue_move", "p follow_up",      LOGIN,  LOGIN,  LOGIN,  HIDDEN, OK,     OK,     OK,     TWOFA),
    post("admin:issues_issue_move", "p follow_up",     LOGIN,  LOGIN,  LOGIN,  HIDDEN, YES,    YES,    YES,    TWOFA,
         act=ANSWER_P),
    get("admin:issues_issue_move", "p closed",         LOGIN,  LOGIN,  LOGIN,  HIDDEN, DENY,   OK,     OK,     TWOFA),
    post("admin:issues_issue_move", "p closed",        LOGIN,  LOGIN,  LOGIN,  HIDDEN, DENY,   YES,    YES,    TWOFA,
         act=CLOSE_P),
    # Sending back from follow-up and reopening are the officers' alone.
    get("admin:issues_issue_move", "f proposal",       LOGIN,  LOGIN,  LOGIN,  HIDDEN, DENY,   OK,     OK,     TWOFA),
    get("admin:issues_issue_move", "c consultation",   LOGIN,  LOGIN,  LOGIN,  HIDDEN, HIDDEN, OK,     OK,     TWOFA),
    # Notes: officers, and the expert on the issues assigned to them.
    get("admin:issues_issue_note", "x",                LOGIN,  LOGIN,  LOGIN,  GO,     HIDDEN, GO,     GO,     TWOFA),
    post("admin:issues_issue_note", "x",               LOGIN,  LOGIN,  LOGIN,  YES,    HIDDEN, YES,    YES,    TWOFA,
         act=NOTE_X),
    post("admin:issues_issue_note", "p",               LOGIN,  LOGIN,  LOGIN,  HIDDEN, REFUSE, YES,    YES,    TWOFA,
         act=NOTE_P),
    # Assigning is the officers' (superusers act as officers).
    get("admin:issues_issue_assign_me", "x",           LOGIN,  LOGIN,  LOGIN,  GO,     HIDDEN, GO,     GO,     TWOFA),
    post("admin:issues_issue_assign_me", "x",          LOGIN,  LOGIN,  LOGIN,  REFUSE, HIDDEN, YES,    YES,    TWOFA,
         act=TAKE_X),
    post("admin:issues_issue_assign_me", "p",          LOGIN,  LOGIN,  LOGIN,  HIDDEN, REFUSE, YES,    YES,    TWOFA,
         act=TAKE_P),
    # The picker at the top of the issue page, and the search for the issue a duplicate is merged into.
    get("admin:issues_issue_assign", "x",              LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, GO,     GO,     TWOFA),
    post("admin:issues_issue_assign", "x",             LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, YES,    YES,    TWOFA,
         act=GIVE_X),
    get("admin:issues_issue_kept_candidates", "?q=REG", LOGIN, LOGIN,  LOGIN,  DENY,   DENY,   OK,     OK,     TWOFA),
    # Similar issues on the issue page: officers mark two as related (X and K, both the expert's) or remove the
    # mark (X and Y, marked in the data set), and merge one into another; the expert reads the panel only.
    get("admin:issues_issue_relate", "x k",            LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, GO,     GO,     TWOFA),
    post("admin:issues_issue_relate", "x k",           LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, YES,    YES,    TWOFA,
         act=RELATE_XK),
    get("admin:issues_issue_unrelate", "x y",          LOGIN,  LOGIN,  LOGIN,  HIDDEN, HIDDEN, GO,     GO,     TWOFA),
    post("admin:issues_issue_unrelate", "x y",         LOGIN,  LOGIN,  LOGIN,  HIDDEN, HIDDEN, YES,    YES,    TWOFA,
         act=UNRELATE_XY),
    get("admin:issues_issue_merge_into", "x k",        LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, OK,     OK,     TWOFA),
    post("admin:issues_issue_merge_into", "x k",       LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, YES,    YES,    TWOFA,
         act=MERGE_XK),
    # Whether a filing belongs to a known company is the officers' decision (K names 펫나우's number).
    get("admin:issues_issue_filer_match", "k",         LOGIN,  LOGIN,  LOGIN,  GO,     HIDDEN, GO,     GO,     TWOFA),
    post("admin:issues_issue_filer_match", "k",        LOGIN,  LOGIN,  LOGIN,  REFUSE, HIDDEN, YES,    YES,    TWOFA,
         act=MATCH_K),
    # Expert consultations on the issue page (cq: the expert's answered request on X; cd: one they declined):
    # officers ask, accept, follow up and reassign; the expert asked reads them; officials see nothing of them.
    get("admin:issues_issue_consult", "x",             LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, OK,     OK,     TWOFA),
    post("admin:issues_issue_consult", "x",            LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, YES,    YES,    TWOFA,
         act=CONSULT_X),
    get("admin:issues_issue_consultation", "cq",       LOGIN,  LOGIN,  LOGIN,  GO,     HIDDEN, GO,     GO,     TWOFA),
    get("admin:issues_issue_consultation_action", "cq accept",
                                                       LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, OK,     OK,     TWOFA),
    post("admin:issues_issue_consultation_action", "cq accept",
                                                       LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, YES,    YES,    TWOFA,
         act=ACCEPT_CQ),
    post("admin:issues_issue_consultation_action", "cq follow-up",
                                                       LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, YES,    YES,    TWOFA,
         act=FOLLOW_UP_CQ),
    get("admin:issues_issue_consultation_action", "cd reassign",
                                                       LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, OK,     OK,     TWOFA),
    post("admin:issues_issue_consultation_action", "cd reassign",
                                                       LOGIN,  LOGIN,  LOGIN,  DENY,   HIDDEN, YES,    YES,    TWOFA,
         act=REASSIGN_CD),
    # The experts' roster: officers keep it; an expert reads and edits their own profile (profile), not
    # another's (profile_other), and adds or removes none.
    get("admin:issues_expertprofile_changelist", "",   LOGIN,  LOGIN,  LOGIN,  OK,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_expertprofile_add", "",          LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     OK,     OK,     TWOFA),
    post("admin:issues_expertprofile_add", "",         LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     YES,    YES,    TWOFA),
    get("admin:issues_expertprofile_history", "profile",
                                                       LOGIN,  LOGIN,  LOGIN,  OK,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_expertprofile_history", "profile_other",
                                                       LOGIN,  LOGIN,  LOGIN,  HIDDEN, NO,     OK,     OK,     TWOFA),
    get("admin:issues_expertprofile_delete", "profile",
                                                       LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     OK,     OK,     TWOFA),
    post("admin:issues_expertprofile_delete", "profile",
                                                       LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     YES,    YES,    TWOFA,
         act=deleted("profile")),
    get("admin:issues_expertprofile_change", "profile",
                                                       LOGIN,  LOGIN,  LOGIN,  OK,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_expertprofile_change", "profile_other",
                                                       LOGIN,  LOGIN,  LOGIN,  HIDDEN, NO,     OK,     OK,     TWOFA),
    post("admin:issues_expertprofile_change", "profile",
                                                       LOGIN,  LOGIN,  LOGIN,  YES,    NO,     YES,    YES,    TWOFA),
    get("admin/issues/expertprofile/<path:object_id>/", "profile",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # The expert's queue and request pages (admin/expert_requests.py): the expert asked reads their requests
    # (cq answered, co open) and answers or declines the open one; officers get the list of every request and
    # are sent from a request to its place on the issue page; officials read none. Nobody adds, edits or
    # deletes a consultation as a record: the services write them.
    get("admin:issues_consultation_changelist", "",   LOGIN,  LOGIN,  LOGIN,  OK,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_consultation_add", "",          LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    post("admin:issues_consultation_add", "",         LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    get("admin:issues_consultation_history", "cq",    LOGIN,  LOGIN,  LOGIN,  OK,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_consultation_delete", "cq",     LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    post("admin:issues_consultation_delete", "cq",    LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA,
         act=deleted("cq")),
    get("admin:issues_consultation_change", "cq",     LOGIN,  LOGIN,  LOGIN,  OK,     NO,     GO,     GO,     TWOFA),
    get("admin:issues_consultation_change", "co",     LOGIN,  LOGIN,  LOGIN,  OK,     NO,     GO,     GO,     TWOFA),
    post("admin:issues_consultation_change", "co",    LOGIN,  LOGIN,  LOGIN,  YES,    NO,     GO,     GO,     TWOFA,
         act=OPINION_CO),
    # An answered request takes no second opinion: the expert is told where it stands.
    post("admin:issues_consultation_change", "cq",    LOGIN,  LOGIN,  LOGIN,  REFUSE, NO,     GO,     GO,     TWOFA,
         act=OPINION_CQ),
    get("admin:issues_consultation_decline", "co",    LOGIN,  LOGIN,  LOGIN,  GO,     NO,     GO,     GO,     TWOFA),
    post("admin:issues_consultation_decline", "co",   LOGIN,  LOGIN,  LOGIN,  YES,    NO,     GO,     GO,     TWOFA,
         act=DECLINE_CO),
    get("admin/issues/consultation/<path:object_id>/", "cq",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # Laws cited (cit_x: X cites 의료법 제34조, and so does P): read from 관련 법령 or corrected on the issue
    # page, never here; each role reads the citations and the pages of laws of the issues it sees.
    get("admin:issues_citation_changelist", "",        LOGIN,  LOGIN,  LOGIN,  OK,     OK,     OK,     OK,     TWOFA),
    get("admin:issues_citation_law", "의료법",          LOGIN,  LOGIN,  LOGIN,  OK,     OK,     OK,     OK,     TWOFA),
    get("admin:issues_citation_law", "건축법",          LOGIN,  LOGIN,  LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, TWOFA),
    get("admin:issues_citation_add", "",               LOGIN,  LOGIN,  LOGIN,  DENY,   DENY,   DENY,   DENY,   TWOFA),
    post("admin:issues_citation_add", "",              LOGIN,  LOGIN,  LOGIN,  DENY,   DENY,   DENY,   DENY,   TWOFA),
    get("admin:issues_citation_change", "cit_x",       LOGIN,  LOGIN,  LOGIN,  OK,     HIDDEN, OK,     OK,     TWOFA),
    post("admin:issues_citation_change", "cit_x",      LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA,
         act=Act({"law": "약사법", "article": "50"}, lambda world, role: not Citation.objects.filter(
             pk=world.args["cit_x"], law="의료법").exists())),
    get("admin:issues_citation_history", "cit_x",      LOGIN,  LOGIN,  LOGIN,  OK,     HIDDEN, OK,     OK,     TWOFA),
    get("admin:issues_citation_delete", "cit_x",       LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    post("admin:issues_citation_delete", "cit_x",      LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA,
         act=deleted("cit_x")),
    get("admin/issues/citation/<path:object_id>/", "cit_x",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # History rows: written by the workflow only; officers and officials read those of issues they see.
    get("admin:issues_statuschange_changelist", "",    LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:issues_statuschange_add", "",           LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   DENY,   DENY,   TWOFA),
    post("admin:issues_statuschange_add", "",          LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   DENY,   DENY,   TWOFA),
    get("admin:issues_statuschange_history", "sc_x",   LOGIN,  LOGIN,  LOGIN,  NO,     HIDDEN, OK,     OK,     TWOFA),
    get("admin:issues_statuschange_history", "sc_p",   LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:issues_statuschange_delete", "sc_p",    LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   DENY,   DENY,   TWOFA),
    post("admin:issues_statuschange_delete", "sc_p",   LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   DENY,   DENY,   TWOFA,
         act=deleted("sc_p")),
    get("admin:issues_statuschange_change", "sc_x",    LOGIN,  LOGIN,  LOGIN,  NO,     HIDDEN, OK,     OK,     TWOFA),
    get("admin:issues_statuschange_change", "sc_p",    LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    post("admin:issues_statuschange_change", "sc_p",   LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   DENY,   DENY,   TWOFA),
    get("admin/issues/statuschange/<path:object_id>/", "sc_p",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # Notes are written on the issue page; the list reads them, for officers and the assigned expert.
    get("admin:issues_note_changelist", "",            LOGIN,  LOGIN,  LOGIN,  OK,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_note_add", "",                   LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    post("admin:issues_note_add", "",                  LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    get("admin:issues_note_history", "note_x",         LOGIN,  LOGIN,  LOGIN,  OK,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_note_history", "note_p",         LOGIN,  LOGIN,  LOGIN,  HIDDEN, NO,     OK,     OK,     TWOFA),
    get("admin:issues_note_delete", "note_x",          LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    post("admin:issues_note_delete", "note_x",         LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA,
         act=deleted("note_x")),
    get("admin:issues_note_change", "note_x",          LOGIN,  LOGIN,  LOGIN,  OK,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_note_change", "note_p",          LOGIN,  LOGIN,  LOGIN,  HIDDEN, NO,     OK,     OK,     TWOFA),
    post("admin:issues_note_change", "note_x",         LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    get("admin/issues/note/<path:object_id>/", "note_x",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # Attachments come with the filing or a message; staff who see the issue read them here.
    get("admin:issues_attachment_changelist", "",      LOGIN,  LOGIN,  LOGIN,  OK,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_attachment_add", "",             LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    post("admin:issues_attachment_add", "",            LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    get("admin:issues_attachment_history", "att_x",    LOGIN,  LOGIN,  LOGIN,  OK,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_attachment_history", "att_p",    LOGIN,  LOGIN,  LOGIN,  HIDDEN, NO,     OK,     OK,     TWOFA),
    get("admin:issues_attachment_delete", "att_x",     LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    post("admin:issues_attachment_delete", "att_x",    LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA,
         act=deleted("att_x")),
    get("admin:issues_attachment_change", "att_x",     LOGIN,  LOGIN,  LOGIN,  OK,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_attachment_change", "att_p",     LOGIN,  LOGIN,  LOGIN,  HIDDEN, NO,     OK,     OK,     TWOFA),
    post("admin:issues_attachment_change", "att_x",    LOGIN,  LOGIN,  LOGIN,  DENY,   NO,     DENY,   DENY,   TWOFA),
    get("admin/issues/attachment/<path:object_id>/", "att_x",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # The outbox: officers read it and send failed notices again.
    get("admin:issues_notice_changelist", "",          LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_notice_add", "",                 LOGIN,  LOGIN,  LOGIN,  NO,     NO,     DENY,   DENY,   TWOFA),
    post("admin:issues_notice_add", "",                LOGIN,  LOGIN,  LOGIN,  NO,     NO,     DENY,   DENY,   TWOFA),
    get("admin:issues_notice_history", "notice",       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_notice_delete", "notice",        LOGIN,  LOGIN,  LOGIN,  NO,     NO,     DENY,   DENY,   TWOFA),
    post("admin:issues_notice_delete", "notice",       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     DENY,   DENY,   TWOFA,
         act=deleted("notice")),
    get("admin:issues_notice_change", "notice",        LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    post("admin:issues_notice_change", "notice",       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     YES,    YES,    TWOFA),
    get("admin/issues/notice/<path:object_id>/", "notice",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # Tracking numbers are counted by the services: a counter added or deleted by hand would hand out a
    # number twice (and every filing after it would fail), so even a superuser only reads them.
    get("admin:issues_trackingcounter_changelist", "", LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:issues_trackingcounter_add", "",        LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    post("admin:issues_trackingcounter_add", "",       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    get("admin:issues_trackingcounter_history", "counter",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:issues_trackingcounter_delete", "counter",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    post("admin:issues_trackingcounter_delete", "counter",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA,
         act=deleted("counter")),
    get("admin:issues_trackingcounter_change", "counter",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:issues_trackingcounter_change", "counter",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    get("admin/issues/trackingcounter/<path:object_id>/", "counter",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # Meeting agendas: officers.
    get("admin:issues_agendaitem_changelist", "",      LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_agendaitem_add", "",             LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    post("admin:issues_agendaitem_add", "",            LOGIN,  LOGIN,  LOGIN,  NO,     NO,     YES,    YES,    TWOFA),
    get("admin:issues_agendaitem_history", "agenda",   LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    get("admin:issues_agendaitem_delete", "agenda",    LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    post("admin:issues_agendaitem_delete", "agenda",   LOGIN,  LOGIN,  LOGIN,  NO,     NO,     YES,    YES,    TWOFA,
         act=deleted("agenda")),
    get("admin:issues_agendaitem_change", "agenda",    LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
    post("admin:issues_agendaitem_change", "agenda",   LOGIN,  LOGIN,  LOGIN,  NO,     NO,     YES,    YES,    TWOFA),
    get("admin/issues/agendaitem/<path:object_id>/", "agenda",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # The access log audits the staff, officers included: superusers read it, nobody changes it.
    get("admin:issues_accesslog_changelist", "",       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:issues_accesslog_add", "",              LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    post("admin:issues_accesslog_add", "",             LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    get("admin:issues_accesslog_history", "log",       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    get("admin:issues_accesslog_delete", "log",        LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    post("admin:issues_accesslog_delete", "log",       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA,
         act=deleted("log")),
    get("admin:issues_accesslog_change", "log",        LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     OK,     TWOFA),
    post("admin:issues_accesslog_change", "log",       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     NO,     DENY,   TWOFA),
    get("admin/issues/accesslog/<path:object_id>/", "log",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    # Proposal batches: officers and officials build and submit them (CONTRACT.md), so both see every batch,
    # submitted or not; only officers remove an empty one. Proposing an issue still in consultation is an
    # officer's move: an official submitting b2 (D in consultation) is refused, and nothing moves.
    get("admin:issues_proposalbatch_changelist", "",   LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:issues_proposalbatch_add", "",          LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    post("admin:issues_proposalbatch_add", "",         LOGIN,  LOGIN,  LOGIN,  NO,     YES,    YES,    YES,    TWOFA),
    get("admin:issues_proposalbatch_history", "b1",    LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:issues_proposalbatch_history", "b2",    LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    # A batch that reached the government stays on record; an empty one not yet submitted may go.
    get("admin:issues_proposalbatch_delete", "b1",     LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   DENY,   DENY,   TWOFA),
    get("admin:issues_proposalbatch_delete", "b3",     LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    post("admin:issues_proposalbatch_delete", "b3",    LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA,
         act=deleted("b3")),
    get("admin:issues_proposalbatch_change", "b1",     LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:issues_proposalbatch_change", "b2",     LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    post("admin:issues_proposalbatch_change", "b1",    LOGIN,  LOGIN,  LOGIN,  NO,     YES,    YES,    YES,    TWOFA),
    get("admin:issues_proposalbatch_submit", "b2",     LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    post("admin:issues_proposalbatch_submit", "b2",    LOGIN,  LOGIN,  LOGIN,  NO,     REFUSE, YES,    YES,    TWOFA,
         act=SUBMIT_B2),
    get("admin/issues/proposalbatch/<path:object_id>/", "b1",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),

    # Meetings: officers plan and run them; officials read them.
    get("admin:meetings_meeting_changelist", "",       LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:meetings_meeting_add", "",              LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    post("admin:meetings_meeting_add", "",             LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA),
    get("admin:meetings_meeting_history", "m",         LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    get("admin:meetings_meeting_delete", "m",          LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    post("admin:meetings_meeting_delete", "m",         LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA,
         act=deleted("m")),
    get("admin:meetings_meeting_change", "m",          LOGIN,  LOGIN,  LOGIN,  NO,     OK,     OK,     OK,     TWOFA),
    post("admin:meetings_meeting_change", "m",         LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA),
    get("admin/meetings/meeting/<path:object_id>/", "m",
                                                       LOGIN,  LOGIN,  LOGIN,  GO,     GO,     GO,     GO,     TWOFA),
    get("admin:meetings_meeting_overview", "",         LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    get("admin:meetings_meeting_apply", "m",           LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    # The meeting is a week ahead: applying its conclusions asks the officer to confirm they were agreed already.
    post("admin:meetings_meeting_apply", "m",          LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA,
         act=Act(data={"early": "1"})),
    get("admin:meetings_meeting_briefing", "m",        LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    get("admin:meetings_meeting_briefing_pdf", "m",    LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    # The result report: for whoever reads meetings (officials too). The meeting is a week ahead, so there is
    # nothing to report yet: back to the meeting's page with a message (the files: tests/agenda).
    get("admin:meetings_meeting_result_report", "m pdf",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     GO,     GO,     GO,     TWOFA),
    get("admin:meetings_meeting_result_report", "m hwpx",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     GO,     GO,     GO,     TWOFA),
    get("admin:meetings_meeting_invite", "m",          LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   OK,     OK,     TWOFA),
    post("admin:meetings_meeting_invite", "m",         LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA),
    get("admin:meetings_meeting_add_filers", "m",      LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   GO,     GO,     TWOFA),
    post("admin:meetings_meeting_add_filers", "m",     LOGIN,  LOGIN,  LOGIN,  NO,     DENY,   YES,    YES,    TWOFA),
    # An attendee row's contact picker: the contact people are the filers' contact details (roles.FILER_CONTACT).
    get("admin:meetings_meeting_attendee_contacts", "ac:meetings.attendee.contact",
                                                       LOGIN,  LOGIN,  LOGIN,  NO,     NO,     OK,     OK,     TWOFA),
]


# --- Coverage: the URLconf and the admin registry against the table ----------------------------------------


def _walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route, ":".join(filter(None, [namespace, pattern.namespace])))
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route
        else:
            yield route, route


def url_patterns() -> dict:
    """Every URL pattern the site answers, as key → route: the pattern's name (its route when it has
    none), and for the admin's app index one key per app. The admin registry is walked too, so that
    every ModelAdmin's views and every app with a registered model are there even if the URLconf
    walk missed them."""
    found = dict(_walk(get_resolver()))
    app_index = found.pop("admin:app_list")
    for model, model_admin in admin.site._registry.items():
        app_label, model_name = model._meta.app_label, model._meta.model_name
        found[f"admin:app_list {app_label}"] = app_index
        for pattern in model_admin.get_urls():
            route = f"admin/{app_label}/{model_name}/{pattern.pattern}"
            found.setdefault(f"admin:{pattern.name}" if pattern.name else route, route)
    return found


def coverage(table) -> tuple[dict, list]:
    """The URL patterns the table has no row for (key → route), and the rows' keys that name no pattern."""
    patterns, covered = url_patterns(), {row.key for row in table}
    return ({key: patterns[key] for key in sorted(set(patterns) - covered)},
            sorted(covered - set(patterns)))


def coverage_report(table) -> str:
    """What the table misses and what it has too many of, one line each; empty when they match."""
    missing, stale = coverage(table)
    lines = []
    if missing:
        lines += ["URL patterns without a row in the authorization matrix (add one, with each role's answer "
                  "from CONTRACT.md):", *(f"  {key}   ({route})" for key, route in missing.items())]
    if stale:
        lines += ["Rows whose URL pattern no longer exists:", *(f"  {key}" for key in stale)]
    return "\n".join(lines)


def test_the_table_has_a_row_for_every_url_and_admin_view_and_none_for_urls_that_are_gone():
    report = coverage_report(TABLE)
    assert not report, report


def test_a_url_whose_row_is_removed_is_named_by_the_coverage_check():
    removed = "admin:issues_issue_assign_me"
    table = [row for row in TABLE if row.key != removed]

    report = coverage_report(table)

    print(report)  # shown with -s: what a developer reads when a new URL has no row
    assert f"  {removed}   (admin/issues/issue/<int:pk>/assign-me/)" in report.splitlines()
    assert list(coverage(table)[0]) == sorted([*coverage(TABLE)[0], removed])


def test_a_row_for_a_url_that_is_gone_is_named_by_the_coverage_check():
    table = [*TABLE, get("issues-old-page", "", *[HIDDEN] * len(ROLES))]

    report = coverage_report(table)

    print(report)
    assert report.splitlines()[-2:] == ["Rows whose URL pattern no longer exists:", "  issues-old-page"]


# --- The data set, made once for the module and rolled back after it --------------------------------------


@dataclass
class World:
    args: dict  # what the table's args name, as they go into URLs
    objects: dict  # the same objects, for the probes
    users: dict  # role → user
    sessions: dict  # role → the cookies of its browser: a staff session, or a filer's receipt cookie
    links: dict  # role → the status-link secret it holds


@pytest.fixture(scope="module")
def private_media(tmp_path_factory):
    """One private folder for the module (the conftest's, one per test, would lose the data set's files)."""
    storage = FileSystemStorage(location=tmp_path_factory.mktemp("private"))
    with pytest.MonkeyPatch.context() as patch:
        for model in (Attachment, ExportLog):
            patch.setattr(model._meta.get_field("file"), "storage", storage)
        yield storage.location


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, private_media):
    # One transaction around the module; each test runs in a savepoint inside it, so POSTs undo themselves.
    with (django_db_blocker.unblock(),
          override_settings(STAFF_TWO_FACTOR=True),
          transaction.atomic()):
        yield _build_world()
        transaction.set_rollback(True)


def _code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _signed_in(user, *, second_factor: bool) -> str:
    """A browser session of `user` after the login form (and the code of their authenticator app)."""
    browser = Client()
    response = browser.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD,
                                                     "next": "/admin/"})
    assert response.status_code == 302, f"{user.username} could not log in"
    if second_factor:
        response = browser.post(reverse("accounts-verify"), {"code": _code(user.totpdevice_set.get()),
                                                             "next": "/admin/"})
        assert response["Location"] == "/admin/", f"{user.username} could not give the second factor"
    return {settings.SESSION_COOKIE_NAME: browser.cookies[settings.SESSION_COOKIE_NAME].value}


def _intake_form(field_pk, **fields) -> dict:
    return {**intake(**fields), "field": field_pk, "privacy_consent": "on", "homepage": ""}


def _filed_in_browser(form: dict, upload=None):
    """File through /issues/new/ as a filer's browser does: (its cookies, the issue, the link's secret)."""
    browser = Client()
    response = browser.post(reverse("issues-new"), {**form, "attachments": [upload] if upload else []})
    assert response.status_code == 302, "the filing was refused"
    receipt = response["Location"]
    # The cookies as the filing left them, before the receipt was shown: each test's filer sees the link afresh.
    cookies = {name: morsel.value for name, morsel in browser.cookies.items()}
    page = browser.get(receipt).content.decode()
    secret = re.search(r"/track/([A-Za-z0-9_-]{20,64})/", page).group(1)
    issue = Issue.objects.get(number=resolve(receipt).kwargs["number"])
    return cookies, issue, secret


def _build_world() -> World:
    officer, expert, official = make_officer(), make_expert(), make_official()
    users = {"expert": expert, "official": official, "officer": officer,
             "superuser": make_user("root", is_staff=True, is_superuser=True),
             "no2fa": make_officer("half_signed_in")}
    for user in users.values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sessions = {role: _signed_in(user, second_factor=role != "no2fa") for role, user in users.items()}

    field = Field.objects.filter(is_active=True).first()
    sessions["link"], x, x_secret = _filed_in_browser(
        _intake_form(field.pk, business_number=business_number(), contact_email="x.filer@robotics.example.com"),
        files.upload("현황.pdf", files.PDF, "application/pdf"))
    sessions["other_link"], y, y_secret = _filed_in_browser(
        _intake_form(field.pk, business_number=business_number(), contact_email="y.filer@drone.example.com",
                     title="드론 야간 비행 승인 간소화"))
    services.assign_issue(x, expert, by=officer)
    company = Company.objects.create(name="펫나우", business_number=business_number(), ceo_name="이대표")
    k = make_issue(business_number=company.business_number, contact_email="k.filer@petnow.example.com")
    services.assign_issue(k, expert, by=officer)
    newcomer = make_officer("newcomer")
    enrolment = make_enrolment_link(newcomer, by=users["superuser"])

    ministry = a_ministry()
    p = make_issue(State.CONSULTATION, by=officer, ministry=ministry, business_number=business_number(),
                   files=[files.upload("건의서.pdf", files.PDF, "application/pdf")])
    b1 = batches.create_batch(by=officer)
    batches.add_to_batch([p], b1, by=officer)
    batches.submit_batch(b1, by=officer)
    d = make_issue(State.CONSULTATION, by=officer, ministry=ministry, business_number=business_number())
    b2, b3 = batches.create_batch(by=officer), batches.create_batch(by=officer)
    f = make_issue(State.FOLLOW_UP, by=officer, business_number=business_number())
    c = make_issue(business_number=business_number())
    services.move_issue(c, State.CLOSED, by=officer, resolution=Resolution.OUT_OF_SCOPE)
    batches.add_to_batch([d], b2, by=officer)

    # The expert's request on X (answered, with a file) and one they declined; another expert for reassigning.
    expert2 = make_expert("expert2")
    profile = ExpertProfile.objects.create(user=expert, profession=ExpertProfile.Profession.LAWYER)
    profile_other = ExpertProfile.objects.create(user=expert2, profession=ExpertProfile.Profession.PATENT_ATTORNEY)
    due_on = timezone.localdate() + timedelta(days=10)
    cq = consultations.request_consultation(x, expert=expert, question="원격의료 해당 여부", due_on=due_on, by=officer)
    consultations.submit_opinion(cq, summary="해당합니다.", legal_basis="의료법 제34조", recommendation="amended",
                                 files=[files.upload("검토의견서.pdf", files.PDF, "application/pdf")], by=expert)
    cd = consultations.request_consultation(x, expert=expert, question="추가 검토", due_on=due_on, by=officer)
    consultations.decline(cd, reason="이해충돌", by=expert)
    co = consultations.request_consultation(k, expert=expert, question="개인정보 처리 검토", due_on=due_on, by=officer)

    # X and P cite 의료법 제34조; X and Y are marked related.
    citations = {name: Citation.objects.create(issue=issue, law="의료법", law_key="의료법", act_key="의료법",
                                               article=34) for name, issue in (("cit_x", x), ("cit_p", p))}
    low, high = sorted((x, y), key=lambda issue: issue.pk)
    IssueRelation.objects.create(issue=low, other=high, created_by=officer)

    meeting = Meeting.objects.create(title="로봇 분야 규제혁신 현장 간담회", venue="서울파트너스하우스",
                                     starts_at=timezone.now() + timedelta(days=7))
    exports = {}
    for name, user in (("e", official), ("e2", officer)):
        exports[name] = ExportLog.objects.create(user=user, format="csv", row_count=1)
        exports[name].file.save("proposals.csv", ContentFile("\ufeff번호\nREG-2024-0001\n".encode()))
    login_record = {"username": "officer", "ip_address": "203.0.113.9", "user_agent": "Firefox",
                    "http_accept": "text/html", "path_info": "/admin/login/"}
    objects = {
        "x": x, "y": y, "k": k, "p": p, "d": d, "f": f, "c": c,
        "b1": b1, "b2": b2, "b3": b3, "m": meeting,
        "att_x": x.attachments.get(consultation=None), "att_p": p.attachments.get(),
        "att_cq": cq.attachments.get(), "cq": cq, "cd": cd, "co": co,
        "profile": profile, "profile_other": profile_other,
        "sc_x": x.status_changes.earliest("at"), "sc_p": p.status_changes.earliest("at"),
        "note_x": services.add_note(x, "담당 부처 확인 필요", by=officer),
        "note_p": services.add_note(p, "정부 회신 대기", by=officer),
        "agenda": services.add_to_agenda(x, meeting, by=officer),
        "notice": Notice.objects.create(key="matrix-notice", kind="issue-received", issue=x,
                                        recipient="x.filer@robotics.example.com"),
        "log": AccessLog.objects.create(kind=AccessLog.Kind.ATTACHMENT, user=officer, issue=x),
        "attempt": AccessAttempt.objects.create(**login_record, get_data="", post_data="", failures_since_start=1),
        "login": LoginLog.objects.create(**login_record),
        "failure": AccessFailureLog.objects.create(**login_record, locked_out=False),
        "group": Group.objects.get(name="officer"), "user": expert, "device": expert.totpdevice_set.get(),
        "company": company, "company_p": p.company, "newcomer": newcomer,
        "contact": Contact.objects.create(company=company, name="김지원", email="jiwon@petnow.example.com"),
        "org": Organization.objects.create(name="한국로봇산업협회"),
        "field": Field.objects.create(name="확장현실", name_en="XR", code="xr-matrix"),
        "counter": TrackingCounter.objects.first(), **exports, **citations,
    }
    for obj in objects.values():
        obj.refresh_from_db()  # the probes compare the database after a POST with these
    device = users["no2fa"].totpdevice_set.get()
    args = {name: obj.pk for name, obj in objects.items()}
    args.update(x_number=x.number, x_email="x.filer@robotics.example.com", year=timezone.localdate().year,
                ct_issue=ContentType.objects.get_for_model(Issue).pk,
                enrol_token=resolve(enrolment.path).kwargs["token"],
                wrong_code=f"{(int(_code(device)) + 500_000) % 1_000_000:06d}")
    return World(args=args, objects=objects, users=users, sessions=sessions,
                 links={"link": x_secret, "other_link": y_secret})


# --- The matrix -------------------------------------------------------------------------------------------


def _id(row, role) -> str:
    return f"{row.label} | {role}"


CASES = [pytest.param(row, role, id=_id(row, role)) for row in TABLE for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_each_role_gets_the_answer_it_is_meant_to(row, role, world):
    browser = Client(raise_request_exception=False)
    for name, value in world.sessions.get(role, {}).items():
        browser.cookies[name] = value
    url = row.url(world, role)
    data = row.act.data(world) if callable(row.act.data) else (row.act.data or {})

    response = browser.get(url) if row.method == "GET" else browser.post(url, data)
    # File downloads hold their file open. Closed as the test client closes other responses: without
    # request_finished's close_old_connections, which would close PostgreSQL's connection mid-module.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)

    status, location = response.status_code, response.get("Location", "")
    done = row.act.probe(world, role) if row.act.probe else None
    expected = row.answers[role]
    got = f"{status}" + (f" → {location}" if location else "") + {True: ", done", False: ", not done"}.get(done, "")
    if status >= 500 and getattr(response, "exc_info", None):
        got += f" ({response.exc_info[1]!r})"
    assert expected.accepts(status, location, done), (
        f"{row.label} ({url}) as {role}: expected {expected.name} ({expected.meaning}), got {got}")


def test_the_posts_of_the_matrix_left_the_data_set_as_it_was(world):
    """Each case ran in a savepoint rolled back after it, so that no case saw another's doing (this one runs last)."""
    x, p, b2 = (type(world.objects[n]).objects.get(pk=world.objects[n].pk) for n in ("x", "p", "b2"))
    assert (x.state, x.assignee, p.state, b2.submitted_at) == (State.DISCOVERY, world.users["expert"], State.PROPOSAL,
                                                                None)
    assert not Note.objects.filter(body=MARK).exists()
    assert Group.objects.filter(name="officer").exists() and Meeting.objects.filter(pk=world.args["m"]).exists()
