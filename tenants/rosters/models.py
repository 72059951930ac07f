from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role
from guanjia.encryption import EncryptedField
from guanjia.masking import display_phone, mask_phone
from tenants.sites.models import Gate, Site, SiteScopedQuerySet


class DutyPersonKind(models.TextChoices):
    GUARD = "guard", _("Guard (company staff)")
    PAID_GUARD = "paid_guard", _("Paid extra guard")
    VOLUNTEER = "volunteer", _("Volunteer")
    TASK_FORCE = "task_force", _("Party-member task force")
    CLEANER = "cleaner", _("Cleaner")
    OTHER = "other", _("Other")


# Who reads people's phone numbers in full: those who put them on shifts and call them when a
# gate is short. Everyone else, partner apps included, sees enough of a number to recognise it
# but not to call it.
FULL_PHONE_ROLES = frozenset({Role.MANAGER, Role.SITE_MANAGER})


def sees_full_phones(access) -> bool:
    """Whether a caller reads people on duty's phone numbers in full rather than masked."""
    return access is not None and access.role in FULL_PHONE_ROLES


class DutyPersonQuerySet(models.QuerySet):
    def visible_to(self, access):
        """Everyone on duty in the company: people are shared by its sites' rosters."""
        return self.none() if access is None else self.all()


class DutyPerson(models.Model):
    """Someone who can stand at a gate: a guard who signs in, or a volunteer who does not."""

    kind = models.CharField(_("kind"), max_length=20, choices=DutyPersonKind.choices)
    # Guards sign in to see their shifts; volunteers and extra guards have only a name and phone.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user account"),
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    # E.164, encrypted at rest like the gate's personal data. Nothing looks people up by phone,
    # so there is no keyed hash to search by.
    phone = EncryptedField(_("mobile number"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DutyPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person on duty")
        verbose_name_plural = _("people on duty")
        ordering = ["name"]
        # Rosters and imported files name people; two people with one name would be ambiguous.
        constraints = [models.UniqueConstraint(Lower("name"), name="duty_person_name_unique")]

    def __str__(self):
        return self.name

    def validate_constraints(self, exclude=None):
        super().validate_constraints(exclude={*(exclude or ()), "name"})

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class Rota(models.Model):
    """A repeating pattern of shifts for some gates of a site, with the people who rotate in it."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="rotas")
    name = models.CharField(_("name"), max_length=100)
    gates = models.ManyToManyField(Gate, related_name="rotas", verbose_name=_("gates"))
    # [["06:00", "14:00", 1], ["14:00", "22:00", 1], ["22:00", "06:00", 2]]: start, end, people.
    slots = models.JSONField(_("shifts of a day"))
    starts_on = models.DateField(
        _("first day"), help_text=_("The day the first person takes the first shift.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rota")
        verbose_name_plural = _("rotas")
        ordering = ["site__name", "name"]

    def __str__(self):
        return self.name


class RotaMember(models.Model):
    """A person's place in a rota's rotation."""

    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(DutyPerson, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["rota", "position"], name="rota_member_position"),
            models.UniqueConstraint(fields=["rota", "person"], name="rota_member_once"),
        ]

    def __str__(self):
        return f"{self.rota} #{self.position + 1}: {self.person}"


class ShiftQuerySet(SiteScopedQuerySet):
    site_path = "gate__site"

    def overlapping(self, start, end):
        """Shifts that are on duty at some moment in [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)

    def on_duty(self):
        """Shifts people actually work: not those marked absent (their cover works them)."""
        return self.filter(absent=False)


class Shift(models.Model):
    """One person at one gate from one moment to another (a night shift crosses midnight)."""

    gate = models.ForeignKey(Gate, on_delete=models.PROTECT, related_name="shifts")
    person = models.ForeignKey(DutyPerson, on_delete=models.PROTECT, related_name="shifts")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    absent = models.BooleanField(_("absent"), default=False)
    covers = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cover",
        verbose_name=_("covers for"),
    )
    rota = models.ForeignKey(Rota, on_delete=models.SET_NULL, null=True, blank=True)
    rota_seat = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "gate_id", "id"]
        indexes = [models.Index(fields=["gate", "starts_at", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"
            ),
            # A retried request, a re-imported file: the same person, gate and start is one shift.
            models.UniqueConstraint(
                fields=["gate", "person", "starts_at"], name="shift_once_per_person_gate_start"
            ),
            # Generating a rota twice, even after a swap, creates each of its shifts once.
            models.UniqueConstraint(
                fields=["rota", "gate", "starts_at", "rota_seat"],
                condition=Q(rota__isnull=False),
                name="shift_once_per_rota_seat",
            ),
        ]

    def __str__(self):
        return f"{self.person} @ {self.gate} {self.starts_at:%Y-%m-%d %H:%M}"

    def validate_constraints(self, exclude=None):
        # The services explain these in the user's language before the database refuses them.
        pass


class GapAlertQuerySet(SiteScopedQuerySet):
    site_path = "gate__site"

    def unresolved(self, now):
        return self.filter(resolved_at__isnull=True, ends_at__gt=now)


class GapAlert(models.Model):
    """A gap found in the next 48 hours, shown to the site's managers until it is filled."""

    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="gap_alerts")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    missing = models.PositiveSmallIntegerField(_("people missing"))
    created_at = models.DateTimeField(_("found"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = GapAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("gap alert")
        verbose_name_plural = _("gap alerts")
        ordering = ["starts_at", "gate_id"]
        constraints = [
            # The same open gap alerts once, however often the task runs. A gap filled and
            # then opened again is a new alert: resolved ones keep their history.
            models.UniqueConstraint(
                fields=["gate", "starts_at", "ends_at", "missing"],
                condition=Q(resolved_at__isnull=True),
                name="gap_alert_once",
            ),
        ]

    def __str__(self):
        return f"{self.gate} {self.starts_at:%Y-%m-%d %H:%M}-{self.ends_at:%H:%M}"
