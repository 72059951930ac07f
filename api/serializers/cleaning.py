"""Cleaning and disinfection over the API: areas, plan tasks, slots, logs and corrections.

Every body the cleaning endpoints take is strict: a field the operation does not take is
refused by name (the schema says `additionalProperties: false`), so a misspelt `concentraton`
is never silently dropped from a record that can never be changed afterwards.
"""

import datetime
from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.roles import Role
from api.serializers import strict
from api.serializers.base import CompanySerializer, VisibleRelatedField
from api.serializers.sites import OpeningHoursField
from guanjia.datewindows import RECORDS_QUERY, DateWindow, MomentWindow
from guanjia.idempotency import REUSED_ID_HELP
from tenants.cleaning.models import Area, CleaningLog, FrequencyChoice, PlanTask, TaskKind
from tenants.cleaning.reading import MAX_DAYS
from tenants.cleaning.services.logs import CLOCK_SKEW, OLDEST
from tenants.cleaning.slots import SlotState
from tenants.rosters.models import DutyPerson
from tenants.sites.models import Facility, Site
from tenants.sites.timewindows import parse_window

# When the work was done, as the phone or the app says: the service's own bounds (a week back,
# a clock a few minutes fast), checked here too so the refusal names the window.
LOG_TIME = MomentWindow(back=OLDEST, ahead=CLOCK_SKEW)
# The days slots are asked for: as far back as records are kept, a year ahead as plans are.
SLOT_DAYS = DateWindow(back=RECORDS_QUERY.back, ahead=366)
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"

SLOT_STATES = [
    (SlotState.DONE.value, _("Done in time")),
    (SlotState.LATE.value, _("Done late")),
    (SlotState.MISSED.value, _("Missed")),
    (SlotState.DUE.value, _("Due now")),
    (SlotState.UPCOMING.value, _("Not yet due")),
]


class RefusesUnknownFields:
    """A request serializer that refuses, by name, every field it does not take.

    Read-only fields are refused too: the schema does not offer them, and a client that sends
    `received_at` believes it sets something it does not.
    """

    unknown_messages = {
        "unknown": _("Unknown field: this operation does not take it."),
        "read_only": _("This field is set by the server and cannot be sent."),
        "repeated": _("Give this field once."),
    }

    def to_internal_value(self, data):
        errors = {}
        if isinstance(data, Mapping):
            for name in data:
                field = self.fields.get(name)
                if field is None:
                    errors[name] = [self.unknown_messages["unknown"]]
                elif field.read_only:
                    errors[name] = [self.unknown_messages["read_only"]]
                elif isinstance(data, QueryDict) and len(data.getlist(name)) > 1:
                    errors[name] = [self.unknown_messages["repeated"]]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail if isinstance(exc.detail, dict) else {}
            raise serializers.ValidationError({**errors, **detail}) from exc
        if errors:
            raise serializers.ValidationError(errors)
        return value


class RefusesUnknownFieldsSchema(OpenApiSerializerExtension):
    """The schema states what the server enforces: no property beyond those listed."""

    target_class = RefusesUnknownFields
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        if direction == "request":
            schema["additionalProperties"] = False
        return schema


def company_cleaners(serializer_field):
    """Users with the cleaner role in the company of the request: those a task may name."""
    request = serializer_field.context.get("request")
    users = get_user_model().objects
    if request is None or getattr(request, "tenant", None) is None:
        return users.none()
    return users.filter(
        memberships__company=request.tenant,
        memberships__role=Role.CLEANER,
        memberships__is_active=True,
    )


class CleanerField(serializers.PrimaryKeyRelatedField):
    """A cleaner's user id, among the company's active cleaners."""

    def get_queryset(self):
        return company_cleaners(self)


# Areas


class AreaSerializer(RefusesUnknownFields, CompanySerializer):
    """A place of a site that is cleaned: a common area named by the company, or a facility.

    A facility's area takes its kind, place and opening hours from the facility: only `public`
    and `active` change. A common area's `kind`, `name` and `opening_hours` change too.
    """

    site = VisibleRelatedField(queryset=Site.objects.all())
    facility = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("The facility the area is, if it is one.")
    )
    kind_display = strict.CharField(source="get_kind_display", read_only=True)
    label = strict.CharField(
        read_only=True, help_text=_("The area's name, or its facility's location.")
    )
    opening_hours = OpeningHoursField(
        required=False,
        help_text=_(
            "When the area is open, Shanghai time; empty for always. Tasks every few hours "
            "run inside these hours."
        ),
    )

    class Meta:
        model = Area
        fields = [
            "id", "site", "facility", "kind", "kind_display", "name", "label", "opening_hours",
            "public", "active", "created_at",
        ]  # fmt: skip
        read_only_fields = ["created_at"]
        create_only_fields = ["site"]
        extra_kwargs = {"name": {"allow_blank": False, "required": True}}

    def to_representation(self, area):
        data = super().to_representation(area)
        # A facility's area is open when its facility is.
        data["opening_hours"] = [
            [start.strftime("%H:%M"), end.strftime("%H:%M")] for start, end in area.hours
        ]
        return data

    def get_fields(self):
        fields = super().get_fields()
        # An area is made active; it is retired (or brought back) by a change.
        if self.instance is None:
            fields["active"].read_only = True
        return fields

    def validate_opening_hours(self, value):
        try:
            return [parse_window(f"{start}-{end}") for start, end in value]
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class FacilityAreaSerializer(RefusesUnknownFields, serializers.Serializer):
    """Plan a facility of a site: its area is made the first time, and found after that."""

    facility = VisibleRelatedField(queryset=Facility.objects.all())


# Plan tasks


@extend_schema_field({"type": "string", "pattern": TIME_PATTERN, "example": "08:00"})
class TimeOfDayField(serializers.CharField):
    """A time of day as HH:MM, e.g. 08:00: a JSON string, nothing else."""

    default_error_messages = {"invalid": _("Write each time as HH:MM, e.g. 08:00.")}

    def __init__(self, **kwargs):
        message = self.default_error_messages["invalid"]
        super().__init__(validators=[RegexValidator(TIME_PATTERN, message=message)], **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class PlanTaskSerializer(RefusesUnknownFields, CompanySerializer):
    """One task of an area's plan: what, how often, with what and by whom, and since when.

    A change never rewrites the past: PATCH ends this task and answers with the new one that
    replaces it from now (a new `id`, its `replaces` naming this one).
    """

    area = VisibleRelatedField(queryset=Area.objects.all())
    site = strict.IntegerField(source="area.site_id", read_only=True)
    kind = serializers.ChoiceField(choices=TaskKind.choices)
    kind_display = strict.CharField(source="get_kind_display", read_only=True)
    frequency = serializers.ChoiceField(
        choices=FrequencyChoice.choices,
        help_text=_(
            "fixed_times: at each of `times`; every_n_hours: every `every_hours` hours while the "
            "area is open; daily: once a day; weekly: once on each of `weekdays`."
        ),
    )
    times = serializers.ListField(
        child=TimeOfDayField(),
        required=False,
        max_length=24,
        help_text=_("Times of day as HH:MM, Shanghai time, for fixed_times."),
    )
    weekdays = serializers.ListField(
        child=strict.IntegerField(min_value=0, max_value=6),
        required=False,
        max_length=7,
        help_text=_("Days of the week for weekly: 0 is Monday, 6 is Sunday."),
    )
    cleaners = CleanerField(
        many=True,
        source="assigned_users",
        required=False,
        help_text=_("User ids of the company's cleaners who do this task."),
    )
    people = VisibleRelatedField(
        many=True,
        source="assigned_people",
        queryset=DutyPerson.objects.all(),
        required=False,
        help_text=_("People on duty without a login who do this task."),
    )
    current = serializers.SerializerMethodField(
        help_text=_("Whether the task is in force: it has not ended.")
    )
    replaced_by = serializers.SerializerMethodField(
        help_text=_("The task that took this one's place when the plan changed.")
    )

    class Meta:
        model = PlanTask
        fields = [
            "id", "area", "site", "kind", "kind_display", "frequency", "times", "every_hours",
            "weekdays", "grace_minutes", "agent", "concentration", "contact_minutes",
            "cleaners", "people", "valid_from", "valid_until", "current", "replaces",
            "replaced_by",
        ]  # fmt: skip
        read_only_fields = ["valid_from", "valid_until", "replaces"]
        create_only_fields = ["area"]

    def get_current(self, task) -> bool:
        return task.valid_until is None

    def get_replaced_by(self, task) -> int | None:
        """The task that took this one's place when the plan changed."""
        replacement = getattr(task, "replaced_by", None)
        return replacement.pk if replacement is not None else None


# Slots


class SlotQuerySerializer(serializers.Serializer):
    """?site=&from=&to= (and optionally &area=&state=): which slots to compute.

    At most MAX_DAYS days at a time, so no caller decides how much work one request is.
    """

    def get_fields(self):
        # `from` is a Python keyword, so the fields cannot be declared as class attributes.
        return {
            "site": VisibleRelatedField(queryset=Site.objects.all()),
            "from": SLOT_DAYS.serializer_field(),
            "to": SLOT_DAYS.serializer_field(),
            "area": VisibleRelatedField(queryset=Area.objects.all(), required=False),
            "state": serializers.ChoiceField(choices=SLOT_STATES, required=False),
        }

    def validate(self, data):
        first, last = data["from"], data["to"]
        latest = min(first + datetime.timedelta(days=MAX_DAYS - 1), SLOT_DAYS.bounds()[1])
        if not first <= last <= latest:
            raise serializers.ValidationError(
                {
                    "to": _("Enter a date between %(first)s and %(last)s.")
                    % {"first": first.isoformat(), "last": latest.isoformat()}
                }
            )
        return data


class SlotSerializer(serializers.Serializer):
    """One expected piece of work and what became of it, computed when read."""

    area = strict.IntegerField(source="area_id")
    task = strict.IntegerField(source="task_id")
    kind = serializers.ChoiceField(choices=TaskKind.choices)
    opens = serializers.DateTimeField(
        help_text=_(
            "From when a log fills this slot: the task's previous time, or the day's start."
        )
    )
    due = serializers.DateTimeField()
    grace_ends = serializers.DateTimeField(help_text=_("Done after this, the slot is late."))
    state = serializers.ChoiceField(
        choices=SLOT_STATES,
        help_text=_(
            "done: done in time; late: done after the grace period; missed: not done and past "
            "the grace period; due: to do now; upcoming: not yet open."
        ),
    )
    log = strict.IntegerField(
        source="log_id", allow_null=True, help_text=_("The log that fills it.")
    )
    done_at = serializers.DateTimeField(allow_null=True)


# Logs


class CleaningLogSerializer(strict.ModelSerializer):
    """A piece of cleaning work as recorded: never changed; a correction is a new log."""

    site = strict.IntegerField(source="area.site_id", read_only=True)
    kind_display = strict.CharField(source="get_kind_display", read_only=True)
    done_by_name = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField(
        help_text=_("Where to GET the photo (signed-in staff and API keys that read logs only).")
    )
    corrected_by = serializers.SerializerMethodField(
        help_text=_("The later log that corrects or withdraws this one: it no longer counts.")
    )

    class Meta:
        model = CleaningLog
        fields = [
            "id", "uuid", "site", "area", "task", "kind", "kind_display", "done_at", "queued_at",
            "received_at", "recorded_late", "agent", "concentration", "note", "photo", "done_by",
            "done_by_name", "corrects", "correction_reason", "withdrawn", "corrected_by",
        ]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {
            "recorded_late": {
                "help_text": _(
                    "Received longer after the work than the company allows (补录), unless "
                    "the phone queued it at the time of the work."
                )
            },
        }

    def get_done_by_name(self, log) -> str:
        return log.done_by.full_name if log.done_by_id else ""

    def get_corrected_by(self, log) -> int | None:
        if hasattr(log, "corrected_by_id"):  # annotated by the list
            return log.corrected_by_id
        return log.corrections.order_by("pk").values_list("pk", flat=True).first()

    def get_photo(self, log) -> str | None:
        if not log.photo:
            return None
        path = reverse("cleaning-log-photo", args=[log.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class LogValuesSerializer(RefusesUnknownFields, serializers.Serializer):
    """What a log says about the work; shared by a new log and a correction."""

    task = VisibleRelatedField(
        queryset=PlanTask.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The plan's task this work is for; its kind, agent and concentration apply."),
    )
    kind = serializers.ChoiceField(
        choices=TaskKind.choices,
        required=False,
        help_text=_("What was done, when the work is for no task; the task's kind otherwise."),
    )
    done_at = LOG_TIME.serializer_field(
        required=False,
        help_text=_(
            "When the work was done, as the device says; now if left out. From 7 days ago "
            "to 5 minutes from now."
        ),
    )
    queued_at = LOG_TIME.serializer_field(
        required=False,
        help_text=_(
            "When the device queued the log while offline: the late mark counts from here. "
            "Not before done_at."
        ),
    )
    agent = strict.CharField(max_length=100, required=False, allow_blank=True)
    concentration = strict.CharField(max_length=50, required=False, allow_blank=True)
    note = strict.CharField(max_length=500, required=False, allow_blank=True)

    def validate(self, data):
        task, kind = data.get("task"), data.get("kind")
        if task is not None and kind and kind != task.kind:
            raise serializers.ValidationError(
                {"kind": _("The task is of another kind: send the task alone.")}
            )
        return data


class LogCreateSerializer(LogValuesSerializer):
    """A new log, as a partner app or a cleaner's device sends it."""

    uuid = serializers.UUIDField(help_text=REUSED_ID_HELP)
    area = VisibleRelatedField(queryset=Area.objects.all())

    def get_fields(self):
        fields = super().get_fields()
        # The id and the place first, as a reader of the schema looks for them.
        return {name: fields.pop(name) for name in ("uuid", "area")} | fields


class CorrectionSerializer(LogValuesSerializer):
    """A correction: a new log that replaces the one corrected, with the reason.

    Values left out are the corrected log's (except `queued_at`); `withdraw` says the work was
    not done at all, and the corrected log then counts for nothing.
    """

    uuid = serializers.UUIDField(help_text=REUSED_ID_HELP)
    reason = strict.CharField(max_length=300, help_text=_("Why the log is corrected."))
    withdraw = strict.BooleanField(
        required=False, default=False, help_text=_("The work was not done: withdraw the log.")
    )

    def get_fields(self):
        fields = super().get_fields()
        return {name: fields.pop(name) for name in ("uuid", "reason", "withdraw")} | fields


class PhotoField(serializers.FileField):
    """A photo of the work, as a file part: JPEG, PNG or HEIC, scaled and stripped when kept.

    An empty part is handed on like any other, so the refusal says what a photo must be.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_empty_file", True)
        kwargs.setdefault(
            "help_text",
            _(
                "A photo of the work: JPEG, PNG or HEIC. It is kept at most 1600 px a side, "
                "without EXIF (no GPS position leaves the phone)."
            ),
        )
        super().__init__(**kwargs)


class FormValues:
    """The same fields sent as multipart/form-data, where every value is text.

    `withdraw` reads "true" or "false"; a task is left out rather than sent as null.
    """

    def get_fields(self):
        fields = super().get_fields()
        fields["task"] = VisibleRelatedField(
            queryset=PlanTask.objects.all(), required=False, help_text=fields["task"].help_text
        )
        if "withdraw" in fields:
            fields["withdraw"] = FormBooleanField(
                required=False, default=False, help_text=fields["withdraw"].help_text
            )
        fields["photo"] = PhotoField()
        return fields


class FormBooleanField(serializers.BooleanField):
    """Yes or no in a form: the text true or false, nothing else."""

    default_error_messages = {"invalid": _("Enter true or false.")}

    def to_internal_value(self, data):
        if data in ("true", "false"):
            return data == "true"
        if isinstance(data, bool):
            return data
        self.fail("invalid")


class LogCreateFormSerializer(FormValues, LogCreateSerializer):
    """A new log with a photo, as multipart/form-data."""


class CorrectionFormSerializer(FormValues, CorrectionSerializer):
    """A correction with a photo, as multipart/form-data."""
