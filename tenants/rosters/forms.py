import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, Role, User
from guanjia.datewindows import ROSTER
from tenants.rosters.models import DutyPerson, Shift
from tenants.rosters.times import shift_span
from tenants.sites.models import Gate, GateStatus
from tenants.sites.timewindows import SEPARATORS, WINDOW, parse_window

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class DutyPersonForm(forms.ModelForm):
    # Declared: the model's encrypted column is a text field, which would make a text area.
    phone = forms.CharField(
        label=capfirst(gettext_lazy("mobile number")),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    user = forms.ModelChoiceField(
        label=gettext_lazy("guard's user account"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("A guard who signs in sees their shifts on the phone."),
    )

    class Meta:
        model = DutyPerson
        fields = ["kind", "name", "phone", "active"]

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["user"]
            self.initial["phone"] = self.instance.phone_display
        else:
            linked = DutyPerson.objects.exclude(user=None).values_list("user_id", flat=True)
            guards = Membership.objects.filter(company=company, role=Role.GUARD).values("user_id")
            self.fields["user"].queryset = (
                User.objects.filter(pk__in=guards).exclude(pk__in=list(linked)).order_by("email")
            )
            self.fields["name"].required = False
            self.fields["name"].help_text = _("Leave empty to use the guard's account name.")

    def validate_unique(self):
        pass


class ShiftTimesMixin:
    """A day and two times of day, as a shift's aware start and end (over midnight if needed)."""

    def clean(self):
        data = super().clean()
        if all(data.get(name) is not None for name in ("day", "start", "end")):
            data["starts_at"], data["ends_at"] = shift_span(data["day"], data["start"], data["end"])
        return data


class ShiftForm(ShiftTimesMixin, forms.Form):
    gate = forms.ModelChoiceField(label=gettext_lazy("gate"), queryset=Gate.objects.none())
    person = forms.ModelChoiceField(
        label=gettext_lazy("person"), queryset=DutyPerson.objects.filter(active=True)
    )
    day = ROSTER.form_field(label=gettext_lazy("day"), widget=DATE_INPUT, help_text="")
    start = forms.TimeField(label=gettext_lazy("start"), widget=TIME_INPUT)
    end = forms.TimeField(
        label=gettext_lazy("end"),
        widget=TIME_INPUT,
        help_text=gettext_lazy("An end at or before the start is the next day (22:00-06:00)."),
    )
    note = forms.CharField(label=gettext_lazy("note"), required=False, max_length=200)

    def __init__(self, *args, site, current_gate: Gate | None = None, **kwargs):
        """Offer the open gates this company staffs, and the shift's own gate when editing.

        A shift at a gate closed or sealed since keeps showing that gate as its value, marked
        with its status, so that changing its hours or person does not move it unasked.
        """
        super().__init__(*args, **kwargs)
        gates = Gate.objects.filter(site=site)
        offered = gates.rostered().filter(status=GateStatus.OPEN)
        if current_gate is not None:
            offered |= gates.filter(pk=current_gate.pk)
        self.fields["gate"].queryset = offered
        self.fields["gate"].label_from_instance = gate_choice_label


def gate_choice_label(gate: Gate) -> str:
    return gate.name if gate.is_open else f"{gate.name} · {gate.get_status_display()}"


class AbsenceForm(forms.Form):
    cover = forms.ModelChoiceField(
        label=gettext_lazy("covered by"),
        queryset=DutyPerson.objects.filter(active=True),
        required=False,
        help_text=gettext_lazy("Leave empty if nobody covers yet: the gap will show."),
    )
    note = forms.CharField(label=gettext_lazy("reason"), required=False, max_length=200)

    def __init__(self, *args, shift: Shift, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cover"].queryset = self.fields["cover"].queryset.exclude(pk=shift.person_id)


class SwapForm(forms.Form):
    other = forms.ModelChoiceField(label=gettext_lazy("swap with"), queryset=Shift.objects.none())

    def __init__(self, *args, shift: Shift, **kwargs):
        super().__init__(*args, **kwargs)
        week = datetime.timedelta(days=7)
        self.fields["other"].queryset = (
            Shift.objects.on_duty()
            .filter(gate__site=shift.gate.site_id)
            .overlapping(shift.starts_at - week, shift.ends_at + week)
            .exclude(person=shift.person_id)
            .select_related("gate", "person")
        )


class SlotsField(forms.CharField):
    """A day's shifts as text, "06:00-14:00, 22:00-06:00 2" → [[start, end, people], …]."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(f"{s[0]}-{s[1]}" + (f" {s[2]}" if s[2] != 1 else "") for s in value)
        return value

    def to_python(self, value):
        slots = []
        for part in SEPARATORS.split(super().to_python(value) or ""):
            part = part.strip()
            if not part:
                continue
            # "08:00 - 20:00" is one window like "08:00-20:00"; a number of people comes last.
            window, people = part, ""
            if not WINDOW.match(part) and " " in part:
                window, people = part.rsplit(None, 1)
            start, end = parse_window(window)
            if people.strip() and not people.strip().isdigit():
                raise ValidationError(
                    _("Write each shift as hours and, if more than one, people: 22:00-06:00 2.")
                )
            slots.append([f"{start:%H:%M}", f"{end:%H:%M}", int(people.strip() or 1)])
        return slots


class RotaForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("name"), max_length=100)
    gates = forms.ModelMultipleChoiceField(
        label=gettext_lazy("gates"),
        queryset=Gate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    slots = SlotsField(
        label=gettext_lazy("shifts of a day"),
        initial="06:00-14:00, 14:00-22:00, 22:00-06:00",
        help_text=gettext_lazy("Three 8-hour shifts: 06:00-14:00, 14:00-22:00, 22:00-06:00."),
    )
    people = forms.CharField(
        label=gettext_lazy("people, in rotation order"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "One name per line, as on the list of people on duty. The first takes the first "
            "shift on the first day; each day everyone moves on by one shift."
        ),
    )
    starts_on = ROSTER.form_field(label=gettext_lazy("first day"), widget=DATE_INPUT, help_text="")

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gates"].queryset = Gate.objects.filter(site=site).rostered()

    def clean_people(self):
        names = [line.strip() for line in self.cleaned_data["people"].splitlines() if line.strip()]
        people = {p.name.lower(): p for p in DutyPerson.objects.filter(active=True)}
        unknown = [name for name in names if name.lower() not in people]
        if unknown:
            raise ValidationError(
                _("Not on the list of people on duty: %(names)s") % {"names": "、".join(unknown)}
            )
        return [people[name.lower()] for name in names]


class GenerateForm(forms.Form):
    first = ROSTER.form_field(label=gettext_lazy("from"), widget=DATE_INPUT, help_text="")
    last = ROSTER.form_field(label=gettext_lazy("until"), widget=DATE_INPUT, help_text="")


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("roster file"),
        help_text=gettext_lazy("Excel (.xlsx) or CSV, in the layout of the template."),
    )
