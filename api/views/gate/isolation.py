"""Home isolation for partner apps: returnees, isolation cases, readings and needs."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.serializers.gate import (
    AssignSerializer,
    EndSerializer,
    ExtendSerializer,
    IsolationCaseSerializer,
    NeedSerializer,
    NoteSerializer,
    ReturneeSerializer,
    TemperatureReadingSerializer,
)
from api.views.base import CompanyViewSet, visible
from api.views.gate.common import PERSONAL_NAMES, READING_NAMES, RevealMixin, created_or_found
from guanjia.datewindows import RECORDS_QUERY
from tenants.gate.models import (
    IsolationCase,
    IsolationStatus,
    NeedKind,
    NeedRequest,
    NeedStatus,
    Returnee,
    TemperatureReading,
)
from tenants.gate.services.isolation import (
    ObservationIn,
    ReturneeIn,
    end_isolation,
    extend_isolation,
    place_under_observation,
    record_reading,
    register_returnee,
)
from tenants.gate.services.needs import assign_need, close_need, open_need
from tenants.sites.models import Site


class ReturneeViewSet(RevealMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      CompanyViewSet):  # fmt: skip
    """Returnees: registering one starts home isolation counted from the committee's date."""

    model = Returnee
    serializer_class = ReturneeSerializer
    filterset_fields = ["site"]
    permission_map = {
        "list": "gate.view",
        "retrieve": "gate.view",
        "create": "gate.record",
        "reveal": "personal_data.reveal",
    }

    def get_queryset(self):
        return super().get_queryset().select_related("isolation_case")

    def create(self, request):
        """Register a returnee and start their isolation. The same `uuid` again returns the
        first registration (200); with a different person or site it answers 409 Conflict
        and registers nothing.
        """
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        site = data.pop("site")
        data["document"] = data.pop("document_number")
        data["phone"] = data.pop("phone_number")
        data.setdefault("document_kind", "id_card")
        data.setdefault("name", "")
        returnee, created = PERSONAL_NAMES(
            register_returnee, site, ReturneeIn(**data), by=self.actor()
        )
        return created_or_found(self.get_serializer(returnee).data, created)


class IsolationFilter(filters.FilterSet):
    site = filters.ModelChoiceFilter(queryset=visible(Site))
    status = filters.ChoiceFilter(choices=IsolationStatus.choices)

    class Meta:
        model = IsolationCase
        fields = ["site", "status"]


class IsolationCaseViewSet(RevealMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           CompanyViewSet):  # fmt: skip
    """Home isolation cases: place someone under observation, extend, end early or transfer."""

    model = IsolationCase
    serializer_class = IsolationCaseSerializer
    filterset_class = IsolationFilter
    permission_map = {
        "list": "gate.view",
        "retrieve": "gate.view",
        "create": "cases.change",
        "extend": "cases.change",
        "end": "cases.change",
        "reveal": "personal_data.reveal",
    }

    def create(self, request):
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        case = PERSONAL_NAMES(
            place_under_observation,
            data["site"],
            ObservationIn(
                name=data.get("name", ""),
                building=data["building"],
                room=data["room"],
                phone=data["phone_number"],
                starts_on=data["starts_on"],
            ),
            by=self.actor(),
        )
        return Response(self.get_serializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExtendSerializer, responses=IsolationCaseSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """Move the last day later, with the reason."""
        case = self.get_object()
        incoming = ExtendSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        case = extend_isolation(case, by=self.actor(), **incoming.validated_data)
        return Response(self.get_serializer(case).data)

    @extend_schema(request=EndSerializer, responses=IsolationCaseSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the isolation early (released) or by a transfer, with the reason."""
        case = self.get_object()
        incoming = EndSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        case = end_isolation(case, by=self.actor(), **incoming.validated_data)
        return Response(self.get_serializer(case).data)


class ReadingFilter(filters.FilterSet):
    taken_on = filters.DateFilter(
        validators=[RECORDS_QUERY.validate], help_text=RECORDS_QUERY.help_text
    )

    class Meta:
        model = TemperatureReading
        fields = ["case", "taken_on", "period"]


class TemperatureReadingViewSet(mixins.ListModelMixin, CompanyViewSet):
    """Morning and evening temperatures of people in isolation; 37.3 °C and above is reported."""

    model = TemperatureReading
    serializer_class = TemperatureReadingSerializer
    filterset_class = ReadingFilter
    permission_map = {"list": "gate.view", "create": "cases.change"}

    def create(self, request):
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        reading, created = READING_NAMES(
            record_reading,
            data["case"],
            on=data["taken_on"],
            period=data["period"],
            temperature=data["temperature"],
            by=self.actor(),
        )
        return created_or_found(self.get_serializer(reading).data, created)


class NeedFilter(filters.FilterSet):
    case = filters.ModelChoiceFilter(queryset=visible(IsolationCase))
    status = filters.ChoiceFilter(choices=NeedStatus.choices)
    kind = filters.ChoiceFilter(choices=NeedKind.choices)

    class Meta:
        model = NeedRequest
        fields = ["case", "status", "kind"]


class NeedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CompanyViewSet):
    """Needs of households in isolation: opened, assigned, closed with a note."""

    model = NeedRequest
    serializer_class = NeedSerializer
    filterset_class = NeedFilter
    permission_map = {
        "list": "gate.view",
        "retrieve": "gate.view",
        "create": "cases.change",
        "assign": "cases.change",
        "close": "cases.change",
    }

    def create(self, request):
        """Note a need. The same `uuid` again returns the first request (200); with a
        different need or case it answers 409 Conflict and notes nothing.
        """
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        need, created = open_need(
            data["case"],
            uuid=data["uuid"],
            kind=data["kind"],
            details=data.get("details", ""),
            by=self.actor(),
        )
        return created_or_found(self.get_serializer(need).data, created)

    @extend_schema(request=AssignSerializer, responses=NeedSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Give the request to someone on duty."""
        need = self.get_object()
        incoming = AssignSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        need = assign_need(need, to=incoming.validated_data["assigned_to"], by=self.actor())
        return Response(self.get_serializer(need).data)

    @extend_schema(request=NoteSerializer, responses=NeedSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the request, saying what was done."""
        need = self.get_object()
        incoming = NoteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        need = close_need(need, note=incoming.validated_data["note"], by=self.actor())
        return Response(self.get_serializer(need).data)
