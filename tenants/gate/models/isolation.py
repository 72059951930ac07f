from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanjia.idempotency import request_hash_field
from tenants.gate.models.entries import TEMPERATURE_FIELD
from tenants.gate.models.personal import PersonalData
from tenants.rosters.models import DutyPerson
from tenants.sites.models import Site, SiteScopedQuerySet


class CaseScopedQuerySet(SiteScopedQuerySet):
    site_path = "case__site"


class Returnee(PersonalData):
    """Someone who came back to Shanghai and registered at the gate: where from, since when."""

    uuid = models.UUIDField(_("registration id"), unique=True)
    request_hash = request_hash_field()
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="returnees")
    building = models.CharField(_("building"), max_length=40)
    room = models.CharField(_("room"), max_length=20)
    came_from = models.CharField(_("came from"), max_length=100)
    arrived_on = models.DateField(_("arrived on"))
    # Night arrivals register with the committee the next morning: empty until then.
    committee_registered_on = models.DateField(
        _("registered by the neighbourhood committee on"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    PERSONAL_FIELDS = {**PersonalData.PERSONAL_FIELDS, "room": "", "request_hash": ""}

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("returnee")
        verbose_name_plural = _("returnees")
        ordering = ["-arrived_on", "-id"]

    def __str__(self):
        return f"{self.name} {self.building}-{self.room}"


class IsolationStatus(models.TextChoices):
    OBSERVING = "observing", _("Under observation")
    FINISHED = "finished", _("Finished")
    TRANSFERRED = "transferred", _("Transferred")


class IsolationQuerySet(SiteScopedQuerySet):
    def observing(self):
        return self.filter(status=IsolationStatus.OBSERVING)


class IsolationCase(PersonalData):
    """Home isolation (home medical observation) of one person: from when, until when, how."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="isolation_cases")
    returnee = models.OneToOneField(
        Returnee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="isolation_case",
        verbose_name=_("returnee"),
    )
    building = models.CharField(_("building"), max_length=40)
    room = models.CharField(_("room"), max_length=20)
    starts_on = models.DateField(_("starts on"))
    # The last day of isolation: the person is free the day after.
    planned_end = models.DateField(_("last day"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=IsolationStatus.choices,
        default=IsolationStatus.OBSERVING,
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    PERSONAL_FIELDS = {**PersonalData.PERSONAL_FIELDS, "room": ""}

    objects = IsolationQuerySet.as_manager()

    class Meta:
        verbose_name = _("isolation case")
        verbose_name_plural = _("isolation cases")
        ordering = ["planned_end", "id"]
        indexes = [models.Index(fields=["site", "status"])]

    def __str__(self):
        return f"{self.name} {self.building}-{self.room}"


class IsolationChangeKind(models.TextChoices):
    EXTENDED = "extended", _("Extended")
    ENDED_EARLY = "ended_early", _("Ended early")
    FINISHED = "finished", _("Finished")
    TRANSFERRED = "transferred", _("Transferred")


class IsolationChange(models.Model):
    """A change to an isolation case's last day (extension, early end, transfer) with its reason."""

    case = models.ForeignKey(IsolationCase, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=12, choices=IsolationChangeKind.choices)
    previous_end = models.DateField(_("last day before"))
    new_end = models.DateField(_("last day after"))
    reason = models.TextField(_("reason"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("isolation change")
        verbose_name_plural = _("isolation changes")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.case}: {self.kind} {self.previous_end} → {self.new_end}"


class ReadingPeriod(models.TextChoices):
    MORNING = "morning", _("Morning")
    EVENING = "evening", _("Evening")


class TemperatureReading(models.Model):
    """A morning or evening temperature of someone under home isolation."""

    case = models.ForeignKey(IsolationCase, on_delete=models.CASCADE, related_name="readings")
    taken_on = models.DateField(_("day"))
    period = models.CharField(_("time of day"), max_length=8, choices=ReadingPeriod.choices)
    temperature = models.DecimalField(_("temperature (°C)"), **TEMPERATURE_FIELD)
    taken_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("temperature reading")
        verbose_name_plural = _("temperature readings")
        ordering = ["taken_on", "period"]
        constraints = [
            # One morning and one evening reading a day: a second submission is the same reading.
            models.UniqueConstraint(
                fields=["case", "taken_on", "period"], name="one_reading_per_period"
            )
        ]

    def __str__(self):
        # Kept as the log's name for the record, read in every language: numbers, no words.
        return f"{self.case} {self.taken_on} {self.temperature} °C"


class NeedKind(models.TextChoices):
    WATER = "water", _("Drinking water")
    GROCERIES = "groceries", _("Groceries")
    PARCELS = "parcels", _("Parcels")
    RUBBISH = "rubbish", _("Rubbish collection")
    REPAIRS = "repairs", _("Repairs")
    EMOTIONAL = "emotional", _("Emotional support")
    OTHER = "other", _("Other")


class NeedStatus(models.TextChoices):
    # "Open" is also a gate's status; a need that is open waits for someone to take it.
    OPEN = "open", pgettext_lazy("need status", "Open")
    ASSIGNED = "assigned", _("Assigned")
    CLOSED = "closed", pgettext_lazy("need status", "Closed")


class NeedQuerySet(CaseScopedQuerySet):
    def unfinished(self):
        return self.exclude(status=NeedStatus.CLOSED)


class NeedRequest(models.Model):
    """Something a household under isolation needs brought or done: opened, assigned, closed."""

    uuid = models.UUIDField(_("request id"), unique=True)
    request_hash = request_hash_field()
    case = models.ForeignKey(IsolationCase, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("need"), max_length=10, choices=NeedKind.choices)
    details = models.CharField(_("details"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        DutyPerson,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closing_note = models.TextField(_("closing note"), blank=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["opened_at", "id"]

    def __str__(self):
        # Kept as the log's name for the record in every reader's language: the kind, in words,
        # is shown from its code when the entry is read.
        return str(self.case)
