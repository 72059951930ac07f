"""Sites and what is in them: buildings, gates, facilities and responsible units."""

from django.db import connection
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import strict
from api.serializers.base import CompanySerializer, VisibleRelatedField
from tenants.notices.board import board_url
from tenants.sites.models import Building, Facility, Gate, GateStatus, ResponsibleUnit, Site
from tenants.sites.services import EDITABLE_FIELDS
from tenants.sites.services.gates import GATE_FIELDS, MAX_ON_DUTY
from tenants.sites.services.places import BUILDING_FIELDS, FACILITY_FIELDS, UNIT_FIELDS

TIME_OF_DAY = {"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$", "example": "06:00"}


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "array", "items": TIME_OF_DAY, "minItems": 2, "maxItems": 2},
        "description": "Pairs of start and end times, Shanghai time; an end at or before the "
        "start is the next day. Empty for 24 hours a day.",
        "example": [["06:00", "22:00"]],
    }
)
class OpeningHoursField(serializers.JSONField):
    """Opening hours as the service keeps them; the service checks every time in them."""

    default_error_messages = {
        "shape": _('Give a list of [start, end] pairs of times, e.g. [["06:00", "22:00"]].')
    }

    def to_internal_value(self, data):
        pairs_of_text = isinstance(data, list) and all(
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(t, str) for t in pair)
            for pair in data
        )
        if not pairs_of_text:
            self.fail("shape")
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "from": TIME_OF_DAY,
                "until": TIME_OF_DAY,
                "minimum": {"type": "integer", "minimum": 1, "maximum": MAX_ON_DUTY},
            },
            "required": ["from", "until", "minimum"],
            "additionalProperties": False,
        },
        "description": "People needed at some hours of every day instead of minimum_on_duty.",
        "example": [{"from": "22:00", "until": "06:00", "minimum": 2}],
    }
)
class StaffingRulesField(serializers.JSONField):
    """Staffing rules as the service keeps them; the service checks each rule."""

    default_error_messages = {
        "shape": _(
            'Give a list of rules, e.g. [{{"from": "22:00", "until": "06:00", "minimum": 2}}].'
        )
    }

    def to_internal_value(self, data):
        rules = isinstance(data, list) and all(
            isinstance(rule, dict)
            and set(rule) == {"from", "until", "minimum"}
            and isinstance(rule["from"], str)
            and isinstance(rule["until"], str)
            and isinstance(rule["minimum"], int)
            and not isinstance(rule["minimum"], bool)
            for rule in data
        )
        if not rules:
            self.fail("shape")
        return super().to_internal_value(data)


def site_field():
    return VisibleRelatedField(queryset=Site.objects.all())


class SiteSerializer(CompanySerializer):
    """A compound, apartment building or office building the company manages."""

    kind_display = strict.CharField(source="get_kind_display", read_only=True)
    district_display = strict.CharField(source="get_district_display", read_only=True)
    board_url = serializers.SerializerMethodField(
        help_text="The site's public notice board: no sign-in, the same address for good."
    )

    class Meta:
        model = Site
        fields = [
            "id",
            *EDITABLE_FIELDS,
            "kind_display",
            "district_display",
            "board_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_board_url(self, site) -> str:
        return board_url(site, connection.tenant)


class BuildingSerializer(CompanySerializer):
    """A building of a site (楼 / 幢); its site is set when it is added."""

    site = site_field()

    class Meta:
        model = Building
        fields = ["id", "site", *BUILDING_FIELDS]
        create_only_fields = ["site"]


class GateSerializer(CompanySerializer):
    """An entrance of a site (出入口 / 门岗): its hours, the people it needs, and its status.

    The status changes through POST /gates/{id}/status/; the site is set when it is added."""

    site = site_field()
    opening_hours = OpeningHoursField(required=False)
    staffing_rules = StaffingRulesField(required=False)
    status_display = strict.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Gate
        fields = [
            "id",
            "site",
            *GATE_FIELDS,
            "status",
            "status_display",
            "status_since",
            "status_reason",
            "created_at",
        ]
        # A gate is opened, closed or sealed through POST /gates/{id}/status/, with a reason.
        read_only_fields = ["status", "status_since", "status_reason", "created_at"]
        create_only_fields = ["site"]


class GateStatusSerializer(serializers.Serializer):
    """Open, close or seal a gate; closing or sealing needs a reason."""

    status = serializers.ChoiceField(choices=GateStatus.choices)
    reason = strict.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        default="",
        help_text=_("Why the gate is closed or sealed; required unless it is opened."),
    )


class FacilitySerializer(CompanySerializer):
    """A shared place of a site that is cleaned and disinfected: kitchen, lift, rubbish room…"""

    site = site_field()
    opening_hours = OpeningHoursField(
        required=False, help_text=_("Only a shared kitchen has opening hours, and it must.")
    )
    kind_display = strict.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Facility
        fields = ["id", "site", *FACILITY_FIELDS, "kind_display"]
        create_only_fields = ["site"]


class ResponsibleUnitSerializer(CompanySerializer):
    """An organisation accountable for a site (包干单位), and how to reach it."""

    site = site_field()
    kind_display = strict.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ResponsibleUnit
        fields = ["id", "site", *UNIT_FIELDS, "kind_display"]
        create_only_fields = ["site"]
