"""How well and how fast similar issues are found as the table grows: a measurement, not a test.

Against PostgreSQL, one database per size, test_bench_similar_10k, _100k, _1m (SIMILAR_DATABASE_URL names
the first part): the smallest is seeded with the planted families of issues/seeding/families.py (regulations
raised again in other words, in other years) and their answer key, kept in the table bench_similar_key;
each larger one grows from a copy of the one before by `seed_bulk` appending background issues, so the same
families must be found among ten and a hundred times more issues. A database that holds its size is reused.

For every planted issue (the query) the answer key says which issues raise the same regulation (its
relatives). Two ways of finding the five most similar:

    ours       similar.similar_issues(): nouns (Kiwi) weighted by rarity, shared articles and ministry,
               shown only above the threshold (issues/similar/engine.py)
    baseline   the plain bigram search index (issues/search.py): the issues whose search_vector matches any
               of the query's title and problem bigrams, the five best by ts_rank

Which terms to compare issues by was chosen here too: at the smallest size every issue is scored against every
planted query in Python, with the engine's weights and bar, by the search index's bigrams and by Kiwi's nouns,
with the articles and ministry and by the words alone (compare_terms).

precision@5: of the issues shown (at most five), the share that are relatives, averaged over the queries
that show any; recall@5: of min(5, relatives), the share shown, averaged over all queries; "shown" counts
the queries that show anything. Latency: p50 and p95 of the call (ours) or the query (baseline), for the
planted queries and as many background issues taken at random, with the queries of one call.

    .venv/bin/python bench/similar.py [--sizes 10000 100000 1000000]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import admin_list  # noqa: E402
from bench.admin_list import setup  # noqa: E402
from bench.table import Row  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test_bench_similar"
SIZES = (10_000, 100_000, 1_000_000)
PRECISION_TARGET = 0.8
P50_TARGET_MS = 200
BASELINE_AT_MOST = 60  # baseline queries per size: at a million issues each reads most of the table


def _grow(missing: int, is_first: bool) -> None:
    """seed_bulk; into the smallest database with the planted families, their answer key kept beside them."""
    from django.db import connection

    from issues.seeding import seed_bulk

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_similar_key (family text, issue_id bigint PRIMARY KEY)")
    key = {} if is_first else None
    seed_bulk(missing, seed=1, answer_key=key)
    if key:
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO bench_similar_key VALUES (%s, %s)",
                                [(family, pk) for family, ids in key.items() for pk in ids])


def database_with(size: int, previous: str | None, url: str) -> str:
    """A database holding `size` issues with the planted families: found, or copied from `previous` and
    grown, or (the smallest) seeded with the families and their answer key (bench/admin_list.py)."""
    return admin_list.database_with(size, previous, url, grow=_grow)


def answer_key() -> dict[int, set[int]]:
    """Each planted issue → its relatives (the other issues of its family)."""
    from django.db import connection

    families = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT family, issue_id FROM bench_similar_key")
        for family, pk in cursor.fetchall():
            families.setdefault(family, set()).add(pk)
    return {pk: members - {pk} for members in families.values() for pk in members if len(members) > 1}


def baseline(issue) -> list[int]:
    """The plain bigram search: any of the issue's bigrams, the five best by ts_rank."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(search_bigrams(%s, %s))", [issue.title, issue.problem])
        grams = cursor.fetchone()[0]
        query = " | ".join("'" + g.replace("'", "''").replace("\\", "") + "'" for g in grams)
        cursor.execute(
            "SELECT id FROM issues_issue WHERE search_vector @@ to_tsquery('simple', %s) AND id <> %s "
            "ORDER BY ts_rank(search_vector, to_tsquery('simple', %s)) DESC, id DESC LIMIT 5",
            [query, issue.pk, query])
        return [row[0] for row in cursor.fetchall()]


def quality(found: dict[int, list[int]], key: dict[int, set[int]]) -> tuple[float, float, int]:
    precisions, recalls = [], []
    for query, relatives in key.items():
        shown = found[query]
        hits = len(relatives & set(shown))
        if shown:
            precisions.append(hits / len(shown))
        recalls.append(hits / min(5, len(relatives)))
    return (statistics.fmean(precisions) if precisions else 0.0, statistics.fmean(recalls),
            len(precisions))


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[-(-len(times) * 95 // 100) - 1]


def measure(size: int, viewer) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from issues import similar
    from issues.models import Issue

    key = answer_key()
    rng = random.Random(size)  # noqa: S311 - which background issues are asked: reproducible
    high = Issue.objects.order_by("-pk").values_list("pk", flat=True).first()
    others = [rng.randint(1, high) for _n in range(len(key))]
    queries = [*key, *Issue.objects.filter(pk__in=others).exclude(pk__in=list(key)).values_list("pk", flat=True)]
    issues = Issue.objects.in_bulk(queries)
    similar.similar_issues(issues[queries[0]], viewer=viewer)  # unmeasured: the analyser's load
    ours, ours_times, ours_queries = {}, [], []
    for pk in queries:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            found = similar.similar_issues(issues[pk], viewer=viewer)
            ours_times.append((time.perf_counter() - started) * 1000)
        ours_queries.append(len(captured))
        ours[pk] = [match.issue.pk for match in found]
    base, base_times = {}, []
    asked = list(key)[:BASELINE_AT_MOST] if size > 100_000 else list(key)
    for pk in asked:
        started = time.perf_counter()
        base[pk] = baseline(issues[pk])
        base_times.append((time.perf_counter() - started) * 1000)
    return {
        "ours": (*quality(ours, key), *percentiles(ours_times), statistics.mode(ours_queries)),
        "baseline": (*quality(base, {pk: key[pk] for pk in asked}), *percentiles(base_times), 2),
        "queries": len(key), "asked": len(asked), "timed": len(queries),
    }


def bigrams(*texts: str) -> set[str]:
    """The search index's terms (issues/search.py): each run's 2-character grams and its last character."""
    from issues.search import SEPARATORS

    found = set()
    for text in texts:
        for run in "".join(" " if c in SEPARATORS else c for c in text.lower()).split():
            found.update(run[n:n + 2] for n in range(len(run) - 1))
            found.add(run[-1])
    return found


BARS = (0.25, 0.3, 0.35, 0.4)  # the engine's bar is one of them; words alone are held to each less 0.1


def compare_terms(key: dict[int, set[int]], bars=BARS) -> dict[str, list[tuple]]:
    """The choice of terms, measured: every issue scored against every planted query in Python (exhaustive,
    so only at the smallest size), with the engine's weights and bar, by the bigrams of the search index or
    by Kiwi's nouns; and each by its words alone (no articles, no ministry), at the public form's bar."""
    import math
    from collections import Counter, defaultdict

    from issues.models import Citation, Issue
    from issues.similar import engine
    from issues.similar.terms import terms

    texts = {pk: (t, p, m) for pk, t, p, m in Issue.objects.values_list("pk", "title", "problem", "ministry_id")}
    articles, acts = defaultdict(set), defaultdict(set)
    for pk, law, act, article, sub in Citation.objects.values_list("issue", "law_key", "act_key", "article",
                                                                   "article_sub"):
        if article is not None:
            articles[pk].add((law, article, sub))
        acts[pk].add(act)
    results = {}
    for name, extract in (("bigrams", lambda t, p: bigrams(t, p)), ("nouns", lambda t, p: set(terms(t, p)))):
        found = {pk: extract(t, p) for pk, (t, p, _m) in texts.items()}
        counted = Counter(term for words in found.values() for term in words)
        total = len(found)
        squares = {term: max(math.log(total / (1 + n)), 0.0) ** 2 for term, n in counted.items()}
        norms = {pk: math.sqrt(sum(squares[t] for t in words)) or 1.0 for pk, words in found.items()}
        for with_laws in (True, False):
            scores = {}
            for query in key:
                mine, scored = found[query], []
                for pk, words in found.items():
                    if pk == query:
                        continue
                    shared = mine & words
                    score = sum(squares[t] for t in shared) / (norms[query] * norms[pk]) if shared else 0.0
                    if with_laws:
                        score += (engine.ARTICLE_WEIGHT if articles[query] & articles[pk]
                                  else engine.ACT_WEIGHT if acts[query] & acts[pk] else 0.0)
                        same = texts[query][2] and texts[query][2] == texts[pk][2]
                        score += engine.MINISTRY_WEIGHT if same else 0.0
                    if score >= min(bars) - 0.1:
                        scored.append((score, pk))
                scores[query] = sorted(scored, reverse=True)
            name_of = f"{name}, {'with articles and ministry' if with_laws else 'words alone'}"
            results[name_of] = []
            for bar in bars:
                bar = bar if with_laws else bar - 0.1
                shown = {query: [pk for score, pk in found_for if score >= bar][:5]
                         for query, found_for in scores.items()}
                results[name_of].append((bar, *quality(shown, key)))
    return results


def measurements(sizes=SIZES, *, verbose: bool = False) -> dict:
    url = os.environ.get("SIMILAR_DATABASE_URL", DEFAULT_DATABASE_URL)
    assert url.rsplit("/", 1)[1].startswith("test_"), "the bench makes and fills its own databases: test_… only"
    setup(url)
    from django.contrib.auth.models import Group, User

    results, previous = {}, None
    for size in sorted(sizes):
        previous = database_with(size, previous, url)
        officer, created = User.objects.get_or_create(username="bench-officer", defaults={"is_staff": True})
        if created:
            officer.groups.add(Group.objects.get(name="officer"))
        results[size] = measure(size, officer)
        if size == min(sizes):
            results[size]["terms"] = compare_terms(answer_key())
        if verbose:
            print(f"{size:>10,} {results[size]}", file=sys.stderr, flush=True)
    return results


def rows(sizes=SIZES, *, verbose: bool = False) -> list[Row]:
    results = measurements(sizes, verbose=verbose)
    section = "Similar issues"
    found = []
    for size in sorted(sizes):
        got = results[size]
        p, r, shown, p50, p95, queries = got["ours"]
        bp, br, bshown, bp50, bp95, _bq = got["baseline"]
        found.append(Row(
            section, f"{size:,} issues, {got['queries']} planted queries: precision@5 (recall@5)",
            f"{p:.2f} ({r:.2f}), {shown} of {got['queries']} shown",
            f"bigram search: {bp:.2f} ({br:.2f}), {bshown} of {got['asked']}", "", "",
            f"P@5 ≥ {PRECISION_TARGET} {'✓' if p >= PRECISION_TARGET else '✗'}"))
        found.append(Row(
            section, f"{size:,} issues, {got['timed']} queries (planted and random): p50 (p95)",
            f"{p50:.0f} ms ({p95:.0f} ms)", f"bigram search: {bp50:.0f} ms ({bp95:.0f} ms)",
            f"{p50 / bp50:.2g}×" if bp50 else "–",
            str(queries), f"p50 < {P50_TARGET_MS} ms {'✓' if p50 < P50_TARGET_MS else '✗'}" if size >= 1_000_000
            else ""))
        for name, by_bar in got.get("terms", {}).items():
            found.append(Row(
                section, f"terms compared at {size:,} (every issue scored): {name}: precision@5 / recall@5 by bar",
                " · ".join(f"{bar:.2f}: {tp:.2f}/{tr:.2f}" for bar, tp, tr, _shown in by_bar)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    from bench.table import markdown

    print(markdown(rows(args.sizes, verbose=True)))


if __name__ == "__main__":
    main()
