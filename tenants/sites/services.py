"""Changes of state for sites: every portal page, API call and command goes through here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.sites.models import Site

EDITABLE_FIELDS = ("name", "kind", "district", "sub_district", "address", "households")


def check_name_free(name: str, *, exclude: Site | None = None) -> None:
    others = Site.objects.filter(name__iexact=name.strip())
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(
            {"name": _("This company already has a site called “%(name)s”.") % {"name": name}}
        )


@transaction.atomic
def create_site(*, by, **fields) -> Site:
    """Add a site to the company whose schema is active, after checking every field."""
    site = Site(**{name: fields[name] for name in EDITABLE_FIELDS if name in fields})
    site.name = (site.name or "").strip()
    site.full_clean(validate_constraints=False)
    check_name_free(site.name)
    site.save()
    return site


@transaction.atomic
def update_site(site: Site, *, by, **changes) -> Site:
    """Change a site's details; unknown fields are refused, nothing is saved on any error."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    site = Site.objects.select_for_update().get(pk=site.pk)
    for name, value in changes.items():
        setattr(site, name, value)
    site.name = site.name.strip()
    site.full_clean(validate_constraints=False)
    check_name_free(site.name, exclude=site)
    site.save()
    return site
