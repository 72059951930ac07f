from django.db import connection
from django_tenants.utils import get_public_schema_name

from accounts.models import Membership


class MembershipMiddleware:
    """Attach the signed-in user's membership in the company of this host (or None)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        tenant = getattr(request, "tenant", None)
        if (
            tenant is not None
            and connection.schema_name != get_public_schema_name()
            and request.user.is_authenticated
        ):
            request.membership = Membership.objects.filter(
                user=request.user, company_id=tenant.pk, is_active=True
            ).first()
        return self.get_response(request)
