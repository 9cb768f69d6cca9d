"""`{{ meeting|when }}`: a meeting's date and time as people write them, in Seoul time.

Korean: 2024년 3월 28일(목) 14:00~16:00. English: March 28, 2024 (Thu) 14:00–16:00."""

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language

from ..ical import SEOUL

register = template.Library()

KOREAN_WEEKDAYS = "월화수목금토일"


@register.filter
def when(meeting) -> str:
    start = meeting.starts_at.astimezone(SEOUL)
    end = meeting.ends_at.astimezone(SEOUL) if meeting.ends_at else None
    day = date_format(start, "DATE_FORMAT")
    if (get_language() or "ko").startswith("ko"):
        # Django's Korean "D" is the whole word (목요일); dates in Korean carry one syllable.
        text, dash = f"{day}({KOREAN_WEEKDAYS[start.weekday()]}) {start:%H:%M}", "~"
    else:
        text, dash = f"{day} ({date_format(start, 'D')}) {start:%H:%M}", "–"
    if end is not None and end.date() == start.date():
        text += f"{dash}{end:%H:%M}"
    elif end is not None:
        text += f" {dash} {date_format(end, 'DATE_FORMAT')} {end:%H:%M}"
    return text
