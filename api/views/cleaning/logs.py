"""Cleaning logs for partner apps: recorded once with the app's own id, corrected, never changed.

A log and a correction may carry a photo: sent as multipart/form-data, kept scaled and without
EXIF, and read back from the log's `photo` address by those who may read logs.
"""

import datetime

from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.http import FileResponse, Http404, QueryDict
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, parsers
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation

from api.parsers import JSONParser
from api.serializers.cleaning import (
    CleaningLogSerializer,
    CorrectionFormSerializer,
    CorrectionSerializer,
    LogCreateFormSerializer,
    LogCreateSerializer,
)
from api.views.base import CompanyViewSet, visible
from api.views.cleaning.schema import CleaningSchema
from api.views.gate.common import created_or_found
from guanjia.datewindows import RECORDS_QUERY
from tenants.cleaning.models import Area, CleaningLog
from tenants.cleaning.services.logs import LogIn, correct_log, record_log
from tenants.sites.models import Site

# What a form may carry besides its photo: the log's few fields.
FORM_FIELDS_BYTES = 1_000_000


class PhotoTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"

    def __init__(self):
        megabytes = settings.CLEANING_PHOTO_MAX_BYTES // 1_000_000
        super().__init__(
            _("The photo is too large: at most %(megabytes)s MB.") % {"megabytes": megabytes}
        )


class PhotoFormParser(parsers.MultiPartParser):
    """A log as multipart/form-data, refused before it is read when it is larger than a photo
    and the log's fields can be, so no request makes the server store more than that."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.CLEANING_PHOTO_MAX_BYTES + FORM_FIELDS_BYTES:
            raise PhotoTooLarge()
        return super().parse(stream, media_type, parser_context)


class AnyAccept(DefaultContentNegotiation):
    """A photo is a JPEG whatever the client accepts; an error is JSON like every other."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=timezone.get_current_timezone())


def day_filter(*, first: bool | None, help_text: str):
    """Logs by the Shanghai day their work was done: from a day, up to a day, or on one day."""

    def method(queryset, name, value):
        start = local_midnight(value)
        end = start + datetime.timedelta(days=1)
        if first is None:
            return queryset.filter(done_at__gte=start, done_at__lt=end)
        return queryset.filter(done_at__gte=start) if first else queryset.filter(done_at__lt=end)

    return filters.DateFilter(
        method=method,
        validators=[RECORDS_QUERY.validate],
        help_text=RECORDS_QUERY.help_text_with(help_text),
    )


class PeriodForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start is not None and end is not None and end < start:
            self.add_error("to", _("The end of the period must come after its start."))
        return data


class LogFilter(filters.FilterSet):
    site = filters.ModelChoiceFilter(field_name="area__site", queryset=visible(Site))
    area = filters.ModelChoiceFilter(queryset=visible(Area))
    day = day_filter(first=None, help_text="Logs of work done on this day.")
    recorded_late = filters.BooleanFilter(
        help_text="true: logs received long after their work (补录); false: the others."
    )
    corrected = filters.BooleanFilter(
        method="filter_corrected",
        help_text=(
            "true: logs a later log corrects or withdraws, which no longer count; false: the "
            "others. Slot states (done, late, missed…) are in /cleaning-slots/, not here."
        ),
    )

    class Meta:
        model = CleaningLog
        fields = ["site", "area", "day", "recorded_late"]
        form = PeriodForm

    def filter_corrected(self, queryset, name, value):
        corrected = Exists(CleaningLog.objects.filter(corrects=OuterRef("pk")))
        return queryset.filter(corrected if value else ~corrected)


# `from` is a Python keyword: the period's filters are added under their query names here.
LogFilter.base_filters["from"] = day_filter(first=True, help_text="Logs from this day on.")
LogFilter.base_filters["to"] = day_filter(first=False, help_text="Logs up to this day, included.")

PHOTO_FORM = "multipart/form-data"


class CleaningLogViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CompanyViewSet):
    """Cleaning work as recorded: when it was done, when it arrived, and whether that was late.

    Create a log with an id made by your app (`uuid`): sending the same log again returns the
    first record (200) instead of a second one (201); the same id with a different log answers
    409 Conflict and records nothing. Send JSON, or multipart/form-data to add a `photo`.
    List them by `site`, `area`, `day` or `from`/`to`, `recorded_late` and `corrected`;
    whether work was done in time, late or missed is a slot's state (/cleaning-slots/).
    A log is never changed or deleted (PUT, PATCH and DELETE answer 405): correct it with
    POST …/corrections/, a new log that points to it with the reason.
    """

    model = CleaningLog
    serializer_class = CleaningLogSerializer
    filterset_class = LogFilter
    parser_classes = [JSONParser, PhotoFormParser]
    schema = CleaningSchema()
    permission_map = {
        "list": "cleaning.view",
        "retrieve": "cleaning.view",
        "photo": "cleaning.view",
        "create": "cleaning.record",
        "corrections": "cleaning.record",
        # These methods do not exist for a log: whoever may read logs is told so (405).
        "put": "cleaning.view",
        "patch": "cleaning.view",
        "delete": "cleaning.view",
    }

    def get_queryset(self):
        logs = super().get_queryset().select_related("area", "done_by")
        access = getattr(self, "access", None)
        if access is not None and not access.has("cleaning.view"):
            # Someone who records but does not read logs (a cleaner) reaches only their own.
            logs = logs.filter(done_by=access.user)
        first_correction = CleaningLog.objects.filter(corrects=OuterRef("pk")).order_by("pk")
        return logs.annotate(corrected_by_id=Subquery(first_correction.values("pk")[:1]))

    def list(self, request, *args, **kwargs):
        if "state" in request.query_params:
            # The "logs by state" is a question about slots: say where its answer is.
            raise exceptions.ValidationError(
                {
                    "state": [
                        _(
                            "Logs have no state: slots do. Ask /api/v1/cleaning-slots/ for "
                            "work done, late or missed, or filter logs by recorded_late or "
                            "corrected."
                        )
                    ]
                }
            )
        return super().list(request, *args, **kwargs)

    def incoming(self, json_class, form_class):
        """The request's body, read by the serializer of its content type."""
        form = isinstance(self.request.data, QueryDict)
        serializer_class = form_class if form else json_class
        incoming = serializer_class(data=self.request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        return dict(incoming.validated_data)

    @extend_schema(
        request={"application/json": LogCreateSerializer, PHOTO_FORM: LogCreateFormSerializer},
        responses={201: CleaningLogSerializer},
    )
    def create(self, request):
        data = self.incoming(LogCreateSerializer, LogCreateFormSerializer)
        photo = data.pop("photo", None)
        log, created = record_log(
            LogIn(
                uuid=data["uuid"],
                area=data["area"],
                kind=data.get("kind", ""),
                task=data.get("task"),
                done_at=data.get("done_at"),
                queued_at=data.get("queued_at"),
                agent=data.get("agent", ""),
                concentration=data.get("concentration", ""),
                note=data.get("note", ""),
            ),
            by=self.actor(),
            photo=photo,
        )
        return created_or_found(self.get_serializer(log).data, created)

    @extend_schema(
        summary="Correct a log",
        description=(
            "Record a new log that replaces this one, with the reason; the log corrected stays "
            "as it was and no longer counts. Values left out are the corrected log's (a `task` "
            "or `kind` sent replaces both); `withdraw: true` says the work was not done. "
            "Correct the latest log: one already corrected is refused. The same `uuid` again "
            "returns the first correction (200)."
        ),
        request={"application/json": CorrectionSerializer, PHOTO_FORM: CorrectionFormSerializer},
        responses={201: CleaningLogSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def corrections(self, request, pk=None):
        original = self.get_object()
        data = self.incoming(CorrectionSerializer, CorrectionFormSerializer)
        if "task" in data or "kind" in data:
            task, kind = data.get("task"), data.get("kind", "")
        else:
            task, kind = original.task, original.kind
        log, created = correct_log(
            original,
            LogIn(
                uuid=data["uuid"],
                area=original.area,
                kind=kind,
                task=task,
                done_at=data.get("done_at", original.done_at),
                queued_at=data.get("queued_at"),
                agent=data.get("agent", original.agent),
                concentration=data.get("concentration", original.concentration),
                note=data.get("note", original.note),
            ),
            by=self.actor(),
            reason=data["reason"],
            withdraw=data["withdraw"],
            photo=data.get("photo"),
        )
        return created_or_found(self.get_serializer(log).data, created)

    @extend_schema(
        summary="The log's photo",
        description="The photo as kept: a JPEG of at most 1600 px a side, without EXIF. 404 "
        "when the log has none (or it was removed after the retention period).",
        responses={(200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"], filterset_class=None, content_negotiation_class=AnyAccept)
    def photo(self, request, pk=None):
        log = self.get_object()
        if not log.photo or not log.photo.storage.exists(log.photo.name):
            raise Http404
        response = FileResponse(log.photo.open("rb"), content_type="image/jpeg")
        patch_cache_control(response, private=True, max_age=3600)
        return response
