"""Creating companies and keeping the template schema they are cloned from."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from accounts.models import Membership, Role, User
from audit.services import log_platform_action
from companies.models import Company, Domain

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")
RESERVED_SLUGS = {
    "public", "www", "api", "admin", "static", "media", "app", "portal", "regulator",
    "template", "company-template", "information-schema", "mail", "ftp",
}  # fmt: skip


def portal_domain_for(slug: str) -> str:
    return f"{slug}.{settings.PORTAL_DOMAIN}"


def portal_url_for(company: Company) -> str:
    """The absolute URL of a company's portal, e.g. http://tianshan.localhost:8000/."""
    domain = company.get_primary_domain()
    host = domain.domain if domain else portal_domain_for(company.slug)
    port = f":{settings.PORTAL_PORT}" if settings.PORTAL_PORT else ""
    return f"{settings.PORTAL_SCHEME}://{host}{port}/"


def schema_name_for(slug: str) -> str:
    return slug.replace("-", "_")


def validate_new_slug(slug: str) -> None:
    """Refuse a slug that is malformed, reserved or already taken, with a message for people."""
    if not SLUG_PATTERN.match(slug or ""):
        raise ValidationError(
            _(
                "The short name must be 3 to 40 lower-case letters, digits or hyphens, "
                "starting with a letter."
            ),
            code="invalid_slug",
        )
    if slug in RESERVED_SLUGS or slug.startswith("pg-"):
        raise ValidationError(_("The short name “%(slug)s” is reserved.") % {"slug": slug})
    if (
        Company.objects.filter(slug=slug).exists()
        or Company.objects.filter(schema_name=schema_name_for(slug)).exists()
        or Domain.objects.filter(domain=portal_domain_for(slug)).exists()
    ):
        raise ValidationError(
            _("The short name “%(slug)s” is already taken.") % {"slug": slug}, code="taken"
        )


def create_company(*, name: str, slug: str, admin_email: str, by) -> Company:
    """Create a company with its own schema, portal domain and a first manager."""
    # Companies, domains and users live in the public schema, whatever the caller had active.
    with schema_context(get_public_schema_name()), transaction.atomic():
        return _create_company(name=name, slug=slug, admin_email=admin_email, by=by)


def _create_company(*, name: str, slug: str, admin_email: str, by) -> Company:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("The company name is required."), code="required")
    slug = (slug or "").strip().lower()
    validate_new_slug(slug)
    admin = User.objects.get_or_create_by_email(admin_email)
    company = Company(name=name, slug=slug, schema_name=schema_name_for(slug))
    company.save()  # clones the template schema (TENANT_BASE_SCHEMA)
    Domain.objects.create(domain=portal_domain_for(slug), tenant=company, is_primary=True)
    Membership.objects.create(user=admin, company=company, role=Role.MANAGER)
    # One entry for the company with its first manager: the membership is part of creating it.
    data = {"slug": slug, "first_manager": str(admin)}
    log_platform_action(company, "company.created", by=by, company=company, data=data)
    return company


def ensure_public_company(*, domain: str) -> Company:
    """Make sure the public schema has its tenant row and the platform's host name."""
    public, _created = Company.objects.get_or_create(
        schema_name=get_public_schema_name(), defaults={"name": "Guanjia", "slug": "public"}
    )
    Domain.objects.get_or_create(domain=domain, defaults={"tenant": public, "is_primary": True})
    return public


def ensure_company_template() -> None:
    """Create or migrate the template schema that new companies are cloned from."""
    template = settings.TENANT_BASE_SCHEMA
    if not schema_exists(template):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{template}"')
    call_command("migrate_schemas", schema_name=template, interactive=False, verbosity=0)
    connection.set_schema_to_public()


def current_company() -> Company:
    """The company whose schema the connection is in (schema_context sets no real tenant)."""
    tenant = connection.tenant
    if isinstance(tenant, Company):
        return tenant
    return Company.objects.get(schema_name=connection.schema_name)
