"""People on duty, their shifts, and the coverage of a site's gates."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers import strict
from api.serializers.base import CompanySerializer, VisibleRelatedField, access_of
from guanjia.datewindows import ROSTER
from tenants.rosters.models import DutyPerson, Shift, sees_full_phones
from tenants.rosters.services.people import PERSON_FIELDS
from tenants.sites.models import Gate

MAX_COVERAGE_DAYS = 31


class DutyPersonSerializer(CompanySerializer):
    """Someone who can stand at a gate: a guard, a paid extra guard, a volunteer."""

    kind_display = strict.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = DutyPerson
        fields = ["id", *PERSON_FIELDS, "kind_display", "user", "created_at"]
        # A sign-in account is linked when a guard is added in the portal, not by partners.
        read_only_fields = ["user", "created_at"]
        extra_kwargs = {
            "phone": {
                "max_length": 30,
                "help_text": _(
                    "A mainland mobile or +country number, kept as E.164. Shown in full to "
                    "managers and site managers, masked (138****5678) to everyone else."
                ),
            },
            "active": {"help_text": _("Inactive people can no longer be put on shifts.")},
        }

    def to_representation(self, person):
        data = super().to_representation(person)
        if not sees_full_phones(access_of(self.context)):
            data["phone"] = person.phone_masked
        return data


class ShiftSerializer(CompanySerializer):
    """One person at one gate from one moment to another: up to 24 hours, may cross midnight."""

    gate = VisibleRelatedField(queryset=Gate.objects.all())
    person = VisibleRelatedField(queryset=DutyPerson.objects.all())
    gate_name = strict.CharField(source="gate.name", read_only=True)
    site = strict.IntegerField(source="gate.site_id", read_only=True)
    person_name = strict.CharField(source="person.name", read_only=True)

    class Meta:
        model = Shift
        fields = [
            "id",
            "gate",
            "gate_name",
            "site",
            "person",
            "person_name",
            "starts_at",
            "ends_at",
            "note",
            "absent",
            "covers",
            "rota",
            "created_at",
        ]
        read_only_fields = ["absent", "covers", "rota", "created_at"]
        extra_kwargs = {
            "starts_at": {
                "validators": [ROSTER.validate],
                "help_text": ROSTER.help_text_with(
                    _(
                        "ISO 8601; a time without an offset is Shanghai time. Answers are always "
                        "in Shanghai time (+08:00)."
                    )
                ),
            },
            "ends_at": {
                "validators": [ROSTER.validate],
                "help_text": ROSTER.help_text_with(
                    _("After starts_at and at most 24 hours later; may be the next day.")
                ),
            },
        }


class PeriodSerializer(serializers.Serializer):
    """?from=2026-12-01&to=2026-12-07: whole days in Shanghai time, both included."""

    def get_fields(self):
        # `from` is a Python keyword, so the fields cannot be declared as class attributes.
        return {"from": ROSTER.serializer_field(), "to": ROSTER.serializer_field()}

    def validate(self, data):
        first, last = data["from"], data["to"]
        if last < first:
            raise serializers.ValidationError({"to": _("The last day comes before the first.")})
        if (last - first).days + 1 > MAX_COVERAGE_DAYS:
            raise serializers.ValidationError(
                {"to": _("Ask for at most %(days)s days at a time.") % {"days": MAX_COVERAGE_DAYS}}
            )
        return data


class GapSerializer(serializers.Serializer):
    """A stretch of one day when a gate had fewer people on duty than it needs."""

    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    required = strict.IntegerField(help_text=_("People the gate needs at these hours."))
    on_duty = strict.IntegerField(help_text=_("People on duty at these hours."))
    missing = strict.IntegerField()


class CoverageDaySerializer(serializers.Serializer):
    """One day of one gate: its gaps, none if it was fully staffed."""

    date = serializers.DateField()
    gaps = GapSerializer(many=True)


class GateCoverageSerializer(serializers.Serializer):
    """One gate's coverage, day by day."""

    gate = strict.IntegerField()
    name = strict.CharField()
    status = strict.CharField()
    uncovered_hours = serializers.FloatField(
        help_text=_("Hours in the period when the gate had fewer people than it needs.")
    )
    days = CoverageDaySerializer(many=True)


class ClashSerializer(serializers.Serializer):
    """One person on two shifts at once, and when they overlap."""

    person = strict.IntegerField()
    person_name = strict.CharField()
    first_shift = strict.IntegerField()
    second_shift = strict.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class SiteCoverageSerializer(serializers.Serializer):
    """The coverage of a site's gates over whole days, Shanghai time."""

    site = strict.IntegerField()
    start = serializers.DateTimeField(help_text=_("Midnight starting the first day."))
    end = serializers.DateTimeField(help_text=_("Midnight ending the last day."))
    uncovered_hours = serializers.FloatField(help_text=_("The uncovered hours of every gate."))
    gates = GateCoverageSerializer(
        many=True, help_text=_("The gates this company staffs, with their gaps day by day.")
    )
    clashes = ClashSerializer(
        many=True, help_text=_("People booked on two shifts at once, at any gate.")
    )
