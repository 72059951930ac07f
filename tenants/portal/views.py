"""The portal's home: a manager's day at a glance; guards and cleaners land on their phone pages."""

from django.db.models import Count, Sum
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.gate.models import EscalationCase
from tenants.portal.home import day_at_a_glance
from tenants.rosters.models import GapAlert
from tenants.sites.models import Site

# Enough for a bad day at a large company; the board shows every gap of a site.
ALERTS_SHOWN = 100


class HomeView(CompanyPermissionRequiredMixin, TemplateView):
    permission = "portal.view"
    template_name = "portal/home.html"

    def get(self, request, *args, **kwargs):
        # A guard's home is the gate on their phone; a cleaner's, their round of the day.
        if self.access.has("shifts.own"):
            return redirect("portal:gate")
        if self.access.has("cleaning.round"):
            return redirect("portal:cleaning-round")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        totals = alerts = escalations = None
        if self.access.has("sites.view"):
            totals = Site.objects.visible_to(self.access).aggregate(
                sites=Count("id"), households=Sum("households")
            )
        if self.access.has("rosters.view"):
            alerts = GapAlert.objects.visible_to(self.access).unresolved(timezone.now())
            # The home page's own figure for one site links here with ?site=.
            site = self.request.GET.get("site", "")
            if site.isdigit():
                alerts = alerts.filter(gate__site=site)
            alerts = alerts.select_related("gate__site").order_by("starts_at")[:ALERTS_SHOWN]
        if self.access.has("gate.view"):
            # An open case is a person waiting to be handed over or followed up: shown first.
            escalations = (
                EscalationCase.objects.visible_to(self.access)
                .open()
                .select_related("site", "gate")[:50]
            )
        return super().get_context_data(
            glance=day_at_a_glance(self.access, timezone.now()),
            totals=totals,
            alerts=alerts,
            escalations=escalations,
            **kwargs,
        )
