"""Temperature readings of home isolation past their time: for a case, and across cases."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from tenants.gate.isolation_rules import overdue_readings
from tenants.gate.models import IsolationCase, IsolationStatus, TemperatureReading

# The case page shows its readings four weeks at a time, and "overdue" looks back four weeks:
# what a page costs does not grow with the length of the case.
DAYS_PER_PAGE = 28


def recent_start(now) -> datetime.date:
    """The first day of the four weeks whose missing readings are listed as overdue."""
    return timezone.localdate(now) - datetime.timedelta(days=DAYS_PER_PAGE - 1)


def overdue_of(
    case: IsolationCase, readings, now, first: datetime.date, last: datetime.date | None = None
) -> list[tuple[datetime.date, str]]:
    """The (day, period) readings from `first` to `last` past their time and missing.

    Only for a case under observation, and only the days asked for: `readings` need hold no
    more than those days.
    """
    if case.status != IsolationStatus.OBSERVING:
        return []
    taken = {(reading.taken_on, reading.period) for reading in readings}
    last = case.planned_end if last is None else min(last, case.planned_end)
    return overdue_readings(max(first, case.starts_on), last, taken, now, case.created_at)


def overdue_cases(cases, now) -> list[int]:
    """The ids of the cases under observation among `cases` with a reading past its time."""
    first = recent_start(now)
    recent = TemperatureReading.objects.filter(taken_on__gte=first)
    # A queryset of its own: the caller's may already prefetch other readings.
    observing = IsolationCase.objects.filter(
        pk__in=cases.values("pk"), status=IsolationStatus.OBSERVING
    ).prefetch_related(Prefetch("readings", queryset=recent))
    return [case.pk for case in observing if overdue_of(case, case.readings.all(), now, first)]
