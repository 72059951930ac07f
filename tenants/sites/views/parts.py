"""Portal pages for what a site is made of: its page, buildings, gates, facilities and units."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from guanjia.portal import CompanyPermissionRequiredMixin, ServiceFormView
from tenants.sites.forms import (
    BuildingForm,
    FacilityForm,
    GateForm,
    GateStatusForm,
    NewGateForm,
    ResponsibleUnitForm,
)
from tenants.sites.models import Building, Facility, Gate, ResponsibleUnit, Site
from tenants.sites.services.gates import change_gate_status, create_gate, update_gate
from tenants.sites.services.places import (
    create_building,
    create_facility,
    create_responsible_unit,
    update_building,
    update_facility,
    update_responsible_unit,
)


class SiteDetailView(CompanyPermissionRequiredMixin, DetailView):
    permission = "sites.view"
    template_name = "sites/site_detail.html"
    context_object_name = "site"

    def get_queryset(self):
        return Site.objects.visible_to(self.access).prefetch_related(
            "buildings", "facilities", "responsible_units", "gates"
        )


class SitePartFormView(ServiceFormView):
    """Add or change one part of a site the user may see; back to the site's page after."""

    permission = "sites.change"
    model = None
    object = None

    def get_site(self):
        if not hasattr(self, "site"):
            if "site" in self.kwargs:
                self.site = get_object_or_404(
                    Site.objects.visible_to(self.access), pk=self.kwargs["site"]
                )
            else:
                self.object = get_object_or_404(
                    self.model.objects.visible_to(self.access).select_related("site"),
                    pk=self.kwargs["pk"],
                )
                self.site = self.object.site
        return self.site

    def get_form_kwargs(self):
        self.get_site()
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_success_url(self, saved=None):
        return reverse("portal:site", args=[self.get_site().pk])

    def success_message(self, saved):
        return _("Saved “%(name)s”.") % {"name": saved}


class BuildingCreateView(SitePartFormView):
    form_class = BuildingForm
    title = gettext_lazy("Add a building")

    def save(self, data):
        return create_building(self.site, by=self.request.user, **data)


class BuildingUpdateView(SitePartFormView):
    model = Building
    form_class = BuildingForm
    title = gettext_lazy("Edit building")

    def save(self, data):
        return update_building(self.object, by=self.request.user, **data)


class GateCreateView(SitePartFormView):
    form_class = NewGateForm
    title = gettext_lazy("Add a gate")

    def save(self, data):
        return create_gate(self.site, by=self.request.user, **data)


class GateUpdateView(SitePartFormView):
    model = Gate
    form_class = GateForm
    title = gettext_lazy("Edit gate")

    def save(self, data):
        return update_gate(self.object, by=self.request.user, **data)


class GateStatusView(SitePartFormView):
    """Open, close or seal a gate with a reason; the change is recorded with who and when."""

    model = Gate
    form_class = GateStatusForm
    template_name = "sites/gate_status.html"
    title = gettext_lazy("Open or close a gate")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        return kwargs

    def get_initial(self):
        self.get_site()
        return {"status": self.object.status}

    def get_context_data(self, **kwargs):
        self.get_site()
        changes = self.object.status_changes.select_related("changed_by").order_by("-changed_at")
        return super().get_context_data(gate=self.object, changes=changes, **kwargs)

    def save(self, data):
        return change_gate_status(
            self.object, data["status"], by=self.request.user, reason=data["reason"]
        )


class FacilityCreateView(SitePartFormView):
    form_class = FacilityForm
    title = gettext_lazy("Add a facility")

    def save(self, data):
        return create_facility(self.site, by=self.request.user, **data)


class FacilityUpdateView(SitePartFormView):
    model = Facility
    form_class = FacilityForm
    title = gettext_lazy("Edit facility")

    def save(self, data):
        return update_facility(self.object, by=self.request.user, **data)


class ResponsibleUnitCreateView(SitePartFormView):
    form_class = ResponsibleUnitForm
    title = gettext_lazy("Add a responsible unit")

    def save(self, data):
        return create_responsible_unit(self.site, by=self.request.user, **data)


class ResponsibleUnitUpdateView(SitePartFormView):
    model = ResponsibleUnit
    form_class = ResponsibleUnitForm
    title = gettext_lazy("Edit responsible unit")

    def save(self, data):
        return update_responsible_unit(self.object, by=self.request.user, **data)
