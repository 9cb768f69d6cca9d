"""Similar issues: the issues that raise the same regulation as another one, or as a text being typed.

- similar_issues(issue, viewer=…): for the issue page, among the issues `viewer` may open, with why.
- published_cases(title, problem): for the public form, among the solved cases officers published only.
- relations.py: marking two issues as related (both ways, in both histories) and removing the mark.
"""

from dataclasses import dataclass, field

from ..models import Issue


@dataclass
class Match:
    issue: Issue
    score: float
    articles: list[str] = field(default_factory=list)  # the articles both cite, as Korean documents write them
    laws: list[str] = field(default_factory=list)  # the laws both cite, without a shared article
    same_ministry: bool = False
    words: list[str] = field(default_factory=list)  # the telling words both use
    is_related: bool = False  # already marked related by an officer


def similar_issues(issue: Issue, *, viewer, limit: int = 5) -> list[Match]:
    """Up to `limit` issues most like `issue` that `viewer` may open (selectors.visible_issues), best
    first, never `issue` itself. Placeholder until the engine lands: issues citing one of its articles."""
    from .. import selectors
    from ..models import Citation

    mine = list(Citation.objects.filter(issue=issue, article__isnull=False).values_list("law_key", "article"))
    if not mine:
        return []
    found = Citation.objects.none()
    for law_key, article in mine:
        found = found | Citation.objects.filter(law_key=law_key, article=article)
    ids = set(found.exclude(issue=issue).values_list("issue", flat=True)[:200])
    issues = selectors.visible_issues(viewer, Issue.objects.filter(pk__in=ids)).select_related("ministry")[:limit]
    return [Match(issue=other, score=1.0) for other in issues]


def published_cases(title: str, problem: str, *, limit: int = 3) -> list[Issue]:
    """Up to `limit` solved cases officers published (Issue.is_publishable) that look like the text being
    typed, best first; never any other issue. Placeholder until the engine lands: title words."""
    words = [w for w in (title or "").split() if len(w) > 1][:5]
    if not words:
        return []
    from django.db.models import Q

    query = Q()
    for word in words:
        query |= Q(title__icontains=word)
    return list(Issue.objects.filter(is_publishable=True).filter(query).order_by("-closed_at", "-pk")[:limit])
