"""The manager's day at a glance: each feature's numbers, per site and for the company.

Each feature app declares its numbers in its `home.py` as `FIGURES` (guanjia.home.Figure);
this module reads them from the one list `MODULES` and keeps those the reader may see. A
feature to come (cleaning overdue, findings due, yesterday's reports) adds its module here.
"""

import datetime
import functools
import importlib
from dataclasses import dataclass

from guanjia.home import Figure
from tenants.sites.models import Site

MODULES = [
    "tenants.gate.home",
    "tenants.rosters.home",
    "tenants.notices.home",
    "tenants.cleaning.home",
]


@functools.cache
def declared() -> list[Figure]:
    """Every feature's figures, in the order of MODULES (read once per process)."""
    return [figure for name in MODULES for figure in importlib.import_module(name).FIGURES]


@dataclass(frozen=True)
class Cell:
    """One number of the table, with the list behind it."""

    count: int
    url: str
    alert: bool
    since: datetime.datetime | None = None


@dataclass(frozen=True)
class Row:
    """The numbers of one site, or of every site the reader sees (site None)."""

    site: Site | None
    cells: list[Cell]


@dataclass(frozen=True)
class Glance:
    figures: list[Figure]
    rows: list[Row]


def day_at_a_glance(access, now: datetime.datetime) -> Glance | None:
    """The reader's figures for their sites and for all of them together; None if none."""
    figures = [figure for figure in declared() if access.has(figure.permission)]
    if not figures:
        return None
    visible = Site.objects.visible_to(access)
    sites = list(visible.order_by("name"))
    counts = {figure.key: figure.count(access, visible, now) for figure in figures}
    since = {
        figure.key: figure.since(access, visible, now) if figure.since else {} for figure in figures
    }

    def cell(figure: Figure, site: Site | None) -> Cell:
        if site is None:
            if figure.total is not None:
                count = figure.total(access, visible, now)
            else:
                count = sum(counts[figure.key].get(each.pk, 0) for each in sites)
            oldest = min(since[figure.key].values(), default=None)
        else:
            count = counts[figure.key].get(site.pk, 0)
            oldest = since[figure.key].get(site.pk)
        site_id = None if site is None else site.pk
        return Cell(count, figure.url(site_id, now), figure.alert and count > 0, oldest)

    site_rows = [Row(site, [cell(figure, site) for figure in figures]) for site in sites]
    if len(site_rows) == 1:
        return Glance(figures, site_rows)  # one site: the company's row would repeat it
    return Glance(figures, [Row(None, [cell(figure, None) for figure in figures]), *site_rows])
