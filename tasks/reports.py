"""Daily reports: one task per company, fanned out by beat every morning."""

import datetime

from django.utils import timezone

from guanjia.actors import System
from tasks.base import for_every_company
from tasks.celery import app
from tenants.reports.services import produce_daily_report


@app.task(name="tasks.reports.produce_daily_report")
def produce_daily_report_task(day: str) -> dict:
    """Produce the daily report of the company this task was enqueued for."""
    day = datetime.date.fromisoformat(day)
    report = produce_daily_report(day, by=System("produce_daily_report"))
    return {"day": report.day.isoformat(), "sites": report.sites, "households": report.households}


@app.task(name="tasks.reports.produce_all_daily_reports")
def produce_all_daily_reports(day: str | None = None) -> int:
    """Enqueue yesterday's report (or `day`'s) for every company; returns how many."""
    day = day or (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    return for_every_company(produce_daily_report_task, day)
