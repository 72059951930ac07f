"""The platform host (e.g. localhost:8000): sign-in, platform admin, regulator area."""

from django.contrib import admin
from django.urls import include, path

from guanjia.urls_common import urlpatterns as common
from guanjia.views import public_home

urlpatterns = [
    path("", public_home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("regulator/", include("regulators.urls")),
    *common,
]

# A request Django cannot read (a body over the size limit) answers JSON under /api/.
handler400 = "api.errors.bad_request"
