"""The company log's page; included in the portal's namespace by tenants.sites.urls_portal."""

from django.urls import path

from tenants.history.views import CompanyLogView

urlpatterns = [
    path("log/", CompanyLogView.as_view(), name="log"),
]
