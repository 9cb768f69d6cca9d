"""The expert's queue: the requests asked of them, in three groups. Due: still to answer, the due date not
passed; overdue: still to answer after the due date (roster.overdue), the longest overdue first; done: answered
(waiting for the officer), accepted or declined, the latest first. A request given to another expert since is in
none of them: it is no longer theirs to read (selectors.visible_consultations)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max
from django.utils import timezone

from .. import selectors
from ..models import Consultation
from .roster import overdue

Status = Consultation.Status
DONE = (Status.ANSWERED, Status.ACCEPTED, Status.DECLINED)


@dataclass
class Queue:
    today: date
    due: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    done: list = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return len(self.due) + len(self.overdue)


def expert_queue(user, *, today: date | None = None) -> Queue:
    """The requests asked of `user`, grouped; each carries `days_left` (due) or `days_overdue` (overdue), and
    `done_at` (done: when it was answered or declined)."""
    today = today or timezone.localdate()
    mine = (selectors.visible_consultations(user, Consultation.objects.filter(expert=user))
            .select_related("issue", "requested_by"))
    late = list(overdue(mine, today=today))
    for consultation in late:
        consultation.days_overdue = (today - consultation.due_on).days
    due = list(mine.filter(status__in=Consultation.OPEN).exclude(pk__in=[c.pk for c in late])
               .order_by("due_on", "pk"))
    for consultation in due:
        consultation.days_left = (consultation.due_on - today).days
    done = list(mine.filter(status__in=DONE).annotate(done_at=Max("messages__at")).order_by("-done_at", "-pk"))
    return Queue(today=today, due=due, overdue=late, done=done)
