from django import forms

from tenants.sites.models import Site
from tenants.sites.services import EDITABLE_FIELDS


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = list(EDITABLE_FIELDS)

    def validate_unique(self):
        # The service checks the name against the company's other sites, in the user's language.
        pass
