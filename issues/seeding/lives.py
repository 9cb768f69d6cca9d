"""The life of one synthetic issue: filed, then moved along the moves of workflow.MOVES the way officers
move issues, until the anchor moment stops it wherever it stands. Each move is a StatusChange row with
what services.move_issue would have written; the issue row ends as the moves left it.

How long each step takes is drawn from the durations below, so the issues open at the anchor are mostly
recent ones, plus a few that stalled long ago: the overdue share of each state is realistic.

About a third of the issues that reach consultation have an expert of the advisory group consulted on them
(CONSULTED_SHARE): the request, the opinion a week or so later (or a decline, then the request given to
another expert), a follow-up question now and then, and the officer's acceptance; each step only if it
happened before the anchor, so that some requests are open and a few overdue at the anchor."""

from base64 import urlsafe_b64encode
from itertools import accumulate

from .. import laws
from ..links import hash_secret
from ..models import AgendaItem, Citation, Consultation, ConsultationMessage, Issue, Note, StatusChange
from ..similar.terms import terms
from . import texts, words
from .clock import DAY, at, next_submission, office_time, seoul_date
from .parties import ATTENDEE, Cast, Companies, Meetings
from .tables import Table, reserve_ids

D, C, P, F, X = "discovery", "consultation", "proposal", "follow_up", "closed"
ANSWER_KINDS = ("accepted", "partially_accepted", "long_term_review", "not_accepted")
ANSWER_WEIGHTS = (35, 60, 85, 100)  # cumulative: 35%, 25%, 25%, 15%
CONSENT_VERSION = "2024-03"  # the notice the synthetic filers of past years saw (services.PRIVACY_CONSENT_VERSION)
MOVES_AT_MOST = 14

ISSUE_COLUMNS = (
    "id", "number", "secret_hash", "title", "company_id", "contact_id", "filer_company_name",
    "filer_business_number", "filer_ceo_name", "filer_contact_name", "filer_email", "filer_phone",
    "filer_reviewed_at", "field_id", "problem", "improvement",
    "related_law", "ministry_id", "source", "priority", "assignee_id", "state", "state_changed_at", "resolution",
    "duplicate_of_id", "proposed_on", "government_answer", "government_answer_text", "government_answered_on",
    "closed_at", "language", "privacy_consent_version", "privacy_consented_at", "is_publishable",
    "proposal_batch_id", "is_suspected_spam", "filed_at", "updated_at", "similarity_terms",
)
# The audit trail's first row: the issue as filed, by whoever filed it.
HISTORY_COLUMNS = (
    "id", "number", "title", "company_id", "contact_id", "filer_company_name", "filer_business_number",
    "filer_ceo_name", "filer_contact_name", "filer_email", "filer_phone", "filer_reviewed_at", "field_id", "problem",
    "improvement", "related_law", "ministry_id", "source", "priority", "state", "state_changed_at", "language",
    "privacy_consent_version", "privacy_consented_at", "is_suspected_spam", "filed_at", "history_date",
    "history_type", "history_user_id",
)
CHANGE_COLUMNS = ("issue_id", "from_state", "to_state", "resolution", "by_id", "by_filer", "at", "note",
                  "public_note", "meeting_id")
NOTE_COLUMNS = ("issue_id", "author_id", "is_from_filer", "is_public", "body", "created_at")
AGENDA_COLUMNS = ("meeting_id", "issue_id", "position", "conclusion", "conclusion_note", "applied_at")
CONSULTATION_COLUMNS = ("id", "issue_id", "expert_id", "requested_by_id", "question", "due_on", "status", "created_at",
                        "answered_at", "accepted_at", "summary", "legal_basis", "recommendation", "published_summary",
                        "replaced_by_id")
MESSAGE_COLUMNS = ("consultation_id", "author_id", "kind", "text", "at")
CITATION_COLUMNS = ("issue_id", "law", "law_key", "act_key", "article", "article_sub", "paragraph", "item", "text",
                    "is_corrected")
CONSULTED_SHARE = 0.35
DUE_DAYS = 14  # consultations.DEFAULT_DAYS


def tables(with_audit: bool) -> dict:
    made = {"issues": Table(Issue, ISSUE_COLUMNS), "changes": Table(StatusChange, CHANGE_COLUMNS),
            "notes": Table(Note, NOTE_COLUMNS), "agenda": Table(AgendaItem, AGENDA_COLUMNS),
            "attendees": ATTENDEE, "consultations": Table(Consultation, CONSULTATION_COLUMNS),
            "messages": Table(ConsultationMessage, MESSAGE_COLUMNS), "citations": Table(Citation, CITATION_COLUMNS)}
    if with_audit:
        made["history"] = Table(Issue.audit.model, HISTORY_COLUMNS)
    return made


class Rows:
    def __init__(self):
        self.issues, self.history, self.changes, self.notes, self.agenda, self.attendees = [], [], [], [], [], []
        # A consultation refers to the one that replaced it, and a message to its consultation, by their place in
        # the chunk's list until Lives.finish_chunk gives them ids.
        self.consultations, self.messages = [], []
        self.citations = []  # the laws each issue's related_law cites (issues/laws.py)


class Lives:
    def __init__(self, rng, anchor: int, the_cast: Cast, companies: Companies, meetings: Meetings, batch_for):
        self.rng, self.anchor, self.cast = rng, anchor, the_cast
        self.companies, self.meetings, self.batch_for = companies, meetings, batch_for
        self.pools = texts.Pools()
        self.officers, self.experts = the_cast.staff["officer"], the_cast.staff["expert"]
        self.officials = the_cast.staff["official"]
        self.by_field = {}  # field code → (topic indexes, cumulative weights)
        for index, topic in enumerate(words.TOPICS):
            indexes, weights = self.by_field.setdefault(topic.field, ([], []))
            indexes.append(index)
            weights.append((weights[-1] if weights else 0) + topic.weight)
        self.all_topics = list(range(len(words.TOPICS)))
        self.all_weights = list(accumulate(t.weight for t in words.TOPICS))
        self.recent = {index: [] for index in self.all_topics}  # (id, number) of issues to duplicate
        # The rows a related_law text cites, read once per text: the texts come from the topics' small pools.
        self.cited: dict[str, list[tuple]] = {}

    def finish_chunk(self, rows: Rows) -> None:
        """Ids for the chunk's consultations, in the rows that refer to them."""
        ids = reserve_ids(Consultation, len(rows.consultations))
        rows.consultations = [(ids[n], *row[:-1], ids[row[-1]] if row[-1] is not None else None)
                              for n, row in enumerate(rows.consultations)]
        rows.messages = [(ids[place], *row) for place, *row in rows.messages]

    def new_chunk(self, with_audit: bool) -> Rows:
        """Rows for the next chunk. A duplicate points at an issue of its own chunk only, so that a
        chunk's rows refer to nothing another writer may not have committed yet."""
        for recent in self.recent.values():
            recent.clear()
        rows = Rows()
        if not with_audit:
            rows.history = None
        return rows

    def issue(self, pk: int, number: str, filed: int, rows: Rows) -> None:  # noqa: C901 - one life, top to bottom
        rng, r, anchor, pools = self.rng, self.rng.random, self.anchor, self.pools
        companies = self.companies
        company = int(len(companies.ids) * r() ** 2)  # a few companies file many issues
        company_id, contact_id = companies.ids[company], rng.choice(companies.contacts[company])
        x = r()
        source = "web" if x < 0.78 else "officer" if x < 0.93 else "meeting"
        is_spam = source == "web" and r() < 0.005
        filer = None if source == "web" else rng.choice(self.officers)
        if is_spam:
            topic, field_id, ministry_id = None, None, None
            title, problem = rng.choice(words.SPAM)
            improvement = related_law = subject = ministry_name = ""
        else:
            if r() < 0.8:
                indexes, weights = self.by_field[companies.fields[company]]
            else:
                indexes, weights = self.all_topics, self.all_weights
            topic = rng.choices(indexes, cum_weights=weights)[0]
            spec = words.TOPICS[topic]
            subject_index = int(r() * len(spec.subjects))
            subject = spec.subjects[subject_index]
            field_id, ministry_name = self.cast.fields[spec.field][0], spec.ministry
            title = pools.title(rng, topic, subject_index)
            problem = pools.problem(rng, topic, subject_index)
            improvement = pools.improvement(rng, topic) if r() < 0.85 else ""
            related_law = pools.related_law(rng, topic) if r() < 0.8 else ""
            ministry_id = self.cast.ministries[ministry_name] if r() < 0.6 else None
        priority = 2 if (x := r()) < 0.7 else 3 if x < 0.85 else 1
        language = "en" if r() < 0.04 else "ko"
        if related_law:
            rows.citations.extend((pk, *row) for row in self._cited(related_law))
        filed_at = at(filed)
        if rows.history is not None:
            rows.history.append((pk, number, title, company_id, contact_id, *companies.typed[company],
                                 *companies.people[contact_id], filed_at, field_id, problem, improvement,
                                 related_law, ministry_id, source, priority, D, filed_at, language, CONSENT_VERSION,
                                 filed_at, is_spam, filed_at, filed_at, "+", filer))

        changes = rows.changes
        changes.append((pk, "", D, "", filer, filer is None, filed_at, "", "", None))
        state, t = D, filed  # t: when the issue entered its state; now: how far its life has got
        now = filed
        assignee = filer if filer is not None and r() < 0.6 else None
        resolution, duplicate_of, closed, proposed, batch = "", None, None, None, None
        answer = answer_text = ""
        answered_on = None
        sent_back = reopened = consulted = False
        meetings = self.meetings

        def move(target, when, by, note="", public="", meeting=None, closing=""):
            nonlocal state, t, now
            changes.append((pk, state, target, closing, by, by is None, at(when), note, public, meeting))
            state, t, now = target, when, when

        def after(days: float) -> int:
            when = office_time(rng, now + DAY * days)
            return when if when > now else now + 3600

        def officer():
            return assignee if assignee is not None and assignee in self.officers else rng.choice(self.officers)

        def close(when, how, by, meeting=None):
            nonlocal resolution, duplicate_of, closed
            public = words.CLOSING_NOTES["solved" if how == "improved" and proposed is None else how]
            public = public if not is_spam else ""
            if how == "duplicate":
                recent = self.recent.get(topic) or []
                if not recent:
                    how, public = "out_of_scope", words.CLOSING_NOTES["out_of_scope"]
                else:
                    duplicate_of, kept_number = rng.choice(recent)
                    public = public.format(number=kept_number)
            resolution, closed = how, when
            move(X, when, by, public=public if r() < 0.8 else "", meeting=meeting, closing=how)

        for _step in range(MOVES_AT_MOST):
            x = r()
            if state == D:
                when = after(0.5 + rng.expovariate(0.2))
                if (is_spam and x < 0.5) or x < 0.003 or when > anchor:
                    break  # spam stays out of the queue; a few are never triaged
                if is_spam or x < 0.07:
                    close(when, "out_of_scope", officer())
                elif x < 0.10:
                    close(when, "withdrawn", None)
                elif x < 0.12:
                    close(when, "duplicate", officer())
                else:
                    if assignee is None:
                        assignee = rng.choice(self.experts) if r() < 0.15 else rng.choice(self.officers)
                    move(C, when, officer(), public=words.MOVE_NOTES[C][int(r() * 2)] if r() < 0.7 else "")
            elif state == C:
                if not consulted and r() < CONSULTED_SHARE:
                    consulted = True
                    self._consult(pk, topic, subject, now, officer(), rows)
                ends = now + DAY * (5 + rng.expovariate(1 / 30))
                meeting = meetings.find(rng, spec.field, now, ends) if r() < 0.5 else None
                if meeting is not None:
                    if not self._on_agenda(meeting, pk, company, x, rows):
                        break  # discussed at a meeting that is still ahead
                    when = meetings.applied[meeting]
                else:
                    when = after((ends - now) / DAY)
                if when > anchor or (meeting is None and x < 0.01):
                    break
                meeting_id = meetings.ids[meeting] if meeting is not None else None
                if x < 0.70:
                    if meeting_id is None:
                        when, year, month = next_submission(when)
                        if when > anchor:
                            break
                        batch = self.batch_for(year, month, when)
                    else:
                        batch = None
                    ministry_id = self.cast.ministries[ministry_name]
                    if not improvement:
                        improvement = pools.improvement(rng, topic)
                    proposed = when
                    move(P, when, officer(), meeting=meeting_id,
                         public=texts.move_note(P, ministry_name) if r() < 0.8 else "")
                elif x < 0.79:
                    close(when, "improved", officer(), meeting_id)
                elif x < 0.87:
                    close(when, "out_of_scope", officer(), meeting_id)
                elif meeting_id is not None:
                    now = when  # the meeting asked for more review: consultation goes on
                elif x < 0.95:
                    close(when, "withdrawn", None)
                else:
                    close(when, "duplicate", officer())
            elif state == P:
                when = after(15 + rng.expovariate(1 / 50))
                if x < 0.015 or when > anchor:
                    break  # some proposals wait for the government for years
                by = rng.choice(self.officials) if r() < 0.5 else officer()
                if x < 0.10 and not sent_back:
                    sent_back = True
                    move(C, when, by, note=rng.choice(words.SEND_BACK_NOTES),
                         public="정부 검토 과정에서 보완 요청이 있어 추가로 협의하고 있습니다." if r() < 0.5 else "")
                    continue
                answer = rng.choices(ANSWER_KINDS, cum_weights=ANSWER_WEIGHTS)[0]
                answer_text = texts.answer_text(answer, subject)
                answered_on = max(seoul_date(proposed), seoul_date(when - int(r() * 4) * DAY))
                move(F, when, by, public=texts.move_note(F, ministry_name) if r() < 0.8 else "")
            elif state == F:
                if x < 0.02:
                    break  # followed up for years: the change is still under way
                if answer in ("accepted", "partially_accepted"):
                    days, how = 20 + rng.expovariate(1 / 70), "improved" if r() < 0.9 else "not_accepted"
                elif answer == "long_term_review":
                    days, how = 60 + rng.expovariate(1 / 150), "improved" if r() < 0.35 else "not_accepted"
                else:
                    days, how = 10 + rng.expovariate(1 / 30), "not_accepted"
                when = after(days)
                if when > anchor:
                    break
                if x < 0.03 and not sent_back:  # the answer does not stand: back to proposal
                    sent_back = True
                    answer, answer_text, answered_on = "", "", None
                    move(P, when, officer(), note="회신 내용이 건의 취지와 달라 부처에 재검토를 요청함.")
                    continue
                close(when, how, officer())
            else:  # closed: now and then reopened once
                if x > 0.015 or reopened or resolution in ("duplicate", "withdrawn") or is_spam:
                    break
                when = after(30 + rng.expovariate(1 / 200))
                if when > anchor:
                    break
                reopened = True
                resolution, duplicate_of, closed = "", None, None
                move(C, when, officer(), note=rng.choice(words.REOPEN_NOTES))

        if topic is not None:
            recent = self.recent[topic]
            recent.append((pk, number))
            if len(recent) > 16:
                del recent[0]
        ends = closed if closed is not None else anchor
        if not is_spam:
            self._notes(pk, filed, ends, assignee, source, rows.notes)
        is_publishable = resolution == "improved" and r() < 0.2
        rows.issues.append((
            pk, number, hash_secret(_secret(rng)), title, company_id, contact_id,
            *self.companies.typed[company], *self.companies.people[contact_id], filed_at,
            field_id, problem, improvement, related_law,
            ministry_id, source, priority, assignee, state, at(t), resolution,
            duplicate_of, seoul_date(proposed) if proposed is not None else None, answer, answer_text, answered_on,
            at(closed) if closed is not None else None, language, CONSENT_VERSION, filed_at, is_publishable,
            batch if proposed is not None else None, is_spam, filed_at, at(t),
            # The terms similar issues are found by, read once per sentence of the pools (similar/terms.py).
            " ".join(terms(title, problem)),
        ))

    def _cited(self, related_law: str) -> list[tuple]:
        found = self.cited.get(related_law)
        if found is None:
            found = self.cited[related_law] = [
                (row.law, row.law_key, row.act_key, row.article, row.article_sub, row.paragraph, row.item, row.text,
                 False) for row in laws.citation_rows(0, related_law)]
        return found

    def _on_agenda(self, meeting: int, pk: int, company: int, x: float, rows: Rows) -> bool:
        """Put the issue on the meeting's agenda with the conclusion its outcome `x` stands for; False
        when the meeting has not concluded by the anchor (the agenda item waits for its conclusion)."""
        meetings = self.meetings
        meetings.agenda[meeting] += 1
        meeting_id, applied = meetings.ids[meeting], meetings.applied[meeting]
        concluded = applied <= self.anchor
        conclusion = "" if not concluded else (
            "propose" if x < 0.70 else "solved" if x < 0.79 else "not_pursued" if x < 0.87 else "review")
        rows.agenda.append((meeting_id, pk, meetings.agenda[meeting], conclusion,
                            words.CONCLUSION_NOTES[conclusion] if conclusion else "",
                            at(applied) if concluded else None))
        if company not in meetings.companies[meeting]:
            meetings.companies[meeting].add(company)
            contacts = self.companies.contacts[company]
            rows.attendees.append((meeting_id, "company", self.companies.ids[company], contacts[0], None, None, "",
                                   self.rng.choice(words.POSITIONS)))
        return concluded

    def _consult(self, pk: int, topic: int, subject: str, since: int, officer: int, rows: Rows,
                 declined_by: int | None = None, question: str = "") -> int | None:
        """A request to an expert on the issue from a few days after `since`, and what became of it by the
        anchor; a declined one is given to another expert now and then (a second request with the same
        `question`, `declined_by` excluded). Returns the request's place in the chunk's consultations, None if
        asked after the anchor."""
        rng, r, anchor = self.rng, self.rng.random, self.anchor
        asked = office_time(rng, since + DAY * (0.5 + rng.expovariate(0.5)))
        if asked > anchor:
            return None
        spec = words.TOPICS[topic]
        pool = self.cast.consulted_by_field.get(spec.field) if r() < 0.75 else None
        pool = [e for e in (pool or self.cast.consulted) if e != declined_by] or self.cast.consulted
        expert = rng.choice(pool)
        law = rng.choice(spec.laws)
        question = question or texts.consultation_question(int(r() * len(words.QUESTIONS)), subject, law)
        place = len(rows.consultations)
        messages = rows.messages
        messages.append((place, officer, "question", question, at(asked)))
        status, answered, accepted = "requested", None, None
        summary = legal_basis = recommendation = published = ""
        replaced_by = None
        x = r()
        if x < 0.06 and declined_by is None:
            declined = office_time(rng, asked + DAY * (1 + 3 * r()))
            if declined <= anchor:
                status = "declined"
                messages.append((place, expert, "decline", rng.choice(words.DECLINE_REASONS), at(declined)))
                if r() < 0.7:
                    rows.consultations.append(None)  # this request's row, written below once it is known
                    replaced_by = self._consult(pk, topic, subject, declined, officer, rows, declined_by=expert,
                                                question=question)
                    status = "reassigned" if replaced_by is not None else status
        else:
            # Most answer in a week or so; one in twenty after the due date (the overdue requests of the dashboard).
            days = DUE_DAYS + 1 + rng.expovariate(1 / 30) if x < 0.11 else 1 + rng.expovariate(1 / 8)
            opinion = office_time(rng, asked + DAY * days)
            if opinion <= anchor:
                status, answered = "answered", opinion
                recommendation = rng.choices(words.RECOMMENDATIONS, cum_weights=words.RECOMMENDATION_WEIGHTS)[0]
                summary = texts.opinion(recommendation, int(r() * 2), subject, law)
                legal_basis = law
                messages.append((place, expert, "answer", summary, at(opinion)))
                if r() < 0.12:  # asked again: the thread stays on the request
                    again = office_time(rng, opinion + DAY * (1 + 2 * r()))
                    if again <= anchor:
                        status = "follow_up"
                        messages.append((place, officer, "follow_up", rng.choice(words.FOLLOW_UPS), at(again)))
                        second = office_time(rng, again + DAY * (1 + 5 * r()))
                        if second <= anchor:
                            status, answered = "answered", second
                            messages.append((place, expert, "answer", summary, at(second)))
                if status == "answered" and r() < 0.85:
                    when = office_time(rng, answered + DAY * (1 + 4 * r()))
                    if when <= anchor:
                        status, accepted = "accepted", when
                        published = rng.choice(words.PUBLISHED_SUMMARIES) if r() < 0.4 else ""
        row = (pk, expert, officer, question, seoul_date(asked + DUE_DAYS * DAY), status, at(asked),
               at(answered) if answered else None, at(accepted) if accepted else None, summary, legal_basis,
               recommendation, published, replaced_by)
        if place < len(rows.consultations):
            rows.consultations[place] = row
        else:
            rows.consultations.append(row)
        return place

    def _notes(self, pk, filed, ends, assignee, source, notes) -> None:
        rng, r = self.rng, self.rng.random
        count = 0 if (x := r()) < 0.4 else 1 if x < 0.75 else 2 if x < 0.9 else 3
        for moment in sorted(filed + int(r() * (ends - filed)) for _n in range(count)):
            kind = r()
            if kind < 0.15 and source == "web":
                notes.append((pk, None, True, True, rng.choice(words.FILER_MESSAGES), at(moment)))
            elif kind < 0.3 and assignee in self.experts:
                notes.append((pk, assignee, False, False, rng.choice(words.EXPERT_NOTES), at(moment)))
            elif kind < 0.45:
                notes.append((pk, rng.choice(self.officers), False, True, rng.choice(words.PUBLIC_NOTES), at(moment)))
            else:
                notes.append((pk, rng.choice(self.officers), False, False, rng.choice(words.INTERNAL_NOTES),
                              at(moment)))


def _secret(rng) -> str:
    """Like models.new_secret (43 URL-safe characters), but from the seeded generator: reproducible, so
    never use seeded data where the status links must stay private."""
    return urlsafe_b64encode(rng.getrandbits(256).to_bytes(32, "big")).rstrip(b"=").decode()
