"""The rosters' number on the portal's home page: gaps in the next 48 hours."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guanjia.home import Figure
from tenants.rosters.models import GapAlert


def gaps(access, sites, now) -> dict[int, int]:
    rows = (
        GapAlert.objects.unresolved(now)
        .filter(gate__site__in=sites)
        .order_by()
        .values("gate__site")
        .annotate(n=Count("pk"))
    )
    return {row["gate__site"]: row["n"] for row in rows}


def gaps_link(site_id, now) -> str:
    """The gaps listed on the home page itself, of one site or of all; each links its board."""
    query = "" if site_id is None else f"?site={site_id}"
    return f"{reverse('portal:home')}{query}#gap-alerts"


FIGURES = [
    Figure("gaps", _("Roster gaps, next 48 hours"), "rosters.view", gaps, gaps_link, alert=True),
]
