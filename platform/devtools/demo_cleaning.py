"""Demo cleaning: 天山天义小区's stairwells, lifts, rubbish room and garage on the built-in
plans, 湾流's shared kitchen twice a day, a week of rounds with one missed slot last night at
the rubbish room and one log recorded late, and the cleaner's round for today."""

import datetime
import uuid

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from devtools.demo_gate import member
from guanjia.actors import System
from tenants.cleaning.models import Area, FrequencyChoice, PlanTask, TaskKind
from tenants.cleaning.reading import slots_of_areas
from tenants.cleaning.services.alerts import record_overdue_alerts
from tenants.cleaning.services.areas import create_area
from tenants.cleaning.services.logs import LogIn, record_log
from tenants.cleaning.services.plans import add_task, apply_builtin_plan
from tenants.sites.models import FacilityKind

# The plans were set up a week and a day ago, so the public record has seven full days.
PLANNED_DAYS_AGO = 8
ROUND_DAYS = 7


def _minutes(slot, minutes: int) -> datetime.datetime:
    return slot.due - datetime.timedelta(minutes=minutes)


def _work_the_past_week(areas, now, *, cleaner, skip, late) -> None:
    """Log every slot of the past week a few minutes before it is due, as the phone would send
    it, except the one `skip` finds (missed) and the one `late` finds (recorded hours later)."""
    today = timezone.localdate(now)
    first = today - datetime.timedelta(days=ROUND_DAYS - 1)
    for slot in slots_of_areas(areas, first, today, now):
        if slot.due > now or skip(slot):
            continue
        area = next(area for area in areas if area.pk == slot.area_id)
        done_at = _minutes(slot, 20)
        received = done_at + (
            datetime.timedelta(hours=3) if late(slot) else datetime.timedelta(minutes=1)
        )
        record_log(
            LogIn(
                uuid=uuid.uuid4(),
                area=area,
                task=PlanTask.objects.get(pk=slot.task_id),
                done_at=done_at,
            ),
            by=cleaner,
            now=min(received, now),
        )


def load_tianshan_cleaning(company, sites) -> None:
    """天山天义小区: the cleaner's areas on the built-in plans, and a week of their work."""
    tianyi = sites[0]
    manager = member(company, Role.MANAGER)
    cleaner = member(company, Role.CLEANER)
    now = timezone.now()
    planned = now - datetime.timedelta(days=PLANNED_DAYS_AGO)
    with tenant_context(company):
        tianyi.assigned_users.add(cleaner)
        for building in ("1号楼", "2号楼", "3号楼"):
            create_area(tianyi, by=manager, kind=FacilityKind.STAIRWELL, name=f"{building} 楼道")
        kinds = (FacilityKind.STAIRWELL, FacilityKind.LIFT, FacilityKind.RUBBISH_ROOM)
        for kind in (*kinds, FacilityKind.GARAGE):
            apply_builtin_plan(tianyi, kind, by=manager, now=planned)
        areas = list(Area.objects.filter(site=tianyi).select_related("facility"))
        rubbish_room = next(area for area in areas if area.kind == FacilityKind.RUBBISH_ROOM)
        stairwell = next(area for area in areas if area.kind == FacilityKind.STAIRWELL)
        yesterday = timezone.localdate(now) - datetime.timedelta(days=1)

        def last_night_at_the_rubbish_room(slot) -> bool:
            return (
                slot.area_id == rubbish_room.pk
                and slot.kind == TaskKind.DISINFECT
                and slot.day == yesterday
                and slot.due.hour == 20
            )

        def written_up_afterwards(slot) -> bool:
            # One stairwell round two days ago, entered three hours after the work (补录).
            return (
                slot.area_id == stairwell.pk
                and slot.day == yesterday - datetime.timedelta(days=1)
                and slot.due.hour == 14
            )

        _work_the_past_week(
            areas, now, cleaner=cleaner, skip=last_night_at_the_rubbish_room,
            late=written_up_afterwards,
        )  # fmt: skip
        record_overdue_alerts(by=System("cleaning_overdue"), now=now)


def load_beihua_cleaning(company, sites) -> None:
    """湾流国际共享社区: the shared kitchen, disinfected after every 4 hours open (twice a day)."""
    (wanliu,) = sites
    manager = member(company, Role.MANAGER)
    cleaner = member(company, Role.CLEANER)
    now = timezone.now()
    planned = now - datetime.timedelta(days=PLANNED_DAYS_AGO)
    with tenant_context(company):
        wanliu.assigned_users.add(cleaner)
        apply_builtin_plan(wanliu, FacilityKind.SHARED_KITCHEN, by=manager, now=planned)
        lobby = create_area(wanliu, by=manager, kind=FacilityKind.OTHER, name="大堂 电梯厅")
        add_task(
            lobby, by=manager, now=planned, kind=TaskKind.DISINFECT,
            frequency=FrequencyChoice.FIXED_TIMES, times=["09:00", "15:00", "21:00"],
        )  # fmt: skip
        areas = list(Area.objects.filter(site=wanliu).select_related("facility"))
        _work_the_past_week(
            areas, now, cleaner=cleaner, skip=lambda slot: False, late=lambda slot: False
        )
