"""Portal pages of the gate; included in the portal's namespace by tenants.portal.urls."""

from django.urls import path

from tenants.gate.views import guard, posters, returnees, voids

urlpatterns = [
    path("m/gate/", guard.GatePageView.as_view(), name="gate"),
    path("m/gate/entries/", guard.RecordEntryView.as_view(), name="gate-entries"),
    path("m/gate/checks/", guard.PersonChecksView.as_view(), name="gate-checks"),
    path("m/gate/pass/", guard.GatePassView.as_view(), name="gate-pass-lookup"),
    path("m/gate/pass/<str:code>/", guard.GatePassView.as_view(), name="gate-pass"),
    path("gates/<int:pk>/visitor-poster.pdf", posters.GatePosterView.as_view(),
         name="gate-poster"),
    path("m/gate/returnees/new/", returnees.ReturneeRegisterView.as_view(), name="gate-returnee"),
    path("m/gate/today/", voids.MyEntriesTodayView.as_view(), name="gate-today"),
    path("m/gate/today/<int:pk>/void/", voids.VoidOwnEntryView.as_view(), name="gate-void"),
]  # fmt: skip
