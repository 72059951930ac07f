from django.core.cache import cache
from django_tenants.middleware.main import TenantMainMiddleware

from companies.models import domain_cache_key

DOMAIN_CACHE_SECONDS = 60 * 60


class CachedTenantMiddleware(TenantMainMiddleware):
    """Resolve the company from the host name through the cache, not a query per request.

    Domain and Company saves and deletes drop the cached entry (see companies.models).
    """

    def get_tenant(self, domain_model, hostname):
        key = domain_cache_key(hostname)
        tenant = cache.get(key)
        if tenant is None:
            tenant = super().get_tenant(domain_model, hostname)
            cache.set(key, tenant, DOMAIN_CACHE_SECONDS)
        return tenant
