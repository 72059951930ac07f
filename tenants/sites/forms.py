from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.sites.models import Site
from tenants.sites.services import EDITABLE_FIELDS, company_staff


class SiteForm(forms.ModelForm):
    assigned_users = forms.ModelMultipleChoiceField(
        label=_("assigned staff"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Site managers see only the sites they are assigned to."),
    )

    class Meta:
        model = Site
        fields = [*EDITABLE_FIELDS, "assigned_users"]

    def __init__(self, *args, company, can_assign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if can_assign:
            self.fields["assigned_users"].queryset = company_staff(company)
        else:
            del self.fields["assigned_users"]

    def validate_unique(self):
        # The service checks the name against the company's other sites, in the user's language.
        pass
