"""A forgotten password, reset by e-mail with Django's own links and tokens.

For those who sign in with an e-mail address. A login by mobile number has no address to
send a link to: its reset is a new sign-in code from a manager (`issue_sign_in_code`).
"""

from axes.utils import reset as reset_sign_in_failures
from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import get_public_schema_name

from accounts.models import User, canonical_email, phone_or_none
from audit.services import log_platform_action

RESET_EMAIL_TEMPLATE = "accounts/password_reset_email.txt"
RESET_SUBJECT_TEMPLATE = "accounts/password_reset_subject.txt"


def reset_link_days() -> int:
    """How long a reset link works, in whole days, as the e-mail says it."""
    return max(1, round(settings.PASSWORD_RESET_TIMEOUT / (24 * 60 * 60)))


class SignInEmailField(forms.EmailField):
    """An e-mail address read as the sign-in form reads it (`canonical_email`).

    A mobile number is refused with a word on where its reset comes from: whatever is
    typed, the answer says nothing about whether an account exists.
    """

    def to_python(self, value):
        if phone_or_none(value) is not None:
            raise ValidationError(
                _(
                    "A login by mobile number gets no e-mail: ask your manager for a new "
                    "sign-in code."
                ),
                code="phone",
            )
        return canonical_email(value)


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form: mails the active account with this address, if any."""

    email = SignInEmailField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def get_users(self, email):
        # Django leaves out accounts without a usable password (managed elsewhere, it
        # assumes). Here that is an account that never chose one, e.g. a new company's first
        # manager, and this link is how they choose it.
        return User.objects.filter(email=canonical_email(email), is_active=True)


def reset_email_context(user: User, *, request) -> dict:
    """What the reset e-mail is rendered with, as `PasswordResetForm.save` makes it.

    The link goes to the host the request came in on (`RequestSite`: the sites framework is
    not installed), where the account works like on any other: accounts are platform-wide.
    """
    site = get_current_site(request)
    return {
        "email": user.email,
        "domain": site.domain,
        "site_name": site.name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
        "days": reset_link_days(),
    }


@transaction.atomic
def send_password_reset(user: User, *, request, by) -> None:
    """E-mail a member the reset link the form sends, at a manager's request, and log it."""
    if not user.email:
        raise ValidationError(
            _("%(name)s signs in with a mobile number: give them a new sign-in code instead.")
            % {"name": user}
        )
    if not user.is_active:
        raise ValidationError(_("Reactivate %(name)s first.") % {"name": user})
    tenant = getattr(request, "tenant", None)
    company = tenant if tenant and tenant.schema_name != get_public_schema_name() else None
    log_platform_action(user, "password.reset_sent", by=by, company=company)
    # Members have no language of their own yet: the company's, as for invitations.
    with translation.override(company.language if company else settings.LANGUAGE_CODE):
        context = {**reset_email_context(user, request=request), "sent_by": str(by) if by else ""}
        subject = "".join(render_to_string(RESET_SUBJECT_TEMPLATE, context).splitlines())
        body = render_to_string(RESET_EMAIL_TEMPLATE, context)
    # Unlike the public form, which must not tell, a refused mail fails the manager's request
    # (and takes the log entry with it) rather than report a link nobody received.
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def finish_password_reset(user: User) -> None:
    """After a reset link set a new password: lift the account's sign-in lock and log it.

    The link proves the address, so the lock against guessing the old password has done its
    work. Sessions elsewhere end by themselves: the password's hash is in their session hash.
    """
    if user.sign_in_name:  # axes resets every account's lock when given no name
        reset_sign_in_failures(username=user.sign_in_name)
    log_platform_action(user, "password.reset", by=user)
