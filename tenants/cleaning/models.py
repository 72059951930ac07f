import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanjia.idempotency import request_hash_field
from tenants.cleaning.slots import Frequency, TaskPlan
from tenants.rosters.models import DutyPerson
from tenants.sites.models import Facility, FacilityKind, Site
from tenants.sites.models.site import SiteScopedQuerySet
from tenants.sites.timewindows import windows_from_json


class Area(models.Model):
    """A place of a site that is cleaned: one of its facilities, or a named common area."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="cleaning_areas")
    # An area made from a facility takes its kind, location and opening hours from it.
    facility = models.OneToOneField(
        Facility,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cleaning_area",
        verbose_name=_("facility"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    name = models.CharField(
        pgettext_lazy("place", "name"), max_length=200, blank=True, help_text=_("e.g. 3号楼 楼道")
    )
    opening_hours = models.JSONField(_("opening hours"), default=list, blank=True)
    # Shown on the site's public board (公示); a private store room need not be.
    public = models.BooleanField(_("on the public board"), default=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cleaning area")
        verbose_name_plural = _("cleaning areas")
        ordering = ["site__name", "kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "site",
                Lower("name"),
                condition=models.Q(facility__isnull=True),
                name="cleaning_area_name_unique_in_site",
            ),
        ]

    def __str__(self):
        return self.label

    def validate_constraints(self, exclude=None):
        super().validate_constraints(exclude={*(exclude or ()), "name"})

    @property
    def label(self) -> str:
        """The area's own name: a common area's, or its facility's location."""
        return self.facility.location if self.facility_id else self.name

    @property
    def hours(self) -> list[tuple[datetime.time, datetime.time]]:
        """Opening windows; empty when the area is always open."""
        source = self.facility.opening_hours if self.facility_id else self.opening_hours
        return windows_from_json(source or [])


class TaskKind(models.TextChoices):
    DISINFECT = "disinfect", _("Disinfect")
    WASH_BINS = "wash_bins", _("Wash the bins")
    LIFT_FILM = "lift_film", _("Replace the lift-button film")
    VENTILATE = "ventilate", _("Ventilate")
    MASK_BIN = "mask_bin", _("Empty the used-mask bin")
    OTHER = "other", _("Other")


class FrequencyChoice(models.TextChoices):
    FIXED_TIMES = Frequency.FIXED_TIMES, _("At fixed times of day")
    EVERY_N_HOURS = Frequency.EVERY_N_HOURS, _("Every few hours while open")
    DAILY = Frequency.DAILY, _("Daily")
    WEEKLY = Frequency.WEEKLY, _("Weekly, on given days")


class PlanTaskQuerySet(SiteScopedQuerySet):
    site_path = "area__site"

    def in_force_between(self, start: datetime.datetime, end: datetime.datetime):
        """Tasks that were in force at some moment of [start, end)."""
        return self.filter(valid_from__lt=end).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=start)
        )

    def current(self):
        return self.filter(valid_until__isnull=True)


class PlanTask(models.Model):
    """One task of an area's cleaning plan: what, how often, with what, and by whom.

    A change of plan ends the task and starts a new one at that moment, so slots already due
    keep the plan they were due under.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("task"), max_length=20, choices=TaskKind.choices)
    frequency = models.CharField(_("frequency"), max_length=20, choices=FrequencyChoice.choices)
    times = models.JSONField(_("times of day"), default=list, blank=True)
    every_hours = models.PositiveSmallIntegerField(
        _("every (hours)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    weekdays = models.JSONField(_("days of the week"), default=list, blank=True)
    grace_minutes = models.PositiveSmallIntegerField(
        _("grace period (minutes)"),
        default=60,
        validators=[MaxValueValidator(720)],
        help_text=_("How long after its time a slot may still be done in time."),
    )
    agent = models.CharField(
        _("agent"),
        max_length=100,
        blank=True,
        help_text=_("e.g. 含氯消毒液 (chlorine disinfectant)"),
    )
    concentration = models.CharField(
        _("concentration"), max_length=50, blank=True, help_text=_("e.g. 500 mg/L")
    )
    contact_minutes = models.PositiveSmallIntegerField(
        _("contact time (minutes)"), null=True, blank=True, validators=[MaxValueValidator(240)]
    )
    assigned_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("cleaners")
    )
    assigned_people = models.ManyToManyField(
        DutyPerson, blank=True, related_name="+", verbose_name=_("people on duty")
    )
    valid_from = models.DateTimeField(_("in force from"))
    valid_until = models.DateTimeField(_("in force until"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PlanTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["area_id", "kind", "valid_from"]
        indexes = [models.Index(fields=["area", "valid_until"], name="plantask_area_current")]

    def __str__(self):
        return f"{self.area} · {self.get_kind_display()}"

    @property
    def grace(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.grace_minutes)

    def as_plan(self) -> TaskPlan:
        """The task as the slot rules read it."""
        return TaskPlan(
            task_id=self.pk,
            area_id=self.area_id,
            kind=self.kind,
            frequency=Frequency(self.frequency),
            times=tuple(datetime.time.fromisoformat(text) for text in self.times),
            every_hours=self.every_hours or 0,
            weekdays=tuple(self.weekdays),
            grace=self.grace,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
        )


def photo_path(log, filename: str) -> str:
    # Random names: a path must not tell anyone which area or day a photo shows.
    return f"cleaning/{log.uuid.hex[:2]}/{log.uuid.hex}.jpg"


class CleaningLogQuerySet(SiteScopedQuerySet):
    site_path = "area__site"


class CleaningLog(models.Model):
    """A piece of cleaning work as recorded: append-only, with when it was done and received.

    PostgreSQL refuses UPDATE and DELETE on these rows (migration 0002); a correction is a
    new log pointing to the one it corrects. Only the retention run may drop a photo.
    """

    uuid = models.UUIDField(_("log id"), unique=True)
    request_hash = request_hash_field()
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="logs")
    task = models.ForeignKey(
        PlanTask, on_delete=models.PROTECT, null=True, blank=True, related_name="logs"
    )
    kind = models.CharField(_("task"), max_length=20, choices=TaskKind.choices)
    done_at = models.DateTimeField(_("done at"))
    # When the phone put it in its offline queue, if it was queued; the late mark counts from
    # there, so an honest round without signal is not marked.
    queued_at = models.DateTimeField(_("queued on the phone at"), null=True, blank=True)
    # Set by the service to the moment it took the log (its `now`), never by the phone.
    received_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    recorded_late = models.BooleanField(_("recorded late"), default=False)
    agent = models.CharField(_("agent"), max_length=100, blank=True)
    concentration = models.CharField(_("concentration"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    # A correction may withdraw the work altogether: the log it corrects no longer counts.
    withdrawn = models.BooleanField(_("withdraws the log"), default=False)

    objects = CleaningLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("cleaning log")
        verbose_name_plural = _("cleaning logs")
        ordering = ["-done_at", "-pk"]
        indexes = [models.Index(fields=["area", "done_at"], name="cleaninglog_area_done")]

    def __str__(self):
        return f"{self.area} · {self.get_kind_display()}"


class OverdueAlertQuerySet(SiteScopedQuerySet):
    site_path = "area__site"

    def open(self):
        return self.filter(cleared_at__isnull=True)


class OverdueAlert(models.Model):
    """A slot found missed, shown to the site's managers until a late log clears it."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="overdue_alerts")
    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="overdue_alerts")
    due = models.DateTimeField(_("due"))
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)

    objects = OverdueAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("overdue cleaning alert")
        verbose_name_plural = _("overdue cleaning alerts")
        ordering = ["-due"]
        # The same slot alerts once, however often the check runs.
        constraints = [
            models.UniqueConstraint("task", "due", name="overdue_alert_once_per_slot"),
        ]

    def __str__(self):
        return f"{self.area} · {self.due:%Y-%m-%d %H:%M}"
