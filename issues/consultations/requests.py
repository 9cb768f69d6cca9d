"""A consultation from the request to the accepted opinion. The only code that writes a Consultation and
its thread; each function takes the acting user as `by=`, checks who may act (access.py, roles.MAY), runs in
one transaction and owes its notices inside it (notices/kinds.owe_consultation).

    requested ──submit_opinion──▶ answered ──accept_opinion──▶ accepted
      │  ▲                          │
      │  └─────ask_follow_up────────┘ (follow_up: the expert answers again)
      └──decline──▶ declined ──reassign──▶ reassigned (a new request to another expert)
    an open request past its due date may be reassigned too.

What the filer reads of it is only that an expert reviewed the report, once an opinion is accepted, and the
summary an officer chose to publish (the status page reads the accepted consultations; never the opinion)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import access, roles, services, workflow
from ..models import Attachment, Consultation, ConsultationMessage, Issue
from ..notices import kinds

Status = Consultation.Status
Kind = ConsultationMessage.Kind


def request_consultation(issue: Issue, *, expert, question: str, due_on: date, by) -> Consultation:
    """Ask `expert` a question on an open issue, to be answered by `due_on`; the expert is told by e-mail."""
    access.require(by, roles.REQUEST_CONSULTATIONS, _("Only officers ask experts for opinions."))
    _check_request(issue, expert=expert, question=question, due_on=due_on)
    with transaction.atomic():
        consultation = _new_request(issue, expert=expert, question=question, due_on=due_on, by=by)
    return consultation


def submit_opinion(consultation: Consultation, *, summary: str, legal_basis: str, recommendation: str,
                   files=(), by) -> Consultation:
    """The expert's opinion on their request (asked or asked again): the summary, the laws and articles it
    rests on, the recommendation and files; the officer who asked is told. `files` are uploads checked
    already (intake/uploads.check_uploads: safe names, the content's type)."""
    if not access.may_answer(by, consultation):
        raise workflow.NotPermitted(_("Only the expert asked answers this request."))
    errors = {}
    if not (summary or "").strip():
        errors["summary"] = _("Write the opinion's summary.")
    if recommendation not in Consultation.Recommendation.values:
        errors["recommendation"] = _("Choose a recommendation.")
    if errors:
        raise workflow.MissingInformation(_("The opinion is not complete."), errors=errors)
    with services.stored_uploads(files) as stored, transaction.atomic():
        current = _locked(consultation, Consultation.OPEN)
        now = timezone.now()
        current.summary, current.legal_basis, current.recommendation = summary.strip(), legal_basis.strip(), \
            recommendation
        current.status, current.answered_at = Status.ANSWERED, now
        current.save(update_fields=["summary", "legal_basis", "recommendation", "status", "answered_at"])
        message = ConsultationMessage.objects.create(consultation=current, author=by, kind=Kind.ANSWER,
                                                     text=current.summary, at=now)
        Attachment.objects.bulk_create(
            Attachment(issue_id=current.issue_id, consultation=current, uploaded_by=by, created_at=now, **item)
            for item in stored)
        kinds.owe_consultation("opinion-submitted", current, event=f"message{message.pk}", message=message)
    return _refreshed(consultation, current)


def accept_opinion(consultation: Consultation, *, by, published_summary: str = "") -> Consultation:
    """Accept the expert's opinion. The filer's status page then says that an expert reviewed the report,
    with `published_summary` if the officer wrote one (nothing of the opinion itself)."""
    access.require(by, roles.ACCEPT_OPINIONS, _("Only officers accept opinions."))
    with transaction.atomic():
        current = _locked(consultation, (Status.ANSWERED,))
        current.status, current.accepted_at = Status.ACCEPTED, timezone.now()
        current.published_summary = (published_summary or "").strip()
        current.save(update_fields=["status", "accepted_at", "published_summary"])
    return _refreshed(consultation, current)


def ask_follow_up(consultation: Consultation, *, text: str, by) -> ConsultationMessage:
    """Ask the expert a further question on the same request (the thread stays on it); the expert is told."""
    access.require(by, roles.ASK_FOLLOW_UPS, _("Only officers ask follow-up questions."))
    if not (text or "").strip():
        raise workflow.MissingInformation(_("Write the follow-up question."),
                                          errors={"text": _("Write the follow-up question.")})
    with transaction.atomic():
        current = _locked(consultation, (Status.REQUESTED, Status.ANSWERED, Status.FOLLOW_UP))
        current.status = Status.FOLLOW_UP
        current.save(update_fields=["status"])
        message = ConsultationMessage.objects.create(consultation=current, author=by, kind=Kind.FOLLOW_UP,
                                                     text=text.strip())
        kinds.owe_consultation("consultation-followed-up", current, event=f"message{message.pk}",
                                message=message)
    _refreshed(consultation, current)
    return message


def decline(consultation: Consultation, *, reason: str, by) -> Consultation:
    """The expert asked declines their open request, saying why; the officer who asked is told, and may
    give the request to another expert (reassign)."""
    if not access.may_answer(by, consultation):
        raise workflow.NotPermitted(_("Only the expert asked declines this request."))
    if not (reason or "").strip():
        raise workflow.MissingInformation(_("Say why you decline."), errors={"reason": _("Say why you decline.")})
    with transaction.atomic():
        current = _locked(consultation, Consultation.OPEN)
        current.status = Status.DECLINED
        current.save(update_fields=["status"])
        message = ConsultationMessage.objects.create(consultation=current, author=by, kind=Kind.DECLINE,
                                                     text=reason.strip())
        kinds.owe_consultation("consultation-declined", current, event=f"consultation{current.pk}", message=message)
    return _refreshed(consultation, current)


def reassign(consultation: Consultation, *, expert, due_on: date, by) -> Consultation:
    """Give a declined request, or an open one past its due date, to another expert with the same question:
    returns the new request (the old one is `reassigned`, replaced by it, and its expert no longer sees the
    issue through it). The new expert is told of the request; the old one, if they had not declined, that
    it went to someone else."""
    access.require(by, roles.REASSIGN_CONSULTATIONS, _("Only officers reassign consultations."))
    if expert is not None and expert.pk == consultation.expert_id:
        raise workflow.MissingInformation(_("Choose another expert."), errors={"expert": _("Choose another expert.")})
    _check_request(consultation.issue, expert=expert, question=consultation.question, due_on=due_on)
    with transaction.atomic():
        current = _locked(consultation, (Status.DECLINED, *Consultation.OPEN))
        if current.status != Status.DECLINED and not current.is_overdue:
            raise workflow.NotPermitted(_("Only a declined request, or one past its due date, can be reassigned."))
        was_open = current.is_open
        new = _new_request(current.issue, expert=expert, question=current.question, due_on=due_on, by=by)
        current.status, current.replaced_by = Status.REASSIGNED, new
        current.save(update_fields=["status", "replaced_by"])
        if was_open:
            kinds.owe_consultation("consultation-reassigned", current, event=f"consultation{current.pk}")
    _refreshed(consultation, current)
    return new


# --- What they share ------------------------------------------------------------------------------------

def _check_request(issue: Issue, *, expert, question: str, due_on) -> None:
    errors = {}
    if expert is None or workflow.EXPERT not in workflow.roles_of(expert):
        errors["expert"] = _("Choose an expert of the advisory group.")
    elif not getattr(getattr(expert, "expert_profile", None), "accepting_requests", True):
        errors["expert"] = _("This expert takes no requests at the moment.")
    elif Consultation.objects.filter(issue=issue, expert=expert, status__in=Consultation.OPEN).exists():
        errors["expert"] = _("This expert has an open request on this issue already.")
    if not (question or "").strip():
        errors["question"] = _("Write the question.")
    if due_on is None or due_on < timezone.localdate():
        errors["due_on"] = _("Choose a due date from today on.")
    if errors:
        raise workflow.MissingInformation(_("The request is not complete."), errors=errors)
    if not issue.is_open:
        raise workflow.NotPermitted(_("This issue is closed: it takes no more consultations."))


def _new_request(issue: Issue, *, expert, question: str, due_on, by) -> Consultation:
    now = timezone.now()
    consultation = Consultation.objects.create(issue=issue, expert=expert, requested_by=by, question=question.strip(),
                                               due_on=due_on, created_at=now)
    ConsultationMessage.objects.create(consultation=consultation, author=by, kind=Kind.QUESTION,
                                       text=consultation.question, at=now)
    kinds.owe_consultation("consultation-requested", consultation, event=f"consultation{consultation.pk}")
    return consultation


def _locked(consultation: Consultation, allowed) -> Consultation:
    """The consultation's row, locked, if its status is one of `allowed`: else someone acted on it since."""
    # Only the consultation's row is locked (PostgreSQL locks no outer join's nullable side: requested_by).
    current = Consultation.objects.select_for_update(of=("self",)).select_related(
        "issue", "expert", "requested_by").get(pk=consultation.pk)
    if current.status not in allowed:
        raise workflow.StaleIssue(
            _("This request is “%(status)s” now. Reload to see where it stands.") % {
                "status": current.get_status_display()})
    return current


def _refreshed(consultation: Consultation, current: Consultation) -> Consultation:
    """The caller's instance, brought up to date with what was saved."""
    for field in Consultation._meta.concrete_fields:
        setattr(consultation, field.attname, getattr(current, field.attname))
    return consultation
