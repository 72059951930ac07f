"""An entry as a phone or a partner app sends it: for a gate by its id, perhaps with a pass."""

import dataclasses

from tenants.gate.models import Entry, VisitorPass
from tenants.gate.services.entries import EntryIn, RulesChanged, record_entry
from tenants.gate.services.gates import kept_gate_for_recording
from tenants.gate.services.passes import find_pass
from tenants.sites.models import Gate


def record_entry_at(
    access, gate_id, data: EntryIn, *, pass_code: str = "", by, now
) -> tuple[Entry, bool]:
    """Record an entry sent for a gate by its id, with the visitor pass of pass_code if any.

    Raises Gate.DoesNotExist if the caller may not record there now, VisitorPass.DoesNotExist
    for a code that is no pass of that gate's site, ValidationError as record_entry does.
    """
    # The gate as this process found it before; if the rules changed since, as they are now.
    for attempt in range(3):
        found = kept_gate_for_recording(access, gate_id, now, fresh=attempt > 0)
        if found is None:
            raise Gate.DoesNotExist
        visitor_pass = find_pass(pass_code, gates=[found.gate]) if pass_code else None
        if pass_code and visitor_pass is None:
            raise VisitorPass.DoesNotExist
        sent = dataclasses.replace(data, visitor_pass=visitor_pass)
        try:
            return record_entry(found.gate, sent, by=by, now=now, rules=found.rules)
        except RulesChanged:
            continue
    raise RulesChanged  # three changes within one request: fail, and the phone sends it again
