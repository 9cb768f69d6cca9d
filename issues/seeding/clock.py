"""Time for synthetic data: whole seconds since the epoch (fast to add to), turned into aware datetimes
and Seoul dates only when a row is written. Officers work on weekdays, 9:00–18:00 Seoul time."""

from datetime import UTC, date, datetime, timedelta

DAY = 86400
SEOUL_OFFSET = 9 * 3600  # Asia/Seoul has had no daylight saving time since 1988
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def at(seconds: int) -> datetime:
    return _EPOCH + timedelta(seconds=seconds)


def seoul_date(seconds: int) -> date:
    return date.fromordinal(_EPOCH_ORDINAL + (seconds + SEOUL_OFFSET) // DAY)


def seoul_moment(day: date, hour: int = 0) -> int:
    """`hour` o'clock on `day` in Seoul, in seconds."""
    return (day.toordinal() - _EPOCH_ORDINAL) * DAY - SEOUL_OFFSET + hour * 3600


def office_time(rng, seconds: float) -> int:
    """A moment in office hours on the working day of `seconds` (or the Monday after a weekend)."""
    day = int(seconds + SEOUL_OFFSET) // DAY
    weekday = (day + 3) % 7  # 1 January 1970 was a Thursday; Monday is 0
    if weekday >= 5:
        day += 7 - weekday
    return day * DAY - SEOUL_OFFSET + 9 * 3600 + int(rng.random() * 9 * 3600)


def monthly_submission(year: int, month: int) -> int:
    """When the month's proposal batch goes to the government: the 20th (or the Monday after) at 15:00."""
    day = date(year, month, 20)
    if day.weekday() >= 5:
        day = date.fromordinal(day.toordinal() + 7 - day.weekday())
    return seoul_moment(day, 15)


def next_submission(seconds: int) -> tuple[int, int, int]:
    """The first batch submission at or after `seconds`: (moment, year, month)."""
    day = seoul_date(seconds)
    year, month = day.year, day.month
    moment = monthly_submission(year, month)
    if moment < seconds:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        moment = monthly_submission(year, month)
    return moment, year, month
