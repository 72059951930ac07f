import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.roles import ALL_SITES_ROLES, Role, sees_every_site  # noqa: F401 - re-exported
from guanjia.districts import District


class SiteKind(models.TextChoices):
    COMPOUND = "compound", _("Residential compound")
    APARTMENT_BUILDING = "apartment_building", _("Apartment building")
    OFFICE_BUILDING = "office_building", _("Office building")


def new_board_token() -> str:
    """An unguessable key for a site's public notice board (128 random bits)."""
    return secrets.token_urlsafe(16)


class SiteQuerySet(models.QuerySet):
    # The lookup from a row to its site: "" for sites themselves, "site" or "gate__site" for
    # the rows that belong to one (SiteScopedQuerySet).
    site_path = ""

    def visible_to(self, access):
        """What a role may see: everything, or for site staff only their assigned sites' rows."""
        if access is None:
            return self.none()
        if sees_every_site(access):
            return self.all()
        prefix = f"{self.site_path}__" if self.site_path else ""
        return self.filter(**{f"{prefix}assigned_users": access.user})


class SiteScopedQuerySet(SiteQuerySet):
    """Rows that belong to a site are visible to whoever may see that site."""

    site_path = "site"


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
    # The public board's address: never changes, so printed posters keep working.
    board_token = models.CharField(
        _("public board key"), max_length=32, unique=True, default=new_board_token, editable=False
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
