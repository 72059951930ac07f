from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.sites.forms import SiteForm
from tenants.sites.models import Site
from tenants.sites.services import create_site, update_site


class SiteListView(CompanyPermissionRequiredMixin, ListView):
    permission = "sites.view"
    template_name = "sites/site_list.html"
    context_object_name = "sites"
    paginate_by = 50

    def get_queryset(self):
        return Site.objects.visible_to(self.access)


class SiteFormView(CompanyPermissionRequiredMixin, View):
    """Shared GET/POST handling for creating and editing a site through the services."""

    template_name = "sites/site_form.html"

    def get_site(self):
        return None

    def form(self, site, data=None):
        # Only managers choose who works at a site; site managers edit the site's details.
        can_assign = self.access.has("sites.create")
        return SiteForm(data, instance=site, company=self.request.tenant, can_assign=can_assign)

    def get(self, request, *args, **kwargs):
        site = self.get_site()
        return self.render(request, self.form(site), site)

    def post(self, request, *args, **kwargs):
        site = self.get_site()
        form = self.form(site, request.POST)
        if form.is_valid():
            try:
                saved = self.save(form.cleaned_data, site)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved “%(name)s”.") % {"name": saved.name})
                return redirect("portal:sites")
        return self.render(request, form, site, status=400)

    def render(self, request, form, site, status=200):
        return render(request, self.template_name, {"form": form, "site": site}, status=status)


class SiteCreateView(SiteFormView):
    permission = "sites.create"

    def save(self, data, site):
        return create_site(by=self.request.user, company=self.request.tenant, **data)


class SiteUpdateView(SiteFormView):
    permission = "sites.change"

    def get_site(self):
        return get_object_or_404(Site.objects.visible_to(self.access), pk=self.kwargs["pk"])

    def save(self, data, site):
        return update_site(site, by=self.request.user, company=self.request.tenant, **data)
