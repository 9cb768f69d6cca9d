"""Who may do what: the roles of CONTRACT.md as auth groups, in three tables.

- ROLES: the model permissions each group holds, so that the admin opens the right lists. A data
  migration (0002_roles) creates the groups; `sync_roles` runs after every `migrate` (and `flush`)
  so they keep exactly these permissions as models are added.
- MAY: the actions each role may take, beyond the workflow's moves (workflow.MOVES says who makes
  each move). issues/access.py is the guard every view, admin action and service asks.
- SEES: which parts of an issue each role reads once it may see the issue (selectors.visible_issues)."""

from .workflow import EXPERT, OFFICER, OFFICIAL, roles_of

ALL = ("add", "change", "delete", "view")

ROLES = {
    "officer": {
        "companies": {"company": ALL, "contact": ALL, "organization": ALL, "field": ALL},
        "meetings": {"meeting": ALL, "attendee": ALL},
        "issues": {
            "issue": ("add", "change", "view"),
            "note": ALL, "attachment": ("view",), "agendaitem": ALL,
            "statuschange": ("view",), "notice": ("view", "change"),
            "proposalbatch": ALL, "exportlog": ("view",),
            "expertprofile": ALL, "consultation": ("view",),
            # The laws an issue cites: corrected on the issue page (admin/laws.py), never typed elsewhere.
            "citation": ALL,
        },
    },
    "expert": {
        # Their own profile only (admin/consultations.py), and the consultations asked of them.
        "issues": {"issue": ("view",), "note": ("add", "view"), "attachment": ("view",),
                   "expertprofile": ("view", "change"), "consultation": ("view",), "citation": ("view",)},
    },
    "official": {
        "companies": {"company": ("view",), "organization": ("view",), "field": ("view",)},
        "meetings": {"meeting": ("view",)},
        # Officials build and submit proposal batches (CONTRACT.md); removing one stays with the officers.
        "issues": {"issue": ("view",), "statuschange": ("view",), "proposalbatch": ("add", "change", "view"),
                   "citation": ("view",)},
    },
}


def sync_roles(group_model, permission_model) -> None:
    """Create the role groups if missing and give each exactly its permissions (those that exist)."""
    for role, apps_perms in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=role)
        codenames = {
            (app_label, f"{action}_{model}")
            for app_label, models in apps_perms.items()
            for model, actions in models.items()
            for action in actions
        }
        permissions = [
            p for p in permission_model.objects.filter(
                content_type__app_label__in={a for a, _ in codenames},
                codename__in={c for _, c in codenames},
            ).select_related("content_type")
            if (p.content_type.app_label, p.codename) in codenames
        ]
        group.permissions.set(permissions)


# --- Who may do what beyond the workflow's moves -------------------------------------------------------
# Each action, the roles that may take it (superusers count as officers: workflow.roles_of), and what
# the one who may not is told. Experts write notes on the issues assigned to them only (access.may_note).

ASSIGN = "assign"  # give an issue to an officer or expert
WRITE_NOTES = "write_notes"  # internal notes
WRITE_PUBLIC_NOTES = "write_public_notes"  # notes the filer reads, and asking the filer for more
REGISTER_ISSUES = "register_issues"  # enter an issue by hand (a phone call, a meeting)
LINK_FILINGS = "link_filings"  # decide whether a filing belongs to a known company
PLAN_MEETINGS = "plan_meetings"  # agendas, conclusions and their application, invitations
BUILD_BATCHES = "build_batches"  # put proposals in a batch and submit it to the government
EXPORT = "export"  # proposal lists for the government, and their files
READ_EVERY_EXPORT = "read_every_export"  # the files someone else exported
IMPORT_ANSWERS = "import_answers"  # the government's answers, from the returned sheet
READ_REPORTS = "read_reports"  # the annual report
KEEP_ROSTER = "keep_roster"  # the experts' roster: add, edit and remove any expert's profile
# Consultations (issues/consultations): the officers ask, follow up, accept and reassign; the expert asked
# answers or declines, their own requests only (access.may_answer).
REQUEST_CONSULTATIONS = "request_consultations"
ASK_FOLLOW_UPS = "ask_follow_ups"
ACCEPT_OPINIONS = "accept_opinions"
REASSIGN_CONSULTATIONS = "reassign_consultations"
ANSWER_CONSULTATIONS = "answer_consultations"  # submit an opinion, or decline
# Similar issues (issues/similar): marking two issues as related, and removing the mark, is a change of
# both issues: the roles that change issues (ROLES) do it.
RELATE_ISSUES = "relate_issues"

MAY = {
    ASSIGN: {OFFICER},
    WRITE_NOTES: {OFFICER, EXPERT},
    WRITE_PUBLIC_NOTES: {OFFICER},
    REGISTER_ISSUES: {OFFICER},
    LINK_FILINGS: {OFFICER},
    PLAN_MEETINGS: {OFFICER},
    BUILD_BATCHES: {OFFICER, OFFICIAL},
    EXPORT: {OFFICER, OFFICIAL},
    READ_EVERY_EXPORT: {OFFICER},
    IMPORT_ANSWERS: {OFFICER, OFFICIAL},
    READ_REPORTS: {OFFICER, OFFICIAL},
    KEEP_ROSTER: {OFFICER},
    REQUEST_CONSULTATIONS: {OFFICER},
    ASK_FOLLOW_UPS: {OFFICER},
    ACCEPT_OPINIONS: {OFFICER},
    REASSIGN_CONSULTATIONS: {OFFICER},
    ANSWER_CONSULTATIONS: {EXPERT},
    RELATE_ISSUES: {OFFICER},
}


def may(user, action: str) -> bool:
    """Whether `user` may take `action` (a key of MAY); the filer (None) takes none of them."""
    return bool(MAY[action] & roles_of(user))


def sync_roles_after_migrate(sender, **kwargs) -> None:
    # Here, not at the top: apps.py imports this module before Django has loaded the auth models.
    from django.contrib.auth.models import Group, Permission

    sync_roles(Group, Permission)


# --- Which role sees which part of an issue ------------------------------------------------------------
# Model permissions say which records a role opens; this table says which parts of an issue it reads
# once it may see the issue at all (selectors.visible_issues). The issue page, its timeline, the
# workspace's other lists and the exports all ask may_see(). Superusers count as officers (workflow.roles_of).

FILER_CONTACT = "filer_contact"  # who filed: contact person, e-mail, phone, CEO
INTERNAL_NOTES = "internal_notes"  # notes that are not public, the filer's messages included
HISTORY_NOTES = "history_notes"  # the internal note written with a move
NOTICE_RECIPIENTS = "notice_recipients"  # to whom each e-mail went, and why it failed
ATTACHMENTS = "attachments"  # the files the filer and staff uploaded, and their names

# The issue's fields and lookups of each group: the page leaves them out, the timeline does not show their
# edits, the list neither filters nor searches by them. The company's name is no contact detail: it is the
# 건의기업 every export names.
FIELD_GROUPS = {
    FILER_CONTACT: ("contact", "filer_ceo_name", "filer_contact_name", "filer_email", "filer_phone",
                    "company__ceo_name", "company__contacts"),
}

SEES = {
    # Officers triage, answer the filer and plan meetings: they see everything.
    OFFICER: frozenset({FILER_CONTACT, INTERNAL_NOTES, HISTORY_NOTES, NOTICE_RECIPIENTS, ATTACHMENTS}),
    # Experts read "as far as the question needs" (CONTRACT.md): the problem, the files that show it, the
    # officers' notes asking them and the history of the question; never who filed it or how to reach them.
    EXPERT: frozenset({INTERNAL_NOTES, HISTORY_NOTES, ATTACHMENTS}),
    # Officials carry proposals to the government: "exports carry only what the official needs" (SPEC.md).
    # The proposal's text, state, answer, public notes and the files that support it (a proposal goes
    # to the ministry with its evidence); no contact, no staff notes, no notes of moves (the officers'
    # reasoning before the proposal). A note they wrote on a move stays theirs to read.
    OFFICIAL: frozenset({ATTACHMENTS}),
}


def may_see(user, group: str) -> bool:
    """Whether `user` reads the `group` part (FILER_CONTACT …) of the issues they may see."""
    return any(group in SEES.get(role, ()) for role in roles_of(user))


def hidden_fields(user) -> frozenset:
    """The issue fields and lookups (FIELD_GROUPS) of every group `user` may not see."""
    return frozenset(name for group, names in FIELD_GROUPS.items() if not may_see(user, group) for name in names)


def is_hidden_lookup(lookup: str, hidden: frozenset) -> bool:
    """Whether a lookup (`filer_email__startswith`, `company__ceo_name`, `-contact`) reaches a hidden field."""
    lookup = lookup.lstrip("-")
    return any(lookup == name or lookup.startswith(f"{name}__") for name in hidden)
