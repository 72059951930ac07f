"""A number on the portal's home page, as each feature app declares its own (`<app>/home.py`).

Defined here, below every app, like the menu's items: a feature names what it counts and the
list behind the number; tenants/portal/home.py gathers them per site for whoever signs in.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Figure:
    """One number per site: what it counts, who may read it, and the list that shows those rows.

    `count(access, sites, now)` answers {site id: number} for the sites given (one query, or
    one pass over the rows concerned); `url(site_id or None, now)` is the list filtered to one
    site or to everything the reader sees, whose total is the same number. The company's
    number is the sites' sum unless `total(access, sites, now)` says otherwise (a record of
    several sites counts once). `alert`: a number above zero asks for attention.
    `since(access, sites, now)` may add, per site, since when the oldest has waited.
    """

    key: str
    label: Promise
    permission: str
    count: Callable[[object, object, datetime.datetime], dict[int, int]]
    url: Callable[[int | None, datetime.datetime], str]
    alert: bool = False
    total: Callable[[object, object, datetime.datetime], int] | None = None
    since: Callable[[object, object, datetime.datetime], dict[int, datetime.datetime]] | None = None
