"""Roster coverage: where a gate has fewer people than it needs, and who is booked twice.

Pure functions on plain data, no database: the portal board, the API, the hourly gap alert
and the benchmark all call `compute_coverage`. Times are aware datetimes; days and times of
day are read in the given time zone (Asia/Shanghai), so a 22:00-06:00 night shift is one
shift that covers the end of one day and the start of the next.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tenants.sites.timewindows import contains

Window = tuple[datetime.time, datetime.time]
Interval = tuple[datetime.datetime, datetime.datetime]


@dataclass(frozen=True)
class StaffingRule:
    """A different minimum at some hours of every day, e.g. 2 from 22:00 to 06:00."""

    window: Window
    minimum: int


@dataclass(frozen=True)
class GateNeed:
    """What a gate needs: who must be on duty, when it is open, when it was closed."""

    gate_id: int
    minimum: int = 1
    rules: Sequence[StaffingRule] = ()
    opening_hours: Sequence[Window] = ()  # empty: 24 hours a day
    closed: Sequence[Interval] = ()  # closed or sealed: no one needed

    def required_at(self, moment: datetime.datetime, tz) -> int:
        """People needed at one moment; constant between the boundaries of `boundaries`."""
        if any(start <= moment < end for start, end in self.closed):
            return 0
        time_of_day = moment.astimezone(tz).time()
        if self.opening_hours and not any(contains(w, time_of_day) for w in self.opening_hours):
            return 0
        matching = [rule.minimum for rule in self.rules if contains(rule.window, time_of_day)]
        return max(matching) if matching else self.minimum

    def daily_boundaries(self) -> set[datetime.time]:
        times = {time for window in self.opening_hours for time in window}
        return times | {time for rule in self.rules for time in rule.window}


@dataclass(frozen=True)
class ShiftSpan:
    """One shift as coverage sees it."""

    shift_id: int
    gate_id: int
    person_id: int
    start: datetime.datetime
    end: datetime.datetime


@dataclass(frozen=True)
class Gap:
    """A stretch of one day when a gate has fewer people on duty than it needs."""

    gate_id: int
    day: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    required: int
    on_duty: int

    @property
    def missing(self) -> int:
        return self.required - self.on_duty

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True)
class Clash:
    """One person on two shifts at once (at two gates, or twice at one)."""

    person_id: int
    first_shift_id: int
    second_shift_id: int
    start: datetime.datetime
    end: datetime.datetime


@dataclass
class Coverage:
    """The result for a period: gaps by gate and day, and double bookings."""

    start: datetime.datetime
    end: datetime.datetime
    gaps: list[Gap] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)

    def uncovered_hours(self, gate_id: int | None = None) -> float:
        """Hours during which a gate (or any gate, summed per gate) is short of people."""
        return sum(gap.hours for gap in self.gaps if gate_id is None or gap.gate_id == gate_id)

    def gaps_of(self, gate_id: int, day: datetime.date | None = None) -> list[Gap]:
        return [g for g in self.gaps if g.gate_id == gate_id and (day is None or g.day == day)]

    def merged_gaps(self) -> list[Gap]:
        """Gaps joined across midnight: a night with nobody is one gap, not two (for alerts)."""
        merged: list[Gap] = []
        for gap in self.gaps:
            last = merged[-1] if merged else None
            if (
                last is not None
                and last.gate_id == gap.gate_id
                and last.end == gap.start
                and (last.required, last.on_duty) == (gap.required, gap.on_duty)
            ):
                merged[-1] = Gap(
                    last.gate_id, last.day, last.start, gap.end, last.required, last.on_duty
                )
            else:
                merged.append(gap)
        return merged


def daily_moments(start: datetime.datetime, end: datetime.datetime, tz, times) -> list:
    """Every moment in [start, end] at one of `times` of day (local), over each local day."""
    first = start.astimezone(tz).date() - datetime.timedelta(days=1)
    last = end.astimezone(tz).date()
    moments = []
    day = first
    while day <= last:
        for time in times:
            moment = datetime.datetime.combine(day, time, tzinfo=tz)
            if start < moment < end:
                moments.append(moment)
        day += datetime.timedelta(days=1)
    return moments


def gate_gaps(
    need: GateNeed,
    shifts: Iterable[ShiftSpan],
    start: datetime.datetime,
    end: datetime.datetime,
    tz,
) -> list[Gap]:
    """The gaps of one gate in [start, end), split at local midnight."""
    # A sweep over every moment where something can change: a shift starts or ends, a day
    # starts, a staffing rule or opening hour begins or ends, the gate closes or reopens.
    starts: dict[datetime.datetime, list[int]] = defaultdict(list)
    ends: dict[datetime.datetime, list[int]] = defaultdict(list)
    for shift in shifts:
        if shift.end <= start or shift.start >= end:
            continue
        starts[max(shift.start, start)].append(shift.person_id)
        ends[min(shift.end, end)].append(shift.person_id)
    boundaries = {start, end, *starts, *ends}
    boundaries.update(daily_moments(start, end, tz, {datetime.time(0), *need.daily_boundaries()}))
    for closed_start, closed_end in need.closed:
        boundaries.update(moment for moment in (closed_start, closed_end) if start < moment < end)

    on_duty: Counter = Counter()
    gaps: list[Gap] = []
    moments = sorted(boundaries)
    for here, following in zip(moments, moments[1:], strict=False):
        for person in ends.get(here, ()):
            on_duty[person] -= 1
        for person in starts.get(here, ()):
            on_duty[person] += 1
        required = need.required_at(here, tz)
        # A person booked twice at one gate still counts once: one pair of eyes.
        present = sum(1 for count in on_duty.values() if count > 0)
        if present >= required:
            continue
        day = here.astimezone(tz).date()
        last = gaps[-1] if gaps else None
        if (
            last is not None
            and last.end == here
            and last.day == day
            and (last.required, last.on_duty) == (required, present)
        ):
            gaps[-1] = Gap(need.gate_id, day, last.start, following, required, present)
        else:
            gaps.append(Gap(need.gate_id, day, here, following, required, present))
    return gaps


def find_clashes(
    shifts: Iterable[ShiftSpan], start: datetime.datetime, end: datetime.datetime
) -> list[Clash]:
    """Every pair of shifts of one person that overlap within [start, end)."""
    by_person: dict[int, list[ShiftSpan]] = defaultdict(list)
    for shift in shifts:
        by_person[shift.person_id].append(shift)
    clashes = []
    for person_id, own in by_person.items():
        own.sort(key=lambda s: (s.start, s.end, s.shift_id))
        active: list[ShiftSpan] = []
        for shift in own:
            active = [other for other in active if other.end > shift.start]
            for other in active:
                overlap_start = max(shift.start, start)
                overlap_end = min(other.end, shift.end, end)
                if overlap_start < overlap_end:
                    clashes.append(
                        Clash(person_id, other.shift_id, shift.shift_id, overlap_start, overlap_end)
                    )
            active.append(shift)
    clashes.sort(key=lambda c: (c.start, c.person_id, c.first_shift_id, c.second_shift_id))
    return clashes


def compute_coverage(
    needs: Iterable[GateNeed],
    shifts: Iterable[ShiftSpan],
    start: datetime.datetime,
    end: datetime.datetime,
    tz,
) -> Coverage:
    """Gaps of every gate in `needs` and clashes of every person in `shifts`, in [start, end).

    Shifts at gates not in `needs` (closed for good, or staffed by another company) still
    count for clashes: a guard cannot stand at two gates at once, whichever they are.
    """
    if end <= start:
        raise ValueError("The period must end after it starts.")
    shifts = list(shifts)
    by_gate: dict[int, list[ShiftSpan]] = defaultdict(list)
    for shift in shifts:
        by_gate[shift.gate_id].append(shift)
    coverage = Coverage(start=start, end=end)
    for need in needs:
        coverage.gaps.extend(gate_gaps(need, by_gate.get(need.gate_id, ()), start, end, tz))
    coverage.clashes = find_clashes(shifts, start, end)
    return coverage
