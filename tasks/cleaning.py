"""Cleaning: every 15 minutes, one alert per missed slot; every night, old photos removed."""

from guanjia.actors import System
from tasks.base import for_every_company
from tasks.celery import app
from tenants.cleaning.services.alerts import record_overdue_alerts
from tenants.cleaning.services.retention import remove_old_photos


@app.task(name="tasks.cleaning.record_overdue_alerts")
def record_overdue_alerts_task() -> dict:
    """Alert once for each slot missed in this company since yesterday; clear filled ones."""
    new, cleared = record_overdue_alerts(by=System("cleaning_overdue"))
    return {"new": new, "cleared": cleared}


@app.task(name="tasks.cleaning.record_all_overdue_alerts")
def record_all_overdue_alerts() -> int:
    """Enqueue the overdue check for every company; returns how many."""
    return for_every_company(record_overdue_alerts_task)


@app.task(name="tasks.cleaning.remove_old_photos")
def remove_old_photos_task() -> int:
    """Remove this company's cleaning photos past CLEANING_PHOTO_DAYS."""
    return remove_old_photos(by=System("cleaning_housekeeping"))


@app.task(name="tasks.cleaning.remove_all_old_photos")
def remove_all_old_photos() -> int:
    """Enqueue the photo clean-up for every company; returns how many."""
    return for_every_company(remove_old_photos_task)
