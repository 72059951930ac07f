from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.sites.fields import StaffingRulesField, WindowsField
from tenants.sites.models import Building, Facility, Gate, GateStatus, ResponsibleUnit, Site
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


class BuildingForm(forms.ModelForm):
    class Meta:
        model = Building
        fields = ["name", "units"]

    def validate_unique(self):
        pass  # the service reports a taken name in the user's language


class GateForm(forms.ModelForm):
    opening_hours = WindowsField(
        label=_("opening hours"),
        required=False,
        help_text=_("Leave empty for 24 hours a day, or write e.g. 06:00-22:00."),
    )
    staffing_rules = StaffingRulesField(
        label=_("staffing by time of day"),
        required=False,
        help_text=_("Other numbers at some hours, one rule per line, e.g. 22:00-06:00 2."),
    )

    class Meta:
        model = Gate
        fields = ["name", "opening_hours", "minimum_on_duty", "staffing_rules", "responsible"]

    def validate_unique(self):
        pass


class NewGateForm(GateForm):
    status = forms.ChoiceField(label=_("status"), choices=GateStatus.choices)
    reason = forms.CharField(
        label=_("reason"), required=False, help_text=_("Why the gate is closed or sealed.")
    )


class GateStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=GateStatus.choices)
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=300,
        help_text=_("Required to close or seal a gate; shown on the gate's record."),
    )


class FacilityForm(forms.ModelForm):
    opening_hours = WindowsField(
        label=_("opening hours"),
        required=False,
        help_text=_("Shared kitchens only, e.g. 06:30-09:00, 17:00-20:00."),
    )

    class Meta:
        model = Facility
        fields = ["kind", "location", "opening_hours"]


class ResponsibleUnitForm(forms.ModelForm):
    class Meta:
        model = ResponsibleUnit
        fields = ["name", "kind", "contact"]
