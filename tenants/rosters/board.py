"""The coverage board's layout: each gate's day as a 24-hour bar with shifts and gaps on it."""

import datetime
from dataclasses import dataclass, field

from tenants.rosters.coverage import Coverage
from tenants.rosters.times import day_bounds

DAY_SECONDS = 24 * 3600


@dataclass
class Block:
    """Something drawn on a day's bar, placed in percent of the day."""

    start: datetime.datetime
    end: datetime.datetime
    left: float
    width: float
    lane: int = 0
    shift: object | None = None
    missing: int = 0


@dataclass
class DayRow:
    day: datetime.date
    shifts: list[Block] = field(default_factory=list)
    gaps: list[Block] = field(default_factory=list)
    lanes: int = 1

    @property
    def height(self) -> int:
        """Lanes drawn: one per overlapping shift, and one more for the gaps if any."""
        return self.lanes + (1 if self.gaps else 0) if self.shifts else 1

    @property
    def uncovered_hours(self) -> float:
        return sum((gap.end - gap.start).total_seconds() for gap in self.gaps) / 3600


@dataclass
class GateRows:
    gate: object
    days: list[DayRow]

    @property
    def uncovered_hours(self) -> float:
        return sum(day.uncovered_hours for day in self.days)


def place(
    start, end, day_start, day_end
) -> tuple[datetime.datetime, datetime.datetime, float, float]:
    start, end = max(start, day_start), min(end, day_end)
    left = (start - day_start).total_seconds() / DAY_SECONDS * 100
    width = (end - start).total_seconds() / DAY_SECONDS * 100
    return start, end, round(left, 3), round(width, 3)


def assign_lanes(blocks: list[Block]) -> int:
    """Put overlapping shifts on separate lanes: two people at night show one above the other."""
    lane_ends: list[datetime.datetime] = []
    for block in sorted(blocks, key=lambda b: (b.start, b.end)):
        for lane, ends in enumerate(lane_ends):
            if ends <= block.start:
                block.lane, lane_ends[lane] = lane, block.end
                break
        else:
            block.lane = len(lane_ends)
            lane_ends.append(block.end)
    return max(1, len(lane_ends))


def board_rows(gates, shifts, coverage: Coverage, days: list[datetime.date]) -> list[GateRows]:
    """For each gate, one row per day with its shifts (absent ones included) and its gaps."""
    by_gate: dict[int, list] = {}
    for shift in shifts:
        by_gate.setdefault(shift.gate_id, []).append(shift)
    rows = []
    for gate in gates:
        day_rows = []
        for day in days:
            day_start, day_end = day_bounds(day, day)
            row = DayRow(day=day)
            for shift in by_gate.get(gate.pk, ()):
                if shift.ends_at > day_start and shift.starts_at < day_end:
                    row.shifts.append(
                        Block(
                            *place(shift.starts_at, shift.ends_at, day_start, day_end), shift=shift
                        )
                    )
            for gap in coverage.gaps_of(gate.pk, day):
                row.gaps.append(
                    Block(*place(gap.start, gap.end, day_start, day_end), missing=gap.missing)
                )
            row.lanes = assign_lanes(row.shifts)
            day_rows.append(row)
        rows.append(GateRows(gate=gate, days=day_rows))
    return rows
