"""The portal's menu: the jobs of a property company, each a group of pages, in a fixed order.

Each feature app declares its own pages in its `menu.py` as `MENU = [(group key, MenuItem)]`;
this module collects them from the one list `MODULES` and keeps, for a request's access, only
what the role may open. A group none of whose pages the role may open is not shown at all, so a
job appears in the menu when its first page does.
"""

import functools
import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.access import Access
from guanjia.menu import MenuItem


@dataclass(frozen=True)
class Group:
    key: str
    label: Promise


GROUPS = [
    Group("home", _("Home")),
    Group("gate", _("Gate")),
    Group("rosters", _("Roster")),
    Group("residents", _("Residents and isolation")),
    Group("notices", _("Notices")),
    Group("cleaning", _("Cleaning")),
    Group("inspections", _("Inspections")),
    Group("reports", _("Reports")),
    Group("company", _("Company")),
]

# Where the pages come from. Within a group, pages keep the order of this list, then the order
# of their module's MENU: the company group reads sites, staff, gate settings, API keys, log.
MODULES = [
    "tenants.sites.menu",
    "accounts.menu",
    "tenants.gate.menu",
    "partners.menu",
    "tenants.history.menu",
    "tenants.rosters.menu",
    "tenants.notices.menu",
    "tenants.cleaning.menu",
]

# The portal's own pages: its home, and the API's documentation that serves every app.
OWN = [
    ("home", MenuItem(_("Home"), "portal:home", "portal.view")),
    ("company", MenuItem(_("API docs"), "api-docs", "portal.view")),
]


@functools.cache
def declared() -> dict[str, list[MenuItem]]:
    """Every page of every module by group key, in menu order (read once per process)."""
    items: dict[str, list[MenuItem]] = {group.key: [] for group in GROUPS}
    pairs = [pair for name in MODULES for pair in importlib.import_module(name).MENU]
    for key, item in [*pairs, *OWN]:
        if key not in items:
            raise ImproperlyConfigured(f"Menu item {item.url_name!r} names no group: {key!r}")
        items[key].append(item)
    return items


@dataclass(frozen=True)
class Link:
    label: Promise
    url: str
    current: bool = False


@dataclass(frozen=True)
class ShownGroup:
    """A group as one user sees it: only the pages they may open; never empty."""

    key: str
    label: Promise
    links: list[Link]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)

    @property
    def single(self) -> Link | None:
        """The only link of a group of one, shown as a plain link rather than a menu."""
        return self.links[0] if len(self.links) == 1 else None


def menu_for(access: Access, *, path: str = "", query: Mapping[str, str] | None = None):
    """The groups `access` may use, each with the pages it may open; the current page marked.

    The current page is the one whose address is the longest start of `path` (the home page
    only for itself), and of two at one address the one whose query `query` also has:
    /entries/?overridden=1 is "Overrides", /entries/ and /entries/7/ are "Entries".
    """
    query = query or {}
    shown = []
    for group in GROUPS:
        items = [item for item in declared()[group.key] if access.has(item.permission)]
        if items:
            shown.append((group, items))
    current, closest = None, (-1, -1)
    for _group, items in shown:
        for item in items:
            address, wanted = item.path, parse_qsl(item.query)
            if path != address and (address == "/" or not path.startswith(address)):
                continue
            if any(query.get(name) != value for name, value in wanted):
                continue
            if (len(address), len(wanted)) > closest:
                current, closest = item, (len(address), len(wanted))
    return [
        ShownGroup(
            group.key,
            group.label,
            [Link(item.label, item.url, current=item is current) for item in items],
        )
        for group, items in shown
    ]
