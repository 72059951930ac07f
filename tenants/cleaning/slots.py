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
  - every N hours while open: each time the area has been open N more hours that day,
    counting open time across the day's openings in order (the whole day if the area has no
    hours): a kitchen open 06:30-09:00, 11:00-13:30 and 17:00-20:30 is due every 4 open hours
    at 12:30 and 20:00, twice a day;
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
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

Window = tuple[datetime.time, datetime.time]

DAY = datetime.timedelta(days=1)
OPENS_AT_MOST_BEFORE_DUE = 2 * DAY


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


@dataclass(slots=True)
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
    # The day the slot belongs to: the day whose plan expects it (a daily slot is due at
    # midnight; a 02:00 round of a night opening belongs to the evening the area opened).
    # Left out, the day the slot opens.
    day: datetime.date | None = None

    def __post_init__(self):
        if self.day is None:
            self.day = self.opens.date()


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


@functools.cache
def _offsets(times: tuple[datetime.time, ...]) -> tuple[datetime.timedelta, ...]:
    """Fixed times as offsets from midnight, in order: an aware datetime plus a timedelta
    keeps the wall clock, so midnight plus 8 hours is 08:00 that day."""
    return tuple(
        datetime.timedelta(hours=time.hour, minutes=time.minute, seconds=time.second)
        for time in sorted(set(times))
    )


def _dues_of_day(task: TaskPlan, day: datetime.date, start_of_day, hours, tz):
    """(opens, due) of the task's slots on one day, before validity and opening are checked."""
    end_of_day = start_of_day + DAY
    if task.frequency == Frequency.FIXED_TIMES:
        previous = start_of_day
        for offset in _offsets(tuple(task.times)):
            due = start_of_day + offset
            yield previous, due
            previous = due
    elif task.frequency == Frequency.EVERY_N_HOURS:
        if task.every_hours <= 0:
            return  # a plan with no interval expects nothing (the services refuse one)
        step = datetime.timedelta(hours=task.every_hours)
        windows = _open_windows(day, hours, tz)
        previous, owed = windows[0][0], step  # open time still to pass before the next slot
        for opens, closes in windows:
            moment = opens
            while closes - moment >= owed:
                moment += owed
                yield previous, moment
                previous, owed = moment, step
            owed -= closes - moment
    elif task.frequency == Frequency.DAILY or day.weekday() in task.weekdays:
        yield start_of_day, end_of_day


def _expected(task: TaskPlan, due: datetime.datetime, hours, tz) -> bool:
    if task.valid_from is not None and due < task.valid_from:
        return False
    if task.valid_until is not None and due >= task.valid_until:
        return False
    if task.frequency == Frequency.FIXED_TIMES and hours:
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
        start_of_day = _at(day, datetime.time(0), tz)
        dues = list(_dues_of_day(task, day, start_of_day, hours, tz))
        end_of_day = start_of_day + DAY
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
                    day=day,
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
    include those done up to a day after `last`, which may fill a night slot's late window.
    """
    slots = []
    for task in tasks:
        slots += expected_slots(task, hours.get(task.area_id, ()), first, last, tz)
    by_place = defaultdict(list)
    for slot in slots:
        by_place[slot.area_id, slot.kind].append(slot)
    for place_slots in by_place.values():
        place_slots.sort(key=lambda slot: (slot.due, slot.task_id))
    logs_by_place = defaultdict(list)
    for log in logs:
        if log.done_at <= now:
            logs_by_place[log.area_id, log.kind].append((log.done_at, log.log_id))
    for place, place_logs in logs_by_place.items():
        place_slots = by_place.get(place)
        if place_slots:
            _fill(place_slots, sorted(place_logs))
    for slot in slots:
        slot.state = state_at(slot, now)
    slots.sort(key=lambda slot: (slot.due, slot.area_id, slot.task_id))
    return slots


def _fill(place_slots: list[Slot], place_logs: list[tuple[datetime.datetime, int]]) -> None:
    """Give each log, in the order they were done, the earliest empty slot it may fill."""
    # The slots before `front` are filled or past their limit: no later log can fill them.
    front, count = 0, len(place_slots)
    for done_at, log_id in place_logs:
        while front < count and (
            place_slots[front].log_id is not None or place_slots[front].limit <= done_at
        ):
            front += 1
        # A slot opens at most two days before it is due (a daily slot at its day's start, a
        # night opening's round the evening before): those due later open after the log.
        horizon = done_at + OPENS_AT_MOST_BEFORE_DUE
        for index in range(front, count):
            slot = place_slots[index]
            if slot.due > horizon:
                break
            if slot.log_id is None and slot.opens <= done_at < slot.limit:
                slot.log_id, slot.done_at = log_id, done_at
                break


def state_at(slot: Slot, now: datetime.datetime) -> SlotState:
    if slot.done_at is not None:
        return SlotState.DONE if slot.done_at <= slot.grace_ends else SlotState.LATE
    if now < slot.opens:
        return SlotState.UPCOMING
    if now <= slot.grace_ends:
        return SlotState.DUE
    return SlotState.MISSED
