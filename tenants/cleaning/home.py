"""Cleaning's number on the portal's home page: slots missed and not yet made up."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guanjia.home import Figure
from tenants.cleaning.models import OverdueAlert


def _open_alerts(sites):
    return OverdueAlert.objects.open().filter(area__site__in=sites).order_by()


def overdue(access, sites, now) -> dict[int, int]:
    rows = _open_alerts(sites).values("area__site").annotate(n=Count("pk"))
    return {row["area__site"]: row["n"] for row in rows}


def oldest(access, sites, now) -> dict[int, datetime.datetime]:
    rows = _open_alerts(sites).values("area__site").annotate(first=Min("due"))
    return {row["area__site"]: row["first"] for row in rows}


def alerts_link(site_id, now) -> str:
    query = {"site": site_id} if site_id is not None else {}
    return f"{reverse('portal:cleaning-alerts')}?{urlencode(query)}"


FIGURES = [
    Figure(
        "cleaning_overdue",
        _("Cleaning overdue"),
        "cleaning.view",
        overdue,
        alerts_link,
        alert=True,
        since=oldest,
    ),
]
