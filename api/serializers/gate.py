"""The gate over the API: entries, visitor passes, returnees, isolation, needs and escalations.

Personal numbers always leave masked (310***********1234); a manager's session may ask for
the full numbers with a `reveal` action, which records who saw them.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers import strict
from api.serializers.base import VisibleRelatedField
from guanjia.datewindows import ENTRY_TIME, ISOLATION_DAY, ISOLATION_EXTENSION, ISOLATION_START
from guanjia.idempotency import REUSED_ID_HELP
from tenants.gate.identity import DocumentKind
from tenants.gate.models import (
    Entry,
    EscalationCase,
    IsolationCase,
    NeedRequest,
    Returnee,
    TemperatureReading,
    VisitorPass,
)
from tenants.gate.policy import Category, HealthCode, Level, Outcome, Rule
from tenants.rosters.models import DutyPerson
from tenants.sites.models import Gate, Site


class MaskedPersonalFields(strict.ModelSerializer):
    """Adds the masked ID or passport number and phone of a PersonalData row."""

    document = strict.CharField(source="document_masked", read_only=True)
    phone = strict.CharField(source="phone_masked", read_only=True)
    personal_data_removed = serializers.SerializerMethodField()

    def get_personal_data_removed(self, row) -> bool:
        return row.personal_data_removed_at is not None


class EntrySerializer(MaskedPersonalFields):
    """One person checked at a gate, the decision and its reasons in the caller's language."""

    reasons = serializers.ListField(source="reason_texts", child=strict.CharField())
    reason_codes = serializers.SerializerMethodField()
    visitor_pass = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    # Blank when no document was shown: a courier or a resident is not asked for one.
    document_kind = serializers.ChoiceField(
        choices=DocumentKind.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Entry
        fields = [
            "id", "uuid", "site", "gate", "category", "name", "document_kind", "document",
            "phone", "building", "room", "consent", "filed", "vehicle_plate", "temperature",
            "health_code", "key_region_travel", "decision", "outcome", "reasons", "reason_codes",
            "override_reason", "visitor_pass", "recorded_at", "received_at",
            "personal_data_removed", "voided_at", "void_reason",
        ]  # fmt: skip
        read_only_fields = fields

    def get_reason_codes(self, entry) -> list[str]:
        return [reason["code"] for reason in entry.reasons]


class EntryCreateSerializer(serializers.Serializer):
    """An entry as a partner's gate app sends it; `uuid` is made by the app before sending."""

    uuid = serializers.UUIDField(help_text=REUSED_ID_HELP)
    gate = VisibleRelatedField(queryset=Gate.objects.all())
    category = serializers.ChoiceField(choices=Category.choices)
    temperature = strict.DecimalField(
        max_digits=3, decimal_places=1, min_value=34, max_value=43,
        help_text=_("°C, a JSON number (36.6); more places are rounded to one."),
    )  # fmt: skip
    recorded_at = ENTRY_TIME.serializer_field(required=False)
    name = strict.CharField(max_length=100, required=False, allow_blank=True)
    document_kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False)
    document = strict.CharField(max_length=30, required=False, allow_blank=True)
    phone = strict.CharField(max_length=30, required=False, allow_blank=True)
    building = strict.CharField(max_length=40, required=False, allow_blank=True)
    room = strict.CharField(max_length=20, required=False, allow_blank=True)
    consent = strict.BooleanField(required=False, default=False)
    filed = strict.BooleanField(required=False, default=False)
    vehicle_plate = strict.CharField(max_length=12, required=False, allow_blank=True)
    health_code = serializers.ChoiceField(choices=HealthCode.choices, required=False)
    key_region_travel = strict.BooleanField(required=False, default=False)
    override_outcome = serializers.ChoiceField(
        choices=[Outcome.ADMIT, Outcome.REFUSE], required=False, allow_blank=True
    )
    override_reason = strict.CharField(max_length=500, required=False, allow_blank=True)
    pass_code = strict.CharField(max_length=10, required=False, allow_blank=True)


class RevealSerializer(serializers.Serializer):
    """The full numbers of one record, for a manager; each call is recorded."""

    document_number = strict.CharField(required=False)
    phone = strict.CharField(required=False)


class VisitorPassSerializer(MaskedPersonalFields):
    """A visitor's pass for today at one gate: its code is what the guard types or scans."""

    gate = VisibleRelatedField(queryset=Gate.objects.all())
    phone_number = strict.CharField(
        write_only=True, max_length=30, help_text=_("The visitor's mobile number.")
    )
    used = serializers.SerializerMethodField()

    class Meta:
        model = VisitorPass
        fields = [
            "id", "uuid", "code", "site", "gate", "category", "name", "phone", "phone_number",
            "building", "room", "health_code", "key_region_travel", "valid_on", "source", "used",
            "created_at", "personal_data_removed",
        ]  # fmt: skip
        read_only_fields = ["code", "site", "valid_on", "source", "created_at"]
        extra_kwargs = {"uuid": {"validators": [], "help_text": REUSED_ID_HELP}}

    def get_used(self, visitor_pass) -> bool:
        return hasattr(visitor_pass, "entry")


class ReturneeSerializer(MaskedPersonalFields):
    """Someone back in Shanghai; registering one starts their home isolation."""

    site = VisibleRelatedField(queryset=Site.objects.all())
    document_number = strict.CharField(write_only=True, max_length=30)
    phone_number = strict.CharField(write_only=True, max_length=30)
    isolation_case = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Returnee
        fields = [
            "id", "uuid", "site", "name", "document_kind", "document", "document_number",
            "phone", "phone_number", "building", "room", "came_from", "arrived_on",
            "committee_registered_on", "isolation_case", "created_at", "personal_data_removed",
        ]  # fmt: skip
        read_only_fields = ["created_at"]
        extra_kwargs = {
            "uuid": {"validators": [], "help_text": REUSED_ID_HELP},
            "arrived_on": ISOLATION_START.model_field_kwargs(),
            "committee_registered_on": ISOLATION_START.model_field_kwargs(),
        }


class IsolationCaseSerializer(MaskedPersonalFields):
    """Home isolation of one person: dates, status and the readings still missing."""

    site = VisibleRelatedField(queryset=Site.objects.all())
    phone_number = strict.CharField(write_only=True, max_length=30)

    class Meta:
        model = IsolationCase
        fields = [
            "id", "site", "returnee", "name", "document_kind", "document", "phone",
            "phone_number", "building", "room", "starts_on", "planned_end", "status", "ended_on",
            "created_at", "personal_data_removed",
        ]  # fmt: skip
        read_only_fields = ["returnee", "planned_end", "status", "ended_on", "created_at"]
        extra_kwargs = {"starts_on": ISOLATION_START.model_field_kwargs()}


class ExtendSerializer(serializers.Serializer):
    until = ISOLATION_EXTENSION.serializer_field(
        help_text=_(
            "The new last day of isolation: after the current one, and at most 12 weeks after "
            "the first day."
        )
    )
    reason = strict.CharField(max_length=500)


class EndSerializer(serializers.Serializer):
    on = ISOLATION_DAY.serializer_field()
    reason = strict.CharField(max_length=500)
    transferred = strict.BooleanField(default=False)


class TemperatureReadingSerializer(strict.ModelSerializer):
    """A morning or evening temperature of someone in isolation."""

    case = VisibleRelatedField(queryset=IsolationCase.objects.all())

    class Meta:
        model = TemperatureReading
        fields = ["id", "case", "taken_on", "period", "temperature", "taken_at"]
        read_only_fields = ["taken_at"]
        validators = []
        extra_kwargs = {"taken_on": ISOLATION_DAY.model_field_kwargs()}


class NeedSerializer(strict.ModelSerializer):
    """A need of a household in isolation: drinking water, groceries, parcels…"""

    case = VisibleRelatedField(queryset=IsolationCase.objects.all())

    class Meta:
        model = NeedRequest
        fields = [
            "id", "uuid", "case", "kind", "details", "status", "opened_at", "assigned_to",
            "assigned_at", "closed_at", "closing_note",
        ]  # fmt: skip
        read_only_fields = [
            "status", "opened_at", "assigned_to", "assigned_at", "closed_at", "closing_note",
        ]  # fmt: skip
        extra_kwargs = {"uuid": {"validators": [], "help_text": REUSED_ID_HELP}}


class AssignSerializer(serializers.Serializer):
    assigned_to = VisibleRelatedField(queryset=DutyPerson.objects.all())


class NoteSerializer(serializers.Serializer):
    note = strict.CharField(max_length=2000)


class HandOverSerializer(serializers.Serializer):
    to = strict.CharField(max_length=200, help_text="Who took the person over.")


class EscalationSerializer(strict.ModelSerializer):
    """An abnormal finding followed through: reported, handed over, closed."""

    reasons = serializers.SerializerMethodField()

    class Meta:
        model = EscalationCase
        fields = [
            "id", "site", "gate", "entry", "isolation_case", "person_name", "temperature",
            "reasons", "status", "reported_at", "handed_over_at", "handed_over_to", "closed_at",
            "closing_note",
        ]  # fmt: skip
        read_only_fields = fields

    def get_reasons(self, case) -> list[str]:
        return case.reason_texts


class EntryPolicySerializer(serializers.Serializer):
    """A site's entry rules: the response level and a rule for every category."""

    site = strict.IntegerField(source="site_id", read_only=True)
    level = serializers.ChoiceField(choices=Level.choices, read_only=True)
    rules = serializers.DictField(child=serializers.ChoiceField(choices=Rule.choices))
    threshold = serializers.DecimalField(max_digits=3, decimal_places=1, read_only=True)
    green_code_required = strict.BooleanField(read_only=True)
    travel_reported = strict.BooleanField(read_only=True)


class LevelSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices)
