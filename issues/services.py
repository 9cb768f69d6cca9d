"""The only code that writes an issue's state, and the other changes made to issues.

Every function takes the acting user as `by=`; `by=None` is the filer acting through the issue's
private status link. Each runs in one transaction and owes its notices inside it (notices/)."""

import logging
import uuid
from contextlib import contextmanager
from functools import cache

from django.db import connection, transaction
from django.db.models import CharField, Max, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Contact
from companies.validators import normalize_business_number

from . import access, laws, links, roles, workflow
from .models import (
    AgendaItem,
    Attachment,
    Issue,
    Note,
    Notice,
    StatusChange,
    TrackingCounter,
    attachment_path,
    insert_unless_taken,
)
from .notices import kinds, outbox
from .workflow import OFFICER, Resolution, State

log = logging.getLogger(__name__)

# The version of the personal-information consent text the public form shows; stored with each issue.
# 2026-12: the company is named to the government only where the filer agreed to it (may_name_company).
PRIVACY_CONSENT_VERSION = "2026-12"


class AttachmentsNotStored(Exception):
    """The private storage refused an attachment (a full disk, most often): nothing of the submission
    was saved, and none of its files is left on the disk."""


def allocate_number(year: int) -> str:
    """The next tracking number of `year`, e.g. REG-2024-0001.

    One statement increments the year's counter and returns it. Callers take the number before their
    transaction opens: in autocommit the row is locked for that statement only, so concurrent filings do
    not queue on it until each other's commit, and no two ever get one number. A filing that fails after
    taking its number leaves a gap in the year's numbers."""
    table = connection.ops.quote_name(TrackingCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) "  # noqa: S608 - the table name is ours  # nosec B608
            f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        (last,) = cursor.fetchone()
    return f"REG-{year}-{last:04d}"


@cache
def _audit_model():
    return Issue.audit.model  # each access of Issue.audit builds a manager class: once


def _write_first_audit_row(issue: Issue, *, by) -> None:
    """The audit trail's "+" row of a new issue, as HistoricalRecords.create_historical_record writes it."""
    history = _audit_model()
    history.objects.bulk_create([history(
        history_date=timezone.now(), history_type="+", history_user=by, history_change_reason=None,
        **{field.attname: getattr(issue, field.attname) for field in history.tracked_fields})])


def submit_issue(data: dict, *, files=(), source=Issue.Source.WEB, language=None, by=None,
                 filed_at=None, is_suspected_spam: bool = False) -> Issue:
    """File a new issue from the intake form's fields (CONTRACT.md names) and owe its receipt.

    The filer's data is stored as typed, with the issue, and is all the filer ever sees of themselves.
    A business number nobody filed before makes a new company with its contact from what was typed; a
    known one links nothing: whether the filing belongs to that company and its contact is an officer's
    decision (decide_filer_match), and nothing typed here changes a stored company or contact.

    The issue returned carries `secret`, the status link's secret, which is never stored (issues/links.py):
    the caller shows it once, and the receipt e-mail owed here carries it sealed. `filed_at` (default:
    now) lets demo data and imports file an issue at its original date, which also picks the year of its
    tracking number. A suspected spam submission is kept and flagged but owes no receipt: a robot typed
    its e-mail address."""
    business_number = normalize_business_number(data["business_number"])
    typed = {
        "filer_company_name": data["company_name"], "filer_business_number": business_number,
        "filer_ceo_name": data.get("ceo_name", ""), "filer_contact_name": data["contact_name"],
        "filer_email": data["contact_email"].strip().lower(), "filer_phone": data.get("contact_phone", ""),
    }
    secret = links.new_secret()
    filed_at = filed_at or timezone.now()
    with _stored(files) as stored:
        number = allocate_number(timezone.localdate(filed_at).year)  # before the transaction: see allocate_number
        with transaction.atomic():
            company, contact = _new_company(typed, field=data.get("field"))
            issue = Issue(
                number=number,
                secret_hash=links.hash_secret(secret),
                title=data["title"],
                company=company,
                contact=contact,
                **typed,
                filer_reviewed_at=filed_at if company is not None else None,
                field=data.get("field"),
                problem=data["problem"],
                improvement=data.get("improvement", ""),
                related_law=data.get("related_law", ""),
                ministry=data.get("ministry"),
                expected_effect=data.get("expected_effect", ""),
                may_name_company=bool(data.get("may_name_company")),
                source=source,
                language=(language or get_language() or "ko")[:2],
                privacy_consent_version=PRIVACY_CONSENT_VERSION if data.get("privacy_consent") else "",
                privacy_consented_at=filed_at if data.get("privacy_consent") else None,
                filed_at=filed_at,
                state_changed_at=filed_at,
                is_suspected_spam=is_suspected_spam,
            )
            # Its first audit row written here, naming who filed it (not the request's user, which would read
            # the session): the row django-simple-history writes after a save, without building its manager
            # class for this one row (a tenth of a filing's CPU).
            issue.skip_history_when_saving = True
            issue.save(force_insert=True)
            del issue.skip_history_when_saving
            _write_first_audit_row(issue, by=by)
            StatusChange.objects.create(
                issue=issue, from_state="", to_state=State.DISCOVERY, by=by, by_filer=by is None, at=filed_at
            )
            _attach(issue, stored, by=by)
            laws.cite_laws(issue, is_new=True)
            if not is_suspected_spam:
                kinds.owe_filer("issue-received", issue, event=str(issue.pk),
                                context={"link_token": links.seal(secret)})
    issue.secret = secret
    return issue


def _new_company(typed: dict, *, field) -> tuple[Company | None, Contact | None]:
    """A company (and its contact) made from what a filer typed, when its business number is new;
    (None, None) when a company with that number exists already, which is then left as it is. A known
    number, or one filed at this very moment, is no error: one INSERT that does nothing then."""
    company = Company(name=typed["filer_company_name"], business_number=typed["filer_business_number"],
                      ceo_name=typed["filer_ceo_name"], field=field)
    if not insert_unless_taken(company):
        return None, None
    contact = Contact.objects.create(company=company, name=typed["filer_contact_name"], email=typed["filer_email"],
                                     phone=typed["filer_phone"][:20])
    return company, contact


def decide_filer_match(issue: Issue, *, accept: bool, by) -> Issue:
    """An officer's decision on a filing whose business number belongs to a known company
    (selectors.filer_match): link it to that company and to the contact with the e-mail filed (a new
    contact of the company is made from what was typed when it has none with that address), or keep
    it separate. Either way the question is settled; nothing stored about the company changes."""
    access.require(by, roles.LINK_FILINGS, _("Only officers link filings to known companies."))
    with transaction.atomic():
        current = Issue.objects.select_for_update().get(pk=issue.pk)
        if current.filer_reviewed_at is not None or current.company_id is not None:
            raise workflow.StaleIssue(_("This filing has been checked against the known companies already."))
        changed = ["filer_reviewed_at", "updated_at"]
        if accept:
            company = Company.objects.filter(business_number=current.filer_business_number).first()
            if company is None:
                raise workflow.MissingInformation(_("No known company has the business number of this filing."))
            email = current.filer_email
            contact = company.contacts.filter(email__iexact=email).first() if email else None
            if contact is None and email:
                contact = Contact.objects.create(company=company, name=current.filer_contact_name,
                                                 email=current.filer_email, phone=current.filer_phone[:20])
            current.company, current.contact = company, contact
            changed += ["company", "contact"]
        current.filer_reviewed_at = timezone.now()
        current._history_user = by
        current.save(update_fields=changed)
    for name in changed:
        setattr(issue, name, getattr(current, name))
    return issue


def send_status_links(email: str, *, language: str, number: str | None = None) -> Notice | None:
    """Owe one message with a fresh status link for every issue filed with `email` ("send me my links"),
    or for the one issue `number` filed with it; nothing when there is none. The links are new, and the
    ones before stop working: a lost link is replaced, never recovered (issues/links.py). Suspected spam
    and erased issues are left out: a robot may have typed someone else's address."""
    email = email.strip().lower()
    issues = Issue.objects.filter(filer_email=email, is_suspected_spam=False, anonymised_at__isnull=True)
    if number is not None:
        issues = issues.filter(number=number)
    with transaction.atomic():
        ids = list(issues.order_by("filed_at", "pk").select_for_update().values_list("pk", flat=True))
        if not ids:
            return None
        secrets = {pk: links.new_secret() for pk in ids}
        # One statement for all of them, however many reports the address filed.
        Issue.objects.bulk_update([Issue(pk=pk, secret_hash=links.hash_secret(s)) for pk, s in secrets.items()],
                                  ["secret_hash"])
        sealed = {str(pk): links.seal(secret) for pk, secret in secrets.items()}
        # Each request is its own event: a filer who asks again (after the throttle) gets a new message.
        return outbox.owe("links-requested", key=f"links-requested:{uuid.uuid4().hex}", issue=None,
                           recipient=email, language=language, context={"issue_ids": ids, "link_tokens": sealed})


@contextmanager
def _stored(files):
    """Write uploads to private storage under random names before the transaction opens (so no lock
    is held during disk writes); remove them again if the transaction fails.

    A file the storage refuses (any OSError: ENOSPC on a full disk, EDQUOT, EIO) raises
    AttachmentsNotStored before the transaction opens, with every file of the submission removed,
    the part written of the refused one too.

    `upload.content_type` must already be the type found from the file's content (the forms check
    it), not the one the browser claimed."""
    storage = Attachment._meta.get_field("file").storage
    stored = []
    try:
        for upload in files:
            name = attachment_path(None, upload.name)
            try:
                name = storage.save(name, upload)
            except OSError as error:
                # FileSystemStorage leaves behind what it wrote before the error; the random name is ours alone.
                _remove(storage, name)
                log.error("Attachment “%s” (%d bytes) not stored, nothing of its submission saved: %s",
                          upload.name, upload.size, error)
                raise AttachmentsNotStored(upload.name) from error
            stored.append({"file": name, "original_name": upload.name[:255],
                           "content_type": upload.content_type, "size": upload.size})
        yield stored
    except BaseException:
        for item in stored:
            _remove(storage, item["file"])
        raise


def stored_uploads(files):
    """What _stored does, for the features that keep files of their own (an expert's opinion): a context
    manager giving the stored files' details, which removes the files again if the block fails."""
    return _stored(files)


def _remove(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:  # not to hide the error that made the submission fail
        log.exception("Could not remove %s from the private storage", name)


def _attach(issue: Issue, stored: list[dict], *, note: Note | None = None, by=None) -> None:
    Attachment.objects.bulk_create(Attachment(issue=issue, note=note, uploaded_by=by, **item) for item in stored)


def move_issue(
    issue: Issue, to: str, *, by, note: str = "", public_note: str = "", meeting=None,
    ministry=None, improvement: str | None = None,
    answer: str = "", answer_text: str = "", answered_on=None,
    resolution: str = "", duplicate_of: Issue | None = None, system_note: dict | None = None,
    event: str | None = None,
) -> StatusChange:
    """Move `issue` to the state `to`, or raise a workflow.MoveError saying why not.

    Locks the issue's row, refuses if someone moved it since the caller read it, checks the move
    against the workflow, writes the issue and its history row and owes the filer's notice.
    `note` and `public_note` are stored as typed; what the system says of the move goes in `system_note`
    (a kind of models.SYSTEM_NOTES and its parameters), read in each reader's language. `event` names the
    one action of which this move is a step, when that action moves the issue more than once in one
    transaction (a meeting's conclusion): the filer gets one notice for the whole event."""
    with transaction.atomic():
        current = Issue.objects.select_for_update().get(pk=issue.pk)
        if current.state != issue.state:
            raise workflow.StaleIssue(
                _("Someone else has just moved this issue to “%(state)s”. Reload to see where it stands.")
                % {"state": workflow.state_label(current.state)}
            )
        move = check_move_issue(current, to, by=by, note=note, ministry=ministry, improvement=improvement,
                                answer=answer, answer_text=answer_text, resolution=resolution,
                                duplicate_of=duplicate_of)
        now = timezone.now()
        changed = _arrive(current, move, now, ministry=ministry, improvement=improvement, answer=answer,
                          answer_text=answer_text, answered_on=answered_on, resolution=resolution,
                          duplicate_of=duplicate_of)
        current.state, current.state_changed_at = move.target, now
        current._history_user = by
        current.save(update_fields=[*changed, "state", "state_changed_at", "updated_at"])
        change = StatusChange.objects.create(
            issue=current, from_state=move.source, to_state=move.target, resolution=current.resolution,
            by=by, by_filer=by is None, at=now, note=note, public_note=public_note, meeting=meeting,
            system_note=system_note or {},
        )
        kinds.owe_filer_move(current, change, event=event)
        if by is None:  # the filer withdrew: the officer in charge should know
            kinds.owe_assignee("filer-withdrew", current, event=str(change.pk), context={"change_id": change.pk})
    for name in (*changed, "state", "state_changed_at", "updated_at"):
        setattr(issue, name, getattr(current, name))
    return change


def check_move_issue(
    issue: Issue, to: str, *, by, note: str = "", ministry=None, improvement: str | None = None,
    answer: str = "", answer_text: str = "", resolution: str = "", duplicate_of: Issue | None = None,
    from_state: str | None = None, **_unchecked,
) -> workflow.Move:
    """The dry run of move_issue(): the move it would make of `issue` as it stands, or the MoveError it
    would raise. Nothing is written. move_issue() runs it on the locked row; previews (a meeting's
    conclusions, a batch, an answers file) run it on what they read. Arguments only move_issue()
    records (a public note, a meeting, a date) are accepted and not checked. `from_state`: the state
    the issue will be in by then, for the later moves of a path of several."""
    if duplicate_of is not None and duplicate_of.pk == issue.pk:
        raise workflow.MissingInformation(
            _("An issue cannot duplicate itself."), errors={"duplicate_of": _("Choose another issue.")}
        )
    return workflow.check_move(from_state or issue.state, to, workflow.roles_of(by), {
        "ministry": ministry or issue.ministry_id,
        "improvement": issue.improvement if improvement is None else improvement,
        "answer": answer, "answer_text": answer_text,
        "resolution": resolution, "duplicate_of": duplicate_of,
        "note": note,
    })


def _arrive(issue: Issue, move: workflow.Move, now, *, ministry, improvement, answer, answer_text,
            answered_on, resolution, duplicate_of) -> list[str]:
    """Set what the target state records; return the names of the fields set."""
    if move.target == State.PROPOSAL and move.kind == workflow.FORWARD:
        if ministry is not None:
            issue.ministry = ministry
        if improvement is not None:
            issue.improvement = improvement
        issue.proposed_on = timezone.localdate(now)
        return ["ministry", "improvement", "proposed_on"]
    if move.target == State.FOLLOW_UP:
        issue.government_answer, issue.government_answer_text = answer, answer_text
        issue.government_answered_on = answered_on or timezone.localdate(now)
        return ["government_answer", "government_answer_text", "government_answered_on"]
    if move.target == State.CLOSED:
        issue.resolution = resolution
        issue.duplicate_of = duplicate_of if resolution == Resolution.DUPLICATE else None
        issue.closed_at = now
        return ["resolution", "duplicate_of", "closed_at"]
    if move.kind == workflow.REOPEN:
        issue.resolution, issue.duplicate_of, issue.closed_at = "", None, None
        return ["resolution", "duplicate_of", "closed_at"]
    if move.source == State.FOLLOW_UP:  # sent back: the recorded answer no longer stands
        issue.government_answer, issue.government_answer_text, issue.government_answered_on = "", "", None
        return ["government_answer", "government_answer_text", "government_answered_on"]
    return []


def assign_issue(issue: Issue, assignee, *, by) -> None:
    """Give an issue to an officer or expert (or to nobody) and tell the new assignee."""
    access.require(by, roles.ASSIGN, _("Only officers assign issues."))
    if assignee is not None and not workflow.roles_of(assignee) & {OFFICER, workflow.EXPERT}:
        raise workflow.NotPermitted(_("Issues can only be assigned to officers and experts."))
    with transaction.atomic():
        # The audit trail copies the whole row from the instance saved: save a fresh, locked one, so
        # that an edit made since the caller read `issue` is not recorded as undone.
        current = Issue.objects.select_for_update().get(pk=issue.pk)
        current.assignee = assignee
        current._history_user = by
        current.save(update_fields=["assignee", "updated_at"])
        issue.assignee, issue.updated_at = assignee, current.updated_at
        if assignee is not None and assignee != by and assignee.email:
            outbox.owe(
                "issue-assigned", key=f"issue-assigned:{issue.pk}:{assignee.pk}:{timezone.now().isoformat()}",
                issue=issue, recipient=assignee.email, language="ko", user=assignee,
            )


def add_note(issue: Issue, body: str, *, by, is_public: bool = False, asks_filer: bool = False,
             files=()) -> Note:
    """Add a note. Officers write internal or public notes (the filer is told of public ones; a note
    that `asks_filer` for more information is public and says so); an expert writes internal notes
    on the issues assigned to them; the filer writes messages while the issue is open, which staff
    read (the assignee is told) and which stay on the filer's own status page."""
    is_public = is_public or asks_filer
    if by is None:
        if not issue.is_open:
            raise workflow.NotPermitted(_("This issue is closed: messages can no longer be added."))
        is_public = True
    else:
        if not access.may_note(by, issue):
            raise workflow.NotPermitted(_("You may only add notes to issues assigned to you."))
        if is_public:
            access.require(by, roles.WRITE_PUBLIC_NOTES, _("Only officers write public notes."))
    if not (body or "").strip():
        raise workflow.MissingInformation(_("A note cannot be empty."), errors={"body": _("Write the note.")})
    with _stored(files) as stored, transaction.atomic():
        note = Note.objects.create(issue=issue, author=by, is_from_filer=by is None, is_public=is_public,
                                   asks_filer=asks_filer and by is not None, body=body)
        _attach(issue, stored, note=note, by=by)
        if by is None:
            kinds.owe_assignee("filer-wrote", issue, event=str(note.pk), context={"note_id": note.pk})
        elif is_public:
            kind = "info-requested" if asks_filer else "note-published"
            kinds.owe_filer(kind, issue, event=str(note.pk), context={"note_id": note.pk})
    return note


def add_to_agenda(issue: Issue, meeting, *, by) -> AgendaItem:
    """Put an issue at the end of a meeting's agenda; an issue already there stays where it is."""
    access.require(by, roles.PLAN_MEETINGS, _("Only officers plan meeting agendas."))
    with transaction.atomic():
        item = AgendaItem.objects.filter(meeting=meeting, issue=issue).first()
        if item is None:
            last = AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("position"))["m"] or 0
            item = AgendaItem.objects.create(meeting=meeting, issue=issue, position=last + 1)
    return item


def merge_duplicate(duplicate: Issue, kept: Issue, *, by, public_note: str = "") -> StatusChange:
    """Close `duplicate` as a duplicate of `kept` through the workflow. Its notes and attachments stay
    with it and are shown on the kept issue's page; its filer is told under which number it goes on."""
    if kept.pk == duplicate.pk:
        raise workflow.MissingInformation(
            _("An issue cannot duplicate itself."), errors={"duplicate_of": _("Choose another issue.")}
        )
    return move_issue(duplicate, State.CLOSED, by=by, resolution=Resolution.DUPLICATE, duplicate_of=kept,
                      public_note=public_note, system_note={"kind": "duplicate", "number": kept.number})


def set_proposal_batch(issue: Issue, batch, *, by) -> None:
    """Record that `issue` goes to the government in `batch` (proposals/batches.add_to_batch decides
    whether it may, and locks the rows); the audit trail shows who put it there."""
    issue.proposal_batch = batch
    issue._history_user = by
    issue.save(update_fields=["proposal_batch", "updated_at"])


# What erasing an issue's personal data empties (privacy/retention.py decides which issues and when): the
# filer as typed, but for the company's name and number, which are no one's personal data.
ERASED_FILER = {"filer_ceo_name": "", "filer_contact_name": "", "filer_email": "", "filer_phone": ""}
# Never a keyed hash (64 hex digits) of any secret: no link can reach an erased issue.
ERASED_SECRET_PREFIX = "erased:"  # noqa: S105 - a marker, not a secret  # nosec B105


def erase_filer_data(issue_ids, *, now) -> tuple[int, int]:
    """Erase the filer's personal data from these issues and from their audit trail: the contact link,
    the filer's data as typed, the status link (it answers 404 from now on). Returns (issues, audit
    rows) changed. Called inside the retention run's transaction."""
    history = Issue.audit.model.objects.filter(id__in=issue_ids).filter(
        Q(contact__isnull=False) | ~Q(filer_email=""))
    audit_rows = history.update(contact=None, **ERASED_FILER)
    issues = Issue.objects.filter(pk__in=issue_ids).update(
        contact=None, anonymised_at=now, **ERASED_FILER,
        secret_hash=Concat(Value(ERASED_SECRET_PREFIX), Cast("pk", CharField()), output_field=CharField()),
    )
    return issues, audit_rows


def register_issue(issue: Issue, *, by) -> Issue:
    """Save an issue an officer enters by hand (from a phone call, a meeting): it gets its number and
    the first row of its history like any filed issue."""
    access.require(by, roles.REGISTER_ISSUES, _("Only officers register issues."))
    secret = links.new_secret()
    issue.number = allocate_number(timezone.localdate(issue.filed_at).year)  # before the transaction, as a filing's
    with transaction.atomic():
        issue.secret_hash = links.hash_secret(secret)
        # The officer chose the company and contact: they are the filer, and nothing is left to decide.
        if issue.company_id and not issue.filer_company_name:
            issue.filer_company_name = issue.company.name
            issue.filer_business_number = issue.company.business_number
            issue.filer_ceo_name = issue.company.ceo_name
        if issue.contact_id and not issue.filer_email:
            issue.filer_contact_name, issue.filer_email = issue.contact.name, issue.contact.email
            issue.filer_phone = issue.contact.phone
        issue.filer_reviewed_at = issue.filer_reviewed_at or timezone.now()
        issue.state, issue.state_changed_at = State.DISCOVERY, issue.filed_at
        if issue.source == Issue.Source.WEB:
            issue.source = Issue.Source.OFFICER
        issue._history_user = by
        issue.save()
        StatusChange.objects.create(issue=issue, from_state="", to_state=State.DISCOVERY, by=by, at=issue.filed_at)
        laws.cite_laws(issue)
    issue.secret = secret
    return issue
