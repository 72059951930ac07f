"""A forgotten password: Django's reset views, on the platform host and each company's host."""

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy

from accounts.passwords import (
    RESET_EMAIL_TEMPLATE,
    RESET_SUBJECT_TEMPLATE,
    PasswordResetRequestForm,
    finish_password_reset,
    reset_link_days,
)
from guanjia.encryption import blind_index
from guanjia.limits import Limit, reached, retry_after, usage

RESETS_PER_ADDRESS = Limit(
    "PASSWORD_RESETS_PER_ADDRESS",
    # Never shown: over this limit the answer is the same as ever, and no mail goes.
    "",
    platform_wide=True,
)
RESETS_PER_CLIENT = Limit(
    "PASSWORD_RESETS_PER_CLIENT",
    gettext_lazy("Too many requests from this network. Please wait a while and try again."),
    platform_wide=True,
)


def address_key(email: str):
    """An address as a counter's key: its keyed hash, never the address itself."""
    index = blind_index(email)
    return lambda group, request: index


class PasswordResetView(auth_views.PasswordResetView):
    """Anyone may ask; the answer is the same whether an account has the address or not.

    Links sent are counted per address (over the limit, the same answer and no mail, which
    tells nothing) and requests per client address (over the limit, 429).
    """

    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = RESET_EMAIL_TEMPLATE
    subject_template_name = RESET_SUBJECT_TEMPLATE
    success_url = reverse_lazy("accounts:password-reset-sent")

    def post(self, request, *args, **kwargs):
        found = reached(request, RESETS_PER_CLIENT, "ip")
        if found is not None:
            return self.refuse(found)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        usage(self.request, RESETS_PER_CLIENT, "ip", increment=True)
        address = address_key(form.cleaned_data["email"])
        if reached(self.request, RESETS_PER_ADDRESS, address) is not None:
            return redirect(self.success_url)
        usage(self.request, RESETS_PER_ADDRESS, address, increment=True)
        # Rendered in the request's language (LocaleMiddleware's): the reader is the one asking.
        self.extra_email_context = {"days": reset_link_days()}
        return super().form_valid(form)

    def refuse(self, found: dict):
        context = self.get_context_data(refusal=RESETS_PER_CLIENT.refusal)
        return retry_after(self.render_to_response(context, status=429), found)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the e-mail: choose a new password, once, while the link is valid."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            finish_password_reset(form.user)
        return response

    def render_to_response(self, context, **kwargs):
        if not self.validlink:
            kwargs.setdefault("status", 400)
        return super().render_to_response(context, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_done.html"
