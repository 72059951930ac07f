"""Reading the plans and logs of areas into slots: the one way pages, the API, the public
record and the tasks ask what was due, done, late or missed."""

import datetime

from django.db.models import Q
from django.utils import timezone

from tenants.cleaning.models import Area, CleaningLog, PlanTask
from tenants.cleaning.slots import DAY, LogMark, Slot, slot_states

# The longest period one request may ask slots for: a month, as the week and form views need.
MAX_DAYS = 31


def counted_logs(queryset=None):
    """Logs that count for the slots: neither corrected by a later log nor a withdrawal."""
    queryset = CleaningLog.objects.all() if queryset is None else queryset
    return queryset.filter(corrections__isnull=True, withdrawn=False)


def _bounds(first: datetime.date, last: datetime.date, tz):
    start = datetime.datetime.combine(first, datetime.time(0), tzinfo=tz)
    return start, datetime.datetime.combine(last, datetime.time(0), tzinfo=tz) + DAY


def slots_of_areas(areas, first: datetime.date, last: datetime.date, now=None) -> list[Slot]:
    """The slots of the areas' plans on the days first..last, each with its state at `now`.

    Slots of the day before are worked out too and left out: a log just after midnight may
    belong to last night's slot, and must not fill this morning's.
    """
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    areas = list(areas)
    start, end = _bounds(first - DAY, last, tz)
    tasks = PlanTask.objects.filter(area__in=areas).in_force_between(start, end + DAY)
    logs = counted_logs().filter(area__in=areas, done_at__gte=start, done_at__lt=end + DAY)
    slots = slot_states(
        [task.as_plan() for task in tasks],
        {area.pk: area.hours for area in areas},
        [
            LogMark(log_id, area_id, kind, done_at)
            for log_id, area_id, kind, done_at in logs.values_list(
                "pk", "area_id", "kind", "done_at"
            )
        ],
        first - DAY,
        last,
        now,
        tz,
    )
    return [slot for slot in slots if slot.day >= first]


def areas_of(sites) -> list[Area]:
    """The active areas of the sites, with what reading their hours needs."""
    return list(
        Area.objects.filter(site__in=sites, active=True)
        .select_related("facility", "site")
        .order_by("site__name", "kind", "pk")
    )


def tasks_for_person(user, person=None):
    """The tasks a cleaner does: those assigned to them, and those assigned to no one at the
    sites they work at."""
    assigned = Q(assigned_users=user)
    if person is not None:
        assigned |= Q(assigned_people=person)
    unassigned = Q(assigned_users__isnull=True, assigned_people__isnull=True) & Q(
        area__site__assigned_users=user
    )
    return PlanTask.objects.filter(assigned | unassigned).distinct()
