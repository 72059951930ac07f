"""Home isolation by the calendar: 14 days from the committee's date, readings twice a day."""

import datetime
import zoneinfo

import pytest

from tenants.gate.isolation_rules import isolation_start, last_day, overdue_readings

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
APRIL_1 = datetime.date(2020, 4, 1)
APRIL_14 = datetime.date(2020, 4, 14)


def april(day: int) -> datetime.date:
    return datetime.date(2020, 4, day)


def shanghai(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time in April 2020 on a clock in Shanghai."""
    return datetime.datetime(2020, 4, day, hour, minute, tzinfo=SHANGHAI)


def overdue_at(now: datetime.datetime, taken=frozenset()):
    return overdue_readings(APRIL_1, APRIL_14, set(taken), now)


# The last day.


def test_fourteen_days_from_1_april_end_on_14_april():
    assert last_day(APRIL_1, 14) == APRIL_14


@pytest.mark.parametrize(
    ("starts_on", "days", "last"),
    [
        (APRIL_1, 1, APRIL_1),
        (datetime.date(2020, 3, 20), 14, datetime.date(2020, 4, 2)),
        (datetime.date(2020, 2, 20), 14, datetime.date(2020, 3, 4)),  # 2020 is a leap year
        (datetime.date(2020, 12, 25), 14, datetime.date(2021, 1, 7)),
    ],
)
def test_the_last_day_counts_the_first_day_as_day_one(starts_on, days, last):
    assert last_day(starts_on, days) == last


def test_isolation_counts_from_the_committee_s_registration_when_there_is_one():
    assert isolation_start(datetime.date(2020, 3, 30), APRIL_1) == APRIL_1


def test_isolation_counts_from_the_arrival_until_the_committee_registers_the_returnee():
    assert isolation_start(datetime.date(2020, 3, 30), None) == datetime.date(2020, 3, 30)


# Missing readings.


def test_nothing_is_overdue_before_noon_on_the_first_day():
    assert overdue_at(shanghai(1, 11, 59)) == []


def test_nothing_is_overdue_before_isolation_starts():
    assert overdue_at(shanghai(1, 0) - datetime.timedelta(days=2)) == []


@pytest.mark.parametrize("minute", [0, 30])
def test_the_morning_reading_is_overdue_from_noon(minute):
    assert overdue_at(shanghai(1, 12, minute)) == [(APRIL_1, "morning")]


def test_the_evening_reading_is_not_overdue_before_ten_at_night():
    assert overdue_at(shanghai(1, 21, 59)) == [(APRIL_1, "morning")]


def test_both_readings_are_overdue_after_ten_at_night():
    assert overdue_at(shanghai(1, 22, 30)) == [(APRIL_1, "morning"), (APRIL_1, "evening")]


def test_readings_that_were_taken_are_not_overdue():
    taken = {(APRIL_1, "morning"), (APRIL_1, "evening"), (april(2), "evening")}
    assert overdue_at(shanghai(3, 13), taken) == [(april(2), "morning"), (april(3), "morning")]


def test_overdue_readings_are_listed_oldest_first_across_days():
    assert overdue_at(shanghai(2, 23)) == [
        (APRIL_1, "morning"),
        (APRIL_1, "evening"),
        (april(2), "morning"),
        (april(2), "evening"),
    ]


def test_nothing_is_asked_for_after_the_last_day():
    overdue = overdue_at(shanghai(20, 23))
    assert len(overdue) == 14 * 2
    assert overdue[-1] == (APRIL_14, "evening")
    assert all(day <= APRIL_14 for day, _ in overdue)


def test_a_returnee_who_took_every_reading_owes_nothing_after_the_last_day():
    every_reading = {
        (april(day), period) for day in range(1, 15) for period in ("morning", "evening")
    }
    assert overdue_at(shanghai(20, 23), every_reading) == []


def test_a_night_arrival_owes_no_reading_of_the_evening_before_they_came():
    opened = shanghai(1, 23, 20)
    assert overdue_readings(APRIL_1, APRIL_14, set(), shanghai(2, 12, 1), opened) == [
        (april(2), "morning")
    ]


def test_a_case_opened_with_an_earlier_start_owes_readings_from_its_opening_only():
    opened = shanghai(5, 9, 0)
    assert overdue_readings(APRIL_1, APRIL_14, set(), shanghai(5, 22, 0), opened) == [
        (april(5), "morning"),
        (april(5), "evening"),
    ]
