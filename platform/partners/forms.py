from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import ApiScope


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiScope.choices, initial=ApiScope.READ)
