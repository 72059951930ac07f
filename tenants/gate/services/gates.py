"""Where a caller may record entries: the gates of a guard's shifts and sites, or visible ones."""

import datetime
import json
import uuid
from typing import NamedTuple

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from accounts.roles import Role
from tenants.gate.models import EntryPolicy, RulesVersion
from tenants.rosters.models import Shift
from tenants.sites.models import Gate, GateStatus, Site, sees_every_site

# A guard may record from a little before their shift until a little after it.
SHIFT_GRACE = datetime.timedelta(minutes=30)


def _shifts_now(user, now: datetime.datetime):
    """The user's shifts worked around now, with SHIFT_GRACE either side."""
    return Shift.objects.on_duty().filter(
        person__user=user, starts_at__lte=now + SHIFT_GRACE, ends_at__gt=now - SHIFT_GRACE
    )


def gates_for_recording(access, now: datetime.datetime):
    """The open gates a caller may record entries at, each with its site and policy loaded.

    Guards record where a current shift puts them, or at the sites they are assigned to;
    everyone else where they may see the site. One query, however the gate is found.
    """
    gates = Gate.objects.filter(status=GateStatus.OPEN).select_related("site__entry_policy")
    if access is None:
        return gates.none()
    if access.role == Role.GUARD:
        on_shift = _shifts_now(access.user, now).filter(gate=OuterRef("pk"))
        assigned = Gate.objects.filter(pk=OuterRef("pk"), site__assigned_users=access.user)
        return gates.filter(Q(Exists(on_shift)) | Q(Exists(assigned)))
    return gates.filter(site__in=Site.objects.visible_to(access))


def sites_for_recording(access, now: datetime.datetime):
    """The sites a caller may register returnees at: a guard's gates' sites, or visible sites."""
    if access is not None and access.role == Role.GUARD:
        return Site.objects.filter(gates__in=gates_for_recording(access, now)).distinct()
    return Site.objects.visible_to(access)


# Every entry a phone sends asks for its gate, so the rule of gates_for_recording (on duty:
# Shift.objects.on_duty(); sites: Site.objects.visible_to()) is written out once more as one
# statement, and its answer is kept in the process: building the query with the ORM took
# longer than recording the entry. The tests of test_gate_lookup ask both for every role, gate
# and moment and expect the same answer. The rules' version comes in the same snapshot.
_ONE_GATE_SQL = """
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
 WHERE g.id = %(gate)s AND g.status = %(open)s
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


def renew_rules_version() -> None:
    """Make every answer kept of this company's gate look-ups old (a gate, site, policy, shift,
    person or assignment changed): entries found under them are looked up again."""
    RulesVersion.objects.bulk_create(
        [RulesVersion(pk=1, token=uuid.uuid4())],
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["token"],
    )


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
    with connection.cursor() as cursor:
        cursor.execute(
            _ONE_GATE_SQL,
            {
                "gate": int(gate_id),
                "open": GateStatus.OPEN.value,
                "everywhere": sees_every_site(access),
                "guard": access.role == Role.GUARD,
                "user": getattr(access.user, "pk", None),
                "until": now + SHIFT_GRACE,
                "since": now - SHIFT_GRACE,
            },
        )
        row = cursor.fetchone()
    if row is None:
        return None
    site_wide, shift_ends, rules = row[10], row[11], row[12]
    if not site_wide and shift_ends is None:
        return None
    # A kept right never reaches back before it was asked, and ends with the shift's grace.
    until = None if site_wide else shift_ends + SHIFT_GRACE
    return KeptGate(_gate_from(row[:4], row[4:10]), rules, now, until)


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
