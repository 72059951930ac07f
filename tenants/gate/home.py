"""The gate's numbers on the portal's home page: today's entries, open cases, isolation."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guanjia.home import Figure
from tenants.gate.models import Entry, EscalationCase, IsolationCase
from tenants.gate.overdue import overdue_cases
from tenants.gate.policy import Outcome


def link(name: str, site_id: int | None, **query) -> str:
    if site_id is not None:
        query["site"] = site_id
    return f"{reverse(name)}?{urlencode(query)}"


def today(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """Midnight to midnight, Shanghai time, as the entries list's day filter reads a day."""
    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time()))
    return start, start + datetime.timedelta(days=1)


def per_site(rows) -> dict[int, int]:
    return {row["site"]: row["n"] for row in rows}


def entries_today(access, sites, now, *conditions, **filters) -> dict[int, int]:
    start, end = today(now)
    # Voided entries are listed behind the figure but not counted, as the list's totals say.
    rows = (
        Entry.objects.counted()
        .filter(site__in=sites, recorded_at__gte=start, recorded_at__lt=end)
        .filter(*conditions, **filters)
        .order_by()
        .values("site")
        .annotate(n=Count("pk"))
    )
    return per_site(rows)


def entries_link(site_id, now, **query) -> str:
    return link("portal:entries", site_id, day=timezone.localdate(now).isoformat(), **query)


def open_cases(access, sites, now) -> dict[int, int]:
    rows = EscalationCase.objects.open().filter(site__in=sites).order_by().values("site")
    return per_site(rows.annotate(n=Count("pk")))


def oldest_open_case(access, sites, now) -> dict[int, datetime.datetime]:
    rows = EscalationCase.objects.open().filter(site__in=sites).order_by().values("site")
    return {row["site"]: row["first"] for row in rows.annotate(first=Min("reported_at"))}


def observing(access, sites, now) -> dict[int, int]:
    rows = IsolationCase.objects.observing().filter(site__in=sites).order_by().values("site")
    return per_site(rows.annotate(n=Count("pk")))


def overdue(access, sites, now) -> dict[int, int]:
    cases = IsolationCase.objects.filter(site__in=sites)
    late = IsolationCase.objects.filter(pk__in=overdue_cases(cases, now)).order_by()
    return per_site(late.values("site").annotate(n=Count("pk")))


FIGURES = [
    Figure(
        "admitted",
        _("Admitted today"),
        "gate.view",
        lambda access, sites, now: entries_today(access, sites, now, outcome=Outcome.ADMIT),
        lambda site, now: entries_link(site, now, outcome=Outcome.ADMIT),
    ),
    Figure(
        "refused",
        _("Refused today"),
        "gate.view",
        lambda access, sites, now: entries_today(access, sites, now, outcome=Outcome.REFUSE),
        lambda site, now: entries_link(site, now, outcome=Outcome.REFUSE),
    ),
    Figure(
        "overridden",
        _("Overridden today"),
        "gate.view",
        lambda access, sites, now: entries_today(access, sites, now, ~Q(override_reason="")),
        lambda site, now: entries_link(site, now, overridden="on"),
    ),
    Figure(
        "open_cases",
        _("Open fever and travel cases"),
        "gate.view",
        open_cases,
        lambda site, now: link("portal:escalations", site, status="open"),
        alert=True,
        since=oldest_open_case,
    ),
    Figure(
        "observing",
        _("Under home isolation"),
        "gate.view",
        observing,
        lambda site, now: link("portal:isolation-cases", site, status="observing"),
    ),
    Figure(
        "overdue",
        _("Isolations with overdue temperatures"),
        "gate.view",
        overdue,
        lambda site, now: link("portal:isolation-cases", site, overdue="1"),
        alert=True,
    ),
]
