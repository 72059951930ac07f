"""What the services of a site's parts share: applying a dict of changes the same careful way."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def apply_changes(instance, changes: dict, editable: tuple[str, ...]):
    """Set `changes` on `instance`, refusing fields that are not `editable`, then check it."""
    unknown = set(changes) - set(editable)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    # Uniqueness is each service's own check, worded for people (and the database's last word).
    instance.full_clean(validate_unique=False, validate_constraints=False)
    return instance


def check_name_free_in_site(model, site, name: str, *, exclude=None, message: str) -> None:
    """Names of a site's gates or buildings are unique in the site, whatever their case."""
    others = model.objects.filter(site=site, name__iexact=name.strip())
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError({"name": message % {"name": name.strip()}})
