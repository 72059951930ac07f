"""The gate for partner apps: entries, visitor passes, returnees, isolation, needs, escalations."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.serializers.gate import (
    AssignSerializer,
    EndSerializer,
    EntryCreateSerializer,
    EntrySerializer,
    EscalationSerializer,
    ExtendSerializer,
    HandOverSerializer,
    IsolationCaseSerializer,
    NeedSerializer,
    NoteSerializer,
    ReturneeSerializer,
    RevealSerializer,
    TemperatureReadingSerializer,
    VisitorPassSerializer,
)
from api.views.base import CompanyViewSet, visible
from tenants.gate.models import (
    Entry,
    EscalationCase,
    EscalationStatus,
    IsolationCase,
    IsolationStatus,
    NeedKind,
    NeedRequest,
    NeedStatus,
    PassSource,
    Returnee,
    TemperatureReading,
    VisitorPass,
)
from tenants.gate.policy import Category, Outcome
from tenants.gate.services.entries import EntryIn, gates_for_recording, record_entry
from tenants.gate.services.escalations import close_escalation, hand_over
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
from tenants.gate.services.passes import PassIn, create_pass, find_pass
from tenants.gate.services.personal_data import reveal
from tenants.sites.models import Gate, Site


def api_field_names(renames: dict[str, str]):
    """Report a service's field errors under the names the API's caller sent."""

    def wrap(call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            raise ValidationError(
                {
                    renames.get(field, field): messages
                    for field, messages in exc.message_dict.items()
                }
            ) from exc

    return wrap


PERSONAL_NAMES = api_field_names({"phone": "phone_number", "document": "document_number"})
READING_NAMES = api_field_names({"on": "taken_on"})


def created_or_found(serializer_data, created: bool) -> Response:
    """201 for a new row; 200 with the first row for a resend of the same id."""
    return Response(serializer_data, status=status.HTTP_201_CREATED if created else 200)


class RevealMixin:
    @extend_schema(request=None, responses=RevealSerializer, summary="Show the full numbers")
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The record's full ID or passport number and phone, for managers; each call is logged."""
        return Response(reveal(self.get_object(), by=request.user))


class EntryFilter(filters.FilterSet):
    site = filters.ModelChoiceFilter(queryset=visible(Site))
    gate = filters.ModelChoiceFilter(queryset=visible(Gate))
    category = filters.ChoiceFilter(choices=Category.choices)
    outcome = filters.ChoiceFilter(choices=Outcome.choices)
    overridden = filters.BooleanFilter(method="filter_overridden")
    recorded_after = filters.IsoDateTimeFilter(field_name="recorded_at", lookup_expr="gte")
    recorded_before = filters.IsoDateTimeFilter(field_name="recorded_at", lookup_expr="lt")

    class Meta:
        model = Entry
        fields = ["site", "gate", "category", "outcome"]

    def filter_overridden(self, queryset, name, value):
        return queryset.overridden() if value else queryset.filter(override_reason="")


class EntryViewSet(RevealMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, CompanyViewSet):
    """People checked at the gates, with the decision of the site's entry policy.

    Create an entry with an id made by your app (`uuid`): sending the same entry again returns
    the first record (200) instead of a second one (201). Personal numbers are masked.
    """

    model = Entry
    serializer_class = EntrySerializer
    filterset_class = EntryFilter
    permission_map = {
        "list": "gate.view",
        "retrieve": "gate.view",
        "create": "gate.record",
        "reveal": "personal_data.reveal",
    }

    def get_queryset(self):
        return super().get_queryset().select_related("visitor_pass")

    @extend_schema(request=EntryCreateSerializer, responses=EntrySerializer)
    def create(self, request):
        incoming = EntryCreateSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        now = timezone.now()
        gate = gates_for_recording(self.access, now).filter(pk=data.pop("gate").pk).first()
        if gate is None:
            raise Http404
        code = data.pop("pass_code", "")
        visitor_pass = find_pass(code, gates=[gate]) if code else None
        if code and visitor_pass is None:
            raise Http404
        entry, created = record_entry(
            gate, EntryIn(visitor_pass=visitor_pass, **data), by=self.actor(), now=now
        )
        return created_or_found(EntrySerializer(entry).data, created)


class PassFilter(filters.FilterSet):
    site = filters.ModelChoiceFilter(queryset=visible(Site))
    gate = filters.ModelChoiceFilter(queryset=visible(Gate))
    valid_on = filters.DateFilter()

    class Meta:
        model = VisitorPass
        fields = ["site", "gate", "valid_on"]


class VisitorPassViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CompanyViewSet):
    """Visitor passes: a resident's app invites a guest, who shows the code at the gate today.

    A pass is valid on the day it is made and is used by one entry.
    """

    model = VisitorPass
    serializer_class = VisitorPassSerializer
    filterset_class = PassFilter
    permission_map = {"list": "gate.view", "retrieve": "gate.view", "create": "gate.record"}

    def get_queryset(self):
        return super().get_queryset().select_related("entry")

    def create(self, request):
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        existed = VisitorPass.objects.filter(uuid=data["uuid"]).exists()
        visitor_pass = PERSONAL_NAMES(
            create_pass,
            data["gate"],
            PassIn(
                uuid=data["uuid"],
                category=data["category"],
                name=data.get("name", ""),
                phone=data["phone_number"],
                building=data.get("building", ""),
                room=data.get("room", ""),
                health_code=data.get("health_code") or "none",
                key_region_travel=data.get("key_region_travel", False),
            ),
            source=PassSource.API,
        )
        return created_or_found(self.get_serializer(visitor_pass).data, not existed)


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


class TemperatureReadingViewSet(mixins.ListModelMixin, CompanyViewSet):
    """Morning and evening temperatures of people in isolation; 37.3 °C and above is reported."""

    model = TemperatureReading
    serializer_class = TemperatureReadingSerializer
    filterset_fields = ["case", "taken_on", "period"]
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


class EscalationFilter(filters.FilterSet):
    site = filters.ModelChoiceFilter(queryset=visible(Site))
    status = filters.ChoiceFilter(choices=EscalationStatus.choices)

    class Meta:
        model = EscalationCase
        fields = ["site", "status"]


class EscalationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CompanyViewSet):
    """Abnormal findings (fever, travel, broken isolation): reported, handed over, closed."""

    model = EscalationCase
    serializer_class = EscalationSerializer
    filterset_class = EscalationFilter
    permission_map = {
        "list": "gate.view",
        "retrieve": "gate.view",
        "hand_over": "cases.change",
        "close": "cases.change",
    }

    @extend_schema(request=HandOverSerializer, responses=EscalationSerializer)
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, pk=None):
        """Record to whom the person was handed over."""
        case = self.get_object()
        incoming = HandOverSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        case = hand_over(case, to=incoming.validated_data["to"], by=self.actor())
        return Response(self.get_serializer(case).data)

    @extend_schema(request=NoteSerializer, responses=EscalationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the case once it was followed up."""
        case = self.get_object()
        incoming = NoteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        case = close_escalation(case, note=incoming.validated_data["note"], by=self.actor())
        return Response(self.get_serializer(case).data)
