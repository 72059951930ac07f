from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from guanjia.districts import District


class SiteKind(models.TextChoices):
    COMPOUND = "compound", _("Residential compound")
    APARTMENT_BUILDING = "apartment_building", _("Apartment building")
    OFFICE_BUILDING = "office_building", _("Office building")


ALL_SITES_ROLES = {Role.MANAGER, Role.VIEWER}


class SiteQuerySet(models.QuerySet):
    def visible_to(self, access):
        """The sites a role may see: all, or for site staff only the sites assigned to them."""
        if access is None:
            return self.none()
        if access.role in ALL_SITES_ROLES or access.user is None:
            return self.all()
        return self.filter(assigned_users=access.user)


class SiteScopedQuerySet(models.QuerySet):
    """Rows that belong to a site are visible to whoever may see that site."""

    site_path = "site"

    def visible_to(self, access):
        """The rows of the sites `access` may see (see SiteQuerySet.visible_to)."""
        if access is None:
            return self.none()
        if access.role in ALL_SITES_ROLES or access.user is None:
            return self.all()
        return self.filter(**{f"{self.site_path}__assigned_users": access.user})


class Site(models.Model):
    """A compound, apartment building or office building the company manages."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=SiteKind.choices)
    district = models.CharField(_("district"), max_length=20, choices=District.choices)
    sub_district = models.CharField(
        _("sub-district"), max_length=100, help_text=_("The 街道 or town, e.g. 天山路街道.")
    )
    address = models.CharField(_("address"), max_length=300)
    households = models.PositiveIntegerField(
        _("households"), validators=[MaxValueValidator(100_000)]
    )
    assigned_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned staff"),
        blank=True,
        related_name="+",
        help_text=_("Site managers and staff who work at this site."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="site_name_unique_in_company"),
        ]

    def __str__(self):
        return self.name

    def validate_constraints(self, exclude=None):
        # A taken name is reported by services.check_name_free, in the user's language;
        # the database constraint still stops two requests racing for one name.
        super().validate_constraints(exclude={*(exclude or ()), "name"})
