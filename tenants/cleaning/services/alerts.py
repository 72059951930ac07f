"""Overdue cleaning: one alert per missed slot, shown to the site's managers until a late
log clears it."""

import datetime

from django.db import transaction
from django.utils import timezone

from companies.services import current_company
from tenants.cleaning.models import Area, OverdueAlert
from tenants.cleaning.reading import slots_of_areas
from tenants.cleaning.slots import SlotState
from tenants.history.services import log_action

# How far back the check looks: a slot missed yesterday evening is still found this morning.
LOOK_BACK = datetime.timedelta(days=1)


def _today(now):
    return timezone.localtime(now).date()


@transaction.atomic
def record_overdue_alerts(*, by, now=None) -> tuple[int, int]:
    """Record an alert for each slot missed since yesterday that has none; clear the alerts
    whose slot a late log has filled. Returns (new alerts, cleared alerts)."""
    now = now or timezone.now()
    today = _today(now)
    areas = list(Area.objects.filter(active=True).select_related("facility"))
    slots = slots_of_areas(areas, today - LOOK_BACK, today, now)
    known = set(OverdueAlert.objects.filter(due__gte=min_due(today)).values_list("task_id", "due"))
    missed = [
        OverdueAlert(area_id=slot.area_id, task_id=slot.task_id, due=slot.due)
        for slot in slots
        if slot.state == SlotState.MISSED and (slot.task_id, slot.due) not in known
    ]
    # The unique (task, due) keeps a run that overlaps this one from adding a second alert.
    OverdueAlert.objects.bulk_create(missed, ignore_conflicts=True)
    new = len(missed)
    filled = {(slot.task_id, slot.due) for slot in slots if slot.log_id is not None}
    cleared = _clear(OverdueAlert.objects.open().filter(due__gte=min_due(today)), filled, now)
    if new or cleared:
        log_action(
            current_company(),
            "cleaning_alerts.refreshed",
            by=by,
            data={"new": new, "cleared": cleared},
        )
    return new, cleared


def min_due(today: datetime.date) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(today - LOOK_BACK, datetime.time(0), tzinfo=tz)


def _clear(alerts, filled: set, now) -> int:
    ids = [alert.pk for alert in alerts if (alert.task_id, alert.due) in filled]
    return OverdueAlert.objects.filter(pk__in=ids).update(cleared_at=now)


def clear_filled_alerts(area: Area, *, now=None) -> int:
    """Clear the area's open alerts whose slot a log now fills (called after each log)."""
    now = now or timezone.now()
    alerts = list(OverdueAlert.objects.open().filter(area=area))
    if not alerts:
        return 0
    tz = timezone.get_current_timezone()
    first = min(timezone.localtime(alert.due, tz).date() for alert in alerts)
    # A daily slot is due at midnight: its day is the one before.
    slots = slots_of_areas([area], first - datetime.timedelta(days=1), _today(now), now)
    filled = {(slot.task_id, slot.due) for slot in slots if slot.log_id is not None}
    return _clear(alerts, filled, now)
