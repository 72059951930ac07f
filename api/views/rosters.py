"""Gate rosters: people on duty, their shifts, and the coverage report of a site."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from api.serializers import (
    DutyPersonSerializer,
    PeriodSerializer,
    ShiftSerializer,
    SiteCoverageSerializer,
)
from api.views.base import CompanyViewSet, SiteFeatureViewSet, visible
from guanjia.datewindows import ROSTER
from tenants.rosters.models import DutyPerson, DutyPersonKind, Shift
from tenants.rosters.services.coverage import coverage_of_gates
from tenants.rosters.services.people import create_duty_person, update_duty_person
from tenants.rosters.services.shifts import create_shift, delete_shift, update_shift
from tenants.rosters.times import day_bounds, local_zone
from tenants.sites.models import Gate, Site

VIEW_ROSTERS = {"list": "rosters.view", "retrieve": "rosters.view"}
CHANGE_ROSTERS = {
    "create": "rosters.change",
    "update": "rosters.change",
    "partial_update": "rosters.change",
}


class PersonFilter(filters.FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")
    kind = filters.ChoiceFilter(choices=DutyPersonKind.choices)

    class Meta:
        model = DutyPerson
        fields = ["kind", "active", "name"]


class DutyPersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CompanyViewSet,
):
    """People who can stand at a gate: guards, paid extra guards, volunteers.

    Nobody is deleted: someone who stops is made inactive and keeps their past shifts.
    """

    model = DutyPerson
    serializer_class = DutyPersonSerializer
    filterset_class = PersonFilter
    permission_map = {**VIEW_ROSTERS, **CHANGE_ROSTERS}

    def perform_create(self, serializer):
        serializer.instance = create_duty_person(
            by=self.actor(), company=self.request.tenant, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = update_duty_person(
            serializer.instance,
            by=self.actor(),
            company=self.request.tenant,
            **serializer.validated_data,
        )


class MomentField(forms.Field):
    """One end of a period: a date (a whole day, Shanghai time) or a date and time.

    As the end of a period a date includes that day: ?to=2026-12-02 ends at midnight after it.
    """

    def __init__(self, *, period_end: bool, **kwargs):
        self.period_end = period_end
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = value.strip()
        try:
            day = parse_date(value)
            moment = None if day else parse_datetime(value)
        except ValueError:
            day = moment = None
        if day is not None:
            # Checked before the arithmetic: the day after 9999-12-31 does not exist.
            ROSTER.check(day)
            moment = datetime.datetime.combine(
                day + datetime.timedelta(days=1 if self.period_end else 0), datetime.time(0)
            )
        if moment is None:
            raise ValidationError(
                _("Give a date such as 2026-12-01 or a time such as 2026-12-01T22:00+08:00."),
                code="invalid",
            )
        moment = timezone.make_aware(moment, local_zone()) if timezone.is_naive(moment) else moment
        ROSTER.check_moment(moment)
        return moment


class MomentFilter(filters.Filter):
    field_class = MomentField


@extend_schema_field(
    {
        "anyOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "format": "date-time"},
        ],
        "description": "Shifts still on duty after this: a date (from its midnight, Shanghai "
        "time) or an ISO 8601 time, from 366 days before today to 366 days after it.",
        "example": "2026-12-01",
    }
)
class PeriodStartFilter(MomentFilter):
    def __init__(self, **kwargs):
        super().__init__(field_name="ends_at", lookup_expr="gt", period_end=False, **kwargs)


@extend_schema_field(
    {
        "anyOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "format": "date-time"},
        ],
        "description": "Shifts starting before this: a date (that whole day included) or an "
        "ISO 8601 time, from 366 days before today to 366 days after it.",
        "example": "2026-12-07",
    }
)
class PeriodEndFilter(MomentFilter):
    def __init__(self, **kwargs):
        super().__init__(field_name="starts_at", lookup_expr="lt", period_end=True, **kwargs)


class ShiftPeriodForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start is not None and end is not None and end <= start:
            self.add_error("to", _("The end of the period must come after its start."))
        return data


class ShiftFilter(filters.FilterSet):
    gate = filters.ModelChoiceFilter(queryset=visible(Gate))
    site = filters.ModelChoiceFilter(field_name="gate__site", queryset=visible(Site))
    person = filters.ModelChoiceFilter(queryset=visible(DutyPerson))

    class Meta:
        model = Shift
        fields = ["gate", "site", "person"]
        form = ShiftPeriodForm


# `from` is a Python keyword: the period's filters are added under their query names here.
# A shift is listed when any part of it falls in the period, so a night shift from 22:00 to
# 06:00 shows on both days it covers.
ShiftFilter.base_filters["from"] = PeriodStartFilter()
ShiftFilter.base_filters["to"] = PeriodEndFilter()


class ShiftViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    CompanyViewSet,
):
    """Shifts: one person at one gate from one moment to another (up to 24 hours).

    List them by gate, site or person and by period: `from` and `to` are dates (whole days,
    both included) or ISO 8601 times, and every shift overlapping the period is listed.
    """

    model = Shift
    serializer_class = ShiftSerializer
    filterset_class = ShiftFilter
    permission_map = {**VIEW_ROSTERS, **CHANGE_ROSTERS, "destroy": "rosters.change"}

    def get_queryset(self):
        return super().get_queryset().select_related("gate", "person")

    def perform_create(self, serializer):
        serializer.instance = create_shift(by=self.actor(), **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = update_shift(
            serializer.instance, by=self.actor(), **serializer.validated_data
        )

    def perform_destroy(self, instance):
        delete_shift(instance, by=self.actor())


def coverage_report(site, first: datetime.date, last: datetime.date) -> dict:
    """The coverage of a site's rostered gates from `first` to `last`, as the API shows it."""
    start, end = day_bounds(first, last)
    gates = list(Gate.objects.filter(site=site).rostered())
    coverage = coverage_of_gates(gates, start, end)
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    names = dict(
        DutyPerson.objects.filter(pk__in={c.person_id for c in coverage.clashes}).values_list(
            "pk", "name"
        )
    )
    return {
        "site": site.pk,
        "start": start,
        "end": end,
        "uncovered_hours": round(coverage.uncovered_hours(), 2),
        "gates": [
            {
                "gate": gate.pk,
                "name": gate.name,
                "status": gate.status,
                "uncovered_hours": round(coverage.uncovered_hours(gate.pk), 2),
                "days": [{"date": day, "gaps": coverage.gaps_of(gate.pk, day)} for day in days],
            }
            for gate in gates
        ],
        "clashes": [
            {
                "person": clash.person_id,
                "person_name": names.get(clash.person_id, ""),
                "first_shift": clash.first_shift_id,
                "second_shift": clash.second_shift_id,
                "start": clash.start,
                "end": clash.end,
            }
            for clash in coverage.clashes
        ],
    }


class SiteCoverageViewSet(SiteFeatureViewSet):
    """A site's roster coverage, at /sites/<id>/coverage/."""

    permission_map = {"coverage": "rosters.view"}

    @extend_schema(
        summary="Coverage of the site's gates",
        description=(
            "For each gate this company staffs and each day (Shanghai time): when it had fewer "
            "people on duty than it needs, and how many were missing; and everyone booked on "
            "two shifts at once. A night shift counts for both days it covers."
        ),
        filters=False,
        parameters=[
            OpenApiParameter(
                "from",
                OpenApiTypes.DATE,
                required=True,
                description="First day, e.g. 2026-12-01; from 366 days before today to 366 "
                "days after it.",
            ),
            OpenApiParameter(
                "to",
                OpenApiTypes.DATE,
                required=True,
                description="Last day, included; a period of at most 31 days, within the "
                "same window as `from`.",
            ),
        ],
        responses=SiteCoverageSerializer,
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def coverage(self, request, pk=None):
        site = self.get_object()
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        report = coverage_report(site, period.validated_data["from"], period.validated_data["to"])
        return Response(SiteCoverageSerializer(report).data)
