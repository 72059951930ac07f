"""A site's cleaning areas: its facilities, and the common areas a manager names."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.cleaning.models import Area
from tenants.history.services import log_changed, log_created, snapshot
from tenants.sites.models import Facility, Site
from tenants.sites.services.common import apply_changes
from tenants.sites.timewindows import windows_to_json

AREA_FIELDS = ("kind", "name", "opening_hours", "public", "active")


def _check_common_area(area: Area) -> None:
    if not area.name.strip():
        raise ValidationError({"name": _("Name the area, e.g. 3号楼 楼道.")})
    others = Area.objects.filter(site=area.site, facility__isnull=True, name__iexact=area.name)
    if others.exclude(pk=area.pk).exists():
        raise ValidationError(
            {"name": _("This site already has an area called “%(name)s”.") % {"name": area.name}}
        )


@transaction.atomic
def create_area(site: Site, *, by, kind: str, name: str, opening_hours=(), public=True) -> Area:
    """Name a common area of a site to clean (a building's stairwell, a lift)."""
    area = Area(site=site, kind=kind, name=name.strip(), public=public)
    area.opening_hours = windows_to_json(opening_hours)
    area.full_clean(validate_unique=False, validate_constraints=False)
    _check_common_area(area)
    area.save()
    log_created(area, "cleaning_area.created", AREA_FIELDS, by=by)
    return area


@transaction.atomic
def area_for_facility(facility: Facility, *, by) -> Area:
    """The cleaning area of a facility, made the first time it is planned."""
    # Locked, so that two requests for one facility at once make one area.
    Facility.objects.select_for_update().filter(pk=facility.pk).first()
    area = Area.objects.filter(facility=facility).first()
    if area is not None:
        return area
    area = Area.objects.create(site_id=facility.site_id, facility=facility, kind=facility.kind)
    log_created(area, "cleaning_area.created", AREA_FIELDS, by=by, facility=facility.pk)
    return area


@transaction.atomic
def change_area(area: Area, *, by, **changes) -> Area:
    """Rename a common area, change its hours or whether the public board shows it, or
    retire it. A facility's area takes its kind, place and hours from the facility."""
    area = Area.objects.select_for_update().get(pk=area.pk)
    before = snapshot(area, AREA_FIELDS)
    if "opening_hours" in changes:
        changes["opening_hours"] = windows_to_json(changes["opening_hours"])
    editable = ("public", "active") if area.facility_id else AREA_FIELDS
    apply_changes(area, changes, editable)
    if not area.facility_id:
        _check_common_area(area)
    area.save()
    log_changed(area, "cleaning_area.changed", before, AREA_FIELDS, by=by)
    return area
