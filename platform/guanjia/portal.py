"""The base of every company portal view: sign-in, membership and one declared permission."""

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from accounts.access import access_for


class CompanyPermissionRequiredMixin(AccessMixin):
    """Let a view through only for members of this host's company whose role holds `permission`."""

    permission: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if self.permission is None:
            raise ImproperlyConfigured(f"{type(self).__name__} must declare a permission")
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = access_for(request)
        if self.access is None or not self.access.has(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has that field."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ServiceFormView(CompanyPermissionRequiredMixin, FormView):
    """A portal form whose valid data goes to one service function (`save`), nothing else.

    A service's ValidationError is shown on the form in the user's language and, because the
    service runs in one transaction, nothing is saved. Invalid forms answer 400.
    """

    template_name = "portal_form.html"
    title = ""
    cancel_url = None

    def save(self, data):
        raise NotImplementedError

    def success_message(self, saved) -> str:
        return _("Saved.")

    def form_valid(self, form):
        try:
            saved = self.save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(saved))
        return redirect(self.get_success_url(saved))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_success_url(self, saved=None):
        return self.cancel_url or reverse("portal:home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title, cancel_url=self.get_success_url(), **kwargs
        )
