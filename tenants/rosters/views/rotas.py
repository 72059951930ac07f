"""Rotas: defining a pattern once and generating its shifts for a date range."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from guanjia.portal import CompanyPermissionRequiredMixin, ServiceFormView
from tenants.rosters.forms import GenerateForm, RotaForm
from tenants.rosters.models import Rota
from tenants.rosters.services.rotas import create_rota, generate_shifts
from tenants.sites.views.mixins import SiteFromUrlMixin


class RotaListView(SiteFromUrlMixin, CompanyPermissionRequiredMixin, ListView):
    permission = "rosters.change"
    template_name = "rosters/rotas.html"
    context_object_name = "rotas"

    def get_queryset(self):
        return (
            Rota.objects.filter(site=self.get_site())
            .prefetch_related("gates", "members__person")
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(site=self.get_site(), **kwargs)


class RotaCreateView(SiteFromUrlMixin, ServiceFormView):
    permission = "rosters.change"
    form_class = RotaForm
    title = gettext_lazy("Add a rota")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "site": self.get_site()}

    def get_success_url(self, saved=None):
        return reverse("portal:rotas", args=[self.get_site().pk])

    def success_message(self, saved):
        return _("Saved “%(name)s”. Generate its shifts for the days you need.") % {
            "name": saved.name
        }

    def save(self, data):
        return create_rota(self.get_site(), by=self.request.user, **data)


class RotaGenerateView(ServiceFormView):
    permission = "rosters.change"
    form_class = GenerateForm
    title = gettext_lazy("Generate shifts")
    template_name = "rosters/rota_generate.html"

    def get_rota(self) -> Rota:
        if not hasattr(self, "rota"):
            self.rota = get_object_or_404(
                Rota.objects.visible_to(self.access).select_related("site"), pk=self.kwargs["pk"]
            )
        return self.rota

    def get_context_data(self, **kwargs):
        return super().get_context_data(rota=self.get_rota(), **kwargs)

    def get_success_url(self, saved=None):
        return reverse("portal:rotas", args=[self.get_rota().site_id])

    def success_message(self, created):
        if created:
            return _("%(count)s new shifts are on the roster.") % {"count": created}
        return _("Every shift of these days was already on the roster.")

    def save(self, data):
        return generate_shifts(self.get_rota(), by=self.request.user, **data)
