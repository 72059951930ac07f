"""The gate for partner apps: entries, visitor passes and escalation cases."""

from django.http import Http404
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from api.serializers.gate import (
    EntryCreateSerializer,
    EntrySerializer,
    EscalationSerializer,
    HandOverSerializer,
    NoteSerializer,
    VisitorPassSerializer,
)
from api.views.base import CompanyViewSet, visible
from api.views.gate.common import PERSONAL_NAMES, RevealMixin, created_or_found
from guanjia.datewindows import RECORDS_QUERY
from tenants.gate.models import (
    Entry,
    EscalationCase,
    EscalationStatus,
    PassSource,
    VisitorPass,
)
from tenants.gate.policy import Category, Outcome
from tenants.gate.services.entries import EntryIn
from tenants.gate.services.escalations import close_escalation, hand_over
from tenants.gate.services.passes import PassIn, create_pass
from tenants.gate.services.recording import record_entry_at
from tenants.sites.models import Gate, Site


class EntryFilter(filters.FilterSet):
    site = filters.ModelChoiceFilter(queryset=visible(Site))
    gate = filters.ModelChoiceFilter(queryset=visible(Gate))
    category = filters.ChoiceFilter(choices=Category.choices)
    outcome = filters.ChoiceFilter(choices=Outcome.choices)
    overridden = filters.BooleanFilter(method="filter_overridden")
    recorded_after = filters.IsoDateTimeFilter(
        field_name="recorded_at",
        lookup_expr="gte",
        validators=[RECORDS_QUERY.validate],
        help_text=RECORDS_QUERY.help_text,
    )
    recorded_before = filters.IsoDateTimeFilter(
        field_name="recorded_at",
        lookup_expr="lt",
        validators=[RECORDS_QUERY.validate],
        help_text=RECORDS_QUERY.help_text,
    )

    class Meta:
        model = Entry
        fields = ["site", "gate", "category", "outcome"]

    def filter_overridden(self, queryset, name, value):
        return queryset.overridden() if value else queryset.filter(override_reason="")


class EntryViewSet(RevealMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, CompanyViewSet):
    """People checked at the gates, with the decision of the site's entry policy.

    Create an entry with an id made by your app (`uuid`): sending the same entry again returns
    the first record (200) instead of a second one (201); the same id with a different entry
    answers 409 Conflict and records nothing. Personal numbers are masked.
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
        gate, pass_code = data.pop("gate"), data.pop("pass_code", "")
        try:
            entry, created = record_entry_at(
                self.access,
                gate.pk,
                EntryIn(**data),
                pass_code=pass_code,
                by=self.actor(),
                now=timezone.now(),
            )
        except (Gate.DoesNotExist, VisitorPass.DoesNotExist):
            raise Http404 from None
        return created_or_found(EntrySerializer(entry).data, created)


class PassFilter(filters.FilterSet):
    site = filters.ModelChoiceFilter(queryset=visible(Site))
    gate = filters.ModelChoiceFilter(queryset=visible(Gate))
    valid_on = filters.DateFilter(
        validators=[RECORDS_QUERY.validate], help_text=RECORDS_QUERY.help_text
    )

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
        """Make a pass for today. The same `uuid` again returns the first pass (200); with a
        different visitor or gate it answers 409 Conflict and makes nothing.
        """
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
            by=self.actor(),
        )
        return created_or_found(self.get_serializer(visitor_pass).data, not existed)


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
