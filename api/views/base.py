"""What every company API view shares: querysets narrowed to what the caller may see."""

from rest_framework import viewsets

from accounts.access import access_for
from tenants.sites.models import Site


class CompanyViewSet(viewsets.GenericViewSet):
    """Base of every company API view: querysets are always narrowed to what the caller may see."""

    model = None
    # Changes are PATCH: a PUT would have to resend what can never change (a gate's site),
    # and a partner's generated client would be told to.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return self.model.objects.visible_to(getattr(self, "access", None))

    def actor(self):
        """Who the services log as having acted: the signed-in person or the partner app's key."""
        return self.request.user


def visible(model):
    """The choices of an id filter: rows the caller may see, so other ids are invalid."""

    def queryset(request):
        return model.objects.visible_to(access_for(request) if request is not None else None)

    return queryset


class SiteFeatureViewSet(CompanyViewSet):
    """What one feature shows or does at /sites/<id>/<action>/: the site among those visible.

    Registered under the sites' prefix with actions only (no list, no detail of its own), so
    each feature keeps its part of a site's address in its own module.
    """

    model = Site
    filterset_class = None
