"""Turning a day and two times of day into a shift's aware start and end, in Shanghai time."""

import datetime
import zoneinfo

from django.conf import settings

MAX_SHIFT = datetime.timedelta(hours=24)


def local_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def shift_span(
    day: datetime.date, start: datetime.time, end: datetime.time
) -> tuple[datetime.datetime, datetime.datetime]:
    """A shift on `day` from `start` to `end`; an end at or before the start is the next day.

    22:00-06:00 on 1 March ends at 06:00 on 2 March; 08:00-08:00 is a 24-hour shift.
    """
    tz = local_zone()
    starts = datetime.datetime.combine(day, start, tzinfo=tz)
    end_day = day if end > start else day + datetime.timedelta(days=1)
    return starts, datetime.datetime.combine(end_day, end, tzinfo=tz)


def day_bounds(first: datetime.date, last: datetime.date):
    """From the start of `first` to the end of `last`, local time."""
    tz = local_zone()
    return (
        datetime.datetime.combine(first, datetime.time(0), tzinfo=tz),
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(0), tzinfo=tz),
    )


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the week containing `day`."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)
