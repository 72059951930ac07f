"""Needs of households in isolation: every unfinished one, oldest first; assign and close them."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from guanjia.portal import CompanyPermissionRequiredMixin, ServiceFormView
from tenants.gate.manager_forms import AssignNeedForm, CloseNeedForm
from tenants.gate.models import NeedRequest
from tenants.gate.services.needs import assign_need, close_need
from tenants.gate.views.isolation import case_url
from tenants.rosters.models import DutyPerson


class NeedListView(CompanyPermissionRequiredMixin, ListView):
    permission = "gate.view"
    template_name = "gate/portal/need_list.html"
    context_object_name = "needs"
    paginate_by = 50

    def get_queryset(self):
        return (
            NeedRequest.objects.visible_to(self.access)
            .unfinished()
            .select_related("case__site", "assigned_to")
            .order_by("opened_at", "id")
        )


class NeedActionView(ServiceFormView):
    """Assign or close one need; back to the needs page, or to its case when asked from there."""

    permission = "cases.change"
    template_name = "gate/portal/need_form.html"

    def get_need(self) -> NeedRequest:
        if not hasattr(self, "need"):
            self.need = get_object_or_404(
                NeedRequest.objects.visible_to(self.access).select_related(
                    "case__site", "assigned_to"
                ),
                pk=self.kwargs["pk"],
            )
        return self.need

    def get_success_url(self, saved=None):
        if self.request.GET.get("back") == "case":
            return case_url(self.get_need().case)
        return reverse("portal:needs")

    def get_context_data(self, **kwargs):
        return super().get_context_data(need=self.get_need(), **kwargs)


class AssignNeedView(NeedActionView):
    form_class = AssignNeedForm
    title = gettext_lazy("Assign this need")

    def get_form_kwargs(self):
        people = DutyPerson.objects.visible_to(self.access).filter(active=True)
        return {**super().get_form_kwargs(), "people": people}

    def get_initial(self):
        return {"assigned_to": self.get_need().assigned_to}

    def save(self, data):
        return assign_need(self.get_need(), to=data["assigned_to"], by=self.request.user)

    def success_message(self, need):
        return _("%(need)s is assigned to %(person)s.") % {
            "need": need.get_kind_display(),
            "person": need.assigned_to.name,
        }


class CloseNeedView(NeedActionView):
    form_class = CloseNeedForm
    title = gettext_lazy("Close this need")

    def save(self, data):
        return close_need(self.get_need(), note=data["closing_note"], by=self.request.user)

    def success_message(self, need):
        return _("%(need)s is done and closed.") % {"need": need.get_kind_display()}
