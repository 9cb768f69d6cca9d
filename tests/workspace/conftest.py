"""The officers' workspace cast: an officer, the expert an issue is assigned to, another expert, an
official, a staff member with no role and someone not logged in; and issues in any state."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from issues import services
from issues.workflow import OFFICIAL, Resolution, State
from tests.base import make_expert, make_issue, make_officer, make_official, make_user

ROLES = ["officer", "expert", "other_expert", "official", "no_role", "anonymous"]
CHANGELIST = "/admin/issues/issue/"


@pytest.fixture
def cast(db):
    return {
        "officer": make_officer(),
        "expert": make_expert(),
        "other_expert": make_expert("other_expert"),
        "official": make_official(),
        "no_role": make_user("clerk", is_staff=True),
        "anonymous": None,
    }


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
