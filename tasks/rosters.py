"""Gap alerts: every hour, and right after a shift changes."""

from django_tenants.utils import get_public_schema_name

from companies.models import Company
from tasks.base import LOCALE_HEADER, SCHEMA_HEADER
from tasks.celery import app
from tenants.history.actors import System
from tenants.rosters.services.alerts import refresh_gap_alerts
from tenants.sites.models import Site


@app.task(name="tasks.rosters.refresh_gap_alerts")
def refresh_gap_alerts_task(site_id: int | None = None) -> dict:
    """Find gaps in the next 48 hours in this company (or one of its sites) and alert once."""
    site = Site.objects.filter(pk=site_id).first() if site_id is not None else None
    if site_id is not None and site is None:
        return {"new": 0, "resolved": 0}  # the site is gone; nothing to alert about
    new, resolved = refresh_gap_alerts(site=site, by=System("refresh_gap_alerts"))
    return {"new": new, "resolved": resolved}


@app.task(name="tasks.rosters.refresh_all_gap_alerts")
def refresh_all_gap_alerts() -> int:
    """Enqueue the gap check for every company; returns how many."""
    schemas = Company.objects.exclude(schema_name=get_public_schema_name()).values_list(
        "schema_name", flat=True
    )
    for schema in schemas:
        refresh_gap_alerts_task.apply_async(
            headers={SCHEMA_HEADER: schema, LOCALE_HEADER: "zh-hans"}
        )
    return len(schemas)
