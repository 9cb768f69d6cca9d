"""The cast of the tests: an officer, an expert, an official and a filer (who has no account: the filer acts
through the issue's private status link, `by=None`), and issues filed and moved through the real services."""

import itertools
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from companies.models import Organization
from companies.validators import business_number_check_digit
from issues import services
from issues.models import Issue
from issues.workflow import Answer, Resolution, State

FILER_EMAIL = "minji.kim@robotics.example.com"
ROBOTICS_NUMBER = "2208100001"  # 220-81-00001: its check digit is 1

User = get_user_model()
# A status link as pages and e-mails show it: the database holds only its hash (issues/links.py).
STATUS_LINK = re.compile(r"/track/([A-Za-z0-9_-]{43})/")
_numbers = itertools.count(1)


def business_number(first_nine: str | None = None, *, dashed: bool = False, valid: bool = True) -> str:
    """A business registration number: the given first nine digits, or fresh ones, and their check digit.
    `dashed=True` writes it as people type it (220-81-12341); `valid=False` spoils the check digit."""
    first_nine = first_nine or f"{110_00_0000 + next(_numbers):09d}"
    digit = business_number_check_digit(first_nine)
    if not valid:
        digit = (digit + 1) % 10
    number = f"{first_nine}{digit}"
    return f"{number[:3]}-{number[3:5]}-{number[5:]}" if dashed else number


def link_in(text: str) -> str:
    """The one status link's secret that `text` (a page, an e-mail) shows."""
    (secret,) = set(STATUS_LINK.findall(text))
    return secret


def new_link(issue: Issue) -> str:
    """A fresh status link for an issue made elsewhere (demo data, seeded rows), as "send me my links"
    makes one; the secret is returned and kept on `issue`."""
    from issues import links

    issue.secret = links.new_secret()
    Issue.objects.filter(pk=issue.pk).update(secret_hash=links.hash_secret(issue.secret))
    return issue.secret


def make_user(username: str, *roles: str, password: str | None = None, **fields) -> User:
    """A user in the given auth groups (created by a migration); the same username gives the same user.
    Without `password` it cannot log in with one (tests use force_login); with it, a browser can."""
    fields.setdefault("email", f"{username}@seoul.example.org")
    fields.setdefault("is_staff", bool(roles))
    user, created = User.objects.get_or_create(username=username, defaults=fields)
    if created or password is not None:
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save(update_fields=["password"])
    if created:
        # get_or_create: a transactional test may have flushed the groups the migration made.
        user.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in roles))
    return user


def make_officer(username: str = "officer", **fields) -> User:
    return make_user(username, "officer", **fields)


def make_expert(username: str = "expert", **fields) -> User:
    return make_user(username, "expert", **fields)


def make_official(username: str = "official", **fields) -> User:
    return make_user(username, "official", **fields)


def ministry(name: str = "과학기술정보통신부") -> Organization:
    """One of the ministries the companies migration seeds (made again after a transactional test's flush)."""
    return Organization.objects.get_or_create(name=name, defaults={"kind": Organization.Kind.MINISTRY})[0]


def intake(**fields) -> dict:
    """The public form's fields (CONTRACT.md names), valid, with a robotics startup filing."""
    return {
        "company_name": "주식회사 로보틱스",
        "business_number": ROBOTICS_NUMBER,
        "ceo_name": "박대표",
        "contact_name": "김민지",
        "contact_email": FILER_EMAIL,
        "contact_phone": "010-1234-5678",
        "title": "배달로봇의 보도 통행 허용",
        "problem": "실외 이동로봇은 보행자로 인정되지 않아 보도를 다닐 수 없습니다.",
        "improvement": "안전 인증을 받은 실외 이동로봇의 보도 통행을 허용해 주십시오.",
        "related_law": "도로교통법 제2조",
        "privacy_consent": True,
        **fields,
    }


# What each state needs on arrival, passed to move_issue when make_issue walks an issue forward.
_FORWARD = {
    State.CONSULTATION: {},
    State.PROPOSAL: {"improvement": "보도 통행 허용"},
    State.FOLLOW_UP: {"answer": Answer.LONG_TERM_REVIEW, "answer_text": "중장기 검토하겠습니다."},
}


def make_issue(state: str = State.DISCOVERY, *, by=None, language: str = "ko",
               resolution: str = Resolution.IMPROVED, files=(), **fields) -> Issue:
    """File an issue through services.submit_issue, then move it through services.move_issue until it
    reaches `state` (closed: from follow-up, with `resolution`). `fields` override the intake form's."""
    issue = services.submit_issue(intake(**fields), files=files, language=language)
    if state == State.DISCOVERY:
        return issue
    by = by or make_officer()
    path = [State.CONSULTATION, State.PROPOSAL, State.FOLLOW_UP]
    if state != State.CLOSED:
        path = path[: path.index(state) + 1]
    for target in path:
        extra = dict(_FORWARD[target])
        if target == State.PROPOSAL and not issue.ministry_id:
            extra["ministry"] = ministry()
        services.move_issue(issue, target, by=by, **extra)
    if state == State.CLOSED:
        services.move_issue(issue, State.CLOSED, by=by, resolution=resolution)
    issue.refresh_from_db()
    return issue
