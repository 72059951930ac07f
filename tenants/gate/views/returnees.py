"""Registering a returnee, at the gate on a phone or in the office."""

import uuid

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanjia.portal import ServiceFormView
from tenants.gate.forms import ReturneeForm
from tenants.gate.identity import DocumentKind
from tenants.gate.services.gates import gates_for_recording, sites_for_recording
from tenants.gate.services.isolation import ReturneeIn, register_returnee


class ReturneeRegisterView(ServiceFormView):
    permission = "gate.record"
    form_class = ReturneeForm
    template_name = "gate/returnee_form.html"
    title = gettext_lazy("Register a returnee")

    def sites(self):
        return sites_for_recording(self.access, timezone.now())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sites": self.sites()}

    def get_initial(self):
        gates = gates_for_recording(self.access, timezone.now())
        wanted = self.request.GET.get("gate", "")
        if wanted.isdigit():
            gates = gates.filter(pk=wanted)
        return {
            "uuid": uuid.uuid4(),
            "site": gates.values_list("site_id", flat=True).first()
            or self.sites().values_list("pk", flat=True).first(),
            "document_kind": DocumentKind.ID_CARD,
            "arrived_on": timezone.localdate(),
        }

    def save(self, data):
        site = data.pop("site")
        returnee, _created = register_returnee(site, ReturneeIn(**data), by=self.request.user)
        return returnee

    def success_message(self, returnee) -> str:
        case = returnee.isolation_case
        return _("%(name)s is registered: home isolation until %(date)s.") % {
            "name": returnee.name,
            "date": date_format(case.planned_end, "SHORT_DATE_FORMAT"),
        }

    def get_success_url(self, saved=None):
        return reverse("portal:gate")
