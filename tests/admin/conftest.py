"""The officers' workspace cast: an officer, the expert an issue is assigned to, another expert, an
official, a staff member with no role and someone not logged in; and issues in any state.

The permission tests (test_permissions_*.py) play every role against every page and action of the admin.
The officer does everything on issues, companies and meetings; an expert sees the issues assigned to
them and adds internal notes; an official sees proposals and what followed them, records the
government's answer and sends proposals back; a staff member with no role does nothing; someone not
logged in is sent to the login page. Each case asserts what the person notices: the status code,
whether the issue is listed, whether its state, notes or assignee changed."""

from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.urls import reverse

from issues import services
from issues.workflow import EXPERT, MOVES, OFFICER, OFFICIAL, Answer, Resolution, State
from tests.base import make_expert, make_issue, make_officer, make_official, make_user, ministry

ROLES = ["officer", "expert", "other_expert", "official", "no_role", "anonymous"]
CHANGELIST = "/admin/issues/issue/"


@pytest.fixture(scope="module")
def _staff(django_db_setup, django_db_blocker):
    # Made once per module, in a transaction rolled back after it; each test runs in a savepoint inside it.
    with django_db_blocker.unblock(), transaction.atomic():
        yield {
            "officer": make_officer(),
            "expert": make_expert(),
            "other_expert": make_expert("other_expert"),
            "official": make_official(),
            "no_role": make_user("clerk", is_staff=True),
        }
        transaction.set_rollback(True)


@pytest.fixture
def cast(db, _staff):
    """Each test's own copies of the staff, read afresh, and someone not logged in."""
    return {**{role: type(user).objects.get(pk=user.pk) for role, user in _staff.items()}, "anonymous": None}


@pytest.fixture
def as_role(client, cast):
    """as_role("expert") → the test client, logged in as that member of the cast."""

    def log_in(role):
        if cast[role] is not None:
            client.force_login(cast[role])
        return client

    return log_in


@pytest.fixture
def issue_in(cast):
    """issue_in(state) → an issue walked to `state` through the services, assigned to the cast's expert.
    A closed issue went through the proposal unless `proposed=False` (then it closed from discovery)."""

    def make(state=State.DISCOVERY, *, proposed=True, **fields):
        officer = cast["officer"]
        if state == State.CLOSED and not proposed:
            issue = make_issue(State.DISCOVERY, **fields)
            services.move_issue(issue, State.CLOSED, by=officer, resolution=Resolution.OUT_OF_SCOPE)
        else:
            issue = make_issue(state, by=officer, **fields)
        services.assign_issue(issue, cast["expert"], by=officer)
        issue.refresh_from_db()
        return issue

    return make


def sees(role: str, issue) -> bool:
    """Whether `role` may see `issue`, as the rules of issue 4 put it."""
    if role in ("officer", "expert"):
        return True
    if role == OFFICIAL:
        return issue.state in (State.PROPOSAL, State.FOLLOW_UP) or (
            issue.state == State.CLOSED and issue.proposed_on is not None
        )
    return False


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- What the permission tests share ------------------------------------------------------------------------

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


class _FormReader(HTMLParser):
    """The fields of one <form id=…> as a browser would submit it untouched."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self._select = self._textarea = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name and "__prefix__" not in name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self.data.setdefault(self._select, []).append(value)
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            if self._select not in self.data and self._first_option is not None:
                self.data[self._select] = [self._first_option]
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data.removeprefix("\n") if not self.data[self._textarea][0] else data


def form_on_page(response, form_id: str) -> dict:
    """What pressing Save on the page would send for the form `form_id`, before anything is typed."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.data, f"no form #{form_id} on the page"
    return {name: values if len(values) > 1 else values[0] for name, values in reader.data.items()}
