from rest_framework.routers import DefaultRouter

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

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("sites", SiteViewSet, basename="site")
router.register("buildings", BuildingViewSet, basename="building")
router.register("gates", GateViewSet, basename="gate")
router.register("facilities", FacilityViewSet, basename="facility")
router.register("responsible-units", ResponsibleUnitViewSet, basename="responsible-unit")
router.register("people", DutyPersonViewSet, basename="person")
router.register("shifts", ShiftViewSet, basename="shift")
router.register("notices", NoticeViewSet, basename="notice")

urlpatterns = router.urls
