"""Producing the daily report of the company whose schema is active."""

import datetime

from django.db.models import Count, Sum

from tenants.reports.models import DailyReport
from tenants.sites.models import Site


def produce_daily_report(day: datetime.date) -> DailyReport:
    """Write (or rewrite) the figures for `day`; running it twice leaves one report."""
    totals = Site.objects.aggregate(sites=Count("id"), households=Sum("households"))
    report, _created = DailyReport.objects.update_or_create(
        day=day,
        defaults={"sites": totals["sites"], "households": totals["households"] or 0},
    )
    return report
