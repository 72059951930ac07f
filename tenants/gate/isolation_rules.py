"""Home isolation by the calendar: the last day, and which readings are missing. No database."""

import datetime
import zoneinfo

MORNING = "morning"
EVENING = "evening"
# A reading not taken by these times of its day is overdue (Asia/Shanghai wall-clock time).
DUE_BY = {MORNING: datetime.time(12, 0), EVENING: datetime.time(22, 0)}
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def last_day(starts_on: datetime.date, days: int) -> datetime.date:
    """The last day of isolation: 14 days from 1 April are 1 to 14 April, free on the 15th."""
    return starts_on + datetime.timedelta(days=days - 1)


def isolation_start(
    arrived_on: datetime.date, committee_registered_on: datetime.date | None
) -> datetime.date:
    """Isolation counts from the committee's registration; until then, from the arrival."""
    return committee_registered_on or arrived_on


def overdue_readings(
    starts_on: datetime.date,
    last: datetime.date,
    taken: set[tuple[datetime.date, str]],
    now: datetime.datetime,
    opened_at: datetime.datetime | None = None,
) -> list[tuple[datetime.date, str]]:
    """The (day, morning/evening) readings past their time and still missing, oldest first.

    A reading due before the case was opened (`opened_at`) is not expected: someone who came
    back at 23:20 could not have been measured that morning, and a case opened today with an
    earlier start has nobody to blame for the days before.
    """
    now = now.astimezone(SHANGHAI)
    missing = []
    day = starts_on
    while day <= min(last, now.date()):
        for period in (MORNING, EVENING):
            due = datetime.datetime.combine(day, DUE_BY[period], tzinfo=now.tzinfo)
            expected = opened_at is None or due > opened_at
            if expected and now >= due and (day, period) not in taken:
                missing.append((day, period))
        day += datetime.timedelta(days=1)
    return missing
