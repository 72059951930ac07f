"""Where a caller may record entries: the gates of a guard's shifts and sites, or visible ones."""

import datetime
import json
import secrets
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, Q

from accounts.roles import Role
from tenants.gate.models import EntryPolicy
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
# statement, and its answer is kept in the cache: building the query with the ORM took longer
# than recording the entry. The tests of test_gate_lookup ask both for every role, gate and
# moment and expect the same answer.
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
       END
  FROM sites_gate g
  JOIN sites_site s ON s.id = g.site_id
  LEFT JOIN gate_entrypolicy p ON p.site_id = g.site_id
 WHERE g.id = %(gate)s AND g.status = %(open)s
"""
_POLICY_FIELDS = ["id", "level", "rules", "threshold", "green_code_required", "travel_reported"]
# Kept answers are dropped sooner if anything they depend on changes (forget_recording_gates).
KEPT_FOR = 600  # seconds


class _Answer(NamedTuple):
    """A caller's right to record at a gate, from `since` until `until` (None: no end)."""

    generation: str
    since: datetime.datetime
    until: datetime.datetime | None
    gate: tuple  # id, name, site id, site name
    policy: tuple  # _POLICY_FIELDS, or Nones where the site follows the default policy

    def holds(self, generation, now: datetime.datetime) -> bool:
        """Nothing it depends on has changed since, and `now` lies within it."""
        return (
            self.generation == generation
            and self.since <= now
            and (self.until is None or now < self.until)
        )


def _generation_key() -> str:
    return f"gate-recording:{connection.schema_name}"


def forget_recording_gates() -> None:
    """Drop every kept answer of this company's gate look-ups (a gate, site, policy, shift,
    person or assignment changed): the next entry asks the database again."""
    cache.set(_generation_key(), secrets.token_hex(8), timeout=None)


def gate_for_recording(access, gate_id, now: datetime.datetime) -> Gate | None:
    """The one open gate an entry is sent for, with its site and policy, if the caller may
    record there; None otherwise. The rule of gates_for_recording, asked in one statement
    whose answer is kept until something it depends on changes or the shift ends."""
    if access is None or not str(gate_id).isdigit():
        return None
    generation_key = _generation_key()
    user_pk = getattr(access.user, "pk", None)
    answer_key = f"{generation_key}:{access.role}:{user_pk}:{int(gate_id)}"
    kept = cache.get_many([generation_key, answer_key])
    generation, answer = kept.get(generation_key), kept.get(answer_key)
    if answer is None or not answer.holds(generation, now):
        if generation is None:
            generation = secrets.token_hex(8)
            # Another process may have set one first: then keep nothing this time.
            if not cache.add(generation_key, generation, timeout=None):
                generation = None
        answer = _look_up(access, user_pk, int(gate_id), now, generation)
        if answer is None:
            return None  # refusals are not kept: a shift that starts later needs no change
        if generation is not None:
            cache.set(answer_key, answer, timeout=KEPT_FOR)
    return _gate_from(answer)


def _look_up(access, user_pk, gate_id: int, now: datetime.datetime, generation) -> _Answer | None:
    with connection.cursor() as cursor:
        cursor.execute(
            _ONE_GATE_SQL,
            {
                "gate": gate_id,
                "open": GateStatus.OPEN.value,
                "everywhere": sees_every_site(access),
                "guard": access.role == Role.GUARD,
                "user": user_pk,
                "until": now + SHIFT_GRACE,
                "since": now - SHIFT_GRACE,
            },
        )
        row = cursor.fetchone()
    if row is None:
        return None
    site_wide, shift_ends = row[10], row[11]
    if not site_wide and shift_ends is None:
        return None
    until = None if site_wide else shift_ends + SHIFT_GRACE
    return _Answer(generation, now, until, tuple(row[:4]), tuple(row[4:10]))


def _gate_from(answer: _Answer) -> Gate:
    """The gate with its site and policy as recording needs them; any other field loads
    itself if it is read."""
    gate_pk, gate_name, site_pk, site_name = answer.gate
    site = _loaded(Site, {"id": site_pk, "name": site_name})
    gate = _loaded(
        Gate, {"id": gate_pk, "name": gate_name, "site_id": site_pk, "status": GateStatus.OPEN}
    )
    gate.site = site
    policy = dict(zip(_POLICY_FIELDS, answer.policy, strict=True))
    if policy["id"] is None:
        site.entry_policy = EntryPolicy.default_for(site)
    else:
        policy["rules"] = json.loads(policy["rules"])  # jsonb arrives as text, as Django asks
        site.entry_policy = _loaded(EntryPolicy, {**policy, "site_id": site_pk})
    return gate


def _loaded(model, values: dict):
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])
