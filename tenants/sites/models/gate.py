from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.sites.models.site import Site, SiteScopedQuerySet, new_board_token


class GateStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    SEALED = "sealed", _("Sealed")


class GateQuerySet(SiteScopedQuerySet):
    def rostered(self):
        """The gates this company staffs: on a shared site, only those it is responsible for."""
        return self.filter(responsible=True)


class Gate(models.Model):
    """An entrance of a site (出入口 / 门岗): open and staffed around the clock, or closed."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="gates")
    name = models.CharField(_("name"), max_length=100)
    status = models.CharField(
        _("status"), max_length=10, choices=GateStatus.choices, default=GateStatus.OPEN
    )
    status_since = models.DateTimeField(_("status since"), default=timezone.now)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Empty opening hours mean 24 hours a day, the rule for every gate left open in 2020.
    opening_hours = models.JSONField(
        _("opening hours"),
        default=list,
        blank=True,
        help_text=_("Empty for 24 hours a day, or e.g. 06:00-22:00."),
    )
    minimum_on_duty = models.PositiveSmallIntegerField(
        _("minimum on duty"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("People who must be at the gate while it is open."),
    )
    # [{"from": "22:00", "until": "06:00", "minimum": 2}]: more (or fewer) people at some hours.
    staffing_rules = models.JSONField(_("staffing by time of day"), default=list, blank=True)
    responsible = models.BooleanField(
        _("this company is responsible"),
        default=True,
        help_text=_(
            "On a site run by several companies, untick the gates another company staffs: "
            "they stay out of this company's rosters."
        ),
    )
    # The visitors' self-registration form's address, printed as a QR code on the gate's poster.
    visitor_token = models.CharField(
        _("visitor form key"), max_length=32, unique=True, default=new_board_token, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = GateQuerySet.as_manager()

    class Meta:
        verbose_name = _("gate")
        verbose_name_plural = _("gates")
        ordering = ["site__name", "name"]
        constraints = [
            models.UniqueConstraint("site", Lower("name"), name="gate_name_unique_in_site"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == GateStatus.OPEN

    def validate_constraints(self, exclude=None):
        # services.gates reports a taken name in the user's language.
        super().validate_constraints(exclude={*(exclude or ()), "name"})


class GateStatusChange(models.Model):
    """One opening, closing or sealing of a gate: who, when, why. Coverage reads the history."""

    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        pgettext_lazy("change", "from"), max_length=10, choices=GateStatus.choices
    )
    to_status = models.CharField(
        pgettext_lazy("change", "to"), max_length=10, choices=GateStatus.choices
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("gate status change")
        verbose_name_plural = _("gate status changes")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.gate}: {self.from_status} → {self.to_status}"
