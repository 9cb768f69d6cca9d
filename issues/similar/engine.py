"""Finding the issues that raise the same regulation as another: by the articles both cite, and by the
telling nouns both use.

The score of a candidate for an issue (the source):

- the cosine of their terms (terms.py), each weighted by how rare it is among all issues (its idf,
  log(N / (1 + issues using it)), from SimilarityTerm): a word every issue uses (규제, 개선, 서비스) counts for
  nearly nothing, a word only the two share counts for much;
- plus ARTICLE_WEIGHT if they cite an article in common (the same law, 조 and 의; 항 and 호 may differ), else
  ACT_WEIGHT if they cite the same act (its 시행령 and 시행규칙 included), plus MINISTRY_WEIGHT for the same
  competent ministry.

Only candidates scoring THRESHOLD or more are shown: better three right ones than five with two wrong.
The weights and threshold were chosen on the planted families of `seed_bulk` (bench/similar.py).

Candidates, found through indexes so that the work does not grow with the number of issues:
- on PostgreSQL, those sharing two of the source's QUERY_TERMS rarest terms (GIN index on the terms,
  migration 0023), the CANDIDATES best by ts_rank; terms used by more than COMMON_SHARE of all issues (or
  COMMON_AT_MOST issues) find nothing on their own: the work stays bounded at a million issues;
- those citing one of the source's articles, or its acts when it cites no article, the newest CANDIDATES;
- on SQLite (`make run`, the tests): every issue read in Python, which is fine at its sizes.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections, models, transaction
from django.db.models import Q

from .. import citations, selectors
from ..models import Citation, Issue, IssueRelation, SimilarityTerm
from ..workflow import State
from . import terms as analyser

THRESHOLD = 0.3
# The public form compares words alone (a filing in progress names no law): a lower bar, measured the same way.
TEXT_THRESHOLD = 0.2
ARTICLE_WEIGHT = 0.5
ACT_WEIGHT = 0.15
MINISTRY_WEIGHT = 0.05
QUERY_TERMS = 8
CANDIDATES = 200
COMMON_SHARE = 0.05
# …and by more than this many: at a million issues a pair of such words still matches thousands, each read
# from the table to be ranked; the articles find those issues instead.
COMMON_AT_MOST = 1000
# A word of a few issues among few (a new database) still tells.
COMMON_AT_LEAST = 50
WORDS_SHOWN = 5
# SimilarityTerm's row under this name counts the issues read, N of the idf.
TOTAL = ""
INDEX_BATCH = 500
# How many issues whose terms are still to be read similar_issues reads first (the worker reads the rest).
PENDING_ON_READ = 100


@dataclass
class Match:
    issue: Issue
    score: float
    articles: list[str] = field(default_factory=list)  # the articles both cite, as Korean documents write them
    laws: list[str] = field(default_factory=list)  # the acts both cite, when no article is shared
    same_ministry: bool = False
    words: list[str] = field(default_factory=list)  # the telling words both use, the rarest first
    is_related: bool = False  # already marked related by an officer


# --- reading issues' terms

def index_issues(issues) -> int:
    """Read the terms of `issues` (Issue objects with title and problem) and store them: one UPDATE per
    INDEX_BATCH. No history row: the terms are not the issue's content."""
    issues = list(issues)
    for issue in issues:
        issue.similarity_terms = " ".join(analyser.terms(issue.title, issue.problem))
    Issue.objects.bulk_update(issues, ["similarity_terms"], batch_size=INDEX_BATCH)
    return len(issues)


def index_pending(limit: int = 2000) -> int:
    """Read the terms of up to `limit` issues that have none yet (new, or changed since): the worker's
    periodic task, load_demo and seed_bulk."""
    pending = list(Issue.objects.filter(similarity_terms__isnull=True).order_by("pk").only("pk", "title", "problem")
                   [:limit])
    return index_issues(pending)


def forget_terms(issue_ids) -> None:
    """The title or problem of these issues changed: read their terms again (index_pending)."""
    Issue.objects.filter(pk__in=list(issue_ids)).update(similarity_terms=None)


def count_terms() -> int:
    """Count again how many issues use each term (SimilarityTerm), and how many issues were read (TOTAL).
    On PostgreSQL with ts_stat over the index's tsvectors; elsewhere in Python."""
    using = connections[Issue.objects.db]
    with transaction.atomic():
        SimilarityTerm.objects.all().delete()
        if using.vendor == "postgresql":
            with using.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO issues_similarityterm (term, issues) SELECT left(word, 100), ndoc FROM ts_stat("
                    "'SELECT to_tsvector(''simple''::regconfig, similarity_terms) FROM issues_issue "
                    "WHERE similarity_terms IS NOT NULL') ON CONFLICT DO NOTHING")
        else:
            counted = defaultdict(int)
            read = Issue.objects.exclude(similarity_terms=None).values_list("similarity_terms", flat=True)
            for text in read.iterator(2000):
                for term in set(text.split()):
                    counted[term] += 1
            SimilarityTerm.objects.bulk_create([SimilarityTerm(term=t, issues=n) for t, n in counted.items()],
                                               batch_size=2000)
        total = Issue.objects.exclude(similarity_terms=None).count()
        SimilarityTerm.objects.create(term=TOTAL, issues=total)
    return total


def _terms_of(issue: Issue) -> list[str]:
    if issue.similarity_terms is None:
        index_issues([issue])
    return issue.similarity_terms.split()


# --- scoring

class _Weights:
    """idf of terms, from SimilarityTerm: one query for all the terms asked at once."""

    def __init__(self, using: str, wanted):
        wanted = set(wanted) | {TOTAL}
        counted = dict(SimilarityTerm.objects.using(using).filter(term__in=wanted).values_list("term", "issues"))
        if TOTAL not in counted:  # never counted (a new database): count now, once
            count_terms()
            counted = dict(SimilarityTerm.objects.using(using).filter(term__in=wanted).values_list("term", "issues"))
        self.total = max(counted.pop(TOTAL, 0), 1)
        self.counted = counted

    def issues(self, term: str) -> int:
        return self.counted.get(term, 0)

    def idf(self, term: str) -> float:
        return max(math.log(self.total / (1 + self.counted.get(term, 0))), 0.0)


def _text_score(mine: set, theirs: set, squares: dict, my_norm: float) -> float:
    shared = mine & theirs
    if not shared:
        return 0.0
    return sum(squares[t] for t in shared) / (my_norm * (math.sqrt(sum(squares[t] for t in theirs)) or 1.0))


def _article(row) -> tuple:
    return row["law_key"], row["article"], row["article_sub"]


def _cited(using: str, issue_ids) -> dict[int, list[dict]]:
    found = defaultdict(list)
    for row in Citation.objects.using(using).filter(issue__in=list(issue_ids)).values(
            "issue", "law", "law_key", "act_key", "article", "article_sub"):
        found[row["issue"]].append(row)
    return found


def _act_name(row) -> str:
    return citations.parent_law(row["law"])


def _article_name(row) -> str:
    return citations.format_citation(citations.Citation(row["law"], row["article"], row["article_sub"]))


def _tsvector(compiler, connection) -> str:
    table = compiler.quote_name_unless_alias(next(iter(compiler.query.alias_map)))
    return f"to_tsvector('simple'::regconfig, {table}.{connection.ops.quote_name('similarity_terms')})"


class TermsMatch(models.Expression):
    """The issue's terms match the tsquery `query` (the GIN index issue_similarity_terms, migration 0023)."""

    output_field = models.BooleanField()

    def __init__(self, query: str):
        super().__init__()
        self.query = query

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(next(iter(compiler.query.alias_map)))
        terms_column = f"{table}.{connection.ops.quote_name('similarity_terms')}"
        return (f"({terms_column} IS NOT NULL AND {_tsvector(compiler, connection)} @@ "
                f"to_tsquery('simple'::regconfig, %s))"), [self.query]


class TermsRank(models.Expression):
    """ts_rank of the issue's terms against the tsquery `query`."""

    output_field = models.FloatField()

    def __init__(self, query: str):
        super().__init__()
        self.query = query

    def as_sql(self, compiler, connection):
        return f"ts_rank({_tsvector(compiler, connection)}, to_tsquery('simple'::regconfig, %s))", [self.query]


def _tsquery(found: list[str]) -> str:
    """Two of `found` (quoted lexemes) together, any two: (a & b) | (a & c) | (b & c); one alone if one."""
    quoted = ["'" + term.replace("\\", "").replace("'", "''") + "'" for term in found]
    if len(quoted) == 1:
        return quoted[0]
    return " | ".join(f"({a} & {b})" for n, a in enumerate(quoted) for b in quoted[n + 1:])


def _text_candidates(queryset, mine: list[str], weights: _Weights) -> list[int]:
    common = min(max(COMMON_SHARE * weights.total, COMMON_AT_LEAST), COMMON_AT_MOST)
    telling = sorted((t for t in mine if weights.issues(t) <= common),
                     key=lambda t: (weights.issues(t), t))[:QUERY_TERMS]
    if not telling:
        return []
    query = _tsquery(telling)
    found = (queryset.filter(TermsMatch(query)).annotate(rank=TermsRank(query)).order_by("-rank", "-pk")
             .values_list("pk", flat=True)[:CANDIDATES])
    return list(found)


def _citing(using: str, cited: list[dict]) -> list[int]:
    articles = [r for r in cited if r["article"] is not None]
    if articles:
        query = Q()
        for row in articles:
            query |= Q(law_key=row["law_key"], article=row["article"])
    else:
        acts = {r["act_key"] for r in cited}
        if not acts:
            return []
        query = Q(act_key__in=acts)
    return list(Citation.objects.using(using).filter(query).order_by("-issue_id")
                .values_list("issue_id", flat=True)[:CANDIDATES])


SHOWN_FIELDS = ("pk", "number", "title", "state", "resolution", "government_answer", "filed_at", "ministry",
                "similarity_terms", "is_publishable")


def similar_issues(issue: Issue, *, viewer, limit: int = 5) -> list[Match]:
    """Up to `limit` issues most like `issue` that `viewer` may open (selectors.visible_issues), best
    first, scoring THRESHOLD or more; never `issue` itself."""
    using = issue._state.db or "default"
    # Issues filed or changed since the worker's last run (tasks.index_similar) can be found at once.
    index_pending(PENDING_ON_READ)
    mine = set(_terms_of(issue))
    cited = _cited(using, [issue.pk]).get(issue.pk, [])
    visible = selectors.visible_issues(viewer, Issue.objects.using(using)).exclude(pk=issue.pk)
    if connections[using].vendor == "postgresql":
        weights = _Weights(using, mine)
        ids = set(_text_candidates(visible, list(mine), weights)) | set(_citing(using, cited))
        rows = list(visible.filter(pk__in=ids).only(*SHOWN_FIELDS))
    else:
        rows = list(visible.only(*SHOWN_FIELDS))
        weights = None
    return _ranked(issue, mine, cited, rows, weights, using=using, limit=limit, viewer=viewer)


def _ranked(issue, mine, cited, rows, weights, *, using, limit, viewer=None, threshold=None) -> list[Match]:
    threshold = THRESHOLD if threshold is None else threshold
    theirs = {row.pk: set((row.similarity_terms or "").split()) for row in rows}
    if weights is None:
        weights = _Weights(using, set().union(mine, *theirs.values()))
    else:
        weights.counted.update(_Weights(using, set().union(*theirs.values()) - set(weights.counted)).counted)
    their_cited = _cited(using, theirs) if cited else {}
    my_articles = {_article(r): r for r in cited if r["article"] is not None}
    my_acts = {r["act_key"]: r for r in cited}
    squares = {t: weights.idf(t) ** 2 for t in set().union(mine, *theirs.values())}
    my_norm = math.sqrt(sum(squares[t] for t in mine)) or 1.0
    scored = []
    for row in rows:
        score = _text_score(mine, theirs[row.pk], squares, my_norm)
        cites = their_cited.get(row.pk, [])
        articles = sorted({_article_name(my_articles[_article(r)]) for r in cites if _article(r) in my_articles})
        acts = [] if articles else sorted({_act_name(my_acts[r["act_key"]]) for r in cites if r["act_key"] in my_acts})
        score += ARTICLE_WEIGHT if articles else ACT_WEIGHT if acts else 0.0
        same_ministry = bool(issue.ministry_id and issue.ministry_id == row.ministry_id)
        score += MINISTRY_WEIGHT if same_ministry else 0.0
        if score >= threshold:
            shared = sorted(mine & theirs[row.pk], key=lambda t: (-weights.idf(t), t))
            words = [t for t in shared if weights.idf(t) > 0][:WORDS_SHOWN]
            scored.append(Match(row, round(score, 3), articles, acts, same_ministry, words))
    scored.sort(key=lambda m: (-m.score, -m.issue.pk))
    found = scored[:limit]
    if found and viewer is not None:
        _mark_related(issue, found, using)
    return found


def _mark_related(issue: Issue, found: list[Match], using: str) -> None:
    ids = [m.issue.pk for m in found]
    related = set()
    for one, other in IssueRelation.objects.using(using).filter(
            Q(issue=issue, other__in=ids) | Q(other=issue, issue__in=ids), removed_at__isnull=True
    ).values_list("issue", "other"):
        related.add(other if one == issue.pk else one)
    for match in found:
        match.is_related = match.issue.pk in related


def published_cases(title: str, problem: str, *, limit: int = 3) -> list[Issue]:
    """Up to `limit` solved cases officers published (Issue.is_publishable) that look like the text being
    typed, best first, by their words alone (a filing names no law yet); never any other issue."""
    mine = set(analyser.terms((title or "")[:300], (problem or "")[:5000]))
    if not mine:
        return []
    using = Issue.objects.db
    # Solved cases as /stats/ lists them: published by an officer, answered or closed, never suspected spam.
    published = Issue.objects.filter(is_publishable=True, is_suspected_spam=False,
                                     state__in=(State.FOLLOW_UP, State.CLOSED))
    if connections[using].vendor == "postgresql":
        weights = _Weights(using, mine)
        ids = _text_candidates(published, list(mine), weights)
        rows = list(published.filter(pk__in=ids).only(*SHOWN_FIELDS))
    else:
        rows = list(published.only(*SHOWN_FIELDS))
    probe = Issue(pk=0, ministry_id=None)
    found = _ranked(probe, mine, [], rows, None, using=using, limit=limit, threshold=TEXT_THRESHOLD)
    return [match.issue for match in found if match.issue.is_publishable]
