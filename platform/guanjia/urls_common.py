"""URLs served on every host: health, language switching, API schema and docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from guanjia.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[]), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file of its own (?script),
    # which the Content-Security-Policy allows where it would refuse an inline one.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", permission_classes=[], template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
]
