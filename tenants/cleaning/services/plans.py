"""Cleaning plans: the tasks of an area, changed from a moment on, never rewritten backwards."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanjia.actors import user_of
from tenants.cleaning.builtin import BUILTIN_PLANS
from tenants.cleaning.models import Area, FrequencyChoice, PlanTask
from tenants.history.services import log_action, log_created
from tenants.sites.models import Facility, FacilityKind, Site

TASK_FIELDS = (
    "kind",
    "frequency",
    "times",
    "every_hours",
    "weekdays",
    "grace_minutes",
    "agent",
    "concentration",
    "contact_minutes",
)
MAX_TIMES_A_DAY = 24


def _clean_times(values) -> list[str]:
    times = set()
    for value in values or ():
        if isinstance(value, str):
            try:
                value = datetime.time.fromisoformat(value.strip())
            except ValueError as exc:
                raise ValidationError(
                    {"times": _("Write each time as HH:MM, e.g. 08:00.")}
                ) from exc
        if not isinstance(value, datetime.time):
            raise ValidationError({"times": _("Write each time as HH:MM, e.g. 08:00.")})
        times.add(value.replace(second=0, microsecond=0).strftime("%H:%M"))
    if len(times) > MAX_TIMES_A_DAY:
        raise ValidationError({"times": _("A task has at most 24 times a day.")})
    return sorted(times)


def _clean_weekdays(values) -> list[int]:
    try:
        days = sorted({int(day) for day in values or ()})
    except (TypeError, ValueError) as exc:
        raise ValidationError({"weekdays": _("Choose the days of the week.")}) from exc
    if any(day < 0 or day > 6 for day in days):
        raise ValidationError({"weekdays": _("Choose the days of the week.")})
    return days


def _check(task: PlanTask) -> None:
    """What each frequency needs, and nothing it does not use."""
    task.times = _clean_times(task.times)
    task.weekdays = _clean_weekdays(task.weekdays)
    task.full_clean(exclude=["area", "created_by", "replaces"], validate_constraints=False)
    if task.frequency == FrequencyChoice.FIXED_TIMES and not task.times:
        raise ValidationError({"times": _("Give at least one time of day.")})
    if task.frequency == FrequencyChoice.EVERY_N_HOURS and not task.every_hours:
        raise ValidationError({"every_hours": _("Say every how many hours.")})
    if task.frequency == FrequencyChoice.WEEKLY and not task.weekdays:
        raise ValidationError({"weekdays": _("Choose at least one day of the week.")})
    if task.frequency != FrequencyChoice.FIXED_TIMES:
        task.times = []
    if task.frequency != FrequencyChoice.EVERY_N_HOURS:
        task.every_hours = None
    if task.frequency != FrequencyChoice.WEEKLY:
        task.weekdays = []


def _set_cleaners(task: PlanTask, users, people) -> None:
    if users is not None:
        task.assigned_users.set(users)
    if people is not None:
        task.assigned_people.set(people)


def _task_data(task: PlanTask) -> dict:
    return {
        **{name: getattr(task, name) for name in TASK_FIELDS},
        "cleaners": sorted(task.assigned_users.values_list("pk", flat=True)),
        "people": sorted(task.assigned_people.values_list("pk", flat=True)),
    }


def _refuse_unknown(fields) -> None:
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )


def _new_task(area: Area, *, by, users, people, now, **fields) -> PlanTask:
    """A task made and saved, not logged: add_task logs it, a built-in plan logs them all once."""
    _refuse_unknown(fields)
    task = PlanTask(area=area, valid_from=now, created_by=user_of(by), **fields)
    _check(task)
    task.save()
    _set_cleaners(task, users, people)
    return task


def _replace_task(
    task: PlanTask, *, by, users, people, now, **changes
) -> tuple[PlanTask, PlanTask]:
    """The task ended at `now` and its successor started then, not logged: (old, new)."""
    old = PlanTask.objects.select_for_update().get(pk=task.pk)
    if old.valid_until is not None:
        raise ValidationError(_("This task has already ended: change the plan in force."))
    _refuse_unknown(changes)
    new = PlanTask(
        area_id=old.area_id,
        valid_from=now,
        replaces=old,
        created_by=user_of(by),
        **{name: getattr(old, name) for name in TASK_FIELDS},
    )
    for name, value in changes.items():
        setattr(new, name, value.strip() if isinstance(value, str) else value)
    _check(new)
    old.valid_until = now
    old.save(update_fields=["valid_until"])
    new.save()
    new.assigned_users.set(old.assigned_users.all() if users is None else users)
    new.assigned_people.set(old.assigned_people.all() if people is None else people)
    return old, new


@transaction.atomic
def add_task(area: Area, *, by, users=None, people=None, now=None, **fields) -> PlanTask:
    """Add a task to an area's plan, in force from now."""
    task = _new_task(area, by=by, users=users, people=people, now=now or timezone.now(), **fields)
    log_created(task, "cleaning_task.added", TASK_FIELDS, by=by, area=area.pk)
    return task


@transaction.atomic
def change_task(task: PlanTask, *, by, users=None, people=None, now=None, **changes) -> PlanTask:
    """Change a task from now on: the old one ends and a new one starts at the same moment, so
    slots already due keep the plan they were due under. Returns the new task."""
    before = _task_data(task)
    old, new = _replace_task(
        task, by=by, users=users, people=people, now=now or timezone.now(), **changes
    )
    after = _task_data(new)
    log_action(
        new,
        "cleaning_task.changed",
        by=by,
        data={
            "changes": {k: [before[k], v] for k, v in after.items() if before[k] != v},
            "replaces": old.pk,
        },
    )
    return new


@transaction.atomic
def end_task(task: PlanTask, *, by, now=None) -> PlanTask:
    """Take a task out of the plan from now; its past slots and logs stay."""
    task = PlanTask.objects.select_for_update().get(pk=task.pk)
    if task.valid_until is not None:
        raise ValidationError(_("This task has already ended."))
    task.valid_until = now or timezone.now()
    task.save(update_fields=["valid_until"])
    log_action(task, "cleaning_task.ended", by=by)
    return task


def _areas_of_kind(site: Site, kind: str) -> list[Area]:
    """Every active area of one kind at a site, facilities of that kind made areas first
    (within a built-in plan's action, which logs them)."""
    if kind not in FacilityKind.values:
        raise ValidationError({"kind": _("Choose a kind of area.")})
    for facility in Facility.objects.filter(site=site, kind=kind, cleaning_area__isnull=True):
        Area.objects.create(site=site, facility=facility, kind=facility.kind)
    return list(Area.objects.filter(site=site, kind=kind, active=True).select_related("facility"))


@transaction.atomic
def apply_builtin_plan(site: Site, kind: str, *, by, now=None) -> list[PlanTask]:
    """Give every area of one kind at a site the built-in plan for that kind, from now.

    Facilities of that kind become areas. A task of the same kind already in force is replaced;
    the area's other tasks stay. Returns the tasks in force from now.
    """
    now = now or timezone.now()
    plan = BUILTIN_PLANS.get(kind)
    if plan is None:
        raise ValidationError({"kind": _("There is no built-in plan for this kind of area.")})
    tasks, added, replaced = [], [], []
    for area in _areas_of_kind(site, kind):
        in_force = {task.kind: task for task in PlanTask.objects.filter(area=area).current()}
        for builtin in plan.tasks:
            fields = {
                "kind": builtin.kind,
                "frequency": builtin.frequency,
                "times": list(builtin.times),
                "every_hours": builtin.every_hours,
                "weekdays": [],
                "grace_minutes": builtin.grace_minutes,
                "agent": str(builtin.agent),
                "concentration": builtin.concentration,
                "contact_minutes": builtin.contact_minutes,
            }
            current = in_force.get(builtin.kind)
            if current is None:
                task = _new_task(area, by=by, users=None, people=None, now=now, **fields)
                added.append(task.pk)
            elif any(getattr(current, name) != value for name, value in fields.items()):
                old, task = _replace_task(
                    current, by=by, users=None, people=None, now=now, **fields
                )
                replaced.append([old.pk, task.pk])
            else:
                task = current
            tasks.append(task)
    # One entry for the whole action, naming what it added and what it replaced.
    log_action(
        site,
        "cleaning_plan.applied",
        by=by,
        data={"kind": kind, "areas": sorted({t.area_id for t in tasks}), "added": added,
              "replaced": replaced},
    )  # fmt: skip
    return tasks
