"""Changes of state for sites and what is in them: every page, API call and command uses these."""

from tenants.sites.services.sites import (
    EDITABLE_FIELDS,
    company_staff,
    create_site,
    update_site,
)

__all__ = ["EDITABLE_FIELDS", "company_staff", "create_site", "update_site"]
