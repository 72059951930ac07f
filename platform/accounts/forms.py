from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from tenants.sites.models import Site


class MemberForm(forms.Form):
    """What every new member is given: a name, a role and, for site work, their sites."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.GUARD)
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For site managers, guards and cleaners: the sites where they work."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The company's sites, in its schema (the request's host).
        self.fields["sites"].queryset = Site.objects.order_by("name")


class InvitationForm(MemberForm):
    """A member invited by e-mail."""

    email = forms.EmailField(label=_("E-mail"))
    field_order = ["email", "full_name", "role", "sites"]


class MobileLoginForm(MemberForm):
    """A member identified by a mobile number, enrolled with a one-time code."""

    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    field_order = ["full_name", "phone", "role", "sites"]


class SignInCodeForm(forms.Form):
    """Mobile number, the code from the manager's screen, and a new password or 6-digit PIN."""

    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "username"}),
    )
    code = forms.CharField(
        label=_("Sign-in code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )
    password1 = forms.CharField(
        label=_("New password or 6-digit PIN"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password or PIN again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ChoosePasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data
