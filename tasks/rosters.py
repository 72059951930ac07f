"""Gap alerts: every hour, and right after a shift changes."""

from django.dispatch import receiver

from guanjia.actors import System
from tasks.base import for_every_company
from tasks.celery import app
from tenants.rosters.services.alerts import refresh_gap_alerts
from tenants.rosters.signals import shifts_changed
from tenants.sites.models import Site


@app.task(name="tasks.rosters.refresh_gap_alerts")
def refresh_gap_alerts_task(site_id: int | None = None) -> dict:
    """Find gaps in the next 48 hours in this company (or one of its sites) and alert once."""
    site = Site.objects.filter(pk=site_id).first() if site_id is not None else None
    if site_id is not None and site is None:
        return {"new": 0, "resolved": 0}  # the site is gone; nothing to alert about
    new, resolved = refresh_gap_alerts(site=site, by=System("refresh_gap_alerts"))
    return {"new": new, "resolved": resolved}


@receiver(shifts_changed, dispatch_uid="tasks_recheck_gaps_after_shift_changes")
def recheck_gaps_after_shift_changes(sender, site_ids, **kwargs):
    """Shifts changed at these sites: recheck their gap alerts once the change is committed."""
    for site_id in site_ids:
        refresh_gap_alerts_task.delay_on_commit_if_possible(site_id)


@app.task(name="tasks.rosters.refresh_all_gap_alerts")
def refresh_all_gap_alerts() -> int:
    """Enqueue the gap check for every company; returns how many."""
    return for_every_company(refresh_gap_alerts_task)
