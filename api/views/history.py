"""The company's action log for partner apps: read-only, with the company log page's filters."""

from django.contrib.auth import get_user_model
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers

from api.serializers import strict
from api.views.base import CompanyViewSet, visible
from guanjia.datewindows import RECORDS_QUERY
from tenants.history.describe import KINDS, describe
from tenants.history.models import LogEntry
from tenants.sites.models import Site


class LogEntrySerializer(strict.ModelSerializer):
    """One change: who (a person, an API key or a task), what, to which record, and when."""

    actor_user = strict.IntegerField(source="actor_user_id", read_only=True, allow_null=True)
    actor_api_key = strict.IntegerField(source="actor_api_key_id", read_only=True, allow_null=True)
    site = strict.IntegerField(source="site_id", read_only=True, allow_null=True)
    text = serializers.SerializerMethodField(
        help_text="The change in one sentence, in the language of the request's Accept-Language."
    )

    class Meta:
        model = LogEntry
        fields = [
            "id", "at", "actor_kind", "actor_user", "actor_api_key", "actor_label", "action",
            "object_type", "object_id", "object_label", "site", "data", "text",
        ]  # fmt: skip
        read_only_fields = fields

    def get_text(self, entry) -> str:
        return describe(entry)


def company_people(request):
    """The actor filter's choices: people with a membership of this company, even a past one."""
    users = get_user_model().objects
    if request is None:
        return users.none()
    return users.filter(memberships__company=request.tenant)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.ModelChoiceFilter):
    """An id among the caller's choices; the log keeps ids as plain numbers, not foreign keys."""


class LogFilter(filters.FilterSet):
    actor = IdFilter(
        queryset=company_people, method="filter_actor", help_text="A person's user id."
    )
    # Plain values, so the schema lists them (partner apps match on `object_type`, not words).
    object_type = filters.ChoiceFilter(
        choices=[(kind, kind) for kind in KINDS], help_text="The kind of record."
    )
    site = IdFilter(queryset=visible(Site), method="filter_site")

    class Meta:
        model = LogEntry
        fields = ["actor", "object_type", "site"]

    def filter_actor(self, queryset, name, value):
        return queryset.filter(actor_user_id=value.pk)

    def filter_site(self, queryset, name, value):
        return queryset.filter(site_id=value.pk)


def day_filter(*, first: bool):
    # Whole days in Shanghai time, both included, as the company log page reads them.
    def method(queryset, name, value):
        return queryset.between(value, None) if first else queryset.between(None, value)

    return filters.DateFilter(
        method=method,
        validators=[RECORDS_QUERY.validate],
        help_text=RECORDS_QUERY.help_text_with(
            "Entries from this day on." if first else "Entries up to this day, included."
        ),
    )


# `from` is a Python keyword: the period's filters are added under their query names here.
LogFilter.base_filters["from"] = day_filter(first=True)
LogFilter.base_filters["to"] = day_filter(first=False)


class LogEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CompanyViewSet):
    """The action log: every change of state in the company, newest first, never changed.

    Filter by `actor` (a person's user id), `object_type` (e.g. `sites.gate`), `site`, and
    `from`/`to` (dates, both included, Shanghai time). Site managers see their sites' entries.
    """

    model = LogEntry
    serializer_class = LogEntrySerializer
    filterset_class = LogFilter
    permission_map = {"list": "history.view", "retrieve": "history.view"}

    def get_queryset(self):
        return super().get_queryset().order_by("-at", "-id")
