"""The API's serializers, one module per area; import them from here."""

from api.serializers.notices import (
    BoardSerializer,
    NoticeSerializer,
    NoticeVersionSerializer,
)
from api.serializers.rosters import (
    ClashSerializer,
    CoverageDaySerializer,
    DutyPersonSerializer,
    GapSerializer,
    GateCoverageSerializer,
    PeriodSerializer,
    ShiftSerializer,
    SiteCoverageSerializer,
)
from api.serializers.sites import (
    BuildingSerializer,
    FacilitySerializer,
    GateSerializer,
    GateStatusSerializer,
    ResponsibleUnitSerializer,
    SiteSerializer,
)

__all__ = [
    "BoardSerializer",
    "NoticeSerializer",
    "NoticeVersionSerializer",
    "BuildingSerializer",
    "ClashSerializer",
    "CoverageDaySerializer",
    "DutyPersonSerializer",
    "FacilitySerializer",
    "GapSerializer",
    "GateCoverageSerializer",
    "GateSerializer",
    "GateStatusSerializer",
    "PeriodSerializer",
    "ResponsibleUnitSerializer",
    "ShiftSerializer",
    "SiteCoverageSerializer",
    "SiteSerializer",
]
