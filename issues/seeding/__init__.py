"""Synthetic data at scale (`manage.py seed_bulk`): companies, contact people, meetings with their
attendees and agendas, and issues in every state with their status history, notes, proposal batches,
government answers and the first row of their audit trail; the advisory group's roster (50 expert
profiles) and the consultations on the issues, with their threads.

- Deterministic: the same seed, count and anchor on an empty database give the same rows. Everything
  is dated from the anchor (default DEFAULT_ANCHOR, never "now"): six years of filings up to 18:00
  Seoul time on the anchor day, each issue moved along the workflow until the anchor stops it.
- Additive: a second run appends (its generator is seeded with the seed and the number of issues
  already there). Ids come from the tables' sequences and tracking numbers from TrackingCounter, so
  submit_issue and the admin go on numbering after the seeded issues.
- Fast: rows are generated in chunks of `chunk` issues and written with COPY on PostgreSQL (executemany
  on SQLite, for the tests' small counts); each chunk is one transaction, so memory stays bounded and
  an interrupted run leaves whole chunks only.
"""

import random
from collections import Counter
from contextlib import nullcontext
from datetime import date

from django.db import connection, transaction
from django.db.models import Max

from companies.models import Company, Contact
from meetings.models import Attendee, Meeting

from .. import similar
from ..models import (
    AgendaItem,
    Citation,
    Consultation,
    ConsultationMessage,
    ExpertProfile,
    Issue,
    Note,
    ProposalBatch,
    StatusChange,
    TrackingCounter,
)
from . import families, lives, parties, writers
from .clock import DAY, at, seoul_date, seoul_moment
from .tables import analyze, reserve_ids, reserve_numbers, tracking_number

DEFAULT_ANCHOR = date(2026, 11, 24)
YEARS = 6  # the anchor's year and the five before it


def seed_bulk(count: int, *, seed: int = 1, anchor: date = DEFAULT_ANCHOR, chunk: int = 5000,
              with_audit: bool = True, workers: int = 2, progress=None, answer_key: dict | None = None) -> Counter:
    """Add `count` synthetic issues and everything around them; return how many rows of each kind.

    With `answer_key` (a dict), the regulations of families.py are planted among them (families.plant)
    and the dict filled with the answer key: family → the ids of the issues that raise it.

    On PostgreSQL outside a transaction, `workers` threads write the chunks; otherwise each chunk is
    written in its own transaction (a savepoint inside the caller's). `progress(written, count)` is
    called as chunks are handed over."""
    offset = Issue.objects.count()
    rng = Dice(f"seed_bulk:{seed}:{offset}")  # nosec B311
    since = seoul_moment(date(anchor.year - YEARS + 1, 1, 1))
    until = seoul_moment(anchor, 18)

    with transaction.atomic():
        the_cast = parties.cast()
    companies = parties.make_companies(rng, max(10, count // 8), the_cast, since)
    meetings = parties.make_meetings(rng, min(240, max(4, count // 200)), the_cast, companies, since, until)
    batches = Batches(the_cast.staff["officer"][0])
    life = lives.Lives(rng, until, the_cast, companies, meetings, batches)
    tables = lives.tables(with_audit)

    threaded = workers > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block
    sink = writers.Threads(tables, workers) if threaded else writers.Inline(tables)
    span = until - since
    try:
        for start in range(0, count, chunk):
            size = min(chunk, count - start)
            # Filing moments in order, denser towards the anchor (the program grows): quantiles of t^0.8.
            filed = [since + int(span * ((start + n + rng.random()) / count) ** 0.8) for n in range(size)]
            # Threaded, what the chunk refers to (ids, numbers, batches) is committed before it is handed over.
            with nullcontext() if threaded else transaction.atomic():
                rows = life.new_chunk(with_audit)
                for pk, number, moment in zip(reserve_ids(Issue, size), _numbers(filed), filed, strict=True):
                    life.issue(pk, number, moment, rows)
                life.finish_chunk(rows)
                sink.put(rows)
            if progress:
                progress(sink.made["issues"], count)
    except BaseException:
        sink.close(failed=True)
        raise
    made = sink.close()
    if progress and threaded:
        progress(made["issues"], count)

    made.update(companies=len(companies.ids), meetings=len(meetings.ids), batches=batches.made)
    if answer_key is not None:
        answer_key.update(families.plant(Dice(f"plant:{seed}:{offset}")))  # nosec B311
        made["planted"] = sum(len(ids) for ids in answer_key.values())
    similar.count_terms()
    analyze([Company, Contact, Meeting, Attendee, Issue, StatusChange, Note, AgendaItem, ProposalBatch,
             TrackingCounter, ExpertProfile, Consultation, ConsultationMessage, Citation,
             *([Issue.audit.model] if with_audit else [])])
    return made


class Dice(random.Random):  # noqa: S311 - made-up data, reproducible on purpose
    """The seeded generator, with a cheaper choice() (the data makes millions of them)."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


def _numbers(filed: list[int]) -> list[str]:
    """Tracking numbers for issues filed at these moments (in order): each year's next free ones."""
    years = [seoul_date(moment).year for moment in filed]
    serials = {year: iter(reserve_numbers(year, n)) for year, n in sorted(Counter(years).items())}
    return [tracking_number(year, next(serials[year])) for year in years]


class Batches:
    """The monthly proposal batch ("2024년 3월 정부 건의") an issue proposed at `moment` joins: found
    again by its title, or made and marked submitted at that moment by `officer`."""

    def __init__(self, officer: int):
        self.officer, self.ids, self.made = officer, {}, 0

    def __call__(self, year: int, month: int, moment: int) -> int:
        if (year, month) not in self.ids:
            title = f"{year}년 {month}월 정부 건의"
            batch = ProposalBatch.objects.filter(year=year, title=title).first()
            if batch is None:
                sequence = (ProposalBatch.objects.filter(year=year).aggregate(m=Max("sequence"))["m"] or 0) + 1
                batch = ProposalBatch.objects.create(
                    year=year, sequence=sequence, title=title, created_by_id=self.officer,
                    created_at=at(moment - 10 * DAY), submitted_at=at(moment), submitted_by_id=self.officer)
                self.made += 1
            self.ids[(year, month)] = batch.pk
        return self.ids[(year, month)]
