from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanjia.idempotency import request_hash_field
from tenants.gate.models.personal import PersonalData
from tenants.gate.policy import Category, HealthCode, Outcome, reason_text
from tenants.sites.models import Gate, Site, SiteScopedQuerySet, sees_every_site

TEMPERATURE_FIELD = {
    "max_digits": 3,
    "decimal_places": 1,
    "validators": [MinValueValidator(34), MaxValueValidator(43)],
}


# A void's reason is short: what was wrong with the entry, not an account of the day.
VOID_REASON_MAX = 200


class EntryQuerySet(SiteScopedQuerySet):
    def overridden(self):
        return self.exclude(override_reason="")

    def counted(self):
        """The entries that count: all but those voided as mistakes."""
        return self.filter(voided_at__isnull=True)

    def voidable_by(self, access):
        """The entries a caller may void (on the day they were recorded, see void_entry):
        their own, and for a role with `gate.void` every entry of the sites they see."""
        if access is None or access.user is None:
            return self.none()
        if not access.has("gate.void"):
            return self.filter(recorded_by=access.user)
        if sees_every_site(access):
            return self.all()
        # A subquery, not a join: a site with several assigned people would repeat rows.
        return self.filter(Q(recorded_by=access.user) | Q(site__in=Site.objects.visible_to(access)))


class Entry(PersonalData):
    """One person checked at a gate: who, what the guard measured, and what was decided."""

    # Made by the phone before sending, so a resend after a lost answer is the same entry.
    uuid = models.UUIDField(_("entry id"), unique=True)
    request_hash = request_hash_field()
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="entries")
    gate = models.ForeignKey(Gate, on_delete=models.PROTECT, related_name="entries")
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    building = models.CharField(_("building"), max_length=40, blank=True)
    room = models.CharField(_("room"), max_length=20, blank=True)
    consent = models.BooleanField(_("household consented"), default=False)
    filed = models.BooleanField(_("renovation filed"), default=False)
    vehicle_plate = models.CharField(_("vehicle plate"), max_length=12, blank=True)
    temperature = models.DecimalField(_("temperature (°C)"), **TEMPERATURE_FIELD)
    health_code = models.CharField(
        _("health code"), max_length=6, choices=HealthCode.choices, default=HealthCode.NOT_SHOWN
    )
    key_region_travel = models.BooleanField(_("travel in a key region"), default=False)
    # What the policy decided, and what happened: they differ only when a guard overrode it.
    decision = models.CharField(_("decision"), max_length=8, choices=Outcome.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    override_reason = models.TextField(_("reason for overriding"), blank=True)
    visitor_pass = models.OneToOneField(
        "gate.VisitorPass",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entry",
        verbose_name=_("visitor pass"),
    )
    # The phone's clock: an entry kept offline is recorded when it happened, not when it arrived.
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    # A mistaken entry is voided, never deleted: it stays listed, marked, and counts no more.
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voided by"),
    )
    void_reason = models.CharField(_("reason for voiding"), max_length=VOID_REASON_MAX, blank=True)

    # The fingerprint goes with the numbers it was made from.
    PERSONAL_FIELDS = {
        **PersonalData.PERSONAL_FIELDS,
        "room": "",
        "vehicle_plate": "",
        "request_hash": "",
    }

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["site", "-recorded_at"]),
            models.Index(fields=["gate", "-recorded_at"]),
            models.Index(
                fields=["recorded_at"],
                condition=Q(personal_data_removed_at__isnull=True),
                name="entry_personal_by_age",
            ),
            # The nightly clean-up finds the entries it has just stripped, to forget their log
            # rows. Only stripped rows are in it, so recording an entry never writes to it.
            models.Index(
                fields=["personal_data_removed_at"],
                condition=Q(personal_data_removed_at__isnull=False),
                name="entry_personal_removed",
            ),
        ]
        constraints = [
            # A void always says why; a reason alone is no void.
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True, void_reason="")
                | (Q(voided_at__isnull=False) & ~Q(void_reason="")),
                name="entry_void_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.gate} {self.recorded_at:%Y-%m-%d %H:%M} {self.get_category_display()}"

    @property
    def reason_texts(self) -> list[str]:
        return [reason_text(reason["code"], reason.get("params", {})) for reason in self.reasons]

    @property
    def overridden(self) -> bool:
        return bool(self.override_reason)

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


class EscalationStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    HANDED_OVER = "handed_over", _("Handed over")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


class EscalationQuerySet(SiteScopedQuerySet):
    def open(self):
        return self.exclude(status=EscalationStatus.CLOSED)


class EscalationCase(models.Model):
    """The whole-chain handling of an abnormal finding: reported, handed over, closed."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="escalations")
    gate = models.ForeignKey(
        Gate, on_delete=models.PROTECT, null=True, blank=True, related_name="escalations"
    )
    entry = models.OneToOneField(
        Entry, on_delete=models.PROTECT, null=True, blank=True, related_name="escalation"
    )
    reading = models.OneToOneField(
        "gate.TemperatureReading",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalation",
    )
    isolation_case = models.ForeignKey(
        "gate.IsolationCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
    )
    person_name = models.CharField(pgettext_lazy("person", "name"), max_length=100, blank=True)
    temperature = models.DecimalField(
        _("temperature (°C)"), null=True, blank=True, **TEMPERATURE_FIELD
    )
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EscalationStatus.choices,
        default=EscalationStatus.REPORTED,
    )
    reported_at = models.DateTimeField(_("reported at"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    handed_over_to = models.CharField(_("handed over to"), max_length=200, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closing_note = models.TextField(_("closing note"), blank=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        verbose_name = _("escalation case")
        verbose_name_plural = _("escalation cases")
        ordering = ["-reported_at", "-id"]

    def __str__(self):
        # The log keeps this as the case's name in every language, so no status in words (it
        # changes anyway): the entries say what happened to it.
        return f"{self.site} {timezone.localtime(self.reported_at):%Y-%m-%d %H:%M}"

    @property
    def reason_texts(self) -> list[str]:
        return [reason_text(reason["code"], reason.get("params", {})) for reason in self.reasons]
