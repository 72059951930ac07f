"""The company's gate settings: days of home isolation and days personal data is kept."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanjia.portal import ServiceFormView
from tenants.gate.manager_forms import GateSettingsForm
from tenants.gate.services.settings import change_gate_settings


class GateSettingsView(ServiceFormView):
    permission = "gate.settings"
    form_class = GateSettingsForm
    template_name = "gate/portal/settings.html"
    title = gettext_lazy("Gate settings")

    def get_initial(self):
        company = self.request.tenant
        return {
            "isolation_days": company.isolation_days,
            "retention_days": company.retention_days,
        }

    def save(self, data):
        return change_gate_settings(self.request.tenant, by=self.request.user, **data)

    def success_message(self, company):
        return _("The gate settings are saved.")

    def get_success_url(self, saved=None):
        return reverse("portal:gate-settings")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cancel_url": reverse("portal:home")}
