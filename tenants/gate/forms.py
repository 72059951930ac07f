"""Forms of the gate: what a guard's phone sends, and the returnee registration."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanjia.datewindows import ENTRY_TIME, ISOLATION_START
from guanjia.jsonbody import MAX_ID, clean_json_fields
from tenants.gate.identity import DocumentKind
from tenants.gate.models.entries import VOID_REASON_MAX
from tenants.gate.policy import RESIDENT_CATEGORIES, Category, HealthCode
from tenants.gate.services.entries import EntryIn


class EntryJson:
    """One entry as the phone sends it (JSON), parsed for types by Django's form fields.

    The values (who is entering, the health code's colour, the document's kind, the override)
    are the service's to check. Not a Form: a Form deep-copies its fields for every entry, which
    cost as much as checking and recording the entry; a field's clean() changes nothing in it.
    """

    fields = {
        "uuid": forms.UUIDField(),
        "gate": forms.IntegerField(min_value=1, max_value=MAX_ID),
        "category": forms.CharField(max_length=20),
        "temperature": forms.DecimalField(max_digits=3, decimal_places=1),
        "recorded_at": ENTRY_TIME.form_field(required=False),
        "name": forms.CharField(max_length=100, required=False),
        "document_kind": forms.CharField(max_length=20, required=False),
        "document": forms.CharField(max_length=30, required=False),
        "phone": forms.CharField(max_length=30, required=False),
        "building": forms.CharField(max_length=40, required=False),
        "room": forms.CharField(max_length=20, required=False),
        "consent": forms.BooleanField(required=False),
        "filed": forms.BooleanField(required=False),
        "vehicle_plate": forms.CharField(max_length=12, required=False),
        "health_code": forms.CharField(max_length=20, required=False),
        "key_region_travel": forms.BooleanField(required=False),
        "override_outcome": forms.CharField(max_length=20, required=False),
        "override_reason": forms.CharField(max_length=500, required=False),
        "pass_code": forms.CharField(max_length=10, required=False),
    }

    def __init__(self, body: dict):
        """Raises ValidationError naming every field that is wrong."""
        self.cleaned_data = clean_json_fields(body, self.fields)

    def entry_in(self) -> EntryIn:
        data = dict(self.cleaned_data)
        data.pop("gate")
        data.pop("pass_code")
        data["health_code"] = data["health_code"] or HealthCode.NOT_SHOWN
        data["document_kind"] = data["document_kind"] or DocumentKind.ID_CARD
        return EntryIn(**data)


# A date input takes ISO dates whatever the page's language (zh-hans writes 2026/11/23).
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChecksJson:
    """The known-person checks as the phone asks for them: a gate and a document or phone."""

    fields = {
        "gate": forms.IntegerField(min_value=1, max_value=MAX_ID),
        "document_kind": forms.ChoiceField(choices=DocumentKind.choices, required=False),
        "document": forms.CharField(max_length=30, required=False),
        "phone": forms.CharField(max_length=30, required=False),
    }

    def __init__(self, body: dict):
        """Raises ValidationError naming every field that is wrong."""
        self.cleaned_data = clean_json_fields(body, self.fields)


class ReturneeForm(forms.Form):
    """Registering a returnee at the gate: who, where they live, where from, since when."""

    # Made when the blank form is shown, so a double-tapped "Register" registers once.
    uuid = forms.UUIDField(widget=forms.HiddenInput)
    site = forms.ModelChoiceField(label=_("site"), queryset=None)
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=100)
    document_kind = forms.ChoiceField(
        label=_("document"), choices=DocumentKind.choices, widget=forms.RadioSelect
    )
    document = forms.CharField(label=_("ID-card or passport number"), max_length=30)
    phone = forms.CharField(
        label=_("mobile number"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel"}),
        help_text=_("Mainland numbers as 138…; others with their country code, e.g. +81 90…"),
    )
    building = forms.CharField(label=_("building"), max_length=40)
    room = forms.CharField(label=_("room"), max_length=20)
    came_from = forms.CharField(
        label=_("came from"), max_length=100, help_text=_("City, province or country.")
    )
    arrived_on = ISOLATION_START.form_field(
        label=_("arrived in Shanghai on"), widget=DATE_INPUT, help_text=""
    )
    committee_registered_on = ISOLATION_START.form_field(
        label=_("registered by the neighbourhood committee on"),
        widget=DATE_INPUT,
        required=False,
        help_text=_(
            "Home isolation counts from this day. Night arrivals register the next morning: "
            "leave it empty until then."
        ),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


VISITOR_CATEGORIES = [
    (value, label) for value, label in Category.choices if value not in RESIDENT_CATEGORIES
]


class VisitorForm(forms.Form):
    """The form a visitor fills on their own phone after scanning the gate's poster."""

    # Made when the blank form is shown: pressing "Send" twice gives one pass.
    uuid = forms.UUIDField(widget=forms.HiddenInput)
    category = forms.ChoiceField(
        label=_("Why are you visiting?"), choices=VISITOR_CATEGORIES, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Your name"), max_length=100)
    phone = forms.CharField(
        label=_("Your mobile number"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Numbers outside mainland China with their country code, e.g. +81 90…"),
    )
    building = forms.CharField(label=_("Building you visit"), max_length=40, required=False)
    room = forms.CharField(label=_("Room"), max_length=20, required=False)
    health_code = forms.ChoiceField(
        label=_("Colour of your health code"),
        choices=HealthCode.choices,
        widget=forms.RadioSelect,
    )
    key_region_travel = forms.BooleanField(
        label=_("I was in a key country or region in the last 14 days"), required=False
    )


class VoidEntryForm(forms.Form):
    """Why an entry is a mistake: the guard's words, kept with the entry and in its history."""

    reason = forms.CharField(
        label=_("Why is this entry a mistake?"),
        max_length=VOID_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
