"""Finding the issue a duplicate is merged into, as officers name it: its tracking number in any of the
forms people type (REG-2026-0011, 2026-0011, reg 2026 11) or words of its title. Only issues the officer
may see are found (selectors.visible_issues), never the duplicate itself, and never an issue that was
itself closed as a duplicate (its filers follow the issue it was merged into)."""

import re

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from .. import search, selectors
from ..models import Issue
from ..workflow import Resolution, State

# REG-2026-0011, reg-2026-11, 2026-0011, 2026 0011, REG2026-0011: a year and a serial.
NUMBER = re.compile(r"^\s*(?:REG)?[\s-]*(\d{4})[\s-]+(\d{1,6})\s*$", re.IGNORECASE)
# What the start of a number looks like while it is being typed: REG-2026-00, 2026-, 2026.
NUMBER_START = re.compile(r"^\s*(?:REG)?[\s-]*(\d{4})(?:[\s-]+(\d{0,6}))?\s*$", re.IGNORECASE)
CANDIDATES = 10


class NotFound(Exception):
    """The text names no issue that can be kept; the message says why, to show beside the field."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def tracking_number(text: str) -> str | None:
    """The tracking number `text` spells, in the form stored (REG-2026-0011), or None."""
    match = NUMBER.match(text or "")
    if not match:
        return None
    return f"REG-{match[1]}-{int(match[2]):04d}"


def _keepable(user, excluding=()) -> QuerySet:
    return selectors.visible_issues(user).exclude(pk__in=list(excluding)).exclude(resolution=Resolution.DUPLICATE)


def _by_title(queryset: QuerySet, text: str) -> QuerySet:
    for word in search.words(text):
        if search.uses_index(queryset) and word.strip(search.SEPARATORS):
            queryset = queryset.filter(search.GramsMatch(word))  # the gram index first, then the title itself
        queryset = queryset.filter(title__icontains=word)
    return queryset


def candidates(user, text: str, *, excluding=()) -> list[Issue]:
    """Up to CANDIDATES issues `text` may mean, the open ones first, the newest first: by the start of
    a tracking number when it looks like one, else by the words of the title."""
    text = (text or "").strip()
    if not text:
        return []
    queryset = _keepable(user, excluding)
    start = NUMBER_START.match(text)
    if start:
        serial = start[2] or ""
        prefix = f"REG-{start[1]}-" + (f"{int(serial):04d}" if len(serial) >= 4 else serial)
        queryset = queryset.filter(number__startswith=prefix)
    else:
        queryset = _by_title(queryset, text)
    is_closed = Case(When(state=State.CLOSED, then=Value(1)), default=Value(0), output_field=IntegerField())
    return list(queryset.annotate(is_closed=is_closed).order_by("is_closed", "-filed_at", "-pk")
                .only("pk", "number", "title", "state")[:CANDIDATES])


def find_kept(user, text: str, *, excluding=()) -> Issue:
    """The one issue `text` names, or NotFound saying why none (or which ones, when several match)."""
    text = (text or "").strip()
    number = tracking_number(text)
    visible = selectors.visible_issues(user)
    if number:
        found = visible.filter(number=number).select_related("duplicate_of").first()
        if found is None:
            raise NotFound(_("There is no issue %(number)s.") % {"number": number})
    else:
        matches = list(_by_title(_keepable(user, excluding), text).order_by("-filed_at", "-pk")[:4])
        if not matches:
            raise NotFound(_("No issue has the number or a title with “%(text)s”. Type its tracking number "
                             "(2026-0011) or words of its title, and choose it from the list.") % {"text": text})
        if len(matches) > 1:
            listed = ", ".join(f"{m.number} ({m.title})" for m in matches[:3])
            raise NotFound(_("Several issues have “%(text)s” in their title: %(issues)s. Choose one from the "
                             "list or type its tracking number.") % {"text": text, "issues": listed})
        found = matches[0]
    if found.pk in set(excluding):
        raise NotFound(_("An issue cannot duplicate itself."))
    if found.resolution == Resolution.DUPLICATE and found.duplicate_of_id:
        raise NotFound(_("%(number)s is itself closed as a duplicate of %(kept)s: merge into %(kept)s.") % {
            "number": found.number, "kept": found.duplicate_of.number})
    return found


def choices_json(issues) -> list[dict]:
    return [{"number": issue.number, "title": issue.title, "state": issue.get_state_display()} for issue in issues]

