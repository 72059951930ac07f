"""Gates: adding and changing them, and opening, closing or sealing them with a record."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanjia.actors import user_of
from tenants.history.services import log_action, log_changed, log_created, snapshot
from tenants.sites.models import Gate, GateStatus, GateStatusChange, Site
from tenants.sites.services.common import apply_changes, check_name_free_in_site
from tenants.sites.timewindows import parse_time, parse_window, windows_to_json

GATE_FIELDS = ("name", "opening_hours", "minimum_on_duty", "staffing_rules", "responsible")
MAX_ON_DUTY = 20


def clean_opening_hours(value) -> list[list[str]]:
    """Opening hours as [["06:00", "22:00"], …]; accepts what the API and forms send."""
    if not value:
        return []
    if not isinstance(value, list) or not all(
        isinstance(pair, list | tuple) and len(pair) == 2 for pair in value
    ):
        raise ValidationError(
            {"opening_hours": _("Write opening hours as a list of [start, end] times.")}
        )
    try:
        windows = [parse_window(f"{start}-{end}") for start, end in value]
    except ValidationError as exc:
        raise ValidationError({"opening_hours": exc.messages}) from exc
    return windows_to_json(windows)


def clean_staffing_rules(value) -> list[dict]:
    """Rules as [{"from": "22:00", "until": "06:00", "minimum": 2}, …], checked one by one."""
    if not value:
        return []
    rules = []
    for rule in value if isinstance(value, list) else [value]:
        try:
            if not isinstance(rule, dict) or set(rule) != {"from", "until", "minimum"}:
                raise ValidationError(
                    _("Write each rule as hours and a number of people, e.g. 22:00-06:00 2.")
                )
            start, end = parse_window(f"{rule['from']}-{rule['until']}")
            minimum = rule["minimum"]
            if isinstance(minimum, bool) or not isinstance(minimum, int):
                raise ValidationError(_("The number of people must be a whole number."))
            if not 1 <= minimum <= MAX_ON_DUTY:
                raise ValidationError(
                    _("Between 1 and %(most)s people can be required.") % {"most": MAX_ON_DUTY}
                )
        except ValidationError as exc:
            raise ValidationError({"staffing_rules": exc.messages}) from exc
        rules.append({"from": f"{start:%H:%M}", "until": f"{end:%H:%M}", "minimum": minimum})
    return rules


def check_gate(gate: Gate) -> None:
    gate.opening_hours = clean_opening_hours(gate.opening_hours)
    gate.staffing_rules = clean_staffing_rules(gate.staffing_rules)
    check_name_free_in_site(
        Gate,
        gate.site,
        gate.name,
        exclude=gate,
        message=_("This site already has a gate called “%(name)s”."),
    )


@transaction.atomic
def create_gate(site: Site, *, by, status: str = GateStatus.OPEN, reason: str = "", **fields):
    """Add a gate to a site; it is open (and needs staff) unless created closed or sealed."""
    if status not in GateStatus.values:
        raise ValidationError({"status": _("Choose open, closed or sealed.")})
    if status != GateStatus.OPEN and not reason.strip():
        raise ValidationError({"reason": _("Say why the gate is closed.")})
    gate = Gate(site=site, status=status, status_reason=reason.strip())
    apply_changes(gate, fields, GATE_FIELDS)
    check_gate(gate)
    gate.save()
    log_created(gate, "gate.created", (*GATE_FIELDS, "status", "status_reason"), by=by)
    return gate


@transaction.atomic
def update_gate(gate: Gate, *, by, **changes) -> Gate:
    """Change a gate's name, hours and staffing; its status changes through change_gate_status."""
    gate = Gate.objects.select_for_update().get(pk=gate.pk)
    before = snapshot(gate, GATE_FIELDS)
    apply_changes(gate, changes, GATE_FIELDS)
    check_gate(gate)
    gate.save()
    log_changed(gate, "gate.changed", before, GATE_FIELDS, by=by)
    return gate


@transaction.atomic
def change_gate_status(
    gate: Gate, status: str, *, by, reason: str = "", at: datetime.datetime | None = None
) -> Gate:
    """Open, close or seal a gate, recording who did it, when and why (closing needs a reason)."""
    if status not in GateStatus.values:
        raise ValidationError({"status": _("Choose open, closed or sealed.")})
    reason = (reason or "").strip()
    if status != GateStatus.OPEN and not reason:
        raise ValidationError({"reason": _("Say why the gate is closed.")})
    gate = Gate.objects.select_for_update().get(pk=gate.pk)
    if gate.status == status:
        return gate  # a repeated click or a retried request changes nothing
    at = at or timezone.now()
    GateStatusChange.objects.create(
        gate=gate,
        from_status=gate.status,
        to_status=status,
        changed_at=at,
        changed_by=user_of(by),
        reason=reason,
    )
    data = {"changes": {"status": [gate.status, status]}, "reason": reason}
    gate.status, gate.status_since, gate.status_reason = status, at, reason
    gate.save(update_fields=["status", "status_since", "status_reason"])
    log_action(gate, "gate.status_changed", by=by, data=data)
    return gate


def close_gate(gate: Gate, *, by, reason: str) -> Gate:
    """Close a gate (it needs no one on duty while closed), recording who closed it and when."""
    return change_gate_status(gate, GateStatus.CLOSED, by=by, reason=reason)


def closed_intervals(gate: Gate, changes, start, end) -> list[tuple]:
    """When, within [start, end), the gate was closed or sealed, from its status history."""
    changes = sorted(changes, key=lambda c: c.changed_at)
    status = changes[0].from_status if changes else gate.status
    intervals, since = [], start
    for change in changes:
        if change.changed_at >= end:
            break
        if change.changed_at > start and status != GateStatus.OPEN:
            intervals.append((since, change.changed_at))
        status, since = change.to_status, max(change.changed_at, start)
    if status != GateStatus.OPEN:
        intervals.append((since, end))
    return intervals


def staffing_rule_windows(gate: Gate):
    """The gate's staffing rules as (window, minimum) pairs for the coverage function."""
    return [
        ((parse_time(rule["from"]), parse_time(rule["until"])), rule["minimum"])
        for rule in gate.staffing_rules
    ]
