"""Where a caller may record entries: the gates of a guard's shifts and sites, or visible ones."""

import datetime
import json
import uuid
from typing import NamedTuple

from django.db import connection
from django.db.models import Case, Value, When

from accounts.roles import Role
from tenants.gate.models import EntryPolicy
from tenants.rosters.models import Shift
from tenants.sites.models import Gate, GateStatus, Site, sees_every_site

# A guard may record from a little before their shift until a little after it.
SHIFT_GRACE = datetime.timedelta(minutes=30)


def gates_for_recording(access, now: datetime.datetime):
    """The open gates a caller may record entries at, each with its site and policy loaded.

    Guards record where a current shift puts them (with SHIFT_GRACE either side), or at the
    sites they are assigned to; everyone else where they may see the site. The right is the
    one statement below, which the entries' own look-up asks too.
    """
    allowed = [found.gate.pk for found in _look_up_all(access, now)]
    return Gate.objects.filter(pk__in=allowed).select_related("site__entry_policy")


def sites_for_recording(access, now: datetime.datetime):
    """The sites a caller may register returnees at: a guard's gates' sites, or visible sites."""
    if access is not None and access.role == Role.GUARD:
        return Site.objects.filter(gates__in=gates_for_recording(access, now)).distinct()
    return Site.objects.visible_to(access)


def current_shift_gate(user, now: datetime.datetime) -> int | None:
    """The gate of the shift the user is on now, or about to start or just ending (the grace)."""
    return (
        Shift.objects.on_duty()
        .filter(person__user=user, starts_at__lte=now + SHIFT_GRACE, ends_at__gt=now - SHIFT_GRACE)
        # The shift under way first, then the one about to start, then the one just ended.
        .annotate(
            nearness=Case(
                When(starts_at__lte=now, ends_at__gt=now, then=Value(0)),
                When(starts_at__gt=now, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("nearness", "starts_at")
        .values_list("gate_id", flat=True)
        .first()
    )


# The one definition of who may record at which open gate: for a given gate (each entry a
# phone sends asks for its own), or for every gate (the guard's gate page, returnees' form).
# It is kept in the process per gate: building the query with the ORM took longer than
# recording the entry. On duty means not marked absent (Shift.objects.on_duty()); seeing a
# site means seeing every site or being assigned to it (Site.objects.visible_to()), which
# tests/gate/test_gate_lookup.py checks for every role, gate and moment. The rules' version comes
# in the same snapshot.
_RIGHTS_SQL = """
SELECT g.id, g.name, g.site_id, s.name,
       p.id, p.level, p.rules, p.threshold, p.green_code_required, p.travel_reported,
       %(everywhere)s OR EXISTS (SELECT FROM sites_site_assigned_users a
                                  WHERE a.site_id = g.site_id AND a.user_id = %(user)s),
       CASE WHEN %(guard)s THEN (
         SELECT max(sh.ends_at)
           FROM rosters_shift sh JOIN rosters_dutyperson d ON d.id = sh.person_id
          WHERE sh.gate_id = g.id AND d.user_id = %(user)s AND NOT sh.absent
            AND sh.starts_at <= %(until)s AND sh.ends_at > %(since)s)
       END,
       (SELECT token FROM gate_rulesversion)
  FROM sites_gate g
  JOIN sites_site s ON s.id = g.site_id
  LEFT JOIN gate_entrypolicy p ON p.site_id = g.site_id
 WHERE g.status = %(open)s AND (%(gate)s::bigint IS NULL OR g.id = %(gate)s::bigint)
 ORDER BY s.name, g.name, g.id
"""
_POLICY_FIELDS = ["id", "level", "rules", "threshold", "green_code_required", "travel_reported"]


class KeptGate(NamedTuple):
    """A gate one may record at from `since` until `until` (None: no end), its site and policy
    loaded, as the rules stood at version `rules`. Kept ones are shared by the entries that
    find them: read them, never change them."""

    gate: Gate
    rules: uuid.UUID | None
    since: datetime.datetime
    until: datetime.datetime | None

    def holds(self, now: datetime.datetime) -> bool:
        """`now` lies within it (whether the rules changed since, the entry's INSERT asks)."""
        return self.since <= now and (self.until is None or now < self.until)


# This process's answers: (company, role, user, gate) → KeptGate. A worker sees a few hundred
# guards' gates a day; the bound only keeps a long-lived process from growing without end.
_kept: dict[tuple, KeptGate] = {}
KEEP_AT_MOST = 10_000


def gate_for_recording(access, gate_id, now: datetime.datetime) -> Gate | None:
    """The one open gate an entry is sent for, with its site and policy, if the caller may
    record there now; None otherwise. The rule of gates_for_recording, in one statement."""
    found = _look_up(access, gate_id, now)
    return None if found is None else found.gate


def kept_gate_for_recording(
    access, gate_id, now: datetime.datetime, *, fresh: bool = False
) -> KeptGate | None:
    """gate_for_recording as this process last answered it, while the shift allows, with the
    version of the rules it was answered under; record_entry keeps an entry only while the
    rules are still that version. fresh: ask the database again (the rules changed)."""
    if access is None or not str(gate_id).isdigit():
        return None
    key = (connection.schema_name, access.role, getattr(access.user, "pk", None), int(gate_id))
    found = None if fresh else _kept.get(key)
    if found is None or not found.holds(now):
        _kept.pop(key, None)
        found = _look_up(access, gate_id, now)
        if found is None:
            return None  # refusals are not kept: a shift that starts later needs no change
        if found.rules is None:
            return found  # no version to check the INSERT against: keep nothing
        if len(_kept) >= KEEP_AT_MOST:
            _kept.clear()
        _kept[key] = found
    return found


def _look_up(access, gate_id, now: datetime.datetime) -> KeptGate | None:
    if access is None or not str(gate_id).isdigit():
        return None
    found = _look_up_all(access, now, gate_id=int(gate_id))
    return found[0] if found else None


def _look_up_all(access, now: datetime.datetime, *, gate_id: int | None = None) -> list[KeptGate]:
    """The gates (or the one gate) the caller may record at now, as _RIGHTS_SQL answers."""
    if access is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            _RIGHTS_SQL,
            {
                "gate": gate_id,
                "open": GateStatus.OPEN.value,
                "everywhere": sees_every_site(access),
                "guard": access.role == Role.GUARD,
                "user": getattr(access.user, "pk", None),
                "until": now + SHIFT_GRACE,
                "since": now - SHIFT_GRACE,
            },
        )
        rows = cursor.fetchall()
    found = []
    for row in rows:
        site_wide, shift_ends, rules = row[10], row[11], row[12]
        if not site_wide and shift_ends is None:
            continue
        # A kept right never reaches back before it was asked, and ends with the shift's grace.
        until = None if site_wide else shift_ends + SHIFT_GRACE
        found.append(KeptGate(_gate_from(row[:4], row[4:10]), rules, now, until))
    return found


def _gate_from(gate_row, policy_row) -> Gate:
    """The gate with its site and policy as recording needs them; any other field loads
    itself if it is read."""
    gate_pk, gate_name, site_pk, site_name = gate_row
    site = _loaded(Site, {"id": site_pk, "name": site_name})
    gate = _loaded(
        Gate, {"id": gate_pk, "name": gate_name, "site_id": site_pk, "status": GateStatus.OPEN}
    )
    gate.site = site
    policy = dict(zip(_POLICY_FIELDS, policy_row, strict=True))
    if policy["id"] is None:
        site.entry_policy = EntryPolicy.default_for(site)
    else:
        policy["rules"] = json.loads(policy["rules"])  # jsonb arrives as text, as Django asks
        site.entry_policy = _loaded(EntryPolicy, {**policy, "site_id": site_pk})
    return gate


def _loaded(model, values: dict):
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])
