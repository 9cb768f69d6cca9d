"""English dates and times: 2 Dec 2026 · 4:33 AM · 2 Dec 2026, 4:33 AM (see config/formats/__init__.py)."""

# What a format module leaves out (input formats, separators), Django reads from its own.

DATE_FORMAT = "j M Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j M Y, g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
