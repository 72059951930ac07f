"""Roster coverage figures: a month of 100 gates with three shifts a day (9,000 shifts).

Run with `make bench` (fresh database, embedded servers), or this script alone with
`python -m devtools bench coverage`. Prints figures; asserts nothing but the set-up.
"""

import datetime
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanjia.settings")
django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from companies.services import create_company  # noqa: E402
from guanjia.districts import District  # noqa: E402
from tenants.rosters.coverage import GateNeed, ShiftSpan, StaffingRule, compute_coverage  # noqa: E402
from tenants.rosters.models import DutyPersonKind, Shift  # noqa: E402
from tenants.rosters.services.coverage import coverage_of_gates, site_coverage  # noqa: E402
from tenants.rosters.services.people import create_duty_person  # noqa: E402
from tenants.rosters.times import day_bounds, local_zone, shift_span  # noqa: E402
from tenants.sites.models import Gate, GateStatus, SiteKind  # noqa: E402
from tenants.sites.services import create_site  # noqa: E402
from tenants.sites.services.gates import change_gate_status, create_gate  # noqa: E402

GATES = 100
DAYS = 30
FIRST_DAY = datetime.date(2027, 4, 1)  # April: 30 days, so 100 x 3 x 30 = 9,000 shifts
SLOTS = [(datetime.time(6), datetime.time(14)), (datetime.time(14), datetime.time(22))]
SLOTS.append((datetime.time(22), datetime.time(6)))  # the night shift ends the next morning
RUNS = 7
GOAL = "goal: under 1 s"

# Like a real compound: every tenth gate needs two people at night, every tenth is open by day
# only, two are closed half-way through the month; one gate's guards are booked twice one day.
NIGHT_RULE = {"from": "22:00", "until": "06:00", "minimum": 2}
DAY_HOURS = [["06:00", "22:00"]]


def gate_settings(number: int) -> dict:
    if number % 10 == 1:
        return {"staffing_rules": [NIGHT_RULE]}
    if number % 10 == 2:
        return {"opening_hours": DAY_HOURS}
    return {}


def roster(gates: list[int], people: list[int]) -> list[tuple]:
    """(gate, person, starts, ends): each gate has three people, one to a slot, every day."""
    rows = []
    for index, gate in enumerate(gates):
        for offset in range(DAYS):
            day = FIRST_DAY + datetime.timedelta(days=offset)
            for slot, (start, end) in enumerate(SLOTS):
                person = people[3 * index + slot]
                if offset == 10 and index == 7:
                    person = people[3 * (index + 1) + slot]  # booked at the next gate too
                rows.append((gate, person, *shift_span(day, start, end)))
    return rows


def timed(compute) -> tuple[list[float], object]:
    durations, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = compute()
        durations.append(time.perf_counter() - started)
    return durations, result


def report(label: str, durations: list[float], coverage) -> None:
    print(
        f"{label}: median {statistics.median(durations) * 1000:.0f} ms, "
        f"max {max(durations) * 1000:.0f} ms over {RUNS} runs ({GOAL}); "
        f"{len(coverage.gaps)} gaps, {len(coverage.clashes)} clashes"
    )


def pure_function() -> None:
    """(a) compute_coverage alone, on data already in memory."""
    tz = local_zone()
    start, end = day_bounds(FIRST_DAY, FIRST_DAY + datetime.timedelta(days=DAYS - 1))
    night = StaffingRule((datetime.time(22), datetime.time(6)), 2)
    day_hours = ((datetime.time(6), datetime.time(22)),)
    half_way = start + (end - start) / 2
    needs = [
        GateNeed(
            gate,
            rules=(night,) if gate % 10 == 1 else (),
            opening_hours=day_hours if gate % 10 == 2 else (),
            closed=((half_way, end),) if gate in (3, 4) else (),
        )
        for gate in range(GATES)
    ]
    rows = roster(list(range(GATES)), list(range(3 * GATES)))
    spans = [ShiftSpan(number, *row) for number, row in enumerate(rows)]
    durations, coverage = timed(lambda: compute_coverage(needs, spans, start, end, tz))
    report(
        f"compute_coverage, {GATES} gates x {len(spans):,} shifts in memory", durations, coverage
    )


def end_to_end() -> None:
    """(b) site_coverage and coverage_of_gates: the queries, then the same function."""
    company = create_company(by=None, name="天山物业", slug="tianshan", admin_email="m@tianshan.cn")
    with schema_context(company.schema_name):
        site = create_site(
            by=None,
            name="天山天义小区",
            kind=SiteKind.COMPOUND,
            district=District.CHANGNING,
            sub_district="天山路街道",
            address="天山路 1000 弄",
            households=860,
        )
        gates = [
            create_gate(site, by=None, name=f"{number + 1}号门", **gate_settings(number))
            for number in range(GATES)
        ]
        people = [
            create_duty_person(
                by=None, company=company, kind=DutyPersonKind.GUARD, name=f"保安{number + 1}"
            )
            for number in range(3 * GATES)
        ]
        start, end = day_bounds(FIRST_DAY, FIRST_DAY + datetime.timedelta(days=DAYS - 1))
        half_way = start + (end - start) / 2
        for gate in gates[3:5]:
            change_gate_status(gate, GateStatus.CLOSED, by=None, reason="小包围", at=half_way)
        rows = roster([gate.pk for gate in gates], [person.pk for person in people])
        Shift.objects.bulk_create(
            Shift(gate_id=gate, person_id=person, starts_at=starts, ends_at=ends)
            for gate, person, starts, ends in rows
        )
        assert Shift.objects.count() == GATES * DAYS * len(SLOTS)

        statements: list[str] = []

        def count(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            site_coverage(site, start, end)
        label = f"site_coverage, {GATES} gates x {len(rows):,} shifts in the database"
        durations, coverage = timed(lambda: site_coverage(site, start, end))
        report(label, durations, coverage)
        print(f"  {len(statements)} SQL statements per call")

        listed = list(Gate.objects.filter(site=site))
        durations, coverage = timed(lambda: coverage_of_gates(listed, start, end))
        report(f"coverage_of_gates, the {GATES} gates already loaded", durations, coverage)


def main():
    call_command("setup_database", verbosity=0)
    cache.clear()
    pure_function()
    end_to_end()


if __name__ == "__main__":
    main()
