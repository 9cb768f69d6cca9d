"""A meeting is named by its day in Seoul, whatever the hour (stored in UTC)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from meetings.models import Meeting

SEOUL = ZoneInfo("Asia/Seoul")


def test_a_morning_meeting_is_named_by_its_day_in_seoul():
    # 08:00 in Seoul, as the database gives it back: in UTC, on the day before.
    starts = datetime(2024, 3, 28, 8, 0, tzinfo=SEOUL).astimezone(UTC)
    assert starts.day == 27
    meeting = Meeting(title="규제혁신 현장 간담회", starts_at=starts, ends_at=starts + timedelta(hours=2))
    assert str(meeting) == "규제혁신 현장 간담회 (2024-03-28)"
