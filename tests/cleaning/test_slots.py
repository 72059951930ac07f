"""Cleaning rounds as a property manager reads them: done in time, done late, missed, due now
or not yet due.

Plain data, no database. Each example is a day a manager would recognise: a lobby disinfected
at 08:00, 14:00 and 20:00 with an hour's grace, a shared kitchen cleaned every four hours
while open, a plan changed at noon, a round just before midnight done just after it.
`test_slot_oracle.py` checks the same rules minute by minute on random plans.
"""

import datetime
import zoneinfo

import pytest

from tenants.cleaning.slots import Frequency, LogMark, SlotState, TaskPlan, slot_states

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
UTC = datetime.UTC
t = datetime.time

DONE, LATE, MISSED, DUE, UPCOMING = (
    SlotState.DONE,
    SlotState.LATE,
    SlotState.MISSED,
    SlotState.DUE,
    SlotState.UPCOMING,
)

# A week in March 2026: Monday the 2nd to Sunday the 8th.
MAR_2, MAR_3, MAR_4, MAR_5, MAR_6, MAR_7, MAR_8 = (datetime.date(2026, 3, d) for d in range(2, 9))
LOBBY, LIFT, KITCHEN = 1, 2, 3
DISINFECT, VENTILATE = "disinfect", "ventilate"


def at(day: datetime.date, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, t(hour, minute), tzinfo=SHANGHAI)


def next_day(day: datetime.date, days: int = 1) -> datetime.date:
    return day + datetime.timedelta(days=days)


def local(day: datetime.date, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, t(hour, minute))


def fixed(*times: datetime.time, task_id=1, area=LOBBY, kind=DISINFECT, grace=60, **validity):
    """A task at fixed times of day, with `grace` minutes to do each round in time."""
    return TaskPlan(
        task_id,
        area,
        kind,
        Frequency.FIXED_TIMES,
        times=times,
        grace=datetime.timedelta(minutes=grace),
        **validity,
    )


def every(hours: int, task_id=1, area=KITCHEN, kind=DISINFECT, grace=60) -> TaskPlan:
    return TaskPlan(
        task_id,
        area,
        kind,
        Frequency.EVERY_N_HOURS,
        every_hours=hours,
        grace=datetime.timedelta(minutes=grace),
    )


def daily(task_id=1, area=LOBBY, kind=VENTILATE, **validity) -> TaskPlan:
    return TaskPlan(task_id, area, kind, Frequency.DAILY, **validity)


def weekly(*weekdays: int, task_id=1, area=LOBBY, kind=VENTILATE) -> TaskPlan:
    return TaskPlan(task_id, area, kind, Frequency.WEEKLY, weekdays=weekdays)


def log(log_id: int, done_at: datetime.datetime, area=LOBBY, kind=DISINFECT) -> LogMark:
    return LogMark(log_id, area, kind, done_at)


THREE_ROUNDS = fixed(t(8), t(14), t(20))


def board(tasks, logs, now, first=MAR_2, last=None, hours=None):
    """The slots a manager's day view shows for the days first..last, at `now`."""
    return slot_states(tasks, hours or {}, logs, first, last or first, now, SHANGHAI)


def rows(slots) -> list[tuple]:
    """Each slot as the day view reads it: when it is due (local time), its state, its log."""
    return [
        (slot.due.astimezone(SHANGHAI).replace(tzinfo=None), slot.state, slot.log_id)
        for slot in slots
    ]


# Fixed times, with an hour's grace.


def test_rounds_done_within_the_hour_of_grace_are_done_in_time():
    logs = [log(1, at(MAR_2, 8, 10)), log(2, at(MAR_2, 14, 59)), log(3, at(MAR_2, 21))]

    slots = board([THREE_ROUNDS], logs, now=at(MAR_3, 9))

    assert rows(slots) == [
        (local(MAR_2, 8), DONE, 1),
        (local(MAR_2, 14), DONE, 2),
        (local(MAR_2, 20), DONE, 3),  # 21:00 on the dot is still in time
    ]
    assert [slot.done_at for slot in slots] == [log.done_at for log in logs]


def test_a_round_done_after_the_hour_of_grace_is_done_late():
    slots = board([THREE_ROUNDS], [log(1, at(MAR_2, 9, 1))], now=at(MAR_2, 10))

    assert rows(slots) == [
        (local(MAR_2, 8), LATE, 1),
        (local(MAR_2, 14), DUE, None),
        (local(MAR_2, 20), UPCOMING, None),
    ]


def test_a_round_nobody_did_is_due_until_its_grace_ends_then_missed():
    assert rows(board([THREE_ROUNDS], [], now=at(MAR_2, 9)))[0] == (local(MAR_2, 8), DUE, None)
    assert rows(board([THREE_ROUNDS], [], now=at(MAR_2, 9, 1)))[0] == (
        local(MAR_2, 8),
        MISSED,
        None,
    )


def test_the_next_round_is_due_from_the_previous_time_and_later_rounds_are_not_yet_due():
    slots = board([THREE_ROUNDS], [log(1, at(MAR_2, 8, 5))], now=at(MAR_2, 8, 30))

    assert rows(slots) == [
        (local(MAR_2, 8), DONE, 1),
        (local(MAR_2, 14), DUE, None),
        (local(MAR_2, 20), UPCOMING, None),
    ]
    assert [slot.opens for slot in slots] == [at(MAR_2), at(MAR_2, 8), at(MAR_2, 14)]
    # Just before 14:00 the evening round is still not due.
    slots = board([THREE_ROUNDS], [log(1, at(MAR_2, 8, 5))], now=at(MAR_2, 13, 59))
    assert slots[2].state == UPCOMING


def test_a_round_at_noon_after_a_missed_morning_fills_the_morning_late_and_14_stays_due():
    slots = board([THREE_ROUNDS], [log(1, at(MAR_2, 12))], now=at(MAR_2, 12, 30))

    assert rows(slots) == [
        (local(MAR_2, 8), LATE, 1),
        (local(MAR_2, 14), DUE, None),
        (local(MAR_2, 20), UPCOMING, None),
    ]
    # Nobody came again: the afternoon round is missed too.
    later = board([THREE_ROUNDS], [log(1, at(MAR_2, 12))], now=at(MAR_2, 15, 1))
    assert [slot.state for slot in later] == [LATE, MISSED, DUE]


def test_a_round_on_the_stroke_of_14_counts_for_14_not_for_the_missed_morning():
    slots = board([THREE_ROUNDS], [log(1, at(MAR_2, 14))], now=at(MAR_2, 16))

    assert rows(slots)[:2] == [(local(MAR_2, 8), MISSED, None), (local(MAR_2, 14), DONE, 1)]


def test_work_before_the_first_round_of_the_day_counts_for_it():
    slots = board([THREE_ROUNDS], [log(1, at(MAR_2, 6, 30))], now=at(MAR_2, 10))

    assert rows(slots)[0] == (local(MAR_2, 8), DONE, 1)


def test_one_log_fills_one_round_only():
    # The lobby done twice before eight is one round: the 14:00 round is not done yet.
    twice = [log(1, at(MAR_2, 6, 30)), log(2, at(MAR_2, 7, 45))]
    slots = board([THREE_ROUNDS], twice, now=at(MAR_2, 10))
    assert rows(slots) == [
        (local(MAR_2, 8), DONE, 1),
        (local(MAR_2, 14), DUE, None),
        (local(MAR_2, 20), UPCOMING, None),
    ]

    # Two logs after a missed morning: the first makes up the morning, the second is 14:00.
    made_up = [log(1, at(MAR_2, 13)), log(2, at(MAR_2, 13, 5))]
    slots = board([THREE_ROUNDS], made_up, now=at(MAR_2, 16))
    assert rows(slots)[:2] == [(local(MAR_2, 8), LATE, 1), (local(MAR_2, 14), DONE, 2)]


def test_logs_fill_rounds_in_the_order_the_work_was_done_not_the_order_received():
    # The 09:30 round reached the server after the 13:00 one (a phone without signal).
    logs = [log(1, at(MAR_2, 13)), log(2, at(MAR_2, 9, 30))]

    slots = board([THREE_ROUNDS], logs, now=at(MAR_2, 16))

    assert rows(slots)[:2] == [(local(MAR_2, 8), LATE, 2), (local(MAR_2, 14), DONE, 1)]


def test_a_log_of_another_area_or_another_kind_of_work_fills_nothing():
    lift = fixed(t(8), task_id=2, area=LIFT)
    logs = [log(1, at(MAR_2, 8), area=LIFT), log(2, at(MAR_2, 8, 5), kind=VENTILATE)]

    slots = board([fixed(t(8)), lift], logs, now=at(MAR_2, 10))

    assert [(slot.area_id, slot.state, slot.log_id) for slot in slots] == [
        (LOBBY, MISSED, None),
        (LIFT, DONE, 1),
    ]


def test_a_log_timed_after_now_is_not_counted_until_that_time_comes():
    # A phone with its clock ahead: the log says 15:00, it is 10:00.
    logs = [log(1, at(MAR_2, 15))]

    assert rows(board([THREE_ROUNDS], logs, now=at(MAR_2, 10)))[:2] == [
        (local(MAR_2, 8), MISSED, None),
        (local(MAR_2, 14), DUE, None),
    ]
    assert rows(board([THREE_ROUNDS], logs, now=at(MAR_2, 15)))[:2] == [
        (local(MAR_2, 8), MISSED, None),
        (local(MAR_2, 14), DONE, 1),
    ]


def test_logs_read_from_the_database_in_utc_count_in_shanghai_time():
    done = datetime.datetime(2026, 3, 2, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai

    slots = board([THREE_ROUNDS], [log(1, done)], now=datetime.datetime(2026, 3, 2, 2, tzinfo=UTC))

    assert rows(slots)[0] == (local(MAR_2, 8), DONE, 1)


def test_two_tasks_of_the_same_work_in_one_area_each_need_their_own_log():
    morning = fixed(t(8), task_id=1)
    also_morning = fixed(t(8), task_id=2)

    slots = board([morning, also_morning], [log(1, at(MAR_2, 8))], now=at(MAR_2, 8, 30))

    assert [(slot.task_id, slot.state, slot.log_id) for slot in slots] == [
        (1, DONE, 1),
        (2, DUE, None),
    ]


# Every few hours while open, daily and weekly.


def test_a_shared_kitchen_open_10_to_14_and_16_to_20_every_four_hours_is_cleaned_twice():
    hours = {KITCHEN: [(t(10), t(14)), (t(16), t(20))]}
    logs = [
        log(1, at(MAR_2, 9), area=KITCHEN),  # before the kitchen opened: counts for nothing
        log(2, at(MAR_2, 11), area=KITCHEN),
        log(3, at(MAR_2, 12), area=KITCHEN),  # the 14:00 round is done already
    ]

    slots = board([every(4)], logs, now=at(MAR_2, 17), hours=hours)

    assert rows(slots) == [(local(MAR_2, 14), DONE, 2), (local(MAR_2, 20), DUE, None)]
    assert [slot.opens for slot in slots] == [at(MAR_2, 10), at(MAR_2, 14)]


def test_every_four_open_hours_counts_the_open_time_across_the_breaks():
    # The example of the rules: open 06:30-09:00, 11:00-13:30 and 17:00-20:30.
    hours = {KITCHEN: [(t(6, 30), t(9)), (t(11), t(13, 30)), (t(17), t(20, 30))]}
    logs = [log(1, at(MAR_2, 10), area=KITCHEN), log(2, at(MAR_2, 15), area=KITCHEN)]

    slots = board([every(4)], logs, now=at(MAR_2, 21, 30), hours=hours)

    # Work in the breaks counts for the round that is open then.
    assert rows(slots) == [(local(MAR_2, 12, 30), DONE, 1), (local(MAR_2, 20), DONE, 2)]
    assert [slot.opens for slot in slots] == [at(MAR_2, 6, 30), at(MAR_2, 12, 30)]


def test_every_three_hours_in_a_four_hour_opening_is_one_round():
    slots = board([every(3)], [], now=at(MAR_2, 9), hours={KITCHEN: [(t(10), t(14))]})

    assert rows(slots) == [(local(MAR_2, 13), UPCOMING, None)]


def test_every_eight_hours_in_an_area_always_open_ends_with_a_round_at_midnight():
    slots = board([every(8)], [], now=at(MAR_2, 12))

    assert rows(slots) == [
        (local(MAR_2, 8), MISSED, None),
        (local(MAR_2, 16), DUE, None),
        (local(MAR_3, 0), UPCOMING, None),
    ]
    assert {slot.day for slot in slots} == {MAR_2}


def test_a_night_opening_over_midnight_has_its_rounds_on_the_day_it_opened():
    hours = {KITCHEN: [(t(22), t(2))]}

    logs = [log(1, at(MAR_2, 23, 10), area=KITCHEN)]

    slots = board([every(2)], logs, now=at(MAR_3, 3, 30), hours=hours)

    assert rows(slots) == [(local(MAR_3, 0), DONE, 1), (local(MAR_3, 2), MISSED, None)]
    assert [slot.day for slot in slots] == [MAR_2, MAR_2]


def test_a_night_round_counts_the_work_done_since_the_first_opening_of_its_day():
    # A rest room for night staff, open 05:00-06:00 and 20:00-08:00, every 12 open hours:
    # the round falls at 07:00 the next morning, and opens at 05:00 the day before.
    hours = {KITCHEN: [(t(5), t(6)), (t(20), t(8))]}
    logs = [log(1, at(MAR_2, 5, 30), area=KITCHEN)]

    slots = board([every(12)], logs, now=at(MAR_3, 9), hours=hours)

    assert rows(slots) == [(local(MAR_3, 7), DONE, 1)]
    assert (slots[0].opens, slots[0].day) == (at(MAR_2, 5), MAR_2)


def test_a_daily_task_is_due_at_the_end_of_the_day_and_missed_after_its_grace():
    task = daily()
    done = [log(1, at(MAR_2, 17), kind=VENTILATE)]

    assert rows(board([task], done, now=at(MAR_2, 18))) == [(local(MAR_3), DONE, 1)]
    assert rows(board([task], [], now=at(MAR_2, 9))) == [(local(MAR_3), DUE, None)]
    assert rows(board([task], [], now=at(MAR_3, 1))) == [(local(MAR_3), DUE, None)]
    assert rows(board([task], [], now=at(MAR_3, 1, 1))) == [(local(MAR_3), MISSED, None)]
    assert board([task], [], now=at(MAR_2, 9))[0].day == MAR_2


def test_a_daily_task_over_three_days_has_one_round_a_day():
    logs = [log(1, at(MAR_2, 10), kind=VENTILATE), log(2, at(MAR_2, 11), kind=VENTILATE)]

    slots = board([daily()], logs, now=at(MAR_4, 12), last=MAR_4)

    # The second log on Monday is extra work: it does not count for Tuesday.
    assert rows(slots) == [
        (local(MAR_3), DONE, 1),
        (local(MAR_4), MISSED, None),
        (local(MAR_5), DUE, None),
    ]


def test_a_weekly_task_on_monday_and_thursday_has_two_rounds_a_week():
    slots = board([weekly(0, 3)], [], now=at(MAR_2), last=MAR_8)

    assert [slot.day for slot in slots] == [MAR_2, MAR_5]
    assert [slot.due for slot in slots] == [at(MAR_3), at(MAR_6)]


# Opening hours and plan changes.


def test_an_area_closed_in_the_evening_expects_no_evening_round():
    hours = {LOBBY: [(t(7), t(19))]}

    slots = board([THREE_ROUNDS], [], now=at(MAR_2, 10), hours=hours)

    assert rows(slots) == [(local(MAR_2, 8), MISSED, None), (local(MAR_2, 14), DUE, None)]


def test_a_missed_round_may_be_made_up_until_the_next_time_of_the_plan_even_when_closed():
    hours = {LOBBY: [(t(7), t(19))]}  # closed at 20:00: no evening round

    made_up = board([THREE_ROUNDS], [log(1, at(MAR_2, 19, 30))], now=at(MAR_2, 22), hours=hours)
    too_late = board([THREE_ROUNDS], [log(1, at(MAR_2, 20, 30))], now=at(MAR_2, 22), hours=hours)

    assert rows(made_up)[1] == (local(MAR_2, 14), LATE, 1)
    assert rows(too_late)[1] == (local(MAR_2, 14), MISSED, None)


def test_a_round_at_the_closing_time_is_not_expected_but_one_at_the_opening_is():
    hours = {LOBBY: [(t(8), t(20))]}

    slots = board([THREE_ROUNDS], [], now=at(MAR_2, 7), hours=hours)

    assert [slot.due for slot in slots] == [at(MAR_2, 8), at(MAR_2, 14)]


def test_an_area_open_at_night_expects_only_its_night_rounds():
    hours = {LOBBY: [(t(22), t(6))]}
    task = fixed(t(2), t(14), t(23))

    slots = board([task], [], now=at(MAR_2), hours=hours)

    assert [slot.due for slot in slots] == [at(MAR_2, 2), at(MAR_2, 23)]


def test_after_the_plan_changed_at_noon_rounds_before_keep_the_old_times_and_after_the_new():
    old = fixed(t(8), t(14), t(20), task_id=1, valid_until=at(MAR_2, 12))
    new = fixed(t(10), t(16), t(22), task_id=2, valid_from=at(MAR_2, 12))
    logs = [log(1, at(MAR_2, 8, 15)), log(2, at(MAR_2, 16, 30))]

    slots = board([old, new], logs, now=at(MAR_2, 17))

    assert [(slot.task_id, *row) for slot, row in zip(slots, rows(slots), strict=True)] == [
        (1, local(MAR_2, 8), DONE, 1),
        (2, local(MAR_2, 16), DONE, 2),
        (2, local(MAR_2, 22), DUE, None),
    ]


def test_changing_the_agent_at_noon_does_not_change_which_round_the_afternoon_work_counts_for():
    # Same times, new concentration: the plan is ended and started again at noon.
    old = fixed(t(8), t(14), t(20), task_id=1, valid_until=at(MAR_2, 12))
    new = fixed(t(8), t(14), t(20), task_id=2, valid_from=at(MAR_2, 12))
    logs = [log(1, at(MAR_2, 14, 10))]

    changed = board([old, new], logs, now=at(MAR_2, 16))
    unchanged = board([THREE_ROUNDS], logs, now=at(MAR_2, 16))

    assert (
        rows(changed)
        == rows(unchanged)
        == [
            (local(MAR_2, 8), MISSED, None),
            (local(MAR_2, 14), DONE, 1),
            (local(MAR_2, 20), DUE, None),
        ]
    )
    assert [slot.task_id for slot in changed] == [1, 2, 2]


def test_a_daily_task_changed_during_the_day_is_due_once_under_the_new_plan():
    old = daily(task_id=1, valid_until=at(MAR_2, 12))
    new = daily(task_id=2, valid_from=at(MAR_2, 12))

    slots = board([old, new], [log(1, at(MAR_2, 9), kind=VENTILATE)], now=at(MAR_2, 13))

    assert [(slot.task_id, slot.day, slot.state, slot.log_id) for slot in slots] == [
        (2, MAR_2, DONE, 1)
    ]


def test_a_plan_changed_on_the_stroke_of_a_round_expects_that_round_once_under_the_new_plan():
    old = fixed(t(8), t(14), t(20), task_id=1, valid_until=at(MAR_2, 14))
    new = fixed(t(14), t(20), task_id=2, grace=30, valid_from=at(MAR_2, 14))

    slots = board([old, new], [], now=at(MAR_2, 14))

    assert [(slot.task_id, slot.due) for slot in slots] == [
        (1, at(MAR_2, 8)),
        (2, at(MAR_2, 14)),
        (2, at(MAR_2, 20)),
    ]
    assert slots[1].grace_ends == at(MAR_2, 14, 30)


def test_a_task_started_in_the_afternoon_expects_nothing_in_the_morning():
    task = fixed(t(8), t(14), t(20), valid_from=at(MAR_2, 10))

    slots = board([task], [], now=at(MAR_2, 10))

    assert [slot.due for slot in slots] == [at(MAR_2, 14), at(MAR_2, 20)]


# Midnight and month ends.


def test_a_2330_round_done_at_0020_is_in_time_when_the_next_days_logs_are_read():
    task = fixed(t(23, 30))
    late_night = [log(1, at(MAR_3, 0, 20))]

    slots = board([task], late_night, now=at(MAR_3, 8))
    assert rows(slots) == [(local(MAR_2, 23, 30), DONE, 1)]

    # Without the next day's logs the round is missed once the grace is over.
    assert rows(board([task], [], now=at(MAR_3, 0, 31))) == [(local(MAR_2, 23, 30), MISSED, None)]


def test_a_log_just_after_midnight_goes_to_last_nights_round_not_to_this_mornings():
    task = fixed(t(8), t(23, 30))

    slots = board([task], [log(1, at(MAR_3, 0, 20))], now=at(MAR_3, 10), last=MAR_3)

    assert rows(slots) == [
        (local(MAR_2, 8), MISSED, None),
        (local(MAR_2, 23, 30), DONE, 1),
        (local(MAR_3, 8), MISSED, None),
        (local(MAR_3, 23, 30), DUE, None),
    ]


def test_a_log_after_the_grace_of_the_night_round_counts_for_the_next_morning():
    task = fixed(t(8), t(23, 30))

    slots = board([task], [log(1, at(MAR_3, 0, 30))], now=at(MAR_3, 9), last=MAR_3)

    assert [slot.log_id for slot in slots] == [None, None, 1, None]


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 2, 28),
        datetime.date(2028, 2, 28),
        datetime.date(2028, 2, 29),
        datetime.date(2027, 12, 31),
    ],
    ids=str,
)
def test_at_a_month_end_the_night_round_and_the_daily_task_run_into_the_next_day(day):
    following = next_day(day)
    tasks = [fixed(t(8), t(23, 30), task_id=1), daily(task_id=2)]
    logs = [log(2, at(following, 0, 20)), log(3, at(following, 0, 40), kind=VENTILATE)]

    slots = board(tasks, logs, now=at(following, 10), first=day, last=following)

    assert [(slot.task_id, slot.day, slot.due, slot.state, slot.log_id) for slot in slots] == [
        (1, day, at(day, 8), MISSED, None),
        (1, day, at(day, 23, 30), DONE, 2),
        (2, day, at(following), DONE, 3),
        (1, following, at(following, 8), MISSED, None),
        (1, following, at(following, 23, 30), DUE, None),
        (2, following, at(next_day(following)), DUE, None),
    ]


def test_the_days_of_the_period_are_the_days_the_rounds_belong_to():
    slots = board([THREE_ROUNDS], [], now=at(MAR_2), first=MAR_3, last=MAR_4)

    assert [slot.day for slot in slots] == [MAR_3] * 3 + [MAR_4] * 3
