"""Escalation cases (whole-chain handling): open ones first; one case; hand over; close."""

from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from guanjia.portal import CompanyPermissionRequiredMixin, ServiceFormView
from tenants.gate.manager_forms import CloseEscalationForm, HandOverForm
from tenants.gate.models import EscalationCase, EscalationStatus
from tenants.gate.services.escalations import close_escalation, hand_over


def escalation_url(case: EscalationCase) -> str:
    return reverse("portal:escalation", args=[case.pk])


class EscalationListView(CompanyPermissionRequiredMixin, ListView):
    permission = "gate.view"
    template_name = "gate/portal/escalation_list.html"
    context_object_name = "cases"
    paginate_by = 50

    def get_queryset(self):
        closed_last = Case(
            When(status=EscalationStatus.CLOSED, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        cases = (
            EscalationCase.objects.visible_to(self.access)
            .select_related("site", "gate")
            .order_by(closed_last, "-reported_at", "-id")
        )
        # The home page's figures link here: open cases, of one site.
        if self.request.GET.get("status") == "open":
            cases = cases.open()
        site = self.request.GET.get("site", "")
        if site.isdigit():
            cases = cases.filter(site=site)
        return cases


class EscalationFromUrlMixin:
    """The case named by the URL's `pk`, among those of the sites the user may see."""

    def get_case(self) -> EscalationCase:
        if not hasattr(self, "case"):
            self.case = get_object_or_404(
                EscalationCase.objects.visible_to(self.access).select_related(
                    "site", "gate", "entry", "isolation_case"
                ),
                pk=self.kwargs["pk"],
            )
        return self.case


class EscalationDetailView(EscalationFromUrlMixin, CompanyPermissionRequiredMixin, DetailView):
    permission = "gate.view"
    template_name = "gate/portal/escalation_detail.html"
    context_object_name = "case"

    def get_object(self):
        return self.get_case()

    def get_context_data(self, **kwargs):
        case = self.object
        can_change = self.access.has("cases.change")
        return super().get_context_data(
            hand_over_form=(
                HandOverForm() if can_change and case.status == EscalationStatus.REPORTED else None
            ),
            close_form=(
                CloseEscalationForm()
                if can_change and case.status == EscalationStatus.HANDED_OVER
                else None
            ),
            **kwargs,
        )


class EscalationActionView(EscalationFromUrlMixin, ServiceFormView):
    permission = "cases.change"
    template_name = "gate/portal/escalation_form.html"

    def get_success_url(self, saved=None):
        return escalation_url(self.get_case())

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.get_case(), **kwargs)


class HandOverView(EscalationActionView):
    form_class = HandOverForm
    title = gettext_lazy("Hand the person over")

    def save(self, data):
        return hand_over(self.get_case(), to=data["handed_over_to"], by=self.request.user)

    def success_message(self, case):
        return _("Handed over to %(to)s.") % {"to": case.handed_over_to}


class CloseEscalationView(EscalationActionView):
    form_class = CloseEscalationForm
    title = gettext_lazy("Close the case")

    def save(self, data):
        return close_escalation(self.get_case(), note=data["closing_note"], by=self.request.user)

    def success_message(self, case):
        return _("The case is closed.")
