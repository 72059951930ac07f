"""The base of every company portal view: sign-in, membership and one declared permission."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from accounts.access import access_for


class CompanyPermissionRequiredMixin(AccessMixin):
    """Let a view through only for members of this host's company whose role holds `permission`."""

    permission: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if self.permission is None:
            raise ImproperlyConfigured(f"{type(self).__name__} must declare a permission")
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = access_for(request)
        if self.access is None or not self.access.has(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
