"""Notices for partner apps: read them, write them (read-write keys), publish, and read a board."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from api.serializers import BoardSerializer, NoticeSerializer, NoticeVersionSerializer
from api.views.base import CompanyViewSet, SiteFeatureViewSet, visible
from tenants.notices.board import board_url, notices_in_force
from tenants.notices.models import Notice, NoticeKind, NoticeStatus
from tenants.notices.services.notices import (
    create_notice,
    publish_notice,
    today,
    update_notice,
    withdraw_notice,
)
from tenants.sites.models import Site


class NoticeFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=NoticeStatus.choices)
    kind = filters.ChoiceFilter(choices=NoticeKind.choices)
    site = filters.ModelChoiceFilter(queryset=visible(Site), field_name="sites")

    class Meta:
        model = Notice
        fields = ["status", "kind", "site"]


class NoticeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    CompanyViewSet,
):
    """Notices to residents in Chinese, English, Japanese and Korean.

    A notice is written as a draft, then published; changing a published notice publishes a
    new version and keeps the earlier ones. Notices are withdrawn, never deleted. A create sent
    again with the same `uuid` returns the first notice; with a different notice it answers
    409 Conflict and writes nothing.
    """

    model = Notice
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter
    permission_map = {
        "list": "notices.view",
        "retrieve": "notices.view",
        "versions": "notices.view",
        "create": "notices.change",
        "update": "notices.change",
        "partial_update": "notices.change",
        "publish": "notices.change",
        "withdraw": "notices.change",
    }
    # Changes are refused ("not found") for notices also posted at sites the caller cannot see.
    changing_actions = {"update", "partial_update", "publish", "withdraw"}

    def get_queryset(self):
        if self.action in self.changing_actions:
            notices = Notice.objects.editable_by(getattr(self, "access", None))
        else:
            notices = super().get_queryset()
        return notices.prefetch_related("sites", "gates")

    def perform_create(self, serializer):
        serializer.instance = create_notice(by=self.actor(), **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        notice = serializer.instance
        # A change names only the languages it changes; the others are kept.
        for field in ("title", "body"):
            if field in data:
                data[field] = {**getattr(notice, field), **data[field]}
        serializer.instance = update_notice(notice, by=self.actor(), **data)

    @extend_schema(request=None, responses=NoticeSerializer, summary="Publish a notice")
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Put the notice on its sites' boards; its Chinese title and text must be written."""
        notice = publish_notice(self.get_object(), by=self.actor())
        return Response(self.get_serializer(notice).data)

    @extend_schema(request=None, responses=NoticeSerializer, summary="Withdraw a notice")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take the notice off the boards; it can be published again."""
        notice = withdraw_notice(self.get_object(), by=self.actor())
        return Response(self.get_serializer(notice).data)

    @extend_schema(responses=NoticeVersionSerializer(many=True), summary="Published versions")
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def versions(self, request, pk=None):
        """Every version of the notice as it was published, the latest first."""
        versions = self.get_object().versions.order_by("-number")
        return Response(NoticeVersionSerializer(versions, many=True).data)


def board_response(request, site: Site) -> Response:
    """The content of a site's public board: the notices in force today, in all four languages."""
    data = {
        "site": site,
        "url": board_url(site, request.tenant),
        "date": today(),
        "notices": notices_in_force(site, today()),
    }
    return Response(BoardSerializer(data, context={"site": site}).data)


class SiteBoardViewSet(SiteFeatureViewSet):
    """A site's public notice board as data, at /sites/<id>/board/."""

    permission_map = {"board": "notices.view"}

    @extend_schema(
        summary="The site's public notice board",
        description=(
            "What the site's public board shows today: the notices in force (published, within "
            "their dates), emergencies first, each in all four languages; and the board's "
            "address, which residents open without signing in."
        ),
        filters=False,
        responses=BoardSerializer,
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def board(self, request, pk=None):
        return board_response(request, self.get_object())
