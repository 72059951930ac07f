from django_filters import rest_framework as filters
from rest_framework import mixins, viewsets

from api.serializers import SiteSerializer
from tenants.sites.models import Site
from tenants.sites.services import create_site, update_site


class CompanyViewSet(viewsets.GenericViewSet):
    """Base of every company API view: querysets are always narrowed to what the caller may see."""

    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(getattr(self, "access", None))

    def actor(self):
        return self.request.user if getattr(self.request.user, "pk", None) else None


class SiteFilter(filters.FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Site
        fields = ["kind", "district", "name"]


class SiteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CompanyViewSet,
):
    """The company's sites: compounds, apartment buildings and office buildings."""

    model = Site
    serializer_class = SiteSerializer
    filterset_class = SiteFilter
    permission_map = {
        "list": "sites.view",
        "retrieve": "sites.view",
        "create": "sites.create",
        "update": "sites.change",
        "partial_update": "sites.change",
    }

    def perform_create(self, serializer):
        serializer.instance = create_site(by=self.actor(), **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = update_site(
            serializer.instance, by=self.actor(), **serializer.validated_data
        )
