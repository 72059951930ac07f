"""The company log's filters: person, kind of record, site and days."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from guanjia.datewindows import RECORDS_QUERY
from tenants.history.describe import kind_choices

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LogFilterForm(forms.Form):
    """A filter with a wrong value is left out, as on the entries list, not an error page."""

    actor = forms.ModelChoiceField(
        label=capfirst(_("changed by")), queryset=None, required=False, empty_label=_("Everyone")
    )
    object_type = forms.ChoiceField(label=capfirst(_("kind of record")), required=False)
    site = forms.ModelChoiceField(
        label=capfirst(_("site")), queryset=None, required=False, empty_label=_("Every site")
    )
    start = RECORDS_QUERY.form_field(
        label=capfirst(_("from")), required=False, widget=DATE_INPUT, help_text=""
    )
    end = RECORDS_QUERY.form_field(
        label=capfirst(_("to")), required=False, widget=DATE_INPUT, help_text=""
    )

    def __init__(self, *args, people, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = people
        self.fields["site"].queryset = sites
        self.fields["object_type"].choices = [("", _("Every kind of record")), *kind_choices()]

    def filters(self) -> dict:
        """The filters given with a valid value, by name (the form is always bound)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
