"""The gate's pages in the portal's menu (see tenants.portal.menu)."""

from django.utils.translation import gettext_lazy as _

from guanjia.menu import MenuItem

MENU = [
    ("gate", MenuItem(_("Entries"), "portal:entries", "gate.view")),
    ("gate", MenuItem(_("Overrides"), "portal:entries", "gate.view", query="overridden=1")),
    ("gate", MenuItem(_("Escalations"), "portal:escalations", "gate.view")),
    ("residents", MenuItem(_("Isolation"), "portal:isolation-cases", "gate.view")),
    ("residents", MenuItem(_("Needs"), "portal:needs", "gate.view")),
    ("company", MenuItem(_("Gate settings"), "portal:gate-settings", "gate.settings")),
]
