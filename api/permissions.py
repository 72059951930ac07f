from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import BasePermission

from accounts.access import access_for


class HasCompanyPermission(BasePermission):
    """Check the permission a view declares for the current action against accounts.roles.

    Views set `permission_map = {"list": "sites.view", ...}` keyed by viewset action.
    """

    def has_permission(self, request, view):
        permission_map = getattr(view, "permission_map", None)
        if permission_map is None:
            raise ImproperlyConfigured(f"{type(view).__name__} must declare permission_map")
        action = getattr(view, "action", None) or request.method.lower()
        permission = permission_map.get(action)
        if permission is None:
            return False
        access = access_for(request)
        view.access = access
        return access is not None and access.has(permission)
