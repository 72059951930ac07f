"""The company's gate settings: days of home isolation and days personal data is kept, and
the next steps after a fever that the guard's phone shows: where to hold, whom to call."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanjia.portal import ServiceFormView
from tenants.gate.manager_forms import GateSettingsForm
from tenants.gate.models import EscalationContacts
from tenants.gate.services.settings import change_escalation_contacts, change_gate_settings


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
            **GateSettingsForm.initial_contacts(EscalationContacts.current()),
        }

    def form_valid(self, form):
        self.form = form
        return super().form_valid(form)

    def save(self, data):
        # One page, two settings: each keeps its own history, and a bad number saves neither.
        with transaction.atomic():
            company = change_gate_settings(
                self.request.tenant,
                by=self.request.user,
                **{name: data[name] for name in GateSettingsForm.SETTINGS_FIELDS},
            )
            if self.form.escalation_changed():
                change_escalation_contacts(
                    company, by=self.request.user, **self.form.escalation_data()
                )
        return company

    def success_message(self, company):
        return _("The gate settings are saved.")

    def get_success_url(self, saved=None):
        return reverse("portal:gate-settings")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cancel_url": reverse("portal:home")}
