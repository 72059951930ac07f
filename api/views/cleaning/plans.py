"""Cleaning areas and the tasks of their plans: what is cleaned, how often, and since when.

Nothing here is deleted: an area is retired (`active: false`), a task ended. A change of a task
ends it and starts a new one from now, so slots already due keep the plan they were due under.
"""

from collections.abc import Mapping

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from api.serializers.cleaning import AreaSerializer, FacilityAreaSerializer, PlanTaskSerializer
from api.views.base import CompanyViewSet, visible
from api.views.cleaning.schema import CleaningSchema
from api.views.gate.common import created_or_found
from tenants.cleaning.models import Area, PlanTask
from tenants.cleaning.services.areas import area_for_facility, change_area, create_area
from tenants.cleaning.services.plans import add_task, change_task, end_task
from tenants.sites.models import FacilityKind, Site

VIEW = {"list": "cleaning.view", "retrieve": "cleaning.view"}
PLAN = {"create": "cleaning.plan", "update": "cleaning.plan", "partial_update": "cleaning.plan"}


class ReadCreateChangeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CompanyViewSet,
):
    """List, read, create and change (PATCH); nothing is deleted."""


class AreaFilter(filters.FilterSet):
    site = filters.ModelChoiceFilter(queryset=visible(Site))
    kind = filters.ChoiceFilter(choices=FacilityKind.choices)

    class Meta:
        model = Area
        fields = ["site", "kind", "active"]


class AreaViewSet(ReadCreateChangeViewSet):
    """Places of the sites that are cleaned: common areas (a building's stairwell) and facilities.

    Create a common area with its `site`, `kind` and `name`; or plan a facility with
    `{"facility": id}`: its area is made the first time (201) and found after that (200).
    """

    model = Area
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    schema = CleaningSchema()
    permission_map = {**VIEW, **PLAN}

    def get_queryset(self):
        return super().get_queryset().select_related("facility", "site")

    @extend_schema(
        request=PolymorphicProxySerializer(
            component_name="AreaCreate",
            serializers=[AreaSerializer, FacilityAreaSerializer],
            resource_type_field_name=None,
        ),
        responses={
            201: AreaSerializer,
            200: OpenApiResponse(AreaSerializer, description="The facility's area, made before."),
        },
    )
    def create(self, request):
        if isinstance(request.data, Mapping) and "facility" in request.data:
            incoming = FacilityAreaSerializer(
                data=request.data, context=self.get_serializer_context()
            )
            incoming.is_valid(raise_exception=True)
            facility = incoming.validated_data["facility"]
            existed = Area.objects.filter(facility=facility).exists()
            area = area_for_facility(facility, by=self.actor())
            return created_or_found(self.get_serializer(area).data, not existed)
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        area = create_area(data.pop("site"), by=self.actor(), **data)
        return created_or_found(self.get_serializer(area).data, True)

    def perform_update(self, serializer):
        serializer.instance = change_area(
            serializer.instance, by=self.actor(), **serializer.validated_data
        )


class PlanTaskFilter(filters.FilterSet):
    area = filters.ModelChoiceFilter(queryset=visible(Area))
    site = filters.ModelChoiceFilter(field_name="area__site", queryset=visible(Site))
    current = filters.BooleanFilter(
        method="filter_current",
        help_text="true: the tasks in force; false: those that ended or were replaced.",
    )

    class Meta:
        model = PlanTask
        fields = ["area", "site"]

    def filter_current(self, queryset, name, value):
        return queryset.current() if value else queryset.filter(valid_until__isnull=False)


class PlanTaskViewSet(ReadCreateChangeViewSet):
    """The tasks of the areas' plans, those in force and those that ended.

    A task is never changed in place: PATCH ends it now and answers 200 with the task that
    replaces it (a new `id`; its `replaces` is the id you changed). Ending a task
    (POST …/end/) takes it out of the plan from now; its past slots and logs stay.
    """

    model = PlanTask
    serializer_class = PlanTaskSerializer
    filterset_class = PlanTaskFilter
    permission_map = {**VIEW, **PLAN, "end": "cleaning.plan"}

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("area", "replaced_by")
            .prefetch_related("assigned_users", "assigned_people")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = add_task(
            data.pop("area"),
            by=self.actor(),
            users=data.pop("assigned_users", None),
            people=data.pop("assigned_people", None),
            **data,
        )

    @extend_schema(
        description=(
            "Change a task from now on: the task at this address ends, and the answer is the "
            "new task that replaces it, with its own `id` and `replaces` naming this one. "
            "Fields left out keep their values."
        ),
        responses={200: OpenApiResponse(PlanTaskSerializer, description="The new task.")},
    )
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = change_task(
            serializer.instance,
            by=self.actor(),
            users=data.pop("assigned_users", None),
            people=data.pop("assigned_people", None),
            **data,
        )

    @extend_schema(
        summary="End a task",
        description="Take the task out of the plan from now; its past slots and logs stay.",
        request=None,
        responses=PlanTaskSerializer,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def end(self, request, pk=None):
        task = end_task(self.get_object(), by=self.actor())
        return Response(self.get_serializer(task).data)
