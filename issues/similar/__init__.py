"""Similar issues: the issues that raise the same regulation as another one, or as a text being typed.

- similar_issues(issue, viewer=…): for the issue page, among the issues `viewer` may open, with why.
- published_cases(title, problem): for the public form, among the solved cases officers published only.
- index_pending, forget_terms, count_terms: the terms issues are compared by (terms.py), kept up to date.
- relations.py: marking two issues as related (both ways, in both histories) and removing the mark.

How they are found and scored: engine.py.
"""

from .engine import (  # noqa: F401 - the package's interface
    Match,
    count_terms,
    forget_terms,
    index_issues,
    index_pending,
    published_cases,
    similar_issues,
)
