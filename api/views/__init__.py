"""The API's views, one module per area; api/urls.py registers them from here."""

from api.views.base import CompanyViewSet
from api.views.notices import NoticeViewSet
from api.views.rosters import DutyPersonViewSet, ShiftViewSet
from api.views.sites import (
    BuildingViewSet,
    FacilityViewSet,
    GateViewSet,
    ResponsibleUnitViewSet,
    SiteViewSet,
)

__all__ = [
    "BuildingViewSet",
    "CompanyViewSet",
    "DutyPersonViewSet",
    "FacilityViewSet",
    "GateViewSet",
    "NoticeViewSet",
    "ResponsibleUnitViewSet",
    "ShiftViewSet",
    "SiteViewSet",
]
