from rest_framework.routers import DefaultRouter

from api.views import SiteViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("sites", SiteViewSet, basename="site")

urlpatterns = router.urls
