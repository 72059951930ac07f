"""Changes of state for sites: every portal page, API call and command goes through here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from tenants.history.services import log_changed, log_created, snapshot
from tenants.sites.models import Site

EDITABLE_FIELDS = ("name", "kind", "district", "sub_district", "address", "households")
LOGGED_FIELDS = (*EDITABLE_FIELDS, "assigned_users")


def company_staff(company):
    """The users who may be assigned to this company's sites: its members."""
    return User.objects.filter(memberships__company=company, is_active=True).order_by("email")


def check_staff_of(company, users) -> None:
    members = set(company_staff(company).filter(pk__in=[u.pk for u in users]))
    if any(user not in members for user in users):
        raise ValidationError(
            {"assigned_users": _("Only members of this company can be assigned to its sites.")}
        )


def check_name_free(name: str, *, exclude: Site | None = None) -> None:
    others = Site.objects.filter(name__iexact=name.strip())
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(
            {"name": _("This company already has a site called “%(name)s”.") % {"name": name}}
        )


@transaction.atomic
def create_site(*, by, company=None, assigned_users=None, **fields) -> Site:
    """Add a site to the company whose schema is active, after checking every field."""
    site = Site(**{name: fields[name] for name in EDITABLE_FIELDS if name in fields})
    site.name = (site.name or "").strip()
    site.full_clean(validate_constraints=False)
    check_name_free(site.name)
    if assigned_users:
        check_staff_of(company, assigned_users)
    site.save()
    if assigned_users:
        site.assigned_users.set(assigned_users)
    log_created(site, "site.created", LOGGED_FIELDS, by=by)
    return site


@transaction.atomic
def update_site(site: Site, *, by, company=None, assigned_users=None, **changes) -> Site:
    """Change a site's details and staff; unknown fields are refused, nothing saved on error."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    site = Site.objects.select_for_update().get(pk=site.pk)
    before = snapshot(site, LOGGED_FIELDS)
    for name, value in changes.items():
        setattr(site, name, value)
    site.name = site.name.strip()
    site.full_clean(validate_constraints=False)
    check_name_free(site.name, exclude=site)
    if assigned_users is not None:
        check_staff_of(company, assigned_users)
    site.save()
    if assigned_users is not None:
        site.assigned_users.set(assigned_users)
    log_changed(site, "site.changed", before, LOGGED_FIELDS, by=by)
    return site
