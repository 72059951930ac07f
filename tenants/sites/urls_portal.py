from django.urls import path

from tenants.sites import views

app_name = "portal"

urlpatterns = [
    path("", views.PortalHomeView.as_view(), name="home"),
    path("sites/", views.SiteListView.as_view(), name="sites"),
    path("sites/new/", views.SiteCreateView.as_view(), name="site-create"),
    path("sites/<int:pk>/edit/", views.SiteUpdateView.as_view(), name="site-edit"),
]
