"""Searching issues by any part of a word, Korean included, through PostgreSQL indexes.

Korean has no stemmer in PostgreSQL, words are short (규제, 드론, 의료) and particles stick to them
(드론을, 드론의): officers type a piece of a word and expect every issue that contains it, as the admin's
`icontains` search finds it. So the index knows no words, only pairs of characters, like Lucene's CJK
bigram analyzer: each run of letters and digits in the tracking number, title, problem and related law
gives its 2-character grams and its last character alone (드론배송 → 드론 론배 배송 송), kept in the column
issues_issue.search_vector (a trigger fills it) under a GIN index. Company names and business numbers
have the same on an expression index. The SQL functions, trigger and indexes: migrations/0007_search.py.

A word's condition, per word of the search:

- the candidates: issues whose grams include all of the word's 2-character grams (a word of one
  character: a gram that starts with it, which is why a run's last character is kept alone), or whose
  company is one of those that contain the word (looked up first: PostgreSQL combines a list of ids
  with the gram index, a subquery it would test row by row);
- the exact test, which makes the result what `icontains` over the same fields finds: UPPER(field)
  LIKE '%word%' with the operator ~~~, LIKE's own function with a selectivity estimate of "keeps nearly
  every row". It only rechecks what the index found; estimated as selective as it is on its own,
  PostgreSQL multiplies the two and expects a handful of issues where there are thousands.

pg_trgm was the other candidate: it extracts no trigram from a 2-character LIKE pattern (`%드론%`), so
the commonest Korean searches would read the whole table.

On SQLite nothing changes: the admin's plain `icontains` search, without an index.
"""

import string

from django.db import connections, models
from django.db.models import Q, QuerySet
from django.utils.text import smart_split, unescape_string_literal

from companies.models import Company

# Where a run of letters and digits ends: whitespace and ASCII punctuation, as search_runs() in the
# migration has them. Anything else, Hangul and Hanja included, belongs to the run.
SEPARATORS = string.whitespace + string.punctuation
COLUMNS = ("number", "title", "problem", "related_law")
# More companies than this containing a word: they are matched by a subquery, not a list of ids.
COMPANY_IDS_LIMIT = 2000


def _table(compiler) -> str:
    """The issues table as this (sub)query names it: the columns below are not model fields."""
    return compiler.quote_name_unless_alias(next(iter(compiler.query.alias_map)))


class GramsMatch(models.Expression):
    """The issue's search_vector holds all of `word`'s 2-character grams (index issue_search_bigrams).
    TRUE in a queryset passed through read_along(), unless PostgreSQL's estimate of the issues it finds
    can be trusted: those of a single gram, read from its statistics."""

    output_field = models.BooleanField()

    def __init__(self, word: str, *, is_estimated_well: bool = False):
        super().__init__()
        self.word, self.is_estimated_well = word, is_estimated_well

    def as_sql(self, compiler, connection):
        if getattr(compiler.query, "reads_along", False) and not self.is_estimated_well:
            return "TRUE", []
        return f'{_table(compiler)}."search_vector" @@ search_query(%s)', [self.word]


class TextContains(models.Expression):
    """`word` in the issue's tracking number, title, problem or related law: icontains, with ~~~ for LIKE."""

    output_field = models.BooleanField()

    def __init__(self, word: str):
        super().__init__()
        self.word = word

    def as_sql(self, compiler, connection):
        table, quote = _table(compiler), connection.ops.quote_name
        pattern = f"%{connection.ops.prep_for_like_query(self.word)}%"
        tests = [f"UPPER({table}.{quote(column)}::text) ~~~ UPPER(%s)" for column in COLUMNS]
        return f"({' OR '.join(tests)})", [pattern] * len(tests)


class CompanyGramsMatch(models.Func):
    """The company's name and business number hold all of `word`'s grams (index company_search_bigrams)."""

    output_field = models.BooleanField()

    def __init__(self, word: str):
        super().__init__(models.F("name"), models.F("business_number"), models.Value(word))

    def as_sql(self, compiler, connection, **extra):
        (name, name_params), (number, number_params), (word, word_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions())
        return f"search_bigrams({name}, {number}) @@ search_query({word})", [*name_params, *number_params,
                                                                            *word_params]


def words(search_term: str) -> list[str]:
    """The search's words as the admin splits them: on spaces, "quoted phrases" kept together."""
    found = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        found.append(bit)
    return found


def uses_index(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def matching(queryset: QuerySet, search_term: str) -> QuerySet:
    """The issues of `queryset` that contain every word of `search_term` in their tracking number,
    title, problem, related law, company name or business number (PostgreSQL, through the indexes).
    One query per word looks up the companies first."""
    found = words(search_term)
    for word in found:
        companies = Company.objects.using(queryset.db).filter(Q(name__icontains=word) |
                                                              Q(business_number__icontains=word))
        if word.strip(SEPARATORS):  # a word of punctuation only has no gram: the exact test alone
            companies = companies.filter(CompanyGramsMatch(word))
            alone = len(found) == 1 and _grams(word) == 1
            in_text = Q(GramsMatch(word, is_estimated_well=alone), TextContains(word))
        else:
            in_text = Q(TextContains(word))
        ids = list(companies.values_list("pk", flat=True)[: COMPANY_IDS_LIMIT + 1])
        in_company = companies.values("pk") if len(ids) > COMPANY_IDS_LIMIT else ids
        # A filing not (yet) linked to the company whose number it gives is found through that company too.
        unlinked = Q(company__isnull=True, filer_business_number__in=companies.values("business_number"))
        queryset = queryset.filter(in_text | Q(company__in=in_company) | unlinked)
    return queryset


def _grams(word: str) -> int:
    """How many grams search_query() makes of `word`: one per pair of neighbours, one per lone character."""
    runs = "".join(" " if c in SEPARATORS else c for c in word).split()
    return sum(max(len(run) - 1, 1) for run in runs)


def read_along(queryset: QuerySet) -> QuerySet:
    """The same issues, found without the gram index: for a page of a search with more matches than the
    list counts, which PostgreSQL finds fastest by reading along the list's order. Left to itself it may
    fetch and sort them all: it multiplies the frequencies of a word's grams (or of several words) as if
    they were independent, and expects a few hundred issues where there are tens of thousands."""
    clone = queryset.all()
    clone.query.reads_along = True
    return clone
