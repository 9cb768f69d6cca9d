"""Regulatory issues (규제 개선 과제), their history, notes, attachments, meeting agendas and the
outbox of notices. An issue's state changes only through services.move_issue."""

import uuid
from datetime import date, timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models, router
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from companies.models import Company, Contact, Field, Organization
from meetings.models import Meeting

from . import citations
from .links import new_secret, unheld_hash  # noqa: F401 - new_secret: named by the initial migration
from .workflow import Answer, Resolution, State


def private_storage():
    return storages["private"]


def attachment_path(instance, filename) -> str:
    """A random name: the uploader's file name is kept in the database only, never on disk."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    if not suffix[1:].isalnum():
        suffix = ""
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def insert_unless_taken(obj: models.Model) -> bool:
    """Insert `obj` unless a unique value of it is taken already: True when its row was made (its pk is then
    set), False when another row holds the value. One statement (INSERT … ON CONFLICT DO NOTHING RETURNING),
    where get_or_create or catching the IntegrityError costs a look-up or a savepoint besides. No signals
    are sent, as with bulk_create."""
    meta, using = obj._meta, router.db_for_write(type(obj), instance=obj)
    fields = [field for field in meta.local_concrete_fields if not field.generated and field is not meta.auto_field]
    (row,) = type(obj)._base_manager._insert(
        [obj], fields=fields, returning_fields=[meta.pk], using=using, on_conflict=OnConflict.IGNORE)
    if not row:
        return False
    obj.pk = row[0]
    obj._state.adding, obj._state.db = False, using
    return True


class Issue(models.Model):
    class Source(models.TextChoices):
        WEB = "web", _("Web form")
        MEETING = "meeting", _("Meeting")
        OFFICER = "officer", _("Officer")

    class Priority(models.IntegerChoices):
        LOW = 1, _("Low")
        NORMAL = 2, _("Normal")
        HIGH = 3, _("High")

    number = models.CharField(_("tracking number"), max_length=20, unique=True, editable=False)
    # The keyed hash of the status link's secret (issues/links.py); the secret itself is never stored.
    secret_hash = models.CharField(max_length=64, unique=True, default=unheld_hash, editable=False)
    title = models.CharField(_("title"), max_length=300)
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="issues",
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact person"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="issues",
    )
    # The filer as they typed it on the form: what they see of themselves, whatever is stored about the
    # company. Linking a filing to a known company and contact is an officer's decision (filer_reviewed_at).
    filer_company_name = models.CharField(_("company name as filed"), max_length=200, blank=True)
    filer_business_number = models.CharField(_("business number as filed"), max_length=10, blank=True)
    filer_ceo_name = models.CharField(_("CEO as filed"), max_length=100, blank=True)
    filer_contact_name = models.CharField(_("contact name as filed"), max_length=100, blank=True)
    filer_email = models.EmailField(_("e-mail as filed"), blank=True, db_index=True)
    filer_phone = models.CharField(_("phone as filed"), max_length=30, blank=True)
    filer_reviewed_at = models.DateTimeField(
        _("filer checked against known companies"), null=True, blank=True, editable=False,
        help_text=_("When an officer linked the filing to a known company, or chose to keep it separate."),
    )
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.PROTECT, null=True, blank=True, related_name="issues"
    )
    problem = models.TextField(_("current situation and problem"))
    improvement = models.TextField(_("requested improvement"), blank=True)
    related_law = models.TextField(_("related laws and articles"), blank=True)
    expected_effect = models.TextField(
        _("expected effect"), blank=True,
        help_text=_("What the improvement would bring: for the company, its field and the public."),
    )
    ministry = models.ForeignKey(
        Organization, verbose_name=_("competent ministry"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="issues", limit_choices_to={"kind": Organization.Kind.MINISTRY},
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.WEB)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="assigned_issues",
    )
    meetings = models.ManyToManyField(
        Meeting, verbose_name=_("meetings"), through="AgendaItem", blank=True, related_name="issues"
    )

    # Workflow: written by services.move_issue only, hence not editable in forms.
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DISCOVERY, editable=False
    )
    state_changed_at = models.DateTimeField(_("in this state since"), default=timezone.now, editable=False)
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=Resolution.choices, blank=True, editable=False
    )
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), on_delete=models.SET_NULL, null=True, blank=True,
        editable=False, related_name="duplicates",
    )
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True, editable=False)
    government_answer = models.CharField(
        _("government answer"), max_length=20, choices=Answer.choices, blank=True, editable=False
    )
    government_answer_text = models.TextField(_("text of the government answer"), blank=True)
    government_answered_on = models.DateField(_("answered on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    # The filer's consent to the company being named in the documents sent to the government (the 건의서);
    # without it the documents carry the regulation and never who raised it.
    may_name_company = models.BooleanField(
        _("company may be named to the government"), default=False,
        help_text=_("The filer agreed that the letters of proposal sent to the ministries name the company."),
    )

    # The filer's language at filing (notices speak it) and their consent to the use of personal data.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ko")
    privacy_consent_version = models.CharField(_("consent version"), max_length=20, blank=True, editable=False)
    privacy_consented_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    # Set when the retention period ran out and the filer's personal data was erased (issues/privacy/retention.py).
    anonymised_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    # Officers mark solved cases they are willing to show on the public statistics page (never the filer).
    is_publishable = models.BooleanField(
        _("publishable as a solved case"), default=False,
        help_text=_("Show title, field, ministry, answer and outcome on the public page; never the filer."),
    )
    proposal_batch = models.ForeignKey(
        "ProposalBatch", verbose_name=_("proposal batch"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="issues",
    )

    # A web submission that filled the form's honeypot: kept (never dropped) but out of the officers' queue.
    is_suspected_spam = models.BooleanField(
        _("suspected spam"), default=False,
        help_text=_("Filed through the public form by what looks like a robot; kept out of the queue."),
    )

    filed_at = models.DateTimeField(_("filed"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The nouns of the title and problem, as issues/similar/terms.py reads them (NULL: not read yet, or
    # changed since): what similar issues are found by. Written by similar.index_issues only.
    similarity_terms = models.TextField(null=True, blank=True, editable=False)
    # The audit trail: every saved version with who and when (django-simple-history).
    audit = HistoricalRecords(excluded_fields=["secret_hash", "updated_at", "similarity_terms"],
                              cascade_delete_history=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        indexes = [
            models.Index(fields=["state", "state_changed_at"], name="issue_state_since"),
            models.Index(fields=["assignee", "state"], name="issue_assignee_state"),
            # The issue list at a million rows: one state newest first, read in order rather than sorted, and
            # counted from the index alone; the open issues by how long they wait, where the overdue are first.
            models.Index(fields=["state", "-filed_at", "-id", "is_suspected_spam"],
                         name="issue_state_newest"),
            models.Index(fields=["state_changed_at", "state", "is_suspected_spam"],
                         condition=~models.Q(state="closed"), name="issue_open_since"),
            # The few filings not linked to a company, by the business number typed (issues/search.py).
            models.Index(fields=["filer_business_number"], condition=models.Q(company__isnull=True),
                         name="issue_unlinked_number"),
            # The few issues whose terms are still to be read (similar.index_pending).
            models.Index(fields=["id"], condition=models.Q(similarity_terms__isnull=True), name="issue_terms_pending"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def company_label(self) -> str:
        """The company as staff documents name it: the linked company, else the name as filed."""
        return self.company.name if self.company_id else self.filer_company_name

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED

    @property
    def due_at(self):
        """When the issue should leave its current state (settings.STATE_TARGET_DAYS); None when closed."""
        days = settings.STATE_TARGET_DAYS.get(self.state)
        return self.state_changed_at + timedelta(days=days) if days else None

    @property
    def is_overdue(self) -> bool:
        due = self.due_at
        return due is not None and due < timezone.now()


class TrackingCounter(models.Model):
    """The last tracking number handed out per year; see services.allocate_number."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tracking counter")
        verbose_name_plural = _("tracking counters")

    def __str__(self):
        return f"{self.year}: {self.last}"


class StatusChange(models.Model):
    """One move of an issue (and its filing, from no state). Written with the move, never edited."""

    issue = models.ForeignKey(Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="status_changes")
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    resolution = models.CharField(_("resolution"), max_length=20, choices=Resolution.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    by_filer = models.BooleanField(_("by the filer"), default=False)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    note = models.TextField(_("internal note"), blank=True)
    public_note = models.TextField(_("public note"), blank=True)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the system itself says of the move (a meeting's conclusion, a merge, a batch, an answers file): its
    # kind and parameters, never a sentence, so that each reader reads it in their own language (system_text).
    system_note = models.JSONField(_("system note"), default=dict, db_default={}, blank=True, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")

    def __str__(self):
        return f"{self.issue_id}: {self.from_state or '-'} → {self.to_state}"

    def system_text(self, *, public: bool) -> str:
        """The system's sentence about the move in the active language, if it is one of the public ones (the
        filer reads them) or of the internal ones, as `public` asks; "" otherwise."""
        is_public, sentence = SYSTEM_NOTES.get(self.system_note.get("kind"), (None, None))
        return sentence(self.system_note) if sentence is not None and is_public == public else ""

    @property
    def public_text(self) -> str:
        """What the filer reads of the move: the system's public sentence, then the public note as typed."""
        return "\n".join(t for t in (self.system_text(public=True), self.public_note) if t)

    @property
    def internal_text(self) -> str:
        """What staff read of the move besides: the system's internal sentence, then the internal note as typed."""
        return "\n".join(t for t in (self.system_text(public=False), self.note) if t)


def _meeting_conclusion(params: dict) -> str:
    conclusion, on = params.get("conclusion", ""), params.get("on")
    return gettext("Discussed at “%(meeting)s” on %(date)s. Conclusion: %(conclusion)s.") % {
        "meeting": params.get("meeting", ""),
        "date": date_format(date.fromisoformat(on), "DATE_FORMAT") if on else params.get("date_text", ""),
        "conclusion": AgendaItem.Conclusion(conclusion).label if conclusion in AgendaItem.Conclusion.values
        else conclusion,
    }


def _duplicate(params: dict) -> str:
    return gettext("The same regulation is handled under %(number)s; we follow it up there.") % {
        "number": params.get("number", "")}


def _batch_submitted(params: dict) -> str:
    name = params.get("title") or params.get("batch", "")
    if not name and params.get("year"):  # a batch without a title is called by its number (ProposalBatch.__str__)
        name = gettext("%(year)d, proposal batch %(sequence)d") % {"year": params["year"],
                                                                     "sequence": params.get("sequence", 0)}
    return gettext("Proposed to the government in “%(batch)s”.") % {"batch": name}


def _answers_imported(params: dict) -> str:
    return gettext("Answer recorded from the file “%(name)s”.") % {"name": params.get("file", "")}


# StatusChange.system_note's kinds: whether the filer reads the sentence (else staff only), and the sentence.
SYSTEM_NOTES = {
    "meeting-conclusion": (True, _meeting_conclusion),  # {"meeting": title, "on": ISO date, "conclusion": value}
    "duplicate": (True, _duplicate),  # {"number": the kept issue's tracking number}
    "batch-submitted": (False, _batch_submitted),  # {"title", "year", "sequence"} of the batch, or {"batch": name}
    "answers-imported": (False, _answers_imported),  # {"file": the answers file's name}
}


class Note(models.Model):
    """A note on an issue: internal (staff only) or public (shown on the filer's status page)."""

    issue = models.ForeignKey(Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    is_from_filer = models.BooleanField(_("from the filer"), default=False)
    is_public = models.BooleanField(_("public"), default=False)
    # A public note that asks the filer for more information: their status page puts it on top, with
    # the reply box, until they write back.
    asks_filer = models.BooleanField(_("asks the filer"), default=False)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return self.body[:60]


class Citation(models.Model):
    """A law, or an article of one, that an issue cites: read from its related_law by issues.citations,
    or written or corrected by an officer (then kept when related_law changes: issues/laws.py)."""

    issue = models.ForeignKey(Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="citations")
    law = models.CharField(_("law"), max_length=200, help_text=_("As 국가법령정보센터 names it, e.g. 의료법 시행규칙."))
    # citations.law_key of the law and of the act it belongs to (its parent, for a 시행령 or 시행규칙):
    # the page of a law and the similarity of issues group by them.
    law_key = models.CharField(max_length=200, editable=False)
    act_key = models.CharField(max_length=200, editable=False)
    article = models.PositiveSmallIntegerField(_("article (조)"), null=True, blank=True)
    article_sub = models.PositiveSmallIntegerField(_("의"), null=True, blank=True,
                                                   help_text=_("The 2 of 제28조의2."))
    paragraph = models.PositiveSmallIntegerField(_("paragraph (항)"), null=True, blank=True)
    item = models.PositiveSmallIntegerField(_("item (호)"), null=True, blank=True)
    text = models.CharField(_("as written"), max_length=300, blank=True, editable=False)
    is_corrected = models.BooleanField(_("written by an officer"), default=False, editable=False)

    class Meta:
        ordering = ["issue", "id"]
        verbose_name = _("law cited")
        verbose_name_plural = _("laws cited")
        indexes = [
            models.Index(fields=["law_key", "article"], name="citation_law_article"),
            models.Index(fields=["act_key"], name="citation_act"),
        ]

    def __str__(self):
        return citations.format_citation(citations.Citation(self.law, self.article, self.article_sub, self.paragraph,
                                                            self.item))


class SimilarityTerm(models.Model):
    """How many issues use a term of Issue.similarity_terms: the rarer, the more it tells (similar/engine.py).
    Counted again by similar.count_terms, on a schedule; a term not counted yet is taken as rare."""

    term = models.CharField(max_length=100, primary_key=True)
    issues = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("similarity term")
        verbose_name_plural = _("similarity terms")

    def __str__(self):
        return f"{self.term} ({self.issues})"


class IssueRelation(models.Model):
    """Two issues an officer marked as raising the same regulation: one row for both ways (the lower id
    first). Removing the mark keeps the row, with who removed it and when, for both issues' history."""

    issue = models.ForeignKey(Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Issue, verbose_name=_("related issue"), on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("marked"), default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("removed by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+")
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("related issues")
        verbose_name_plural = _("related issues")
        constraints = [
            models.CheckConstraint(condition=models.Q(issue__lt=models.F("other")), name="relation_lower_first"),
            models.UniqueConstraint(fields=["issue", "other"], condition=models.Q(removed_at__isnull=True),
                                    name="relation_once"),
        ]
        indexes = [models.Index(fields=["other"], name="relation_other")]

    def __str__(self):
        return f"{self.issue_id} ↔ {self.other_id}"


class Attachment(models.Model):
    """A file filed with an issue, a filer's message or an expert's opinion. Private: served only by a
    permission-checked view. An opinion's files (`consultation`) are read only by those who read the
    consultation (selectors.visible_attachments), never by the filer or an official."""

    issue = models.ForeignKey(Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="attachments")
    note = models.ForeignKey(
        Note, verbose_name=_("note"), on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    consultation = models.ForeignKey(
        "Consultation", verbose_name=_("consultation"), on_delete=models.CASCADE, null=True, blank=True,
        editable=False, related_name="attachments",
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class ExpertProfile(models.Model):
    """An expert of the advisory group (서울규제혁신지원단): what they practise, in which fields, how to reach
    them and whether they take requests now. Officers keep the roster; an expert edits their own profile."""

    class Profession(models.TextChoices):
        LAWYER = "lawyer", _("Lawyer")  # 변호사
        ACCOUNTANT = "accountant", _("Accountant")  # 회계사
        PATENT_ATTORNEY = "patent_attorney", _("Patent attorney")  # 변리사
        LABOR_ATTORNEY = "labor_attorney", _("Labour attorney")  # 노무사
        ENGINEER = "engineer", _("Professional engineer")  # 기술사
        PROFESSOR = "professor", _("Professor")  # 교수
        OTHER = "other", pgettext_lazy("profession", "Other")  # 기타

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="expert_profile"
    )
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices)
    fields = models.ManyToManyField(Field, verbose_name=_("fields"), blank=True, related_name="experts")
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    accepting_requests = models.BooleanField(
        _("accepting requests"), default=True,
        help_text=_("Officers are offered experts who take consultation requests now."),
    )
    may_be_named = models.BooleanField(
        _("may be named to the government"), default=False,
        help_text=_("The expert agreed to be named in the documents sent to the government; "
                    "otherwise these give the profession only."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert roster")

    def __str__(self):
        name = f"{self.user.last_name}{self.user.first_name}".strip() or self.user.get_username()
        return f"{name} ({self.get_profession_display()})"


class Consultation(models.Model):
    """An officer's question to an expert on an issue, and the expert's opinion. Changed only through
    issues/consultations (request, answer, follow-up, accept, decline, reassign)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("consultation", "Requested")  # 요청
        ANSWERED = "answered", pgettext_lazy("consultation", "Opinion submitted")  # 의견 제출
        FOLLOW_UP = "follow_up", pgettext_lazy("consultation", "Follow-up question")  # 추가 질의
        ACCEPTED = "accepted", pgettext_lazy("consultation", "Accepted")  # 채택
        DECLINED = "declined", pgettext_lazy("consultation", "Declined")  # 거절
        REASSIGNED = "reassigned", pgettext_lazy("consultation", "Reassigned")  # 재배정

    class Recommendation(models.TextChoices):
        AS_IS = "as_is", _("Propose as it is")  # 원안대로 건의
        AMENDED = "amended", _("Propose amended")  # 수정하여 건의
        NOT_REGULATORY = "not_regulatory", _("Not a regulatory issue")  # 규제 사안 아님
        INTERPRETATION = "interpretation", _("Needs an authoritative interpretation")  # 유권해석 필요

    # The requests the expert still owes an answer to.
    OPEN = (Status.REQUESTED, Status.FOLLOW_UP)

    issue = models.ForeignKey(Issue, verbose_name=_("issue"), on_delete=models.CASCADE,
                              related_name="consultations")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT,
                               related_name="consultations")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    question = models.TextField(_("question"))
    due_on = models.DateField(_("answer due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED,
                              editable=False)
    created_at = models.DateTimeField(pgettext_lazy("consultation", "requested"), default=timezone.now,
                                      editable=False)
    answered_at = models.DateTimeField(pgettext_lazy("consultation", "answered"), null=True, blank=True,
                                       editable=False)
    accepted_at = models.DateTimeField(pgettext_lazy("consultation", "accepted"), null=True, blank=True,
                                       editable=False)
    summary = models.TextField(_("summary of the opinion"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True, help_text=_("Laws and articles."))
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices,
                                      blank=True)
    published_summary = models.TextField(
        _("summary for the filer"), blank=True,
        help_text=_("Shown on the filer's status page once the opinion is accepted; empty: nothing is shown."),
    )
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("replaced by"), on_delete=models.SET_NULL, null=True, blank=True,
        editable=False, related_name="replaces",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [models.Index(fields=["expert", "status"], name="consultation_expert_status"),
                   models.Index(fields=["status", "due_on"], name="consultation_status_due")]

    def __str__(self):
        return f"{self.issue.number} · {self.expert}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class ConsultationMessage(models.Model):
    """The thread of a consultation: the question, follow-up questions, answers, a decline. Never edited."""

    class Kind(models.TextChoices):
        QUESTION = "question", pgettext_lazy("consultation message", "Question")
        FOLLOW_UP = "follow_up", pgettext_lazy("consultation message", "Follow-up question")
        ANSWER = "answer", pgettext_lazy("consultation message", "Opinion")
        DECLINE = "decline", pgettext_lazy("consultation message", "Declined")

    consultation = models.ForeignKey(Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE,
                                     related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("consultation message")
        verbose_name_plural = _("consultation messages")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class AgendaItem(models.Model):
    """An issue on a meeting's agenda, in order, with the meeting's conclusion on it."""

    class Conclusion(models.TextChoices):
        PROPOSE = "propose", _("Propose to the government")
        REVIEW = "review", _("Review further")
        SOLVED = "solved", _("Solved locally")
        NOT_PURSUED = "not_pursued", _("Not pursued")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda")
    issue = models.ForeignKey(Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("order"), default=0)
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices, blank=True)
    conclusion_note = models.TextField(
        _("conclusion note"), blank=True,
        help_text=_("For staff: written in the issue's history, never shown to the filer."),
    )
    public_note = models.TextField(
        _("note to the filer"), blank=True,
        help_text=_("Shown to the filer with the conclusion, on their status page and in the e-mail."),
    )
    applied_at = models.DateTimeField(_("conclusion applied"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        constraints = [models.UniqueConstraint(fields=["meeting", "issue"], name="agenda_issue_once_per_meeting")]

    def __str__(self):
        return f"{self.position}. {self.issue}"


# The kinds of notice (templates/emails/<kind>-*), named after what they tell.
NOTICE_KINDS = {
    "issue-received": _("receipt of the report"),
    "issue-moved": _("progress of the report"),
    "issue-answered": _("the government's answer"),
    "issue-closed": _("closing of the report"),
    "note-published": _("message from the support center"),
    "info-requested": _("request for more information"),
    "filer-wrote": _("message from the filer"),
    "filer-withdrew": _("withdrawal by the filer"),
    "issue-assigned": _("assignment"),
    "links-requested": _("new status links"),
    "meeting-invited": _("meeting invitation"),
    "overdue-digest": _("overdue issues"),
    "followed-issue-updated": _("progress of the issue a report was merged into"),
    "consultation-requested": _("consultation request"),
    "consultation-followed-up": _("follow-up question on a consultation"),
    "consultation-reassigned": _("consultation given to another expert"),
    "opinion-submitted": _("expert opinion"),
    "consultation-declined": _("consultation declined"),
}


class Notice(models.Model):
    """An e-mail the system owes someone: written in the transaction of the event that owes it, sent after.

    `key` is unique per (event, recipient), so the same notice can never be owed, or sent, twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Owed")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=list(NOTICE_KINDS.items()))
    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    recipient = models.EmailField(_("recipient"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff recipient"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, default="ko")
    context = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("owed since"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    # The sending task's id ("" for the sweep and the command): notices/outbox.py claim.
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True, editable=False)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notice_status_due")]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"

    @property
    def kind_label(self) -> str:
        """What the notice told, as the timelines name it in the reader's language (the kind itself if unknown)."""
        return str(NOTICE_KINDS.get(self.kind, self.kind))



class ProposalBatch(models.Model):
    """A numbered group of issues proposed to the government together, e.g. "2024년 1차 정부 건의"."""

    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveSmallIntegerField(_("number in the year"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.SET_NULL, null=True,
        blank=True, editable=False, related_name="+",
    )

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("proposal batch")
        verbose_name_plural = _("proposal batches")
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="batch_unique_number")]

    def __str__(self):
        return self.title or _("%(year)d, proposal batch %(sequence)d") % {"year": self.year, "sequence": self.sequence}


class ExportLog(models.Model):
    """Who exported what, when, with which filter and how many rows; a large export's file when ready."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        READY = "ready", _("Ready")
        FAILED = "failed", pgettext_lazy("export status", "Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now, db_index=True)
    format = models.CharField(_("format"), max_length=10)
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.READY)
    progress = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), storage=private_storage, upload_to="exports/%Y/%m/", blank=True,
                            max_length=200)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("export log")

    def __str__(self):
        when = date_format(timezone.localtime(self.created_at), "SHORT_DATETIME_FORMAT")
        return f"{self.format} · {when} · {self.row_count}"


class AccessLog(models.Model):
    """One read of personal data outside the workspace pages: who downloaded which attachment, export,
    report or briefing pack, when and from which address. Written by issues/privacy/access_log.py, never edited.

    A filer's download of their own data is logged without an address: the log holds no filer's data."""

    class Kind(models.TextChoices):
        ATTACHMENT = "attachment", _("Attachment download")
        EXPORT = "export", _("Proposal list export")
        EXPORT_FILE = "export_file", _("Prepared export download")
        ANNUAL_REPORT = "annual_report", _("Annual report")
        BRIEFING = "briefing", _("Briefing pack")
        MEETING_REPORT = "meeting_report", _("Meeting result report")
        FILER_DATA = "filer_data", _("Filer's own data")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    export = models.ForeignKey(
        ExportLog, verbose_name=_("export"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.JSONField(_("what"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self):
        return f"{self.get_kind_display()} · {date_format(timezone.localtime(self.at), 'SHORT_DATETIME_FORMAT')}"
