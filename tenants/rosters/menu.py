"""The rosters' pages in the portal's menu (see tenants.portal.menu)."""

from django.utils.translation import gettext_lazy as _

from guanjia.menu import MenuItem

MENU = [
    ("rosters", MenuItem(_("People on duty"), "portal:people", "rosters.view")),
    ("rosters", MenuItem(_("My shifts"), "portal:my-shifts", "shifts.own")),
]
