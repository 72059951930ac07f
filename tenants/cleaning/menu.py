"""Cleaning's pages in the portal's menu (see tenants.portal.menu)."""

from django.utils.translation import gettext_lazy as _

from guanjia.menu import MenuItem

MENU = [
    ("cleaning", MenuItem(_("My round"), "portal:cleaning-round", "cleaning.round")),
    ("cleaning", MenuItem(_("Cleaning day"), "portal:cleaning-day", "cleaning.view")),
    ("cleaning", MenuItem(_("Overdue cleaning"), "portal:cleaning-alerts", "cleaning.view")),
    ("cleaning", MenuItem(_("Areas and plans"), "portal:cleaning-areas", "cleaning.view")),
    ("company", MenuItem(_("Cleaning settings"), "portal:cleaning-settings", "cleaning.settings")),
]
