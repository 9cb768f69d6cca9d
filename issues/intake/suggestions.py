"""The solved cases shown under the public form while a report is written: those similar.published_cases finds
for its title and problem, each as /stats/ shows a published case (title, field, ministry, government answer,
outcome). Never the company, the filer, a note or the text of a case; never an issue officers did not publish.
Filing goes on as before: nothing here reads or writes the form."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .. import similar
from ..models import Issue
from ..workflow import Resolution, State
from .forms import TITLE_MAX

SHOWN = 3
# What a look-up reads of the problem: its start, where the rule and what it stops are said. The script sends
# no more (static/js/similar_cases.js), so that typing on past it asks nothing new.
PROBLEM_READ = 2000
# As /stats/ counts a solved case (stats/facts.py): not set aside by its closing.
SET_ASIDE = (Resolution.WITHDRAWN, Resolution.DUPLICATE, Resolution.OUT_OF_SCOPE)
NONE = "—"


@dataclass(frozen=True)
class PublicCase:
    title: str
    field: str
    ministry: str
    answer: str
    outcome: str


def public_cases(title: str, problem: str) -> list[PublicCase]:
    """Up to SHOWN published solved cases like the text being typed, best first; none until both the title
    and the problem have text."""
    title, problem = _cut(title, TITLE_MAX), _cut(problem, PROBLEM_READ)
    if not title or not problem:
        return []
    found = similar.published_cases(title, problem, limit=SHOWN)[:SHOWN]
    # The engine promises published solved cases; asked again here, for the public columns only, so that the
    # page shows what /stats/ shows and nothing else, whatever the engine becomes.
    public = {issue.pk: issue for issue in _published().filter(pk__in=[issue.pk for issue in found])}
    return [_summary(public[issue.pk]) for issue in found if issue.pk in public]


def _cut(text: str, limit: int) -> str:
    # PostgreSQL cannot compare a NUL character: it is no part of any word anyway.
    return str(text or "").replace("\x00", "")[:limit].strip()


def _published():
    return (
        Issue.objects.filter(is_publishable=True, is_suspected_spam=False, state__in=(State.FOLLOW_UP, State.CLOSED))
        .exclude(state=State.CLOSED, resolution__in=SET_ASIDE)
        .select_related("field", "ministry")
        .only("title", "state", "resolution", "government_answer",
              "field__name", "field__name_en", "ministry__name", "ministry__name_en")
    )


def _summary(issue: Issue) -> PublicCase:
    # A published case in follow-up has its answer and no resolution yet, as on /stats/.
    outcome = (issue.get_resolution_display() or NONE) if issue.state == State.CLOSED else _("Follow-up under way")
    return PublicCase(
        title=issue.title,
        field=issue.field.display_name if issue.field else NONE,
        ministry=issue.ministry.display_name if issue.ministry else NONE,
        answer=issue.get_government_answer_display() if issue.government_answer else NONE,
        outcome=outcome,
    )
