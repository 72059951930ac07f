"""Producing the daily report of the company whose schema is active."""

import datetime

from django.db import transaction
from django.db.models import Count, Sum

from tenants.history.services import log_action
from tenants.reports.models import DailyReport
from tenants.sites.models import Site


@transaction.atomic
def produce_daily_report(day: datetime.date, *, by) -> DailyReport:
    """Write (or rewrite) the figures for `day`; running it twice leaves one report."""
    totals = Site.objects.aggregate(sites=Count("id"), households=Sum("households"))
    report, _created = DailyReport.objects.update_or_create(
        day=day,
        defaults={"sites": totals["sites"], "households": totals["households"] or 0},
    )
    data = {"day": day, "sites": report.sites, "households": report.households}
    log_action(report, "daily_report.produced", by=by, data=data)
    return report
