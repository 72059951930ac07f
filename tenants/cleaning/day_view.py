"""What the managers' cleaning pages show, arranged from slots: the day's grid (areas down the
side, due times across), the week's totals, and a task's frequency in words.

Pure functions on slots, areas and logs already read: no queries, so the pages stay one read
of the slots and one of the logs, and the arrangement is tested on plain data.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tenants.cleaning.models import FrequencyChoice, TaskKind
from tenants.cleaning.slots import Slot, SlotState

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class StateMark:
    """How a slot's state reads: a word and a symbol, so it reads without its colour."""

    state: str
    word: str
    symbol: str


# Symbols found in the CJK fonts the portal uses; the word always goes with them.
MARKS = {
    SlotState.DONE: StateMark(SlotState.DONE, gettext_lazy("Done"), "✓"),
    SlotState.LATE: StateMark(SlotState.LATE, gettext_lazy("Done late"), "△"),
    SlotState.MISSED: StateMark(SlotState.MISSED, gettext_lazy("Missed"), "✗"),
    SlotState.DUE: StateMark(SlotState.DUE, gettext_lazy("Due now"), "●"),
    SlotState.UPCOMING: StateMark(SlotState.UPCOMING, gettext_lazy("Not yet due"), "○"),
}


@dataclass
class SlotView:
    """One slot as a cell shows it: its state, and the log that filled it, if any."""

    slot: Slot
    mark: StateMark
    log: object | None = None

    @property
    def kind_label(self) -> str:
        return TaskKind(self.slot.kind).label


@dataclass(frozen=True)
class Column:
    """A due time of the day; every slot due then sits in this column."""

    due: datetime.datetime
    label: str


@dataclass
class GridRow:
    area: object
    cells: list[list[SlotView]] = field(default_factory=list)

    @property
    def planned(self) -> bool:
        return any(self.cells)


@dataclass
class DayGrid:
    columns: list[Column]
    rows: list[GridRow]
    totals: list[tuple[StateMark, int]]


def column_label(due: datetime.datetime, day: datetime.date) -> str:
    """A due time as the column heading reads: 08:00; the end of the day for a daily task;
    a time after midnight with its day (a night opening's round)."""
    if due.date() == day:
        return due.strftime("%H:%M")
    if due.date() == day + DAY and due.time() == datetime.time(0):
        return _("By the end of the day")
    return _("%(time)s next day") % {"time": due.strftime("%H:%M")}


def day_grid(areas, slots, logs: dict, day: datetime.date, tz) -> DayGrid:
    """The day's slots of `areas` in a grid: a row per area in the given order, a column per
    due time in time order. `logs` maps a log's id to the log that filled a slot."""
    local = [(slot, slot.due.astimezone(tz)) for slot in slots if slot.day == day]
    dues = sorted({due for _slot, due in local})
    index = {due: position for position, due in enumerate(dues)}
    rows = {area.pk: GridRow(area, [[] for _due in dues]) for area in areas}
    totals = Counter()
    for slot, due in local:
        row = rows.get(slot.area_id)
        if row is None:
            continue
        row.cells[index[due]].append(SlotView(slot, MARKS[slot.state], logs.get(slot.log_id)))
        totals[slot.state] += 1
    for row in rows.values():
        for cell in row.cells:
            cell.sort(key=lambda view: (view.slot.kind, view.slot.task_id))
    return DayGrid(
        columns=[Column(due, column_label(due, day)) for due in dues],
        rows=list(rows.values()),
        totals=[(mark, totals[state]) for state, mark in MARKS.items()],
    )


@dataclass(frozen=True)
class DayTotals:
    """One area's slots of one day, by what became of them."""

    day: datetime.date
    done: int = 0
    late: int = 0
    missed: int = 0
    open: int = 0  # due now or not yet due

    @property
    def expected(self) -> int:
        return self.done + self.late + self.missed + self.open


def _totals(day, states: Counter) -> DayTotals:
    return DayTotals(
        day=day,
        done=states[SlotState.DONE],
        late=states[SlotState.LATE],
        missed=states[SlotState.MISSED],
        open=states[SlotState.DUE] + states[SlotState.UPCOMING],
    )


@dataclass
class WeekRow:
    area: object
    days: list[DayTotals]
    total: DayTotals


def week_totals(areas, slots, days: list[datetime.date]) -> tuple[list[WeekRow], WeekRow]:
    """Per area and day, how many slots were done in time, done late, missed or still open;
    and the same for all the areas together (its `area` is None)."""
    counts = defaultdict(Counter)
    for slot in slots:
        counts[slot.area_id, slot.day][slot.state] += 1
    rows, all_days = [], defaultdict(Counter)
    for area in areas:
        week = Counter()
        for day in days:
            week += counts[area.pk, day]
            all_days[day] += counts[area.pk, day]
        rows.append(
            WeekRow(area, [_totals(day, counts[area.pk, day]) for day in days], _totals(None, week))
        )
    overall = sum(all_days.values(), Counter())
    every_day = [_totals(day, all_days[day]) for day in days]
    return rows, WeekRow(None, every_day, _totals(None, overall))


def frequency_words(task) -> str:
    """A task's frequency as people say it: "3 times a day: 08:00, 14:00, 20:00"."""
    if task.frequency == FrequencyChoice.FIXED_TIMES:
        count = len(task.times)
        return ngettext(
            "%(count)s time a day: %(times)s", "%(count)s times a day: %(times)s", count
        ) % {"count": count, "times": ", ".join(task.times)}
    if task.frequency == FrequencyChoice.EVERY_N_HOURS:
        hours = task.every_hours or 0
        return ngettext("Every hour while open", "Every %(hours)s hours while open", hours) % {
            "hours": hours
        }
    if task.frequency == FrequencyChoice.WEEKLY:
        days = ", ".join(str(WEEKDAYS_ABBR[day]) for day in sorted(task.weekdays))
        return _("Weekly: %(days)s") % {"days": days}
    return _("Daily")
