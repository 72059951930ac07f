"""What a cleaning plan expects and what was done: each slot done in time, done late, missed,
due now or not yet due.

Pure functions on plain data, no database: the day view, the cleaner's round, the public
record, the API, the overdue task and the benchmark all call `slot_states`. State is computed
when read; nothing stores slots.

The rules, which `tests/cleaning/test_slot_oracle.py` checks minute by minute:
- A task expects a slot at each due time its frequency gives, on the days of the period, while
  the task was in force (`valid_from <= due < valid_until`: slots before a plan changed keep
  the old plan) and while the area is open (an area without opening hours is always open).
  - fixed times: each time of day;
  - every N hours: N, 2N, … hours after each opening (the whole day if the area has no
    hours), up to its closing;
  - daily: the end of each day; weekly: the end of each chosen weekday.
- A slot opens at the task's previous due time of the same day (or the day's start, or the
  opening it belongs to) and is due at its time, with the task's grace period after it.
- Logs fill slots in the order they were done: each goes to the earliest slot of its area and
  kind that is still empty, already open, and not yet past its limit (the next due time of
  that task, the day's end for the day's last, and never before due + grace). A log that finds
  no such slot is extra work; it fills nothing.
- A filled slot is done in time if its log was done by due + grace, else done late. An empty
  slot is not yet due before it opens, due now until due + grace, and missed after.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

Window = tuple[datetime.time, datetime.time]

DAY = datetime.timedelta(days=1)


class Frequency(StrEnum):
    FIXED_TIMES = "fixed_times"
    EVERY_N_HOURS = "every_n_hours"
    DAILY = "daily"
    WEEKLY = "weekly"


class SlotState(StrEnum):
    DONE = "done"
    LATE = "late"
    MISSED = "missed"
    DUE = "due"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class TaskPlan:
    """One task of an area's plan, as the slot rules see it."""

    task_id: int
    area_id: int
    kind: str
    frequency: Frequency
    times: Sequence[datetime.time] = ()  # fixed times
    every_hours: int = 0  # every N hours within the opening hours
    weekdays: Sequence[int] = ()  # weekly: 0 = Monday
    grace: datetime.timedelta = datetime.timedelta(minutes=60)
    valid_from: datetime.datetime | None = None
    valid_until: datetime.datetime | None = None


@dataclass(frozen=True)
class LogMark:
    """A log as the slot rules see it: where, what, and when the work was done."""

    log_id: int
    area_id: int
    kind: str
    done_at: datetime.datetime


@dataclass
class Slot:
    """One expected piece of work and what became of it."""

    task_id: int
    area_id: int
    kind: str
    opens: datetime.datetime
    due: datetime.datetime
    grace_ends: datetime.datetime
    limit: datetime.datetime
    state: SlotState = SlotState.UPCOMING
    log_id: int | None = None
    done_at: datetime.datetime | None = None

    @property
    def day(self) -> datetime.date:
        """The day the slot belongs to: its opening's day (a daily slot is due at midnight)."""
        return self.opens.date()


def _at(day: datetime.date, time: datetime.time, tz) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=tz)


def _open_windows(day: datetime.date, hours: Sequence[Window], tz):
    """The area's opening windows that start on `day`, as aware intervals (end after start)."""
    if not hours:
        return [(_at(day, datetime.time(0), tz), _at(day + DAY, datetime.time(0), tz))]
    windows = []
    for start, end in sorted(hours):
        opens = _at(day, start, tz)
        closes = _at(day if end > start else day + DAY, end, tz)
        windows.append((opens, closes))
    return windows


def is_open(moment: datetime.datetime, hours: Sequence[Window], tz) -> bool:
    """Whether an area with these opening hours is open at `moment` (closing time excluded)."""
    if not hours:
        return True
    local = moment.astimezone(tz)
    for day in (local.date() - DAY, local.date()):
        if any(opens <= local < closes for opens, closes in _open_windows(day, hours, tz)):
            return True
    return False


def _dues_of_day(task: TaskPlan, day: datetime.date, hours, tz):
    """(opens, due) of the task's slots on one day, before validity and opening are checked."""
    start_of_day = _at(day, datetime.time(0), tz)
    end_of_day = start_of_day + DAY
    if task.frequency == Frequency.FIXED_TIMES:
        previous = start_of_day
        for time in sorted(set(task.times)):
            due = _at(day, time, tz)
            yield previous, due
            previous = due
    elif task.frequency == Frequency.EVERY_N_HOURS:
        step = datetime.timedelta(hours=task.every_hours)
        for opens, closes in _open_windows(day, hours, tz):
            previous, due = opens, opens + step
            while due <= closes:
                yield previous, due
                previous, due = due, due + step
    elif task.frequency == Frequency.DAILY or day.weekday() in task.weekdays:
        yield start_of_day, end_of_day


def _expected(task: TaskPlan, due: datetime.datetime, hours, tz) -> bool:
    if task.valid_from is not None and due < task.valid_from:
        return False
    if task.valid_until is not None and due >= task.valid_until:
        return False
    if task.frequency == Frequency.FIXED_TIMES:
        return is_open(due, hours, tz)
    # Every-N slots are made inside the opening windows; daily and weekly ones span the day.
    return True


def expected_slots(task: TaskPlan, hours: Sequence[Window], first: datetime.date, last, tz):
    """The task's slots on the days first..last (inclusive), in due order."""
    slots = []
    day = first
    while day <= last:
        # The limit is the next due time the frequency gives, as the opening is the previous
        # one: a time the area's hours or a plan change leave out stretches no slot before it.
        dues = list(_dues_of_day(task, day, hours, tz))
        end_of_day = _at(day, datetime.time(0), tz) + DAY
        for index, (opens, due) in enumerate(dues):
            if not _expected(task, due, hours, tz):
                continue
            grace_ends = due + task.grace
            following = dues[index + 1][1] if index + 1 < len(dues) else end_of_day
            slots.append(
                Slot(
                    task_id=task.task_id,
                    area_id=task.area_id,
                    kind=task.kind,
                    opens=opens,
                    due=due,
                    grace_ends=grace_ends,
                    limit=max(grace_ends, following),
                )
            )
        day += DAY
    return slots


def slot_states(
    tasks: Iterable[TaskPlan],
    hours: dict[int, Sequence[Window]],
    logs: Iterable[LogMark],
    first: datetime.date,
    last: datetime.date,
    now: datetime.datetime,
    tz,
) -> list[Slot]:
    """Every slot the tasks expect on the days first..last, with its state at `now`.

    `hours` gives each area's opening windows (missing or empty: always open). `logs` should
    include those done on the day before `first`, which may fill a night slot's late window.
    """
    slots = []
    for task in tasks:
        slots += expected_slots(task, hours.get(task.area_id, ()), first, last, tz)
    by_place = defaultdict(list)
    for slot in slots:
        by_place[slot.area_id, slot.kind].append(slot)
    for place_slots in by_place.values():
        place_slots.sort(key=lambda slot: (slot.due, slot.task_id))
    for log in sorted(logs, key=lambda log: (log.done_at, log.log_id)):
        if log.done_at > now:
            continue
        for slot in by_place.get((log.area_id, log.kind), ()):
            if slot.log_id is None and slot.opens <= log.done_at < slot.limit:
                slot.log_id, slot.done_at = log.log_id, log.done_at
                break
    for slot in slots:
        slot.state = state_at(slot, now)
    slots.sort(key=lambda slot: (slot.due, slot.area_id, slot.task_id))
    return slots


def state_at(slot: Slot, now: datetime.datetime) -> SlotState:
    if slot.done_at is not None:
        return SlotState.DONE if slot.done_at <= slot.grace_ends else SlotState.LATE
    if now < slot.opens:
        return SlotState.UPCOMING
    if now <= slot.grace_ends:
        return SlotState.DUE
    return SlotState.MISSED
