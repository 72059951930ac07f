"""The company log: every change managers may see, newest first, filtered and paged."""

from django.contrib.auth import get_user_model
from django.views.generic import ListView

from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.history.forms import LogFilterForm
from tenants.history.models import LogEntry
from tenants.sites.models import Site


class CompanyLogView(CompanyPermissionRequiredMixin, ListView):
    permission = "history.view"
    template_name = "history/log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_filter_form(self) -> LogFilterForm:
        if not hasattr(self, "filter_form"):
            people = get_user_model().objects.filter(memberships__company=self.request.tenant)
            self.filter_form = LogFilterForm(
                self.request.GET,
                people=people.order_by("email"),
                sites=Site.objects.visible_to(self.access),
            )
        return self.filter_form

    def get_queryset(self):
        filters = self.get_filter_form().filters()
        entries = LogEntry.objects.visible_to(self.access).between(
            filters.get("start"), filters.get("end")
        )
        if "actor" in filters:
            entries = entries.filter(actor_user_id=filters["actor"].pk)
        if "object_type" in filters:
            entries = entries.filter(object_type=filters["object_type"])
        if "site" in filters:
            entries = entries.filter(site_id=filters["site"].pk)
        return entries.order_by("-at", "-id")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filters=self.get_filter_form(), **kwargs)
