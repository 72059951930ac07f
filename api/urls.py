from django.urls import re_path
from rest_framework.routers import DefaultRouter

from api.errors import not_found
from api.views import (
    BuildingViewSet,
    DutyPersonViewSet,
    FacilityViewSet,
    GateViewSet,
    NoticeViewSet,
    ResponsibleUnitViewSet,
    ShiftViewSet,
    SiteViewSet,
)
from api.views.cleaning import (
    AreaViewSet,
    CleaningLogViewSet,
    PlanTaskViewSet,
    SlotViewSet,
)
from api.views.gate import (
    EntryViewSet,
    EscalationViewSet,
    IsolationCaseViewSet,
    NeedViewSet,
    ReturneeViewSet,
    TemperatureReadingViewSet,
    VisitorPassViewSet,
)
from api.views.gate.policy import SiteEntryPolicyViewSet
from api.views.history import LogEntryViewSet
from api.views.notices import SiteBoardViewSet
from api.views.rosters import SiteCoverageViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("sites", SiteViewSet, basename="site")
# What other features show or do at a site's address, each from its own module.
router.register("sites", SiteCoverageViewSet, basename="site-coverage")
router.register("sites", SiteBoardViewSet, basename="site-board")
router.register("sites", SiteEntryPolicyViewSet, basename="site-entry-policy")
router.register("buildings", BuildingViewSet, basename="building")
router.register("gates", GateViewSet, basename="gate")
router.register("facilities", FacilityViewSet, basename="facility")
router.register("responsible-units", ResponsibleUnitViewSet, basename="responsible-unit")
router.register("people", DutyPersonViewSet, basename="person")
router.register("shifts", ShiftViewSet, basename="shift")
router.register("notices", NoticeViewSet, basename="notice")
router.register("entries", EntryViewSet, basename="entry")
router.register("visitor-passes", VisitorPassViewSet, basename="visitor-pass")
router.register("returnees", ReturneeViewSet, basename="returnee")
router.register("isolation-cases", IsolationCaseViewSet, basename="isolation-case")
router.register("temperature-readings", TemperatureReadingViewSet, basename="temperature-reading")
router.register("needs", NeedViewSet, basename="need")
router.register("escalations", EscalationViewSet, basename="escalation")
router.register("log", LogEntryViewSet, basename="log-entry")
router.register("cleaning-areas", AreaViewSet, basename="cleaning-area")
router.register("cleaning-tasks", PlanTaskViewSet, basename="cleaning-task")
router.register("cleaning-slots", SlotViewSet, basename="cleaning-slot")
router.register("cleaning-logs", CleaningLogViewSet, basename="cleaning-log")

# Anything else under /api/v1/ answers in the API's error shape, not with an HTML page.
urlpatterns = [*router.urls, re_path(r"", not_found, name="not-found")]
