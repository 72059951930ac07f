"""Forms of the managers' gate pages: policies, escalations, isolation, needs and settings.

Field names are the names the services use in their errors, so a service's ValidationError
lands on the field it is about.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Company
from guanjia.datewindows import (
    ISOLATION_DAY,
    ISOLATION_EXTENSION,
    ISOLATION_START,
    RECORDS_QUERY,
)
from tenants.gate.identity import DocumentKind
from tenants.gate.models import (
    CONTACT_NAME_MAX,
    MAX_CONTACTS,
    EntryPolicy,
    EscalationContacts,
    NeedKind,
    ReadingPeriod,
)
from tenants.gate.policy import Category, Level, Outcome, Rule

# The browser's date picker takes only ISO dates, whatever the reader's language.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PageForm(forms.Form):
    """A form that may share a page with others: its own ids, so no two labels clash."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


# Entry policies.


class LevelForm(PageForm):
    id_prefix = "level"

    level = forms.ChoiceField(label=capfirst(_("response level")), choices=Level.choices)


class PolicyForm(forms.Form):
    """A site's rule for every category, its fever line and its two checks."""

    threshold = forms.DecimalField(
        label=capfirst(EntryPolicy._meta.get_field("threshold").verbose_name),
        max_digits=3,
        decimal_places=1,
        help_text=_("37.3 °C unless the health authorities say otherwise."),
    )
    green_code_required = forms.BooleanField(
        label=capfirst(EntryPolicy._meta.get_field("green_code_required").verbose_name),
        required=False,
    )
    travel_reported = forms.BooleanField(
        label=capfirst(EntryPolicy._meta.get_field("travel_reported").verbose_name), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rules = {
            f"rule_{category}": forms.ChoiceField(label=category.label, choices=Rule.choices)
            for category in Category
        }
        # The categories first, in the order of the published rules.
        self.fields = {**rules, **self.fields}

    @staticmethod
    def initial_for(policy: EntryPolicy) -> dict:
        return {
            **{f"rule_{category}": rule for category, rule in policy.rules.items()},
            "threshold": policy.threshold,
            "green_code_required": policy.green_code_required,
            "travel_reported": policy.travel_reported,
        }

    @staticmethod
    def policy_data(data: dict) -> dict:
        """The keyword arguments of change_policy from the form's cleaned data."""
        return {
            "rules": {category: data[f"rule_{category}"] for category in Category.values},
            "threshold": data["threshold"],
            "green_code_required": data["green_code_required"],
            "travel_reported": data["travel_reported"],
        }


# Entries.


class EntryFilterForm(forms.Form):
    """The entries list's filters; a filter with a wrong value is left out, not an error."""

    site = forms.ModelChoiceField(
        label=capfirst(_("site")), queryset=None, required=False, empty_label=_("Every site")
    )
    gate = forms.ModelChoiceField(
        label=capfirst(_("gate")), queryset=None, required=False, empty_label=_("Every gate")
    )
    category = forms.ChoiceField(
        label=capfirst(_("category")),
        choices=[("", _("Every category")), *Category.choices],
        required=False,
    )
    outcome = forms.ChoiceField(
        label=capfirst(_("outcome")),
        choices=[("", _("Every outcome")), *Outcome.choices],
        required=False,
    )
    day = RECORDS_QUERY.form_field(
        label=capfirst(_("day")), required=False, widget=DATE_INPUT, help_text=""
    )
    overridden = forms.BooleanField(label=capfirst(_("overridden only")), required=False)

    def __init__(self, *args, sites, gates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["gate"].queryset = gates
        self.fields["gate"].label_from_instance = lambda gate: f"{gate.site.name} · {gate.name}"

    def filters(self) -> dict:
        """The filters given with a valid value, by name (the form is always bound)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


# Escalations.


class HandOverForm(forms.Form):
    handed_over_to = forms.CharField(
        label=capfirst(_("handed over to")),
        max_length=200,
        help_text=_("The community health centre, the 120 ambulance, the committee…"),
    )


class CloseEscalationForm(forms.Form):
    closing_note = forms.CharField(
        label=capfirst(_("how the case ended")), widget=forms.Textarea(attrs={"rows": 3})
    )


# Isolation.


class ObservationForm(forms.Form):
    """Someone placed under home medical observation from the office."""

    site = forms.ModelChoiceField(label=capfirst(_("site")), queryset=None)
    name = forms.CharField(label=capfirst(pgettext_lazy("person", "name")), max_length=100)
    building = forms.CharField(label=capfirst(_("building")), max_length=40)
    room = forms.CharField(label=capfirst(_("room")), max_length=20)
    phone = forms.CharField(
        label=capfirst(_("mobile number")),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    document_kind = forms.ChoiceField(
        label=capfirst(_("document")),
        choices=DocumentKind.choices,
        widget=forms.RadioSelect,
        initial=DocumentKind.ID_CARD,
    )
    document = forms.CharField(
        label=capfirst(_("ID-card or passport number")), max_length=30, required=False
    )
    starts_on = ISOLATION_START.form_field(
        label=capfirst(_("observation starts on")),
        widget=DATE_INPUT,
        help_text=_("The day counts as the first day of home isolation."),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class ReadingForm(PageForm):
    id_prefix = "reading"

    on = ISOLATION_DAY.form_field(label=capfirst(_("day")), widget=DATE_INPUT, help_text="")
    period = forms.ChoiceField(label=capfirst(_("time of day")), choices=ReadingPeriod.choices)
    temperature = forms.DecimalField(
        label=capfirst(_("temperature (°C)")), max_digits=3, decimal_places=1
    )


class ExtendForm(PageForm):
    id_prefix = "extend"

    until = ISOLATION_EXTENSION.form_field(
        label=capfirst(_("new last day")),
        widget=DATE_INPUT,
        help_text=_("At most 12 weeks after the first day."),
    )
    reason = forms.CharField(label=capfirst(_("reason")), widget=forms.Textarea(attrs={"rows": 2}))


class EndForm(PageForm):
    id_prefix = "end"

    on = ISOLATION_DAY.form_field(label=capfirst(_("ended on")), widget=DATE_INPUT, help_text="")
    reason = forms.CharField(label=capfirst(_("reason")), widget=forms.Textarea(attrs={"rows": 2}))
    transferred = forms.BooleanField(
        label=capfirst(_("transferred (to a hospital or a central observation site)")),
        required=False,
    )


class CommitteeForm(PageForm):
    id_prefix = "committee"

    committee_registered_on = ISOLATION_START.form_field(
        label=capfirst(_("registered by the neighbourhood committee on")),
        widget=DATE_INPUT,
        help_text=_("Home isolation counts from this day."),
    )


class NeedForm(PageForm):
    id_prefix = "need"

    # Made when the blank form is shown, so a double-clicked submit opens one request.
    uuid = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=capfirst(_("need")), choices=NeedKind.choices)
    details = forms.CharField(label=capfirst(_("details")), max_length=300, required=False)


class AssignNeedForm(forms.Form):
    assigned_to = forms.ModelChoiceField(label=capfirst(_("assigned to")), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = people


class CloseNeedForm(forms.Form):
    closing_note = forms.CharField(
        label=capfirst(_("what was done")), widget=forms.Textarea(attrs={"rows": 3})
    )


# Company settings.


class GateSettingsForm(forms.Form):
    """The company's days of isolation and of keeping data, and its next steps after a fever:
    where to hold the person and up to MAX_CONTACTS people to call, a name and a number each."""

    isolation_days = forms.IntegerField(
        label=capfirst(Company._meta.get_field("isolation_days").verbose_name),
        help_text=Company._meta.get_field("isolation_days").help_text,
    )
    retention_days = forms.IntegerField(
        label=capfirst(Company._meta.get_field("retention_days").verbose_name),
        help_text=Company._meta.get_field("retention_days").help_text,
    )
    holding_place = forms.CharField(
        label=capfirst(EscalationContacts._meta.get_field("holding_place").verbose_name),
        max_length=EscalationContacts._meta.get_field("holding_place").max_length,
        required=False,
        help_text=_(
            "Away from others until they are handed over, e.g. a temporary observation point "
            "inside the south gate."
        ),
    )

    SETTINGS_FIELDS = ("isolation_days", "retention_days")
    ESCALATION_FIELDS = ("holding_place",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, in the reader's language: each row's labels carry its number.
        for number in range(1, MAX_CONTACTS + 1):
            self.fields[f"contact_{number}_name"] = forms.CharField(
                label=_("Contact %(number)s: name or role") % {"number": number},
                max_length=CONTACT_NAME_MAX,
                required=False,
            )
            self.fields[f"contact_{number}_phone"] = forms.CharField(
                label=_("Contact %(number)s: phone") % {"number": number},
                max_length=30,
                required=False,
                widget=forms.TextInput(attrs={"type": "tel"}),
            )

    def contact_rows(self):
        """(name, phone) bound fields, one pair per row, for the page's table."""
        return [
            (self[f"contact_{number}_name"], self[f"contact_{number}_phone"])
            for number in range(1, MAX_CONTACTS + 1)
        ]

    @staticmethod
    def initial_contacts(contacts: EscalationContacts) -> dict:
        initial = {"holding_place": contacts.holding_place}
        for number, contact in enumerate(contacts.contact_list, 1):
            initial[f"contact_{number}_name"] = contact.name
            initial[f"contact_{number}_phone"] = contact.display
        return initial

    def escalation_data(self) -> dict:
        """The keyword arguments of change_escalation_contacts from the cleaned data."""
        data = self.cleaned_data
        return {
            "holding_place": data["holding_place"],
            "contacts": [
                {"name": data[f"contact_{number}_name"], "phone": data[f"contact_{number}_phone"]}
                for number in range(1, MAX_CONTACTS + 1)
            ],
        }

    def escalation_changed(self) -> bool:
        return any(name.startswith("contact_") for name in self.changed_data) or (
            "holding_place" in self.changed_data
        )
