"""Coverage of a site's gates over a period, read from the database for the pure function."""

import datetime
from collections import defaultdict

from tenants.rosters.coverage import Coverage, GateNeed, ShiftSpan, StaffingRule, compute_coverage
from tenants.rosters.models import Shift
from tenants.rosters.times import local_zone
from tenants.sites.models import Gate, GateStatusChange
from tenants.sites.services.gates import closed_intervals, staffing_rule_windows
from tenants.sites.timewindows import windows_from_json


def gate_need(gate: Gate, changes, start, end) -> GateNeed:
    """What one gate needs in [start, end), from its settings and status history."""
    return GateNeed(
        gate_id=gate.pk,
        minimum=gate.minimum_on_duty,
        rules=tuple(StaffingRule(w, m) for w, m in staffing_rule_windows(gate)),
        opening_hours=tuple(windows_from_json(gate.opening_hours)),
        closed=tuple(closed_intervals(gate, changes, start, end)),
    )


def coverage_of_gates(gates, start: datetime.datetime, end: datetime.datetime) -> Coverage:
    """Coverage of the given (rostered) gates; clashes count their people's shifts anywhere."""
    gates = list(gates)
    history = defaultdict(list)
    for change in GateStatusChange.objects.filter(gate__in=gates).order_by("changed_at"):
        history[change.gate_id].append(change)
    needs = [gate_need(gate, history[gate.pk], start, end) for gate in gates]
    rows = Shift.objects.on_duty().overlapping(start, end)
    people = rows.filter(gate__in=gates).values("person_id")
    spans = [
        ShiftSpan(pk, gate_id, person_id, starts, ends)
        for pk, gate_id, person_id, starts, ends in rows.filter(person_id__in=people).values_list(
            "pk", "gate_id", "person_id", "starts_at", "ends_at"
        )
    ]
    return compute_coverage(needs, spans, start, end, local_zone())


def site_coverage(site, start: datetime.datetime, end: datetime.datetime) -> Coverage:
    """Coverage of every gate of a site that this company staffs."""
    return coverage_of_gates(Gate.objects.filter(site=site).rostered(), start, end)
