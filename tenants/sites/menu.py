"""The sites' page in the portal's menu (see tenants.portal.menu)."""

from django.utils.translation import gettext_lazy as _

from guanjia.menu import MenuItem

MENU = [
    ("company", MenuItem(_("Sites"), "portal:sites", "sites.view")),
]
