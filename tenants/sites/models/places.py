from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from tenants.sites.models.site import Site, SiteScopedQuerySet


class Building(models.Model):
    """A building of a site (楼 / 幢) with its number of units."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="buildings")
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. 12号楼"))
    units = models.PositiveIntegerField(
        _("units"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["site__name", "name"]
        constraints = [
            models.UniqueConstraint("site", Lower("name"), name="building_name_unique_in_site"),
        ]

    def __str__(self):
        return self.name

    def validate_constraints(self, exclude=None):
        super().validate_constraints(exclude={*(exclude or ()), "name"})


class FacilityKind(models.TextChoices):
    SHARED_KITCHEN = "shared_kitchen", _("Shared kitchen")
    RUBBISH_ROOM = "rubbish_room", _("Rubbish room")
    LIFT = "lift", _("Lift")
    STAIRWELL = "stairwell", _("Stairwell")
    GARAGE = "garage", _("Garage")
    PARCEL_POINT = "parcel_point", _("Parcel point / locker")
    OTHER = "other", _("Other")


class Facility(models.Model):
    """A shared place of a site that is cleaned and disinfected: kitchen, lift, rubbish room…"""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="facilities")
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    location = models.CharField(_("location"), max_length=200, help_text=_("e.g. 3号楼 1层"))
    # Only shared kitchens have hours: they open at set times with a staff member on duty.
    opening_hours = models.JSONField(_("opening hours"), default=list, blank=True)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["site__name", "kind", "location"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.location}"


class ResponsibleUnitKind(models.TextChoices):
    COMPANY = "company", _("Company")
    POLICE_STATION = "police_station", _("Police station")
    NEIGHBOURHOOD_COMMITTEE = "neighbourhood_committee", _("Neighbourhood committee")
    SUB_DISTRICT_OFFICE = "sub_district_office", _("Sub-district office")
    OTHER = "other", _("Other")


class ResponsibleUnit(models.Model):
    """An organisation made accountable for a site (包干单位), and how to reach it."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="responsible_units")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ResponsibleUnitKind.choices)
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("A person and a phone number.")
    )

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsible unit")
        verbose_name_plural = _("responsible units")
        ordering = ["site__name", "name"]

    def __str__(self):
        return self.name
