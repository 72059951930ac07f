"""The company log's page; included in the portal's namespace by tenants.portal.urls."""

from django.urls import path

from tenants.history.views import CompanyLogView

urlpatterns = [
    path("log/", CompanyLogView.as_view(), name="log"),
]
