"""Random cleaning plans checked minute by minute against the rules in the docstring of
`tenants/cleaning/slots.py`.

The count here never asks `expected_slots`: it walks every minute of the period (and of the
night after it, where a night opening closes) and decides, for each task, whether its frequency
gives a due time at that minute, whether the task was in force then and whether the area was
open; then it works out when each slot opens and until when a log may fill it, fills the slots
with the logs in the order they were done, and reads each slot's state at `now`. What a
manager sees (which rounds, from when, done by which log, in time or late, missed, due or not
yet due) must be what `slot_states` says.

Shanghai has kept UTC+8 all year since 1991, so a local day is 1,440 minutes and a moment can
be counted in minutes from the first midnight of the period.
"""

import dataclasses
import datetime
import zoneinfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenants.cleaning.slots import Frequency, LogMark, SlotState, TaskPlan, slot_states

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
UTC = datetime.UTC
DAY_MINUTES = 24 * 60
KINDS = ("disinfect", "ventilate")
OTHER_AREA, OTHER_KIND = 9, "mask_bin"  # logs of work no task plans
GRACES = (0, 10, 60, 90, 600)  # minutes; 600 runs a night round's grace into the morning

FIRST_DAYS = st.sampled_from(
    [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 2, 28),
        datetime.date(2028, 2, 28),
        datetime.date(2028, 2, 29),
        datetime.date(2027, 12, 31),
        datetime.date(2026, 4, 30),
    ]
) | st.builds(
    lambda year, month, day: datetime.date(year, month, 1) + datetime.timedelta(days=day - 1),
    year=st.sampled_from([2026, 2027, 2028]),
    month=st.integers(1, 12),
    day=st.integers(27, 32),  # 32 is the 1st or 2nd of the next month
)


def clock(minute_of_day: int) -> datetime.time:
    return datetime.time(*divmod(minute_of_day, 60))


def of_minute_of_day(time: datetime.time) -> int:
    return time.hour * 60 + time.minute


@st.composite
def scenarios(draw):
    """1-3 days from a month end or so, 1-2 areas with their opening hours, 1-3 tasks (one
    perhaps changed at some minute), logs and `now` at random minutes, often on the edges of a
    task's slots."""
    first = draw(FIRST_DAYS)
    days = draw(st.integers(1, 3))
    start = datetime.datetime.combine(first, datetime.time(0), tzinfo=SHANGHAI)
    # Times of day and openings on a grid of 5 or 10 minutes, or of whole hours so that rounds
    # fall on openings and closings; logs and `now` on a grid of 5 or 10 minutes.
    grid = draw(st.sampled_from([5, 10, 60]))
    fine = draw(st.sampled_from([5, 10]))

    def time_of_day() -> int:
        return draw(st.integers(0, DAY_MINUTES // grid - 1)) * grid

    due_minutes = {}  # the minutes of the first day's due times, by task

    def dues_of(task: TaskPlan) -> list[int]:
        if task.task_id not in due_minutes:
            if task.frequency == Frequency.FIXED_TIMES:
                found = [of_minute_of_day(time) for time in task.times]
            elif task.frequency == Frequency.EVERY_N_HOURS:
                windows = hours.get(task.area_id, ())
                found = [due for due, _, _ in due_times(task, windows, 1, first.weekday())]
            else:
                found = [DAY_MINUTES]
            due_minutes[task.task_id] = found
        return due_minutes[task.task_id]

    def moment(low: int, high: int, near: TaskPlan | None = None) -> datetime.datetime:
        """A moment on the grid, or as often one of the `near` task's due times on some day,
        or the end of its grace, or a step either side: the edges of its slots."""
        dues = near is not None and dues_of(near)
        if dues and draw(st.booleans()):
            grace = int(near.grace.total_seconds()) // 60
            minutes = (
                draw(st.integers(max(low, 0) // DAY_MINUTES, (days - 1))) * DAY_MINUTES
                + draw(st.sampled_from(dues))
                + draw(st.sampled_from([0, grace])) * draw(st.sampled_from([1, 1, 0]))
                + draw(st.sampled_from([0, 0, -fine, fine]))
            )
        else:
            minutes = draw(st.integers(low // fine, high // fine)) * fine
        return start + datetime.timedelta(minutes=minutes)

    def opening_hours() -> list[tuple[datetime.time, datetime.time]]:
        """No window (always open), or one or two that do not overlap, even over midnight."""
        count = draw(st.integers(0, 2))
        if count == 0:
            return []
        points = sorted(
            draw(
                st.lists(
                    st.integers(0, DAY_MINUTES // grid - 1),
                    min_size=2 * count,
                    max_size=2 * count,
                    unique=True,
                )
            )
        )
        points = [point * grid for point in points]
        # Rotated, the last window runs from the last point over midnight to the first.
        if draw(st.booleans()):
            points = points[1:] + points[:1]
        windows = [(clock(a), clock(b)) for a, b in zip(points[::2], points[1::2], strict=True)]
        return draw(st.permutations(windows))

    areas = list(range(1, draw(st.integers(1, 2)) + 1))
    hours = {area: opening_hours() for area in areas}
    if draw(st.booleans()):
        del hours[areas[-1]]  # an area missing from `hours` is always open too

    def task(task_id: int, area: int, kind: str, **validity) -> TaskPlan:
        frequency = draw(st.sampled_from(list(Frequency)))
        times = every_hours = weekdays = ()
        if frequency == Frequency.FIXED_TIMES:
            times = tuple(clock(time_of_day()) for _ in range(draw(st.integers(1, 4))))
        elif frequency == Frequency.EVERY_N_HOURS:
            every_hours = draw(st.sampled_from([1, 2, 3, 4, 5, 8, 24]))
        elif frequency == Frequency.WEEKLY:
            weekdays = tuple(draw(st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True)))
        return TaskPlan(
            task_id,
            area,
            kind,
            frequency,
            times=times,
            every_hours=every_hours or 0,
            weekdays=weekdays,
            grace=datetime.timedelta(minutes=draw(st.sampled_from(GRACES))),
            **validity,
        )

    tasks = []
    for task_id in range(1, draw(st.integers(1, 3)) + 1):
        validity = {}
        if draw(st.integers(0, 4)) == 0:  # a task started during the period
            validity["valid_from"] = moment(-DAY_MINUTES, days * DAY_MINUTES)
        tasks.append(
            task(task_id, draw(st.sampled_from(areas)), draw(st.sampled_from(KINDS)), **validity)
        )
    if draw(st.booleans()):
        # The plan of one task changed: it ends at a minute and its replacement starts then.
        index = draw(st.integers(0, len(tasks) - 1))
        old = tasks[index]
        change = moment(0, (days + 1) * DAY_MINUTES, old)
        if old.valid_from is not None and old.valid_from > change:
            change = old.valid_from
        tasks[index] = dataclasses.replace(old, valid_until=change)
        tasks.append(task(len(tasks) + 1, old.area_id, old.kind, valid_from=change))

    in_utc = draw(st.booleans())  # as the database returns them
    logs = []
    for log_id in range(1, draw(st.integers(0, 10)) + 1):
        # Mostly work on a planned task; now and then elsewhere or work no task plans.
        planned = draw(st.sampled_from(tasks))
        done_at = moment(-60, (days + 1) * DAY_MINUTES + 180, planned)
        area = draw(st.sampled_from([planned.area_id] * 4 + areas + [OTHER_AREA]))
        kind = draw(st.sampled_from((planned.kind,) * 4 + KINDS + (OTHER_KIND,)))
        logs.append(LogMark(log_id, area, kind, done_at.astimezone(UTC) if in_utc else done_at))
    draw(st.randoms()).shuffle(logs)  # the order they were received in
    if draw(st.integers(0, 2)) == 0:  # the record read long after: every log counts
        now = start + datetime.timedelta(days=days + 2)
    else:
        now = moment(-60, (days + 1) * DAY_MINUTES + 720, draw(st.sampled_from(tasks)))
    return tasks, hours, logs, first, first + datetime.timedelta(days=days - 1), now


# The count.


def in_window(window, minute_of_day: int) -> bool:
    """Whether the area is open at this time of day in this window, the closing excluded."""
    start, end = of_minute_of_day(window[0]), of_minute_of_day(window[1])
    if start < end:
        return start <= minute_of_day < end
    return minute_of_day >= start or minute_of_day < end


def due_times(task: TaskPlan, windows, days: int, weekday_of_first: int):
    """Walking every minute: (minute, day, earliest opening) each time the frequency gives.

    `day` is the day of the period (0 = the first) the time belongs to, and the earliest
    opening is the start of that day, or for every N hours the day's first opening.
    """
    # An area without hours is open the whole day, from midnight to midnight.
    spans = [
        (of_minute_of_day(start), (of_minute_of_day(end) - of_minute_of_day(start)) % DAY_MINUTES)
        for start, end in windows
    ] or [(0, DAY_MINUTES)]
    found = []
    if task.frequency == Frequency.FIXED_TIMES:
        times = {of_minute_of_day(time) for time in task.times}
        for minute in range(days * DAY_MINUTES):
            if minute % DAY_MINUTES in times:
                day = minute // DAY_MINUTES
                found.append((minute, day, day * DAY_MINUTES))
    elif task.frequency == Frequency.EVERY_N_HOURS:
        # Which day's opening, if any, each minute of the period and the night after it is
        # open in: a night opening belongs to the day it opened on.
        opened_on = [None] * ((days + 1) * DAY_MINUTES)
        for day in range(days):
            for start, length in spans:
                opening = day * DAY_MINUTES + start
                opened_on[opening : opening + length] = [day] * length
        first_opening = min(start for start, _ in spans)
        open_minutes = [0] * days  # each day's open time so far
        for minute, day in enumerate(opened_on):
            if day is not None:
                open_minutes[day] += 1
                # Open N more hours at the end of this minute.
                if open_minutes[day] % (task.every_hours * 60) == 0:
                    found.append((minute + 1, day, day * DAY_MINUTES + first_opening))
    else:
        for minute in range(DAY_MINUTES, days * DAY_MINUTES + 1):
            # The end of a day is the next day's midnight.
            if minute % DAY_MINUTES == 0:
                ended = minute // DAY_MINUTES - 1
                weekday = (weekday_of_first + ended) % 7
                if task.frequency == Frequency.DAILY or weekday in task.weekdays:
                    found.append((minute, ended, ended * DAY_MINUTES))
    return found


def counted_slots(tasks, hours, logs, first: datetime.date, last: datetime.date, now):
    """The slots and their states, from the rules, as rows to compare."""
    origin = datetime.datetime.combine(first, datetime.time(0), tzinfo=SHANGHAI)
    days = (last - first).days + 1

    def minute(moment: datetime.datetime) -> int:
        return int((moment - origin).total_seconds()) // 60

    def when(number: int) -> datetime.datetime:
        return origin + datetime.timedelta(minutes=number)

    slots = []
    for task in tasks:
        windows = hours.get(task.area_id, ())
        dues = due_times(task, windows, days, first.weekday())
        grace = int(task.grace.total_seconds()) // 60
        for index, (due, day, earliest) in enumerate(dues):
            in_force = (task.valid_from is None or minute(task.valid_from) <= due) and (
                task.valid_until is None or due < minute(task.valid_until)
            )
            is_open = not windows or any(in_window(w, due % DAY_MINUTES) for w in windows)
            if not in_force or (task.frequency == Frequency.FIXED_TIMES and not is_open):
                continue
            # Opens at the previous due time of the same day, if any since the earliest opening.
            earlier = [other for other, other_day, _ in dues[:index] if other_day == day]
            opens = max([earliest, *earlier])
            # Open to a log until the next due time of the same day, or the day's end; never
            # before the grace is over.
            later = [other for other, other_day, _ in dues[index + 1 :] if other_day == day]
            limit = max(min(later, default=(day + 1) * DAY_MINUTES), due + grace)
            slots.append(
                {
                    "task": task,
                    "day": day,
                    "opens": opens,
                    "due": due,
                    "grace_ends": due + grace,
                    "limit": limit,
                    "log": None,
                    "done": None,
                }
            )

    now_minute = minute(now)
    for log in sorted(logs, key=lambda log: (minute(log.done_at), log.log_id)):
        done = minute(log.done_at)
        if done > now_minute:
            continue
        free = [
            slot
            for slot in slots
            if slot["task"].area_id == log.area_id
            and slot["task"].kind == log.kind
            and slot["log"] is None
            and slot["opens"] <= done < slot["limit"]
        ]
        if free:
            slot = min(free, key=lambda slot: (slot["due"], slot["task"].task_id))
            slot["log"], slot["done"] = log.log_id, done

    rows = []
    for slot in slots:
        if slot["done"] is not None:
            state = SlotState.DONE if slot["done"] <= slot["grace_ends"] else SlotState.LATE
        elif now_minute < slot["opens"]:
            state = SlotState.UPCOMING
        elif now_minute <= slot["grace_ends"]:
            state = SlotState.DUE
        else:
            state = SlotState.MISSED
        task = slot["task"]
        rows.append(
            (
                when(slot["due"]),
                task.area_id,
                task.task_id,
                first + datetime.timedelta(days=slot["day"]),
                when(slot["opens"]),
                when(slot["limit"]),
                state,
                slot["log"],
            )
        )
    return sorted(rows, key=lambda row: row[:3])


def slot_rows(slots) -> list[tuple]:
    return [
        (s.due, s.area_id, s.task_id, s.day, s.opens, s.limit, s.state, s.log_id) for s in slots
    ]


# The checks.

# Enough examples to catch each mistake tried on purpose while writing these (a limit or a
# grace end counted on the wrong side, the day of a night round, open time not carried over a
# break, a plan change a minute off, logs taken in the order received); few enough that the
# module runs in a few seconds.
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(scenarios())
def test_every_slot_its_opening_its_log_and_its_state_are_what_the_rules_give(scenario):
    tasks, hours, logs, first, last, now = scenario

    slots = slot_states(tasks, hours, logs, first, last, now, SHANGHAI)

    assert slot_rows(slots) == counted_slots(tasks, hours, logs, first, last, now)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_what_the_board_showed_done_stays_done_and_each_log_counts_once(scenario):
    tasks, hours, logs, first, last, now = scenario
    later = now + datetime.timedelta(hours=6)

    before = slot_states(tasks, hours, logs, first, last, now, SHANGHAI)
    after = slot_states(tasks, hours, logs, first, last, later, SHANGHAI)

    filled = [slot.log_id for slot in after if slot.log_id is not None]
    assert len(filled) == len(set(filled))
    by_id = {log.log_id: log for log in logs}
    for slot in after:
        assert first <= slot.day <= last
        if slot.log_id is not None:
            log = by_id[slot.log_id]
            assert (log.area_id, log.kind) == (slot.area_id, slot.kind)
            assert log.done_at <= later
    for earlier, now_seen in zip(before, after, strict=True):
        assert (earlier.task_id, earlier.due) == (now_seen.task_id, now_seen.due)
        if earlier.state in (SlotState.DONE, SlotState.LATE):
            assert (now_seen.state, now_seen.log_id) == (earlier.state, earlier.log_id)
        if earlier.state == SlotState.MISSED:
            assert now_seen.state in (SlotState.MISSED, SlotState.LATE)
