from django.shortcuts import get_object_or_404

from tenants.sites.models import Site


class SiteFromUrlMixin:
    """The site named by the URL's `site`, among those the user may see (404 otherwise)."""

    def get_site(self):
        if not hasattr(self, "site"):
            self.site = get_object_or_404(
                Site.objects.visible_to(self.access), pk=self.kwargs["site"]
            )
        return self.site
