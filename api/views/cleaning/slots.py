"""The slots of a site's cleaning plans, computed when read: done, late, missed, due, upcoming.

Nothing stores slots: each request works them out from the plans and logs of one site over at
most MAX_DAYS days, so the work a request does is bounded whatever the caller asks.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions

from api.serializers.cleaning import SLOT_STATES, SlotQuerySerializer, SlotSerializer
from api.views.base import CompanyViewSet
from tenants.cleaning.models import Area
from tenants.cleaning.reading import MAX_DAYS, areas_of, slots_of_areas

QUERY = ("site", "from", "to", "area", "state")


def one_value_each(params, names) -> None:
    """A parameter given twice or empty is a 400 naming it, as the filters of every list say."""
    errors = {}
    for name in names:
        values = params.getlist(name)
        if len(values) > 1:
            errors[name] = [_("Give this parameter once.")]
        elif values and not values[0].strip():
            errors[name] = [_("This parameter may not be empty.")]
    if errors:
        raise exceptions.ValidationError(errors)


class SlotViewSet(CompanyViewSet):
    """Expected cleaning work of a site's areas and what became of it, slot by slot."""

    # The slots are of the site's areas; no row is read at this address itself.
    model = Area
    permission_map = {"list": "cleaning.view"}
    filterset_class = None

    @extend_schema(
        summary="Slots of a site's cleaning plans",
        description=(
            "Each piece of work a task expects in the period, in due order, with its state "
            "now: done (in time), late (done after the grace period), missed, due (to do "
            "now) or upcoming, and the log that fills it. Computed when read; a plan changed "
            "during the period keeps its old slots before the change. Whole days in Shanghai "
            f"time, at most {MAX_DAYS} days at a time."
        ),
        parameters=[
            OpenApiParameter("site", OpenApiTypes.INT, required=True, description="A site id."),
            OpenApiParameter(
                "from",
                OpenApiTypes.DATE,
                required=True,
                description="First day, e.g. 2026-12-01: from five years before today to a "
                "year after it.",
            ),
            OpenApiParameter(
                "to",
                OpenApiTypes.DATE,
                required=True,
                description=f"Last day, included: from `from` to {MAX_DAYS - 1} days after it.",
            ),
            OpenApiParameter("area", OpenApiTypes.INT, description="Only this area's slots."),
            OpenApiParameter(
                "state",
                OpenApiTypes.STR,
                enum=[value for value, _label in SLOT_STATES],
                description="Only slots in this state.",
            ),
        ],
        responses=SlotSerializer(many=True),
    )
    def list(self, request):
        one_value_each(request.query_params, QUERY)
        query = SlotQuerySerializer(
            data={
                name: request.query_params[name] for name in QUERY if name in request.query_params
            },
            context=self.get_serializer_context(),
        )
        query.is_valid(raise_exception=True)
        asked = query.validated_data
        areas = areas_of([asked["site"]])
        if "area" in asked:
            areas = [area for area in areas if area.pk == asked["area"].pk]
        slots = slots_of_areas(areas, asked["from"], asked["to"])
        if "state" in asked:
            slots = [slot for slot in slots if slot.state == asked["state"]]
        page = self.paginate_queryset(slots)
        return self.get_paginated_response(SlotSerializer(page, many=True).data)
