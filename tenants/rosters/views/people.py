"""People on duty: the list, adding a guard or a volunteer, changing them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from accounts.views_staff import sign_in_code_page
from guanjia.portal import CompanyPermissionRequiredMixin, ServiceFormView
from tenants.rosters.forms import DutyPersonForm
from tenants.rosters.models import DutyPerson, sees_full_phones
from tenants.rosters.services.people import create_duty_person, give_login, update_duty_person


class DutyPersonListView(CompanyPermissionRequiredMixin, ListView):
    permission = "rosters.view"
    template_name = "rosters/people.html"
    context_object_name = "people"
    paginate_by = 100

    def get_queryset(self):
        people = DutyPerson.objects.visible_to(self.access).select_related("user")
        return people.order_by("-active", "name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            full_phones=sees_full_phones(self.access),
            may_give_logins=self.access.has("people.manage"),
            **kwargs,
        )


class DutyPersonFormView(ServiceFormView):
    permission = "rosters.change"
    form_class = DutyPersonForm
    person = None

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "company": self.request.tenant,
            "instance": self.person,
        }

    def get_success_url(self, saved=None):
        return reverse("portal:people")

    def success_message(self, saved):
        return _("Saved “%(name)s”.") % {"name": saved.name}


class DutyPersonCreateView(DutyPersonFormView):
    title = gettext_lazy("Add a person on duty")

    def save(self, data):
        return create_duty_person(by=self.request.user, company=self.request.tenant, **data)


class DutyPersonUpdateView(DutyPersonFormView):
    title = gettext_lazy("Edit person on duty")

    def dispatch(self, request, *args, **kwargs):
        # `object`: the record the form page shows the history of.
        self.person = self.object = get_object_or_404(DutyPerson, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def save(self, data):
        return update_duty_person(
            self.person, by=self.request.user, company=self.request.tenant, **data
        )


@method_decorator(never_cache, name="dispatch")
class DutyPersonLoginView(CompanyPermissionRequiredMixin, View):
    """A login for someone on the roster in one step: the sign-in code page, shown once."""

    permission = "people.manage"

    def post(self, request, pk):
        person = get_object_or_404(DutyPerson, pk=pk)
        try:
            login = give_login(person, company=request.tenant, by=request.user)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
            return redirect("portal:people")
        if login.issued is None:
            messages.success(
                request,
                _("%(name)s already had a login: it is now linked to the roster.")
                % {"name": person.name},
            )
            return redirect("portal:people")
        back = (reverse("portal:people"), _("Back to people on duty"))
        return sign_in_code_page(request, login.membership, login.issued, back=back)
