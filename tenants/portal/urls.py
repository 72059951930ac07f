"""The portal's URL root on a company's host: its home, then every feature's pages.

A feature app keeps its pages in its own `urls_portal.py` and is listed here once, in the
portal's namespace (`portal:<name>`); see tenants/README.md.
"""

from django.urls import path

from tenants.cleaning.urls_portal import urlpatterns as cleaning_urls
from tenants.gate.urls_manager import urlpatterns as gate_manager_urls
from tenants.gate.urls_portal import urlpatterns as gate_urls
from tenants.history.urls_portal import urlpatterns as history_urls
from tenants.notices.urls_portal import urlpatterns as notice_urls
from tenants.portal import views
from tenants.rosters.urls_portal import urlpatterns as roster_urls
from tenants.sites.urls_portal import urlpatterns as site_urls

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    *site_urls,
    *roster_urls,
    *notice_urls,
    *gate_urls,
    *gate_manager_urls,
    *cleaning_urls,
    *history_urls,
]
