"""Sites and what is in them: buildings, gates (with their status), facilities, responsible units.

Nothing here is deleted: a gate that is no longer used is closed, with a reason. What other
features show of a site (its coverage, its board, its entry policy) is in their own modules,
under the same /sites/<id>/ address.
"""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from api.serializers import (
    BuildingSerializer,
    FacilitySerializer,
    GateSerializer,
    GateStatusSerializer,
    ResponsibleUnitSerializer,
    SiteSerializer,
)
from api.views.base import CompanyViewSet, visible
from tenants.sites.models import Building, Facility, Gate, ResponsibleUnit, Site
from tenants.sites.services import create_site, update_site
from tenants.sites.services.gates import change_gate_status, create_gate, update_gate
from tenants.sites.services.places import (
    create_building,
    create_facility,
    create_responsible_unit,
    update_building,
    update_facility,
    update_responsible_unit,
)

VIEW_SITES = {"list": "sites.view", "retrieve": "sites.view"}
CHANGE_SITES = {
    "create": "sites.change",
    "update": "sites.change",
    "partial_update": "sites.change",
}


class ReadCreateUpdateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CompanyViewSet,
):
    """List, read, create and change; no delete."""


class SiteFilter(filters.FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Site
        fields = ["kind", "district", "name"]


class SiteViewSet(ReadCreateUpdateViewSet):
    """The company's sites: compounds, apartment buildings and office buildings."""

    model = Site
    serializer_class = SiteSerializer
    filterset_class = SiteFilter
    permission_map = {
        **VIEW_SITES,
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


class SiteRowFilter(filters.FilterSet):
    site = filters.ModelChoiceFilter(queryset=visible(Site))


class BuildingFilter(SiteRowFilter):
    class Meta:
        model = Building
        fields = ["site"]


class BuildingViewSet(ReadCreateUpdateViewSet):
    """Buildings of the sites (楼 / 幢) and their number of units."""

    model = Building
    serializer_class = BuildingSerializer
    filterset_class = BuildingFilter
    permission_map = {**VIEW_SITES, **CHANGE_SITES}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = create_building(data.pop("site"), by=self.actor(), **data)

    def perform_update(self, serializer):
        serializer.instance = update_building(
            serializer.instance, by=self.actor(), **serializer.validated_data
        )


class GateFilter(SiteRowFilter):
    class Meta:
        model = Gate
        fields = ["site", "status", "responsible"]


class GateViewSet(ReadCreateUpdateViewSet):
    """Gates of the sites (出入口 / 门岗), their hours and staffing; closed, never deleted."""

    model = Gate
    serializer_class = GateSerializer
    filterset_class = GateFilter
    permission_map = {**VIEW_SITES, **CHANGE_SITES, "status": "sites.change"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = create_gate(data.pop("site"), by=self.actor(), **data)

    def perform_update(self, serializer):
        serializer.instance = update_gate(
            serializer.instance, by=self.actor(), **serializer.validated_data
        )

    @extend_schema(
        summary="Open, close or seal a gate",
        description=(
            "Records who changed the status, when and why; closing or sealing needs a reason. "
            "A closed gate needs no one on duty. Sending the status the gate already has "
            "changes nothing."
        ),
        request=GateStatusSerializer,
        responses=GateSerializer,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def status(self, request, pk=None):
        gate = self.get_object()
        change = GateStatusSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        gate = change_gate_status(gate, by=self.actor(), **change.validated_data)
        return Response(self.get_serializer(gate).data)


class FacilityFilter(SiteRowFilter):
    class Meta:
        model = Facility
        fields = ["site", "kind"]


class FacilityViewSet(ReadCreateUpdateViewSet):
    """Shared places that are cleaned and disinfected: kitchens, lifts, rubbish rooms…"""

    model = Facility
    serializer_class = FacilitySerializer
    filterset_class = FacilityFilter
    permission_map = {**VIEW_SITES, **CHANGE_SITES}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = create_facility(data.pop("site"), by=self.actor(), **data)

    def perform_update(self, serializer):
        serializer.instance = update_facility(
            serializer.instance, by=self.actor(), **serializer.validated_data
        )


class ResponsibleUnitFilter(SiteRowFilter):
    class Meta:
        model = ResponsibleUnit
        fields = ["site", "kind"]


class ResponsibleUnitViewSet(ReadCreateUpdateViewSet):
    """Organisations accountable for a site (包干单位) and how to reach them."""

    model = ResponsibleUnit
    serializer_class = ResponsibleUnitSerializer
    filterset_class = ResponsibleUnitFilter
    permission_map = {**VIEW_SITES, **CHANGE_SITES}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = create_responsible_unit(data.pop("site"), by=self.actor(), **data)

    def perform_update(self, serializer):
        serializer.instance = update_responsible_unit(
            serializer.instance, by=self.actor(), **serializer.validated_data
        )
