"""The printable poster of an open gate, with the QR code of its visitors' form."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.gate.posters import render_gate_poster
from tenants.sites.models import Gate


class GatePosterView(CompanyPermissionRequiredMixin, View):
    permission = "gate.view"

    def get(self, request, pk):
        gate = get_object_or_404(Gate.objects.visible_to(self.access).select_related("site"), pk=pk)
        if not gate.is_open:
            # A closed gate carries a closure notice, not an invitation to register.
            raise Http404
        response = HttpResponse(
            render_gate_poster(gate, request.tenant), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="gate-{gate.pk}-visitors.pdf"'
        return response
