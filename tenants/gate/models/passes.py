from django.db import models
from django.utils.translation import gettext_lazy as _

from guanjia.idempotency import request_hash_field
from tenants.gate.models.personal import PersonalData
from tenants.gate.policy import Category, HealthCode
from tenants.sites.models import Gate, Site, SiteScopedQuerySet


class PassSource(models.TextChoices):
    FORM = "form", _("Visitor's own form")
    API = "api", _("Partner app")


class VisitorPass(PersonalData):
    """A visitor's registration before the gate: shown as a code and a QR, used once, today."""

    uuid = models.UUIDField(_("pass id"), unique=True)
    request_hash = request_hash_field()
    # Short enough to read out or type at the gate; unguessable enough for one day.
    code = models.CharField(_("pass code"), max_length=8, unique=True)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="visitor_passes")
    gate = models.ForeignKey(Gate, on_delete=models.PROTECT, related_name="visitor_passes")
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    building = models.CharField(_("building"), max_length=40, blank=True)
    room = models.CharField(_("room"), max_length=20, blank=True)
    health_code = models.CharField(
        _("health code"), max_length=6, choices=HealthCode.choices, default=HealthCode.NOT_SHOWN
    )
    key_region_travel = models.BooleanField(_("travel in a key region"), default=False)
    valid_on = models.DateField(_("valid on"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    source = models.CharField(_("made by"), max_length=5, choices=PassSource.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    PERSONAL_FIELDS = {**PersonalData.PERSONAL_FIELDS, "room": "", "request_hash": ""}

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("visitor pass")
        verbose_name_plural = _("visitor passes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return self.code
