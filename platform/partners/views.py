from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from guanjia.portal import CompanyPermissionRequiredMixin
from partners.forms import ApiKeyForm
from partners.models import ApiKey
from partners.services import create_api_key, revoke_api_key


class ApiKeyListView(CompanyPermissionRequiredMixin, View):
    permission = "apikeys.manage"

    def get(self, request):
        return self.render(request, ApiKeyForm())

    def post(self, request):
        form = ApiKeyForm(request.POST)
        issued = None
        if form.is_valid():
            try:
                issued = create_api_key(
                    company=request.tenant, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field, errors)
        if issued is None:
            return self.render(request, form, status=400)
        return self.render(request, ApiKeyForm(), issued=issued)

    def render(self, request, form, issued=None, status=200):
        keys = ApiKey.objects.filter(company_id=request.tenant.pk)
        return render(
            request,
            "partners/api_keys.html",
            {"form": form, "keys": keys, "issued": issued},
            status=status,
        )


class ApiKeyRevokeView(CompanyPermissionRequiredMixin, View):
    permission = "apikeys.manage"

    def post(self, request, pk):
        api_key = get_object_or_404(ApiKey, pk=pk, company_id=request.tenant.pk)
        revoke_api_key(api_key, by=request.user)
        messages.success(request, _("The key “%(name)s” no longer works.") % {"name": api_key.name})
        return redirect("partners:keys")
