"""A company's host (e.g. tianshan.localhost:8000): its portal and its API."""

from django.urls import include, path

from guanjia.urls_common import urlpatterns as common
from tenants.gate.views.visitor import VisitorFormView, VisitorPassView
from tenants.notices.views.board import BoardView

urlpatterns = [
    path("", include("tenants.portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("api-keys/", include("partners.urls")),
    path("staff/", include("accounts.urls_staff")),
    path("api/v1/", include("api.urls")),
    # Public: residents read it without signing in; the token is the only key.
    path("board/<str:token>/", BoardView.as_view(), name="board"),
    # Public: the visitor's form behind a gate poster's QR code, and the pass it gives.
    path("visit/<str:token>/", VisitorFormView.as_view(), name="visitor-form"),
    path("visit/<str:token>/pass/<str:code>/", VisitorPassView.as_view(), name="visitor-pass"),
    *common,
]

# A request Django cannot read (a body over the size limit) answers JSON under /api/.
handler400 = "api.errors.bad_request"
