"""The officers' workspace. `issue` holds the issue list and page; `records` the other models."""

from . import issue, records  # noqa: F401 - registering
