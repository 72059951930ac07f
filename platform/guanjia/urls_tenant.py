"""A company's host (e.g. tianshan.localhost:8000): its portal and its API."""

from django.urls import include, path

from guanjia.urls_common import urlpatterns as common

urlpatterns = [
    path("", include("tenants.portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("api-keys/", include("partners.urls")),
    path("staff/", include("accounts.urls_staff")),
    path("api/v1/", include("api.urls")),
    # Public pages, without sign-in: the residents' board and the visitor's form.
    path("", include("tenants.notices.urls_public")),
    path("", include("tenants.gate.urls_public")),
    *common,
]

# A request Django cannot read (a body over the size limit) answers JSON under /api/.
handler400 = "api.errors.bad_request"
