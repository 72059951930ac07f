from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import schema_exists

DOMAIN_CACHE_PREFIX = "tenant-domain:"


def domain_cache_key(hostname: str) -> str:
    return f"{DOMAIN_CACHE_PREFIX}{hostname}"


class Company(TenantMixin):
    """A property company: one tenant, with its own PostgreSQL schema."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    isolation_days = models.PositiveSmallIntegerField(
        _("days of home isolation"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Counted from the day the neighbourhood committee registered the returnee."),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("days personal data is kept"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "Entries and visitor passes lose names, ID and phone numbers after this many days."
        ),
    )
    late_record_hours = models.PositiveSmallIntegerField(
        _("hours after which a record is late"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
        help_text=_(
            "A cleaning log received this long after the work it records is marked "
            '"recorded late" (补录) wherever it appears.'
        ),
    )
    # What the platform writes to the company unasked (invitations, reset links) and its
    # nightly and hourly tasks run in; each reader's pages follow their own browser.
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of e-mails the platform sends for the company and of its tasks."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    auto_create_schema = True
    auto_drop_schema = True

    class Meta:
        verbose_name = _("property company")
        verbose_name_plural = _("property companies")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A cached tenant carries a copy of this row: drop every copy.
        forget_domains(self.domains.values_list("domain", flat=True))

    def delete(self, *args, **kwargs):
        forget_domains(self.domains.values_list("domain", flat=True))
        return super().delete(*args, **kwargs)

    def create_schema(self, check_if_exists=False, sync_schema=True, verbosity=1):
        """Clone the migrated template schema, its migration records included.

        See companies.cloning for why this does not use django-tenants' own clone.
        """
        from companies.cloning import clone_schema

        template = settings.TENANT_BASE_SCHEMA
        if not sync_schema or not schema_exists(template):
            return super().create_schema(check_if_exists, sync_schema, verbosity)
        if check_if_exists and schema_exists(self.schema_name):
            return False
        clone_schema(template, self.schema_name)
        connection.set_schema_to_public()
        return True


class Domain(DomainMixin):
    """A host name that routes requests to one company (e.g. tianshan.localhost)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def save(self, *args, **kwargs):
        previous = None
        if self.pk:
            previous = Domain.objects.filter(pk=self.pk).values_list("domain", flat=True).first()
        super().save(*args, **kwargs)
        forget_domains([self.domain, previous] if previous else [self.domain])

    def delete(self, *args, **kwargs):
        forget_domains([self.domain])
        return super().delete(*args, **kwargs)


def forget_domains(hostnames) -> None:
    """Drop cached tenant lookups so the next request for these hosts reads the database."""
    cache.delete_many([domain_cache_key(host) for host in hostnames if host])
