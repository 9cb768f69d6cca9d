"""Korean dates and times: 2026. 12. 2. · 오전 4:33 · 2026. 12. 2. 오전 4:33 (see config/formats/__init__.py)."""

# What a format module leaves out, Django reads from its own (django/conf/locale/ko/formats.py).
from django.conf.locale.ko import formats as django_ko

DATE_FORMAT = "Y. n. j."
TIME_FORMAT = "A g:i"
DATETIME_FORMAT = "Y. n. j. A g:i"
YEAR_MONTH_FORMAT = "Y년 n월"
MONTH_DAY_FORMAT = "n월 j일"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT

# What a date is typed as: Django's (2026-12-02 first, which the date widgets write), and the way it is shown.
DATE_INPUT_FORMATS = [*django_ko.DATE_INPUT_FORMATS, "%Y. %m. %d.", "%Y. %m. %d"]
