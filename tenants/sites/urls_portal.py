"""Portal pages of sites and their places; in the portal's namespace by tenants.portal.urls."""

from django.urls import path

from tenants.sites.views import parts, sites

urlpatterns = [
    path("sites/", sites.SiteListView.as_view(), name="sites"),
    path("sites/new/", sites.SiteCreateView.as_view(), name="site-create"),
    path("sites/<int:pk>/", parts.SiteDetailView.as_view(), name="site"),
    path("sites/<int:pk>/edit/", sites.SiteUpdateView.as_view(), name="site-edit"),
    path("sites/<int:site>/buildings/new/", parts.BuildingCreateView.as_view(),
         name="building-create"),
    path("buildings/<int:pk>/edit/", parts.BuildingUpdateView.as_view(), name="building-edit"),
    path("sites/<int:site>/gates/new/", parts.GateCreateView.as_view(), name="gate-create"),
    path("gates/<int:pk>/edit/", parts.GateUpdateView.as_view(), name="gate-edit"),
    path("gates/<int:pk>/status/", parts.GateStatusView.as_view(), name="gate-status"),
    path("sites/<int:site>/facilities/new/", parts.FacilityCreateView.as_view(),
         name="facility-create"),
    path("facilities/<int:pk>/edit/", parts.FacilityUpdateView.as_view(), name="facility-edit"),
    path("sites/<int:site>/units/new/", parts.ResponsibleUnitCreateView.as_view(),
         name="unit-create"),
    path("units/<int:pk>/edit/", parts.ResponsibleUnitUpdateView.as_view(), name="unit-edit"),
]  # fmt: skip
