"""The notices' page in the portal's menu (see tenants.portal.menu)."""

from django.utils.translation import gettext_lazy as _

from guanjia.menu import MenuItem

MENU = [
    ("notices", MenuItem(_("Notices"), "portal:notices", "notices.view")),
]
