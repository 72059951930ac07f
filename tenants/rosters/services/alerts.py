"""Gap alerts: gaps in the next 48 hours, recorded once and resolved when filled."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from companies.services import current_company
from tenants.history.services import log_action
from tenants.rosters.models import GapAlert
from tenants.rosters.services.coverage import coverage_of_gates
from tenants.sites.models import Gate

ALERT_HORIZON = datetime.timedelta(hours=48)


@transaction.atomic
def refresh_gap_alerts(*, by, site=None, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Record an alert for each new gap in the next 48 hours; resolve alerts whose gap is filled.

    A gap that is still there an hour later is the same gap even though the window has moved
    (it overlaps its alert at the same gate with the same shortfall): it keeps its one alert,
    whose times follow the gap. Returns (new alerts, resolved alerts).
    """
    now = now or timezone.now()
    gates = Gate.objects.rostered()
    if site is not None:
        gates = gates.filter(site=site)
    # Lock the gates: the hourly run and a run after a shift change must not both alert.
    gates = list(gates.select_for_update().order_by("pk"))
    found = coverage_of_gates(gates, now, now + ALERT_HORIZON).merged_gaps()

    open_alerts = defaultdict(list)
    for alert in GapAlert.objects.filter(gate__in=gates).unresolved(now):
        open_alerts[alert.gate_id].append(alert)
    still_open, new = set(), []
    for gap in found:
        alert = next(
            (
                a
                for a in open_alerts[gap.gate_id]
                if a.pk not in still_open
                and a.missing == gap.missing
                and a.starts_at < gap.end
                and gap.start < a.ends_at
            ),
            None,
        )
        if alert is None:
            new.append(
                GapAlert(
                    gate_id=gap.gate_id, starts_at=gap.start, ends_at=gap.end, missing=gap.missing
                )
            )
            continue
        still_open.add(alert.pk)
        # A gap still going on starts at `now` only because the window does: keep when it
        # began. A gap that starts later starts where it now does (its start may be filled).
        starts_at = min(alert.starts_at, gap.start) if gap.start <= now else gap.start
        if (alert.starts_at, alert.ends_at) != (starts_at, gap.end):
            GapAlert.objects.filter(pk=alert.pk).update(starts_at=starts_at, ends_at=gap.end)
    resolved = (
        GapAlert.objects.filter(gate__in=gates)
        .unresolved(now)
        .exclude(pk__in=still_open)
        .update(resolved_at=now)
    )
    GapAlert.objects.bulk_create(new, ignore_conflicts=True)
    # One entry per run (hourly, and after each shift change) with the counts, about the site
    # it was run for or the whole company.
    counts = {"new": len(new), "resolved": resolved}
    log_action(site or current_company(), "gap_alerts.refreshed", by=by, data=counts)
    return len(new), resolved
