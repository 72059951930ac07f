"""A page in the portal's menu, as each app declares its own (`<app>/menu.py`).

Defined here, below every app, so that a feature names its pages without reaching up to the
portal that shows them (tenants/portal/menu.py collects and filters them).
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.functional import Promise

from accounts.roles import PERMISSIONS


@dataclass(frozen=True)
class MenuItem:
    """One page in the menu: its label, its URL name (and query), and the permission it needs.

    The permission is the one the page's view declares, so the menu offers no page that would
    answer 403.
    """

    label: Promise
    url_name: str
    permission: str
    query: str = ""

    def __post_init__(self):
        if self.permission not in PERMISSIONS:
            raise ImproperlyConfigured(
                f"Menu item {self.url_name!r} needs {self.permission!r}: not in accounts.roles"
            )

    @property
    def path(self) -> str:
        return reverse(self.url_name)

    @property
    def url(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path
