"""Shifts: adding, moving, swapping, marking someone absent with a cover, removing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from guanjia.actors import user_of
from guanjia.datewindows import ROSTER
from tenants.history.services import log_action, log_changed, log_created, snapshot
from tenants.rosters.models import DutyPerson, Shift
from tenants.rosters.signals import shifts_changed
from tenants.rosters.times import MAX_SHIFT
from tenants.sites.models import Gate, GateStatus

SHIFT_FIELDS = ("gate", "person", "starts_at", "ends_at", "note")


def check_shift(shift: Shift) -> None:
    """The rules every shift keeps, reported in the user's language."""
    if shift.ends_at <= shift.starts_at:
        raise ValidationError({"ends_at": _("A shift must end after it starts.")})
    if shift.ends_at - shift.starts_at > MAX_SHIFT:
        raise ValidationError({"ends_at": _("A shift can last at most 24 hours.")})
    if not shift.gate.responsible:
        raise ValidationError(
            {"gate": _("Another company staffs the gate “%(gate)s”.") % {"gate": shift.gate}}
        )
    if not shift.person.active:
        raise ValidationError(
            {"person": _("“%(name)s” is no longer on duty.") % {"name": shift.person}}
        )
    duplicate = Shift.objects.filter(
        gate=shift.gate, person=shift.person, starts_at=shift.starts_at
    ).exclude(pk=shift.pk)
    if duplicate.exists():
        raise ValidationError(
            _("%(name)s already has a shift at %(gate)s starting %(start)s.")
            % {
                "name": shift.person,
                "gate": shift.gate,
                # A shift read back from the database starts in UTC; people read Shanghai time.
                "start": formats.date_format(
                    timezone.localtime(shift.starts_at), "SHORT_DATETIME_FORMAT"
                ),
            }
        )


def check_gate_open(gate: Gate) -> None:
    """A shift is put at a gate only while it is open (a closed or sealed gate needs nobody).

    The gate's row is locked, so a closing that runs at the same moment waits for the shift.
    """
    status = (
        Gate.objects.select_for_update(no_key=True).values_list("status", flat=True).get(pk=gate.pk)
    )
    if status != GateStatus.OPEN:
        raise ValidationError(
            {
                "gate": _("The gate “%(gate)s” is closed or sealed: choose an open gate.")
                % {"gate": gate}
            }
        )


def check_shift_times(**times) -> None:
    """Times a caller sent (starts_at, ends_at) lie within the roster's window."""
    errors = {}
    for field in ("starts_at", "ends_at"):
        if times.get(field) is not None:
            try:
                ROSTER.check_moment(times[field])
            except ValidationError as exc:
                errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)


def announce_shift_changes(*gates: Gate) -> None:
    """A shift change may fill (or open) a gap: say at which sites, for their alerts' recheck."""
    shifts_changed.send(sender=Shift, site_ids=sorted({gate.site_id for gate in gates}))


def save_shift(shift: Shift) -> Shift:
    check_shift(shift)
    try:
        with transaction.atomic():
            shift.save()
    except IntegrityError as exc:
        # Two requests racing for the same shift: the second is the duplicate the check saw.
        raise ValidationError(_("This shift is already on the roster.")) from exc
    return shift


@transaction.atomic
def create_shift(*, by, gate: Gate, person: DutyPerson, starts_at, ends_at, note="") -> Shift:
    """Put one person at one gate for one stretch of time (up to 24 hours, may cross midnight)."""
    check_shift_times(starts_at=starts_at, ends_at=ends_at)
    check_gate_open(gate)
    shift = Shift(
        gate=gate,
        person=person,
        starts_at=starts_at,
        ends_at=ends_at,
        note=(note or "").strip(),
        created_by=user_of(by),
    )
    save_shift(shift)
    log_created(shift, "shift.created", SHIFT_FIELDS, by=by)
    announce_shift_changes(gate)
    return shift


@transaction.atomic
def update_shift(shift: Shift, *, by, **changes) -> Shift:
    """Move a shift to another time, gate or person.

    A shift stays at its gate if that gate was closed since (it may still change its hours or
    person, or move); it moves only to an open gate.
    """
    unknown = set(changes) - set(SHIFT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    check_shift_times(**changes)
    shift = Shift.objects.select_for_update().select_related("gate", "person").get(pk=shift.pk)
    before, old_gate = snapshot(shift, SHIFT_FIELDS), shift.gate
    if "gate" in changes and changes["gate"].pk != old_gate.pk:
        check_gate_open(changes["gate"])
    for name, value in changes.items():
        setattr(shift, name, value.strip() if isinstance(value, str) else value)
    save_shift(shift)
    log_changed(shift, "shift.changed", before, SHIFT_FIELDS, by=by)
    announce_shift_changes(old_gate, shift.gate)
    return shift


@transaction.atomic
def delete_shift(shift: Shift, *, by) -> None:
    """Take a shift off the roster."""
    shift = Shift.objects.select_for_update().select_related("gate").get(pk=shift.pk)
    gate = shift.gate
    gone = {field: [value, None] for field, value in snapshot(shift, SHIFT_FIELDS).items()}
    log_action(shift, "shift.deleted", by=by, data={"changes": gone})
    shift.delete()
    announce_shift_changes(gate)


@transaction.atomic
def swap_shifts(first: Shift, second: Shift, *, by) -> tuple[Shift, Shift]:
    """Two people swap their shifts: each takes the other's gate and hours."""
    if first.pk == second.pk:
        raise ValidationError(_("Choose two different shifts to swap."))
    locked = {
        s.pk: s
        for s in Shift.objects.select_for_update()
        .select_related("gate", "person")
        .filter(pk__in=[first.pk, second.pk])
        .order_by("pk")
    }
    first, second = locked[first.pk], locked[second.pk]
    if first.person_id == second.person_id:
        raise ValidationError(_("Both shifts belong to the same person."))
    if (first.gate_id, first.starts_at) == (second.gate_id, second.starts_at):
        raise ValidationError(
            _("These two shifts are at the same gate and hours: nothing to swap.")
        )
    first.person, second.person = second.person, first.person
    for shift in (first, second):
        check_shift(shift)
        shift.save(update_fields=["person"])
    # One action, logged once on the first shift; the data names the other and who took which.
    data = {
        "changes": {"person": [second.person_id, first.person_id]},
        "other": {"id": second.pk, "label": str(second)},
    }
    log_action(first, "shift.swapped", by=by, data=data)
    announce_shift_changes(first.gate, second.gate)
    return first, second


@transaction.atomic
def mark_absent(
    shift: Shift, *, by, cover: DutyPerson | None = None, note: str = ""
) -> Shift | None:
    """Someone cannot come: their shift stops counting, and `cover` (if any) takes it over."""
    shift = Shift.objects.select_for_update().select_related("gate", "person").get(pk=shift.pk)
    if shift.absent:
        raise ValidationError(_("This shift is already marked absent."))
    if cover is not None and cover.pk == shift.person_id:
        raise ValidationError({"cover": _("Someone else must cover the shift.")})
    shift.absent = True
    shift.note = (note or shift.note).strip()
    shift.save(update_fields=["absent", "note"])
    replacement = None
    if cover is not None:
        replacement = Shift(
            gate=shift.gate,
            person=cover,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            covers=shift,
            note=shift.note,
            created_by=user_of(by),
        )
        save_shift(replacement)
    data = {
        "changes": {"absent": [False, True]},
        "note": shift.note,
        "cover": {"id": replacement.pk, "person": cover.pk} if replacement else None,
    }
    log_action(shift, "shift.marked_absent", by=by, data=data)
    announce_shift_changes(shift.gate)
    return replacement
