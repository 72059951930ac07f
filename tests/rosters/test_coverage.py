"""Roster coverage as a manager reads it: gaps by gate and day, and people booked twice.

Plain data, no database. The worked examples are days a manager would recognise; the
property tests compare `compute_coverage` with a minute-by-minute count written here.
"""

import datetime
import itertools
import zoneinfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenants.rosters.coverage import (
    Clash,
    Gap,
    GateNeed,
    ShiftSpan,
    StaffingRule,
    compute_coverage,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
UTC = datetime.UTC
MINUTES_A_DAY = 24 * 60
t = datetime.time


def at(day: datetime.date, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, t(hour, minute), tzinfo=SHANGHAI)


def next_day(day: datetime.date, days: int = 1) -> datetime.date:
    return day + datetime.timedelta(days=days)


class Roster:
    """Shifts written the way a roster reads: gate, person, day, 22:00-06:00."""

    def __init__(self):
        self.shifts: list[ShiftSpan] = []

    def add(self, gate: int, person: int, day: datetime.date, start: int, end: int) -> ShiftSpan:
        """A shift from `start` o'clock on `day` to `end` o'clock (the next day if earlier)."""
        ends_on = day if end > start else next_day(day)
        shift = ShiftSpan(len(self.shifts) + 1, gate, person, at(day, start), at(ends_on, end))
        self.shifts.append(shift)
        return shift

    def three_shifts(self, gate: int, day: datetime.date, people=(1, 2, 3)):
        for person, (start, end) in zip(people, [(6, 14), (14, 22), (22, 6)], strict=True):
            self.add(gate, person, day, start, end)


def as_rows(gaps: list[Gap]) -> list[tuple]:
    """Gaps as a manager reads them: day, local start and end, people needed and there."""
    return [
        (
            gap.gate_id,
            gap.day,
            gap.start.astimezone(SHANGHAI).replace(tzinfo=None),
            gap.end.astimezone(SHANGHAI).replace(tzinfo=None),
            gap.required,
            gap.on_duty,
        )
        for gap in gaps
    ]


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, t(hour, minute))


# A week in March 2026: Sunday the 1st, Wednesday the 4th.
MAR_1, MAR_2, MAR_3, MAR_4, MAR_5 = (datetime.date(2026, 3, day) for day in range(1, 6))
NORTH, SOUTH = 1, 2


def test_a_24_hour_gate_with_three_eight_hour_shifts_has_no_gap():
    roster = Roster()
    roster.add(NORTH, 3, next_day(MAR_1, -1), 22, 6)  # the night before the period
    for day in (MAR_1, MAR_2, MAR_3):
        roster.three_shifts(NORTH, day)

    coverage = compute_coverage([GateNeed(NORTH)], roster.shifts, at(MAR_1), at(MAR_4), SHANGHAI)

    assert coverage.gaps == []
    assert coverage.uncovered_hours() == 0
    assert coverage.clashes == []


def test_without_the_night_shift_the_gate_is_unguarded_from_22_to_24_and_from_00_to_06():
    roster = Roster()
    roster.add(NORTH, 1, MAR_1, 6, 14)
    roster.add(NORTH, 2, MAR_1, 14, 22)
    roster.add(NORTH, 1, MAR_2, 6, 14)
    roster.add(NORTH, 2, MAR_2, 14, 22)

    coverage = compute_coverage(
        [GateNeed(NORTH)], roster.shifts, at(MAR_1, 6), at(MAR_2, 22), SHANGHAI
    )

    # Split at midnight, so each day's board shows its own part of the night.
    assert as_rows(coverage.gaps) == [
        (NORTH, MAR_1, local(MAR_1, 22), local(MAR_2, 0), 1, 0),
        (NORTH, MAR_2, local(MAR_2, 0), local(MAR_2, 6), 1, 0),
    ]
    assert [gap.missing for gap in coverage.gaps] == [1, 1]
    assert coverage.gaps_of(NORTH, MAR_2) == coverage.gaps[1:]
    # The alert speaks of one empty night.
    assert as_rows(coverage.merged_gaps()) == [
        (NORTH, MAR_1, local(MAR_1, 22), local(MAR_2, 6), 1, 0)
    ]
    assert coverage.uncovered_hours(NORTH) == 8


def test_a_gate_needing_two_people_at_night_with_one_guard_is_missing_one():
    gate = GateNeed(NORTH, minimum=1, rules=(StaffingRule((t(22), t(6)), 2),))
    roster = Roster()
    roster.add(NORTH, 1, MAR_1, 6, 14)
    roster.add(NORTH, 2, MAR_1, 14, 22)
    roster.add(NORTH, 3, MAR_1, 22, 6)

    coverage = compute_coverage([gate], roster.shifts, at(MAR_1, 6), at(MAR_2, 6), SHANGHAI)

    assert as_rows(coverage.gaps) == [
        (NORTH, MAR_1, local(MAR_1, 22), local(MAR_2, 0), 2, 1),
        (NORTH, MAR_2, local(MAR_2, 0), local(MAR_2, 6), 2, 1),
    ]
    assert {gap.missing for gap in coverage.gaps} == {1}


def test_overlapping_staffing_rules_need_the_larger_number():
    gate = GateNeed(
        NORTH,
        minimum=1,
        rules=(StaffingRule((t(7), t(9)), 2), StaffingRule((t(8), t(10)), 3)),
    )
    roster = Roster()
    roster.add(NORTH, 1, MAR_1, 0, 0)  # one guard all day

    coverage = compute_coverage([gate], roster.shifts, at(MAR_1), at(MAR_2), SHANGHAI)

    assert as_rows(coverage.gaps) == [
        (NORTH, MAR_1, local(MAR_1, 7), local(MAR_1, 8), 2, 1),
        (NORTH, MAR_1, local(MAR_1, 8), local(MAR_1, 10), 3, 1),
    ]


def test_a_gate_closed_on_wednesday_at_noon_needs_no_one_afterwards():
    gate = GateNeed(NORTH, closed=((at(MAR_4, 12), at(MAR_5)),))
    roster = Roster()
    roster.add(NORTH, 1, MAR_4, 0, 10)  # the guard left at ten; nobody from ten to noon

    coverage = compute_coverage([gate], roster.shifts, at(MAR_4), at(MAR_5), SHANGHAI)

    assert as_rows(coverage.gaps) == [(NORTH, MAR_4, local(MAR_4, 10), local(MAR_4, 12), 1, 0)]


def test_a_gate_closed_for_the_afternoon_needs_people_again_when_it_reopens():
    gate = GateNeed(NORTH, closed=((at(MAR_4, 12), at(MAR_4, 18)),))
    roster = Roster()
    roster.add(NORTH, 1, MAR_4, 0, 12)

    coverage = compute_coverage([gate], roster.shifts, at(MAR_4), at(MAR_5), SHANGHAI)

    assert as_rows(coverage.gaps) == [(NORTH, MAR_4, local(MAR_4, 18), local(MAR_5, 0), 1, 0)]


def test_a_gate_open_from_06_to_22_needs_no_one_at_night():
    gate = GateNeed(NORTH, opening_hours=((t(6), t(22)),))
    roster = Roster()
    for day in (MAR_1, MAR_2):
        roster.add(NORTH, 1, day, 6, 14)
        roster.add(NORTH, 2, day, 14, 22)

    coverage = compute_coverage([gate], roster.shifts, at(MAR_1), at(MAR_3), SHANGHAI)
    assert coverage.gaps == []

    # Without the Monday afternoon guard, only the opening hours are missing, not the night.
    roster.shifts = [s for s in roster.shifts if not (s.person_id == 2 and s.start.day == 2)]
    coverage = compute_coverage([gate], roster.shifts, at(MAR_1), at(MAR_3), SHANGHAI)
    assert as_rows(coverage.gaps) == [(NORTH, MAR_2, local(MAR_2, 14), local(MAR_2, 22), 1, 0)]


def test_a_gate_open_only_at_night_needs_people_on_both_sides_of_midnight():
    gate = GateNeed(NORTH, opening_hours=((t(22), t(6)),))

    coverage = compute_coverage([gate], [], at(MAR_1), at(MAR_2), SHANGHAI)

    assert as_rows(coverage.gaps) == [
        (NORTH, MAR_1, local(MAR_1, 0), local(MAR_1, 6), 1, 0),
        (NORTH, MAR_1, local(MAR_1, 22), local(MAR_2, 0), 1, 0),
    ]


def test_a_person_booked_at_two_gates_at_once_is_a_clash():
    roster = Roster()
    north = roster.add(NORTH, 7, MAR_1, 6, 14)
    south = roster.add(SOUTH, 7, MAR_1, 12, 20)

    coverage = compute_coverage(
        [GateNeed(NORTH), GateNeed(SOUTH)], roster.shifts, at(MAR_1), at(MAR_2), SHANGHAI
    )

    assert coverage.clashes == [
        Clash(7, north.shift_id, south.shift_id, at(MAR_1, 12), at(MAR_1, 14))
    ]


def test_a_clash_at_a_gate_another_company_staffs_is_still_a_clash():
    roster = Roster()
    roster.add(NORTH, 7, MAR_1, 6, 14)
    roster.add(SOUTH, 7, MAR_1, 6, 14)

    coverage = compute_coverage([GateNeed(NORTH)], roster.shifts, at(MAR_1), at(MAR_2), SHANGHAI)

    assert [(c.person_id, c.start, c.end) for c in coverage.clashes] == [
        (7, at(MAR_1, 6), at(MAR_1, 14))
    ]
    assert {gap.gate_id for gap in coverage.gaps} == {NORTH}


def test_a_person_booked_twice_at_one_gate_counts_once_and_is_a_clash():
    gate = GateNeed(NORTH, minimum=2)
    roster = Roster()
    roster.add(NORTH, 7, MAR_1, 8, 16)
    roster.add(NORTH, 7, MAR_1, 8, 16)

    coverage = compute_coverage([gate], roster.shifts, at(MAR_1, 8), at(MAR_1, 16), SHANGHAI)

    assert as_rows(coverage.gaps) == [(NORTH, MAR_1, local(MAR_1, 8), local(MAR_1, 16), 2, 1)]
    assert [(c.person_id, c.start, c.end) for c in coverage.clashes] == [
        (7, at(MAR_1, 8), at(MAR_1, 16))
    ]


def test_shifts_one_after_the_other_are_not_a_clash():
    roster = Roster()
    roster.add(NORTH, 7, MAR_1, 6, 14)
    roster.add(SOUTH, 7, MAR_1, 14, 22)

    coverage = compute_coverage([], roster.shifts, at(MAR_1), at(MAR_2), SHANGHAI)

    assert coverage.clashes == []


def test_a_clash_outside_the_period_is_not_reported():
    roster = Roster()
    roster.add(NORTH, 7, MAR_1, 6, 14)
    roster.add(SOUTH, 7, MAR_1, 10, 18)

    coverage = compute_coverage([], roster.shifts, at(MAR_1, 14), at(MAR_2), SHANGHAI)

    assert coverage.clashes == []


def test_a_night_shift_over_the_month_end_covers_both_days():
    jan_31, feb_1 = datetime.date(2027, 1, 31), datetime.date(2027, 2, 1)
    gate = GateNeed(NORTH, opening_hours=((t(22), t(6)),))
    roster = Roster()
    roster.add(NORTH, 1, jan_31, 22, 6)

    coverage = compute_coverage([gate], roster.shifts, at(jan_31, 12), at(feb_1, 12), SHANGHAI)

    assert coverage.gaps == []
    assert coverage.gaps_of(NORTH, jan_31) == coverage.gaps_of(NORTH, feb_1) == []

    # The same shift seen from a 24-hour gate: the two days' gaps stop at 22:00 and start at 06:00.
    coverage = compute_coverage(
        [GateNeed(NORTH)], roster.shifts, at(jan_31), at(next_day(feb_1)), SHANGHAI
    )
    assert as_rows(coverage.gaps) == [
        (NORTH, jan_31, local(jan_31, 0), local(jan_31, 22), 1, 0),
        (NORTH, feb_1, local(feb_1, 6), local(next_day(feb_1), 0), 1, 0),
    ]


def test_shifts_read_from_the_database_in_utc_count_in_shanghai_days():
    shift = ShiftSpan(
        1,
        NORTH,
        1,
        datetime.datetime(2026, 2, 28, 14, tzinfo=UTC),  # 22:00 in Shanghai
        datetime.datetime(2026, 2, 28, 22, tzinfo=UTC),  # 06:00 on 1 March
    )
    coverage = compute_coverage(
        [GateNeed(NORTH)], [shift], at(datetime.date(2026, 2, 28), 18), at(MAR_1, 12), SHANGHAI
    )
    feb_28 = datetime.date(2026, 2, 28)
    assert as_rows(coverage.gaps) == [
        (NORTH, feb_28, local(feb_28, 18), local(feb_28, 22), 1, 0),
        (NORTH, MAR_1, local(MAR_1, 6), local(MAR_1, 12), 1, 0),
    ]


def test_uncovered_hours_add_up_each_gate_and_all_gates():
    roster = Roster()
    roster.add(NORTH, 1, MAR_1, 0, 22)  # two hours short in the evening
    roster.add(SOUTH, 2, MAR_1, 0, 0)  # one of two all day: 24 hours short
    needs = [GateNeed(NORTH), GateNeed(SOUTH, minimum=2, rules=(StaffingRule((t(8), t(9)), 3),))]

    coverage = compute_coverage(needs, roster.shifts, at(MAR_1), at(MAR_2), SHANGHAI)

    assert coverage.uncovered_hours(NORTH) == 2
    assert coverage.uncovered_hours(SOUTH) == 24
    assert coverage.uncovered_hours() == 26
    assert [gap.missing for gap in coverage.gaps_of(SOUTH)] == [1, 2, 1]


def test_a_period_must_end_after_it_starts():
    with pytest.raises(ValueError):
        compute_coverage([GateNeed(NORTH)], [], at(MAR_1), at(MAR_1), SHANGHAI)


# Property tests: random gates and rosters against a count minute by minute, over month
# and year ends and 29 February.

FIRST_DAYS = st.builds(
    lambda year, month, day: datetime.date(year, month, 1) + datetime.timedelta(days=day - 1),
    year=st.sampled_from([2026, 2027, 2028]),
    month=st.integers(1, 12),
    day=st.integers(26, 32),  # 32 is the 1st or 2nd of the next month
) | st.sampled_from([datetime.date(2028, 2, 29), datetime.date(2027, 12, 31)])


@st.composite
def scenarios(draw):
    """A period of 1-4 days, 1-3 gates and a roster, all on a grid of 1 or 15 minutes."""
    grid = draw(st.sampled_from([1, 15]))

    def minutes(low, high):
        return draw(st.integers(low // grid, high // grid)) * grid

    def time_of_day():
        return t(*divmod(minutes(0, MINUTES_A_DAY - grid), 60))

    def window():
        start = time_of_day()
        end = draw(st.sampled_from([t(0), time_of_day()]))
        if end == start:  # not a window: a day of 24 hours is written as no window
            end = t(*divmod((start.hour * 60 + start.minute + grid) % MINUTES_A_DAY, 60))
        return start, end

    first_day = draw(FIRST_DAYS)
    # Either whole days from midnight (the board), or a stretch from some time (the alert).
    offset = minutes(0, MINUTES_A_DAY - grid) if draw(st.booleans()) else 0
    length = draw(st.integers(1, 4)) * MINUTES_A_DAY
    if draw(st.booleans()):
        length -= minutes(0, MINUTES_A_DAY - grid)
    start = at(first_day) + datetime.timedelta(minutes=offset)
    end = start + datetime.timedelta(minutes=length)

    def moment(low, high):
        return start + datetime.timedelta(minutes=minutes(low, high))

    needs = []
    for gate_id in range(1, draw(st.integers(1, 3)) + 1):
        closed = []
        for _ in range(draw(st.integers(0, 2))):
            closed_start = moment(-MINUTES_A_DAY, length)
            closed.append(
                (
                    closed_start,
                    closed_start + datetime.timedelta(minutes=minutes(grid, 2 * MINUTES_A_DAY)),
                )
            )
        needs.append(
            GateNeed(
                gate_id,
                minimum=draw(st.integers(1, 3)),
                rules=tuple(
                    StaffingRule(window(), draw(st.integers(1, 3)))
                    for _ in range(draw(st.integers(0, 3)))
                ),
                opening_hours=tuple(window() for _ in range(draw(st.integers(0, 2)))),
                closed=tuple(closed),
            )
        )

    # Gate 9 is staffed by someone else: its shifts count for clashes only.
    gates = [need.gate_id for need in needs] + [9]
    shifts = []
    in_utc = draw(st.booleans())  # as the database returns them
    people = draw(st.integers(1, 4))  # few people: more of them booked twice
    for shift_id in range(1, draw(st.integers(0, 14)) + 1):
        shift_start = moment(-MINUTES_A_DAY, length + 60)
        shift_end = shift_start + datetime.timedelta(minutes=minutes(grid, MINUTES_A_DAY))
        if in_utc:
            shift_start, shift_end = shift_start.astimezone(UTC), shift_end.astimezone(UTC)
        person = draw(st.integers(1, people))
        shifts.append(
            ShiftSpan(shift_id, draw(st.sampled_from(gates)), person, shift_start, shift_end)
        )
    if in_utc:
        start, end = start.astimezone(UTC), end.astimezone(UTC)
    return needs, shifts, start, end


def in_window(window: tuple[datetime.time, datetime.time], minute_of_day: int) -> bool:
    start = window[0].hour * 60 + window[0].minute
    end = window[1].hour * 60 + window[1].minute
    if start < end:
        return start <= minute_of_day < end
    return minute_of_day >= start or minute_of_day < end


def expected_gaps(need: GateNeed, shifts, start, end, split_at_midnight=True) -> list[tuple]:
    """Minute by minute: who is needed, who is there; runs of the same shortfall.

    Shanghai has kept UTC+8 all year since 1991, so a local day is 1,440 minutes.
    """

    def minute(moment: datetime.datetime) -> int:
        return int((moment - start).total_seconds()) // 60

    total = minute(end)
    first = start.astimezone(SHANGHAI)
    first_of_day = first.hour * 60 + first.minute
    # Needed at each minute of an open day, from the opening hours and the rules.
    by_time_of_day = []
    for minute_of_day in range(MINUTES_A_DAY):
        is_open = not need.opening_hours or any(
            in_window(window, minute_of_day) for window in need.opening_hours
        )
        ruling = [rule.minimum for rule in need.rules if in_window(rule.window, minute_of_day)]
        by_time_of_day.append(max(ruling, default=need.minimum) if is_open else 0)
    is_closed = [False] * total
    for closed_start, closed_end in need.closed:
        for number in range(max(minute(closed_start), 0), min(minute(closed_end), total)):
            is_closed[number] = True
    present = [set() for _ in range(total)]
    for shift in shifts:
        if shift.gate_id == need.gate_id:
            for number in range(max(minute(shift.start), 0), min(minute(shift.end), total)):
                present[number].add(shift.person_id)

    runs = []
    for number in range(total):
        days, minute_of_day = divmod(first_of_day + number, MINUTES_A_DAY)
        required = 0 if is_closed[number] else by_time_of_day[minute_of_day]
        on_duty = len(present[number])
        if on_duty >= required:
            continue
        day = first.date() + datetime.timedelta(days=days)
        last = runs[-1] if runs else None
        if (
            last is not None
            and last[3] == number
            and last[4:] == [required, on_duty]
            and (last[1] == day or not split_at_midnight)
        ):
            last[3] = number + 1
        else:
            runs.append([need.gate_id, day, number, number + 1, required, on_duty])
    return [
        (
            gate,
            day,
            start + datetime.timedelta(minutes=a),
            start + datetime.timedelta(minutes=b),
            *rest,
        )
        for gate, day, a, b, *rest in runs
    ]


def expected_clashes(shifts, start, end) -> list[tuple]:
    clashes = []
    for first, second in itertools.combinations(shifts, 2):
        if first.person_id != second.person_id:
            continue
        overlap = (max(first.start, second.start, start), min(first.end, second.end, end))
        if overlap[0] < overlap[1]:
            clashes.append(
                (first.person_id, frozenset({first.shift_id, second.shift_id}), *overlap)
            )
    return sorted(clashes, key=clash_order)


def clash_order(clash: tuple):
    person, shift_ids, start, _end = clash
    return start, person, sorted(shift_ids)


def gap_rows(gaps: list[Gap]) -> list[tuple]:
    return [(g.gate_id, g.day, g.start, g.end, g.required, g.on_duty) for g in gaps]


# Enough examples to catch each mistake tried on purpose while writing these (a person counted
# twice, no break at midnight, a rule, opening or closing time missed as a boundary, the smaller
# of two rules, UTC days); few enough that the file runs in a few seconds.
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_gaps_are_the_minutes_with_fewer_people_than_needed(scenario):
    needs, shifts, start, end = scenario

    coverage = compute_coverage(needs, shifts, start, end, SHANGHAI)

    expected = [row for need in needs for row in expected_gaps(need, shifts, start, end)]
    assert gap_rows(coverage.gaps) == expected
    for gap in coverage.gaps:
        assert gap.missing > 0
        assert gap.start.astimezone(SHANGHAI).date() == gap.day
        assert (
            gap.start
            < gap.end
            <= datetime.datetime.combine(next_day(gap.day), t(0), tzinfo=SHANGHAI)
        )
    minutes_short = sum(int((row[3] - row[2]).total_seconds()) // 60 for row in expected)
    assert coverage.uncovered_hours() == pytest.approx(minutes_short / 60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_merged_gaps_are_the_same_shortfall_without_a_break_at_midnight(scenario):
    needs, shifts, start, end = scenario

    coverage = compute_coverage(needs, shifts, start, end, SHANGHAI)

    expected = [
        row
        for need in needs
        for row in expected_gaps(need, shifts, start, end, split_at_midnight=False)
    ]
    assert gap_rows(coverage.merged_gaps()) == expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_clashes_are_every_pair_of_one_persons_shifts_that_overlap_in_the_period(scenario):
    needs, shifts, start, end = scenario

    coverage = compute_coverage(needs, shifts, start, end, SHANGHAI)

    found = [
        (c.person_id, frozenset({c.first_shift_id, c.second_shift_id}), c.start, c.end)
        for c in coverage.clashes
    ]
    assert sorted(found, key=clash_order) == expected_clashes(shifts, start, end)
    # The board lists them in the order they happen.
    assert [c.start for c in coverage.clashes] == sorted(c.start for c in coverage.clashes)
