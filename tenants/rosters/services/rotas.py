"""Rotas: a pattern defined once (e.g. three 8-hour shifts per gate) and the shifts it generates."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guanjia.actors import user_of
from guanjia.datewindows import ROSTER
from tenants.history.services import log_action, log_created
from tenants.rosters.models import Rota, RotaMember, Shift
from tenants.rosters.services.shifts import announce_shift_changes
from tenants.rosters.times import shift_span
from tenants.sites.services.gates import MAX_ON_DUTY
from tenants.sites.timewindows import parse_time, parse_window

MAX_GENERATED_DAYS = 92


def clean_slots(value) -> list[list]:
    """Slots as [["06:00", "14:00", 1], …]: the shifts of one day and how many people each."""
    slots = []
    for slot in value or []:
        if not isinstance(slot, list | tuple) or len(slot) not in (2, 3):
            raise ValidationError({"slots": _("Write each shift as a start, an end and people.")})
        start, end = parse_window(f"{slot[0]}-{slot[1]}")
        people = slot[2] if len(slot) == 3 else 1
        if (
            isinstance(people, bool)
            or not isinstance(people, int)
            or not 1 <= people <= MAX_ON_DUTY
        ):
            raise ValidationError(
                {"slots": _("Between 1 and %(most)s people per shift.") % {"most": MAX_ON_DUTY}}
            )
        slots.append([f"{start:%H:%M}", f"{end:%H:%M}", people])
    if not slots:
        raise ValidationError({"slots": _("Give at least one shift, e.g. 08:00-20:00.")})
    return slots


@transaction.atomic
def create_rota(site, *, by, name: str, gates, slots, people, starts_on: datetime.date) -> Rota:
    """Define a rota for some gates of a site; people take its places in the order given."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the rota a name.")})
    gates, people = list(gates), list(people)
    if not gates or any(gate.site_id != site.pk or not gate.responsible for gate in gates):
        raise ValidationError({"gates": _("Choose gates of this site that this company staffs.")})
    if not people or len(set(p.pk for p in people)) != len(people):
        raise ValidationError({"people": _("Choose the people of the rota, each once.")})
    slots = clean_slots(slots)
    ROSTER.check(starts_on, field="starts_on")
    # Everyone in one shift must be a different person, or the rota books someone twice.
    widest = max(slot[2] for slot in slots) * len(gates)
    if len(people) < widest:
        raise ValidationError(
            {
                "people": _(
                    "One shift of this rota needs %(needed)s people at once: choose that many."
                )
                % {"needed": widest}
            }
        )
    rota = Rota.objects.create(
        site=site, name=name, slots=slots, starts_on=starts_on, created_by=user_of(by)
    )
    rota.gates.set(gates)
    RotaMember.objects.bulk_create(
        RotaMember(rota=rota, person=person, position=i) for i, person in enumerate(people)
    )
    fields = ("name", "slots", "starts_on", "gates")
    log_created(rota, "rota.created", fields, by=by, people=[p.pk for p in people])
    return rota


def planned_places(rota: Rota, gates, people, day: datetime.date):
    """Who stands where on `day`: (gate, seat, person, start, end) for every place of the day.

    The day's places are numbered slot by slot, gate by gate; person n takes place n on the
    first day, and everyone moves on by one slot's worth of places each day, so people
    rotate through the morning, afternoon and night shifts.
    """
    places = [
        (slot, gate, seat) for slot in rota.slots for gate in gates for seat in range(slot[2])
    ]
    step = len(gates) * rota.slots[0][2]
    offset = (day - rota.starts_on).days * step
    for index, (slot, gate, _seat) in enumerate(places):
        person = people[(index + offset) % len(people)]
        start, end = shift_span(day, parse_time(slot[0]), parse_time(slot[1]))
        yield gate, index, person, start, end


@transaction.atomic
def generate_shifts(rota: Rota, *, by, first: datetime.date, last: datetime.date) -> int:
    """Create the rota's shifts from `first` to `last`; shifts already generated are kept as they
    are (swaps included), so generating twice creates nothing twice. Returns how many were new."""
    ROSTER.check(first, field="first")
    ROSTER.check(last, field="last")
    if last < first:
        raise ValidationError({"last": _("The last day must not be before the first.")})
    if (last - first).days >= MAX_GENERATED_DAYS:
        raise ValidationError(
            {"last": _("Generate at most %(days)s days at a time.") % {"days": MAX_GENERATED_DAYS}}
        )
    if first < rota.starts_on:
        raise ValidationError({"first": _("The rota starts on %(day)s.") % {"day": rota.starts_on}})
    gates = list(rota.gates.order_by("name"))
    people = [member.person for member in rota.members.select_related("person")]
    new = []
    day = first
    while day <= last:
        for gate, seat, person, start, end in planned_places(rota, gates, people, day):
            if not person.active or not gate.responsible:
                continue  # left since the rota was made: the gap shows instead of a ghost shift
            new.append(
                Shift(
                    gate=gate,
                    person=person,
                    starts_at=start,
                    ends_at=end,
                    rota=rota,
                    rota_seat=seat,
                    created_by=user_of(by),
                )
            )
        day += datetime.timedelta(days=1)
    before = Shift.objects.filter(rota=rota).count()
    # ON CONFLICT DO NOTHING on both unique keys: a rerun, or a shift someone already added.
    Shift.objects.bulk_create(new, ignore_conflicts=True)
    created = Shift.objects.filter(rota=rota).count() - before
    if created:
        announce_shift_changes(*gates)
    data = {"first": first, "last": last, "created": created}
    log_action(rota, "rota.shifts_generated", by=by, data=data)
    return created
