"""The laws an issue cites, as rows (models.Citation), and the reads of the pages of laws.

- cite_laws(issue): the rows read from the issue's 관련 법령 (issues.citations.parse), replacing those read
  before; called whenever related_law is written (services.submit_issue, services.register_issue, the issue
  page). Once an officer has corrected the rows (correct_citations), they are the issue's citations and a
  new related_law changes none of them.
- correct_citations(issue, rows, by=): the rows an officer wrote on the issue page, all marked corrected.
- law_key and act_key are computed here, never typed: law_key groups the spellings of one law, act_key a law
  with its 시행령 and 시행규칙 (the page of a law is the page of an act).
- cited_acts(issues) and act_page(act_key, issues): the list of laws cited and the page of one, over the
  issues a viewer may see (selectors.visible_issues), in a fixed number of queries whatever the rows.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import citations, selectors, workflow
from .models import Citation, Issue

LAW_MAX = Citation._meta.get_field("law").max_length
TEXT_MAX = Citation._meta.get_field("text").max_length


def keys(law: str) -> tuple[str, str]:
    """(law_key, act_key) of a law's name: "의료법 시행규칙" → ("의료법시행규칙", "의료법")."""
    return citations.law_key(law)[:LAW_MAX], citations.law_key(citations.parent_law(law))[:LAW_MAX]


def _row(issue_id: int, law: str, article=None, article_sub=None, paragraph=None, item=None, text="",
         is_corrected=False) -> Citation:
    law = citations.normalise_law_name(law)[:LAW_MAX]
    law_key, act_key = keys(law)
    return Citation(issue_id=issue_id, law=law, law_key=law_key, act_key=act_key, article=article,
                    article_sub=article_sub, paragraph=paragraph, item=item, text=text[:TEXT_MAX],
                    is_corrected=is_corrected)


def citation_rows(issue_id: int, related_law: str, parse=citations.parse) -> list[Citation]:
    """The unsaved rows of what `related_law` cites. `parse` lets a bulk writer pass a memoised parser."""
    return [_row(issue_id, found.law, found.article, found.article_sub, found.paragraph, found.item, found.text)
            for found in parse(related_law)]


def cite_laws(issue: Issue, *, is_new: bool = False) -> None:
    """Write `issue`'s citations from its related_law, replacing the rows read before; if an officer corrected
    any of them, leave every row as it is. Two statements, whatever was there. An issue being filed
    (`is_new`, inside the filing's transaction) has no rows to replace: one INSERT, none without a law."""
    if is_new:
        Citation.objects.bulk_create(citation_rows(issue.pk, issue.related_law))
        return
    corrected = Exists(Citation.objects.filter(issue=issue.pk, is_corrected=True))
    with transaction.atomic():  # no reader sees both sets
        new = [row.pk for row in Citation.objects.bulk_create(citation_rows(issue.pk, issue.related_law))]
        # One DELETE decides in the database: with a corrected row, the rows just read go; without one, the
        # rows read before.
        Citation.objects.filter(Q(corrected, pk__in=new) | Q(~corrected, ~Q(pk__in=new)), issue=issue.pk).delete()


def correct_citations(issue: Issue, rows: list[dict], *, by) -> list[Citation]:
    """Replace `issue`'s citations by `rows` (dicts of law, article, article_sub, paragraph, item), as an
    officer wrote them on the issue page: each name normalised, each row marked corrected, so that a later
    change of related_law keeps them. With no row left nothing is corrected: the next related_law is read."""
    if not by.has_perm("issues.change_citation"):
        raise workflow.NotPermitted(_("Only officers correct the laws an issue cites."))
    made = [_row(issue.pk, row["law"], row.get("article"), row.get("article_sub"), row.get("paragraph"),
                 row.get("item"), row.get("text", ""), is_corrected=True) for row in rows]
    with transaction.atomic():
        Citation.objects.filter(issue=issue).delete()
        return Citation.objects.bulk_create(made)


# --- the pages of laws


def cited_acts(viewer, search: str = "") -> QuerySet:
    """One row per act cited by the issues `viewer` may see (selectors.visible_issues): act_key, name (the
    first of its names), the number of issues citing it or its 시행령/시행규칙, how many of them are closed,
    and the latest filing. Most cited first; `search` finds a part of a name, spaces or not."""
    rows = selectors.of_visible_issues(viewer, Citation.objects.all())
    if search.strip():
        rows = rows.filter(Q(law__icontains=search.strip()) | Q(law_key__contains=citations.law_key(search)))
    return (rows.values("act_key")
            .annotate(name=Min("law"), issues=Count("issue", distinct=True),
                      closed=Count("issue", filter=Q(issue__state=workflow.State.CLOSED), distinct=True),
                      latest=Max("issue__filed_at"))
            .order_by("-issues", "act_key"))


def act_name(name: str) -> str:
    """The act's name from any of its laws' names: "의료법 시행규칙" → "의료법"."""
    return citations.parent_law(name)


@dataclass
class Law:
    """A law of an act's page (the act, its 시행령, its 시행규칙) and its articles cited, each with how many
    issues cite it."""

    name: str
    law_key: str
    url: str
    issues: int = 0
    articles: list[dict] = field(default_factory=list)


def act_laws(act_key: str, viewer) -> list[Law]:
    """The laws of the act `act_key` cited by the issues `viewer` may see, the act first, each with its
    articles cited (a law cited as a whole: article None) and how many issues cite each. One query."""
    rows = (selectors.of_visible_issues(viewer, Citation.objects.filter(act_key=act_key))
            .values("law_key", "article", "article_sub")
            .annotate(name=Min("law"), issues=Count("issue", distinct=True))
            .order_by("law_key", "article", "article_sub"))
    laws: dict[str, Law] = {}
    for row in rows:
        law = laws.get(row["law_key"])
        if law is None:
            law = laws[row["law_key"]] = Law(row["name"], row["law_key"], citations.law_url(row["name"]))
        law.articles.append(row)
    # The act, then its 시행령, then its 시행규칙 (then anything else filed under it), as 국가법령정보센터 lists them.
    order = {act_key: 0, f"{act_key}시행령": 1, f"{act_key}시행규칙": 2}
    return sorted(laws.values(), key=lambda law: (order.get(law.law_key, 3), law.law_key))


def act_issues(act_key: str, viewer, *, law_key: str = "", article: int | None = None) -> QuerySet:
    """The issues `viewer` may see citing the act `act_key` (or, given, its law `law_key` and `article`), newest
    filed first, each with its citations of the act prefetched: two queries however many."""
    wanted = Citation.objects.filter(act_key=act_key)
    if law_key:
        wanted = wanted.filter(law_key=law_key)
        if article is not None:
            wanted = wanted.filter(article=article)
    return (selectors.visible_issues(viewer).filter(Exists(wanted.filter(issue=OuterRef("pk"))))
            .only("pk", "number", "title", "state", "government_answer", "resolution", "filed_at")
            .prefetch_related(Prefetch("citations", queryset=Citation.objects.filter(act_key=act_key).order_by(
                "law_key", "article", "article_sub", "paragraph", "item", "pk"), to_attr="act_citations"))
            .order_by("-filed_at", "-pk"))


def filed_year(issue: Issue) -> int:
    return timezone.localtime(issue.filed_at).year
