"""Who may do what: the one table every portal view and API view is checked against."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MANAGER = "manager", _("Manager")
    SITE_MANAGER = "site_manager", _("Site manager")
    GUARD = "guard", _("Guard")
    CLEANER = "cleaner", _("Cleaner")
    VIEWER = "viewer", _("Viewer")


class ApiScope(models.TextChoices):
    READ = "read", _("Read")
    READ_WRITE = "read_write", _("Read and write")


# Partner apps act through API keys; their scope is a role in this table too.
PARTNER_READ = "partner:read"
PARTNER_READ_WRITE = "partner:read_write"

# permission -> the roles that hold it. Site managers hold site permissions only for the
# sites assigned to them: querysets are narrowed by Site.objects.visible_to().
PERMISSIONS: dict[str, frozenset[str]] = {
    "portal.view": frozenset(Role.values),
    "sites.view": frozenset(
        {Role.MANAGER, Role.SITE_MANAGER, Role.VIEWER, PARTNER_READ, PARTNER_READ_WRITE}
    ),
    "sites.create": frozenset({Role.MANAGER, PARTNER_READ_WRITE}),
    "sites.change": frozenset({Role.MANAGER, Role.SITE_MANAGER, PARTNER_READ_WRITE}),
    "apikeys.manage": frozenset({Role.MANAGER}),
    # Rosters: people on duty, shifts, rotas, coverage and gap alerts.
    "rosters.view": frozenset(
        {Role.MANAGER, Role.SITE_MANAGER, Role.VIEWER, PARTNER_READ, PARTNER_READ_WRITE}
    ),
    "rosters.change": frozenset({Role.MANAGER, Role.SITE_MANAGER, PARTNER_READ_WRITE}),
    # Notices to residents in four languages, their posters and the public boards' content.
    "notices.view": frozenset(
        {Role.MANAGER, Role.SITE_MANAGER, Role.VIEWER, PARTNER_READ, PARTNER_READ_WRITE}
    ),
    "notices.change": frozenset({Role.MANAGER, Role.SITE_MANAGER, PARTNER_READ_WRITE}),
    # The gate: entries, visitor passes, returnees, isolation follow-up and escalations.
    "gate.view": frozenset(
        {Role.MANAGER, Role.SITE_MANAGER, Role.VIEWER, PARTNER_READ, PARTNER_READ_WRITE}
    ),
    "gate.record": frozenset({Role.GUARD, Role.MANAGER, Role.SITE_MANAGER, PARTNER_READ_WRITE}),
    "gate.policy": frozenset({Role.MANAGER, Role.SITE_MANAGER}),
    "gate.settings": frozenset({Role.MANAGER}),
    # Voiding any entry of a site, on its day; a guard voids only their own (gate.record).
    "gate.void": frozenset({Role.MANAGER, Role.SITE_MANAGER}),
    "cases.change": frozenset({Role.MANAGER, Role.SITE_MANAGER, PARTNER_READ_WRITE}),
    # Full ID, passport and phone numbers: managers only, and every view is recorded.
    "personal_data.reveal": frozenset({Role.MANAGER}),
    # A guard's own shifts on the phone.
    "shifts.own": frozenset({Role.GUARD}),
    # Cleaning and disinfection: cleaners record their rounds; managers plan them.
    "cleaning.view": frozenset(
        {Role.MANAGER, Role.SITE_MANAGER, Role.VIEWER, PARTNER_READ, PARTNER_READ_WRITE}
    ),
    "cleaning.record": frozenset(
        {Role.CLEANER, Role.MANAGER, Role.SITE_MANAGER, PARTNER_READ_WRITE}
    ),
    "cleaning.plan": frozenset({Role.MANAGER, Role.SITE_MANAGER, PARTNER_READ_WRITE}),
    # A cleaner's own round on the phone.
    "cleaning.round": frozenset({Role.CLEANER}),
    # When a log counts as recorded late (补录): a company setting.
    "cleaning.settings": frozenset({Role.MANAGER}),
    # The company's action log: managers read all of it, site managers their sites' entries.
    "history.view": frozenset({Role.MANAGER, Role.SITE_MANAGER, PARTNER_READ, PARTNER_READ_WRITE}),
    # The company's staff accounts: site managers see those of their sites, managers run them.
    "people.view": frozenset({Role.MANAGER, Role.SITE_MANAGER}),
    "people.manage": frozenset({Role.MANAGER}),
}


def role_has_permission(role: str | None, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}: declare it in accounts.roles")
    return role is not None and role in PERMISSIONS[permission]


def partner_role(scope: str) -> str:
    return PARTNER_READ_WRITE if scope == ApiScope.READ_WRITE else PARTNER_READ


# Who sees every site of their company rather than the sites they are assigned to.
ALL_SITES_ROLES = frozenset({Role.MANAGER, Role.VIEWER})


def sees_every_site(access) -> bool:
    """Managers, viewers and partner apps see every site; site staff only their assigned ones."""
    return access.role in ALL_SITES_ROLES or access.user is None
