"""Buildings, facilities and responsible units of a site."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.history.services import log_changed, log_created, snapshot
from tenants.sites.models import Building, Facility, FacilityKind, ResponsibleUnit, Site
from tenants.sites.services.common import apply_changes, check_name_free_in_site
from tenants.sites.services.gates import clean_opening_hours

BUILDING_FIELDS = ("name", "units")
FACILITY_FIELDS = ("kind", "location", "opening_hours")
UNIT_FIELDS = ("name", "kind", "contact")


def check_building(building: Building) -> None:
    check_name_free_in_site(
        Building,
        building.site,
        building.name,
        exclude=building,
        message=_("This site already has a building called “%(name)s”."),
    )


@transaction.atomic
def create_building(site: Site, *, by, **fields) -> Building:
    """Add a building to a site."""
    building = apply_changes(Building(site=site), fields, BUILDING_FIELDS)
    check_building(building)
    building.save()
    log_created(building, "building.created", BUILDING_FIELDS, by=by)
    return building


@transaction.atomic
def update_building(building: Building, *, by, **changes) -> Building:
    """Rename a building or correct its number of units."""
    building = Building.objects.select_for_update().get(pk=building.pk)
    before = snapshot(building, BUILDING_FIELDS)
    apply_changes(building, changes, BUILDING_FIELDS)
    check_building(building)
    building.save()
    log_changed(building, "building.changed", before, BUILDING_FIELDS, by=by)
    return building


def check_facility(facility: Facility) -> None:
    try:
        facility.opening_hours = clean_opening_hours(facility.opening_hours)
    except ValidationError as exc:
        raise ValidationError({"opening_hours": exc.messages}) from exc
    if facility.opening_hours and facility.kind != FacilityKind.SHARED_KITCHEN:
        raise ValidationError({"opening_hours": _("Only a shared kitchen has opening hours.")})
    if facility.kind == FacilityKind.SHARED_KITCHEN and not facility.opening_hours:
        raise ValidationError(
            {"opening_hours": _("A shared kitchen opens only at set hours: give them.")}
        )


@transaction.atomic
def create_facility(site: Site, *, by, **fields) -> Facility:
    """Add a facility (shared kitchen, lift, rubbish room…) to a site."""
    facility = apply_changes(Facility(site=site), fields, FACILITY_FIELDS)
    check_facility(facility)
    facility.save()
    log_created(facility, "facility.created", FACILITY_FIELDS, by=by)
    return facility


@transaction.atomic
def update_facility(facility: Facility, *, by, **changes) -> Facility:
    """Change a facility's kind, location or a kitchen's opening hours."""
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    before = snapshot(facility, FACILITY_FIELDS)
    apply_changes(facility, changes, FACILITY_FIELDS)
    check_facility(facility)
    facility.save()
    log_changed(facility, "facility.changed", before, FACILITY_FIELDS, by=by)
    return facility


@transaction.atomic
def create_responsible_unit(site: Site, *, by, **fields) -> ResponsibleUnit:
    """Record an organisation accountable for a site (包干单位)."""
    unit = apply_changes(ResponsibleUnit(site=site), fields, UNIT_FIELDS)
    unit.save()
    log_created(unit, "responsible_unit.created", UNIT_FIELDS, by=by)
    return unit


@transaction.atomic
def update_responsible_unit(unit: ResponsibleUnit, *, by, **changes) -> ResponsibleUnit:
    """Change a responsible unit's name, kind or contact."""
    unit = ResponsibleUnit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, UNIT_FIELDS)
    apply_changes(unit, changes, UNIT_FIELDS)
    unit.save()
    log_changed(unit, "responsible_unit.changed", before, UNIT_FIELDS, by=by)
    return unit
