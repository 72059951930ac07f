"""Daily reports: one task per company, fanned out by beat every morning."""

import datetime

from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from companies.models import Company
from tasks.base import LOCALE_HEADER, SCHEMA_HEADER
from tasks.celery import app
from tenants.history.actors import System
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
    schemas = Company.objects.exclude(schema_name=get_public_schema_name()).values_list(
        "schema_name", flat=True
    )
    for schema in schemas:
        produce_daily_report_task.apply_async(
            (day,), headers={SCHEMA_HEADER: schema, LOCALE_HEADER: "zh-hans"}
        )
    return len(schemas)
