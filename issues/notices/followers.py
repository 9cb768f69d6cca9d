"""The filers who follow an issue they did not file: those whose own reports were merged into it as
duplicates (services.merge_duplicate told them "we follow it up there"). Each public event of the kept
issue (a move, a public note; not a request for more information, which is its own filer's to answer)
owes each of them one notice of its own, in the language they filed in, about their own report."""

from django.db.models import Q

from ..models import Issue, Notice
from ..workflow import Resolution
from . import outbox

FOLLOWED_KIND = "followed-issue-updated"
# The filer's notices, besides moves (kinds.owe_filer_move), that the followers get too.
FOLLOWED_EVENTS = frozenset({"note-published"})


def filer_email(issue: Issue) -> str:
    # The address typed on the form; an issue an officer entered by hand has its chosen contact's.
    return issue.filer_email or (issue.contact.email if issue.contact_id else "")


def followers(issue: Issue) -> list[Issue]:
    """The issues merged into `issue` whose filers follow it: one per e-mail address, none with the
    address of `issue`'s own filer (they hear of it already), none whose personal data was erased. An
    issue merged into one that was itself merged into `issue` later follows `issue` too."""
    merged = (Issue.objects.filter(Q(duplicate_of=issue) | Q(duplicate_of__duplicate_of=issue),
                                   resolution=Resolution.DUPLICATE, anonymised_at__isnull=True)
              .select_related("contact").order_by("filed_at", "pk"))
    seen = {filer_email(issue).lower()} - {""}
    found = []
    for duplicate in merged:
        email = filer_email(duplicate).lower()
        if email and email not in seen:
            seen.add(email)
            found.append(duplicate)
    return found


def owe_followers(issue: Issue, *, key: str, context: dict, amend=None) -> list[Notice]:
    """Owe each follower of `issue` a notice of the event `key` names (the key of the kept filer's own
    notice), with `context` (a change or a note of `issue`); `amend` as outbox.owe takes it."""
    owed = []
    for duplicate in followers(issue):
        extra = {"amend": amend} if amend is not None else {}
        notice = outbox.owe(FOLLOWED_KIND, key=f"{key}:follower{duplicate.pk}", issue=duplicate,
                            recipient=filer_email(duplicate), language=duplicate.language,
                            context={**context, "followed_id": issue.pk, "followed_number": issue.number}, **extra)
        if notice is not None:
            owed.append(notice)
    return owed
