"""Forms of the managers' cleaning pages: which site and day, areas, plan tasks, the built-in
plans, a log's correction and the company's setting.

Field names are the names the services use in their errors, so a service's ValidationError
lands on the field it is about. The services decide; these forms only read what was typed.
"""

import uuid

from django import forms
from django.db.models import Q
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from companies.models import Company
from guanjia.datewindows import RECORDS_QUERY
from tenants.cleaning.builtin import BUILTIN_PLANS
from tenants.cleaning.models import Area, CleaningLog, FrequencyChoice, PlanTask, TaskKind
from tenants.cleaning.services.plans import TASK_FIELDS
from tenants.rosters.models import DutyPerson
from tenants.sites.fields import WindowsField
from tenants.sites.models import Facility, FacilityKind, Site
from tenants.sites.timewindows import SEPARATORS

# The browser's pickers take only ISO values, whatever the reader's language.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MOMENT_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def label_of(model, name: str):
    return capfirst(model._meta.get_field(name).verbose_name)


def help_of(model, name: str):
    return model._meta.get_field(name).help_text


class SiteDayForm(forms.Form):
    """?site=&day= of the day and week views and the alerts list: a site the reader may see,
    and a day within the records' window."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), required=False)
    day = RECORDS_QUERY.form_field(label=_("Day"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["site"].empty_label = None


# Areas.


class AreaCreateForm(forms.Form):
    """A named common area of a site, or one of the site's facilities made a cleaning area."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    facility = forms.ModelChoiceField(
        label=_("Facility"),
        queryset=Facility.objects.none(),
        required=False,
        help_text=_(
            "A facility of the site becomes an area with its kind, place and opening hours; "
            "leave empty to name a common area below."
        ),
    )
    # Not needed for a facility, which has its own; a common area without one is refused by
    # the service, on this field.
    kind = forms.ChoiceField(
        label=label_of(Area, "kind"),
        choices=[("", "---------"), *FacilityKind.choices],
        required=False,
    )
    name = forms.CharField(
        label=label_of(Area, "name"),
        max_length=200,
        required=False,
        help_text=help_of(Area, "name"),
    )
    opening_hours = WindowsField(
        label=label_of(Area, "opening_hours"),
        required=False,
        help_text=_(
            "Leave empty for an area open all day, or write e.g. 06:30-09:00, 17:00-20:00."
        ),
    )
    public = forms.BooleanField(
        label=label_of(Area, "public"),
        required=False,
        initial=True,
        help_text=_("Its disinfection times are posted on the site's public board (公示)."),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["facility"].queryset = (
            Facility.objects.filter(site__in=sites, cleaning_area__isnull=True)
            .select_related("site")
            .order_by("site__name", "kind", "location")
        )

    def clean(self):
        data = super().clean()
        facility, site = data.get("facility"), data.get("site")
        if facility is not None and site is not None and facility.site_id != site.pk:
            self.add_error("facility", _("Choose a facility of this site."))
        return data


class AreaForm(forms.Form):
    """A common area's name, kind, hours, and whether it is on the board and still cleaned."""

    kind = forms.ChoiceField(label=label_of(Area, "kind"), choices=FacilityKind.choices)
    name = forms.CharField(
        label=label_of(Area, "name"), max_length=200, help_text=help_of(Area, "name")
    )
    opening_hours = WindowsField(
        label=label_of(Area, "opening_hours"),
        required=False,
        help_text=AreaCreateForm.base_fields["opening_hours"].help_text,
    )
    public = forms.BooleanField(
        label=label_of(Area, "public"),
        required=False,
        help_text=AreaCreateForm.base_fields["public"].help_text,
    )
    active = forms.BooleanField(
        label=label_of(Area, "active"),
        required=False,
        help_text=_("An area no longer cleaned keeps its logs and leaves the day view."),
    )

    def __init__(self, *args, area: Area, **kwargs):
        kwargs["initial"] = {
            "kind": area.kind,
            "name": area.name,
            "opening_hours": area.opening_hours,
            "public": area.public,
            "active": area.active,
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        if area.facility_id:
            # A facility's area takes its kind, place and hours from the facility.
            for name in ("kind", "name", "opening_hours"):
                del self.fields[name]


# Plan tasks.


class TimesField(forms.CharField):
    """Times of day as text, "08:00, 14:00, 20:00", kept as ["08:00", "14:00", "20:00"]; the
    service checks each one."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [part.strip() for part in SEPARATORS.split(text) if part.strip()]


class CleanersField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return getattr(obj, "full_name", "") or str(obj)


def site_cleaners(site: Site, company, keep=()):
    """Users with the cleaner role in the company who work at the site, and those in `keep`."""
    working_here = site.assigned_users.filter(
        memberships__company=company, memberships__role=Role.CLEANER, memberships__is_active=True
    ).values("pk")
    return User.objects.filter(
        Q(pk__in=working_here, is_active=True) | Q(pk__in=[user.pk for user in keep])
    ).order_by("full_name", "pk")


def people_without_login(keep=()):
    """People on duty who have no login (they are told their round), and those in `keep`."""
    return DutyPerson.objects.filter(
        Q(active=True, user__isnull=True) | Q(pk__in=[person.pk for person in keep])
    ).order_by("name")


class TaskForm(forms.Form):
    """What a task of an area's plan is, how often, with what and by whom."""

    kind = forms.ChoiceField(label=label_of(PlanTask, "kind"), choices=TaskKind.choices)
    frequency = forms.ChoiceField(
        label=label_of(PlanTask, "frequency"),
        choices=FrequencyChoice.choices,
        widget=forms.RadioSelect,
    )
    times = TimesField(
        label=label_of(PlanTask, "times"),
        required=False,
        help_text=_("At fixed times of day: e.g. 08:00, 14:00, 20:00."),
    )
    every_hours = forms.IntegerField(
        label=label_of(PlanTask, "every_hours"),
        required=False,
        min_value=1,
        max_value=24,
        help_text=_("Every few hours while open: the hours of opening between two slots."),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=label_of(PlanTask, "weekdays"),
        choices=sorted(WEEKDAYS.items()),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Weekly: the days it is done."),
    )
    grace_minutes = forms.IntegerField(
        label=label_of(PlanTask, "grace_minutes"),
        min_value=0,
        max_value=720,
        initial=60,
        help_text=help_of(PlanTask, "grace_minutes"),
    )
    agent = forms.CharField(
        label=label_of(PlanTask, "agent"),
        max_length=100,
        required=False,
        help_text=help_of(PlanTask, "agent"),
    )
    concentration = forms.CharField(
        label=label_of(PlanTask, "concentration"),
        max_length=50,
        required=False,
        help_text=help_of(PlanTask, "concentration"),
    )
    contact_minutes = forms.IntegerField(
        label=label_of(PlanTask, "contact_minutes"), required=False, min_value=0, max_value=240
    )
    users = CleanersField(
        label=_("Cleaners"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Cleaners who work at this site. With no one chosen, every cleaner of the site "
            "sees the task on their round."
        ),
    )
    people = CleanersField(
        label=_("People on duty without a login"),
        queryset=DutyPerson.objects.none(),
        required=False,
    )

    # The task's own fields, as the plan's services take them.
    FIELDS = TASK_FIELDS

    def __init__(self, *args, site: Site, company, task: PlanTask | None = None, **kwargs):
        users, people = [], []
        if task is not None:
            users, people = list(task.assigned_users.all()), list(task.assigned_people.all())
            initial = {name: getattr(task, name) for name in self.FIELDS}
            kwargs["initial"] = {
                **initial,
                "users": users,
                "people": people,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = site_cleaners(site, company, keep=users)
        self.fields["people"].queryset = people_without_login(keep=people)
        if not self.fields["users"].queryset.exists():
            self.fields["users"].help_text = _(
                "No cleaner works at this site yet: give cleaners the site on the People page."
            )
        if not self.fields["people"].queryset.exists():
            self.fields["people"].help_text = _("Everyone on duty has a login.")

    def task_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class EndTaskForm(forms.Form):
    """Nothing to type: the page is the confirmation."""


class BuiltinPlanForm(forms.Form):
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), widget=forms.HiddenInput
    )
    kind = forms.ChoiceField(
        label=_("Kind of area"),
        choices=[(kind, label) for kind, label in FacilityKind.choices if kind in BUILTIN_PLANS],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


# Logs.


class CorrectionForm(forms.Form):
    """A correction of a log: what the work really was, or that it was not done, and why."""

    uuid = forms.UUIDField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=label_of(CleaningLog, "correction_reason"),
        max_length=300,
        help_text=_("Kept with the correction, for anyone who reads the log."),
    )
    withdraw = forms.BooleanField(
        label=_("The work was not done"),
        required=False,
        help_text=_("The log no longer counts, and its slot shows as not done."),
    )
    done_at = forms.DateTimeField(
        label=label_of(CleaningLog, "done_at"),
        required=False,
        widget=MOMENT_INPUT,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("When the work was really done, within the last 7 days."),
    )
    agent = forms.CharField(label=label_of(CleaningLog, "agent"), max_length=100, required=False)
    concentration = forms.CharField(
        label=label_of(CleaningLog, "concentration"), max_length=50, required=False
    )
    note = forms.CharField(
        label=label_of(CleaningLog, "note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, log: CleaningLog, **kwargs):
        kwargs["initial"] = {
            # A new id each time the form is shown; sent twice, it makes one correction.
            "uuid": uuid.uuid4(),
            "done_at": log.done_at,
            "agent": log.agent,
            "concentration": log.concentration,
            "note": log.note,
            **(kwargs.get("initial") or {}),
        }
        kwargs.setdefault("auto_id", "id_correction_%s")
        super().__init__(*args, **kwargs)


# The company's setting.


class CleaningSettingsForm(forms.Form):
    late_record_hours = forms.IntegerField(
        label=label_of(Company, "late_record_hours"),
        min_value=1,
        max_value=72,
        help_text=help_of(Company, "late_record_hours"),
    )
