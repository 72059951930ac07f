"""What a company's sites are made of: the site, its buildings, gates, facilities and partners."""

from tenants.sites.models.gate import Gate, GateStatus, GateStatusChange
from tenants.sites.models.places import (
    Building,
    Facility,
    FacilityKind,
    ResponsibleUnit,
    ResponsibleUnitKind,
)
from tenants.sites.models.site import (
    ALL_SITES_ROLES,
    Site,
    SiteKind,
    SiteQuerySet,
    SiteScopedQuerySet,
    sees_every_site,
)

__all__ = [
    "ALL_SITES_ROLES",
    "Building",
    "Facility",
    "FacilityKind",
    "Gate",
    "GateStatus",
    "GateStatusChange",
    "ResponsibleUnit",
    "ResponsibleUnitKind",
    "Site",
    "SiteKind",
    "SiteQuerySet",
    "SiteScopedQuerySet",
    "sees_every_site",
]
