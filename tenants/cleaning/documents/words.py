"""Cleaning in words, for residents and inspectors: how often a task is done ("每日 3 次"), how it
is done, what became of a slot, and the local time of a moment.

Each function returns text in the language active when it is called: the board in the reader's,
the documents inside `translation.override(language)`.
"""

import dataclasses
import datetime
import re

from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tenants.cleaning.models import FrequencyChoice, PlanTask, TaskKind
from tenants.cleaning.slots import DAY, Slot, SlotState, expected_slots

# How each kind of task is done, as the form's "method" column says it.
METHODS = {
    TaskKind.DISINFECT: gettext_lazy("Spraying and wiping"),
    TaskKind.WASH_BINS: gettext_lazy("Washing and disinfecting"),
    TaskKind.LIFT_FILM: gettext_lazy("Replacing the film, wiping the buttons"),
    TaskKind.VENTILATE: gettext_lazy("Opening windows and doors"),
    TaskKind.MASK_BIN: gettext_lazy("Bagging and spraying"),
    TaskKind.OTHER: "",
}

STATE_WORDS = {
    SlotState.DONE: gettext_lazy("done"),
    SlotState.LATE: gettext_lazy("done late"),
    SlotState.MISSED: gettext_lazy("missed"),
    SlotState.DUE: gettext_lazy("due now"),
    SlotState.UPCOMING: gettext_lazy("not yet due"),
}


def clock(moment: datetime.datetime) -> str:
    """HH:MM in Shanghai (the site's time), whatever the server's zone."""
    return timezone.localtime(moment).strftime("%H:%M")


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def area_order(area) -> tuple:
    """Areas by kind, then by name with numbers in number order (2号楼 before 10号楼)."""
    parts = [part for part in re.split(r"(\d+)", area.label) if part]
    name = [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts]
    return area.kind, name, area.pk


def task_label(kind: str) -> str:
    return str(TaskKind(kind).label) if kind in TaskKind.values else kind


def method_of(kind: str) -> str:
    return str(METHODS.get(kind, ""))


def agent_text(agent: str, concentration: str) -> str:
    """ "含氯消毒液 500 mg/L": the agent and its concentration, whichever are known."""
    return " ".join(part for part in (agent.strip(), concentration.strip()) if part)


def due_text(slot: Slot) -> str:
    """When a slot is due: its time, or "end of day" for one that spans its whole day (a
    daily or weekly task)."""
    start_of_day = datetime.datetime.combine(
        slot.day, datetime.time(0), tzinfo=timezone.get_current_timezone()
    )
    if slot.opens == start_of_day and slot.due == start_of_day + DAY:
        return _("end of day")
    return clock(slot.due)


def times_a_day(task: PlanTask, hours, day: datetime.date) -> int:
    """How many slots an every-N-hours task has on an ordinary day of the area's hours."""
    plan = dataclasses.replace(task.as_plan(), valid_from=None, valid_until=None)
    return len(expected_slots(plan, hours, day, day, timezone.get_current_timezone()))


def frequency_words(task: PlanTask, hours=(), day: datetime.date | None = None) -> str:
    """How often a task is done, in words: "3 times a day", "Once a day", "Weekly: Mon, Thu"."""
    if task.frequency == FrequencyChoice.FIXED_TIMES:
        count = len(task.times)
        return ngettext("%(count)d time a day", "%(count)d times a day", count) % {"count": count}
    if task.frequency == FrequencyChoice.EVERY_N_HOURS:
        count = times_a_day(task, hours, day or timezone.localdate())
        if hours:
            return ngettext(
                "%(count)d time a day while open", "%(count)d times a day while open", count
            ) % {"count": count}
        return ngettext("%(count)d time a day", "%(count)d times a day", count) % {"count": count}
    if task.frequency == FrequencyChoice.WEEKLY:
        days = ", ".join(str(WEEKDAYS_ABBR[day]) for day in sorted(task.weekdays))
        return _("Weekly: %(days)s") % {"days": days}
    return _("Once a day")


@dataclasses.dataclass(frozen=True)
class PlanLine:
    """One task of an area's plan as a notice or the board states it."""

    kind: str
    task: str
    frequency: str
    times: tuple[str, ...]
    agent: str
    contact_minutes: int | None


def plan_lines(tasks, hours=(), day: datetime.date | None = None) -> list[PlanLine]:
    """An area's current tasks in words, by kind."""
    return [
        PlanLine(
            kind=task.kind,
            task=task_label(task.kind),
            frequency=frequency_words(task, hours, day),
            times=tuple(task.times) if task.frequency == FrequencyChoice.FIXED_TIMES else (),
            agent=agent_text(task.agent, task.concentration),
            contact_minutes=task.contact_minutes,
        )
        for task in sorted(tasks, key=lambda task: (task.kind, task.pk))
    ]
