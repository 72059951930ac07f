"""Who is asking, in which company, with which role: one answer for the portal and the API."""

from dataclasses import dataclass

from django.db import connection
from django_tenants.utils import get_public_schema_name

from accounts.roles import partner_role, role_has_permission


@dataclass(frozen=True)
class Access:
    """The role a request acts with in the current company, and the signed-in user if any."""

    role: str
    user: object | None = None

    def has(self, permission: str) -> bool:
        return role_has_permission(self.role, permission)


def access_for(request) -> Access | None:
    """The request's access in the company of its host, or None for outsiders."""
    if connection.schema_name == get_public_schema_name():
        return None
    api_key = getattr(request, "auth", None)
    if api_key is not None and getattr(api_key, "is_api_key", False):
        return Access(role=partner_role(api_key.scope))
    membership = getattr(request, "membership", None)
    if membership is None:
        return None
    return Access(role=membership.role, user=request.user)


def request_has_permission(request, permission: str) -> bool:
    access = access_for(request)
    return access is not None and access.has(permission)
