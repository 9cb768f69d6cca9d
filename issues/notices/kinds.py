"""Who is told what: the filer of an issue (in the language they filed in), the staff member it is
assigned to, the expert asked for an opinion and the officer who asked, and each officer's morning digest
of overdue issues and consultations. Each owes a notice in the outbox; the
kinds of notice are named after what happened (templates/emails/<kind>-*)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ..models import Consultation, Issue, Notice
from ..selectors import overdue_consultations_q, overdue_q
from . import followers, outbox


def owe_filer(kind: str, issue: Issue, *, event: str, context: dict | None = None) -> Notice | None:
    """A notice to the person who filed the issue, in the language they filed in (and, of a public note, to
    the filers of the duplicates merged into it: followers.py)."""
    if kind in followers.FOLLOWED_EVENTS:
        followers.owe_followers(issue, key=f"{kind}:{event}", context=context or {})
    return outbox.owe(kind, key=f"{kind}:{event}:filer", issue=issue, recipient=followers.filer_email(issue),
                      language=issue.language, context=context)


# The filer's notice of a move by where it arrives; any other arrival is "issue-moved".
MOVE_KINDS = {"closed": "issue-closed", "follow_up": "issue-answered"}


def owe_filer_move(issue: Issue, change, *, event: str | None = None) -> Notice | None:
    """The filer's notice of a move (`change`, a StatusChange). One notice per event: the moves of one
    `event` (a meeting's conclusion that starts consultation and proposes, say; by default the move is
    an event of its own) make one notice, of the kind of the last and listing them all (`change_ids`),
    so that the filer reads once where the issue ends up and the way there."""

    def amend(context: dict) -> dict:  # a later move of the same event
        return {**context, "change_id": change.pk, "change_ids": [*context.get("change_ids", []), change.pk]}

    kind = MOVE_KINDS.get(change.to_state, "issue-moved")
    # An event's key names the issue too: one action that moved several issues still tells of each.
    event = f"{event}:issue{issue.pk}" if event else str(change.pk)
    followers.owe_followers(issue, key=f"move:{event or change.pk}", amend=amend,  # the merged duplicates' filers
                            context={"change_id": change.pk, "change_ids": [change.pk]})
    return outbox.owe(kind, key=f"move:{event or change.pk}:filer", issue=issue, recipient=followers.filer_email(issue),
                      language=issue.language, context={"change_id": change.pk, "change_ids": [change.pk]},
                      amend=amend)


def owe_assignee(kind: str, issue: Issue, *, event: str, context: dict | None = None) -> Notice | None:
    """A notice to the staff member the issue is assigned to, if any (in the site's language)."""
    user = issue.assignee
    if user is None or not user.email:
        return None
    return outbox.owe(kind, key=f"{kind}:{event}:user{user.pk}", issue=issue, recipient=user.email,
               language=settings.LANGUAGE_CODE, user=user, context=context)


# The notices of a consultation (issues/consultations): to the expert asked, and to the officer who asked.
CONSULTATION_TO_EXPERT = ("consultation-requested", "consultation-followed-up", "consultation-reassigned")
CONSULTATION_TO_REQUESTER = ("opinion-submitted", "consultation-declined")


def owe_consultation(kind: str, consultation: Consultation, *, event: str, message=None) -> Notice | None:
    """A notice of a consultation's `event` (the key of the request or message it is about; `message`, of the
    thread, the one it quotes): of a request, a follow-up question or a reassignment away to the expert
    asked; of an opinion or a decline to the officer who asked. Staff read the site's language; one notice
    per person and event."""
    user = consultation.expert if kind in CONSULTATION_TO_EXPERT else consultation.requested_by
    if user is None or not user.is_active or not user.email:
        return None
    context = {"consultation_id": consultation.pk}
    if message is not None:
        context["message_id"] = message.pk
    return outbox.owe(kind, key=f"{kind}:{event}:user{user.pk}", issue=consultation.issue, recipient=user.email,
                      language=settings.LANGUAGE_CODE, user=user, context=context)


def owe_overdue_digests(today=None) -> int:
    """Owe each officer one message a day listing the overdue issues assigned to them and the
    overdue issues nobody has, and the overdue consultations they asked for (and those whose officer
    is gone); nothing to those with none. Returns the number of digests owed."""
    today = today or timezone.localdate()
    overdue = list(
        Issue.objects.filter(overdue_q(), is_suspected_spam=False)
        .exclude(state="closed").order_by("state_changed_at").values_list("pk", "assignee_id")
    )
    late = list(Consultation.objects.filter(overdue_consultations_q(today))
                .order_by("due_on", "pk").values_list("pk", "requested_by_id"))
    officers = get_user_model().objects.filter(is_active=True, groups__name="officer").exclude(email="")
    owed = 0
    with transaction.atomic():
        for officer in officers:
            ids = [pk for pk, assignee in overdue if assignee in (officer.pk, None)]
            consultation_ids = [pk for pk, requester in late if requester in (officer.pk, None)]
            key = f"overdue-digest:{today.isoformat()}:user{officer.pk}"
            if not (ids or consultation_ids) or Notice.objects.filter(key=key).exists():
                continue
            context = {"issue_ids": ids, "on": today.isoformat()}
            if consultation_ids:
                context["consultation_ids"] = consultation_ids
            outbox.owe("overdue-digest", key=key, issue=None, recipient=officer.email, language=settings.LANGUAGE_CODE,
                user=officer, context=context)
            owed += 1
    return owed
