"""Recording an entry at a gate: check the entrant against the policy, keep one record."""

import contextlib
import dataclasses
import datetime
import functools
import uuid as uuid_module
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from guanjia.actors import user_of
from guanjia.datewindows import ENTRY_TIME
from guanjia.encryption import blind_index
from guanjia.idempotency import check_resend, input_hash
from guanjia.phones import normalize_phone
from tenants.gate.identity import DocumentKind, normalize_document
from tenants.gate.models import Entry, IsolationCase, RulesVersion, VisitorPass
from tenants.gate.policy import (
    FIELDS_BY_CATEGORY,
    REQUIRED_BY_CATEGORY,
    Category,
    Decision,
    Entrant,
    HealthCode,
    Outcome,
    Readings,
    decide,
)
from tenants.gate.services.escalations import open_escalation
from tenants.gate.services.policy import policy_for
from tenants.history.services import entry_values, log_insert_sql, log_params
from tenants.sites.models import Gate

_TEXT_FIELDS = ("name", "building", "room", "vehicle_plate")


@dataclass
class EntryIn:
    """One entrant as the guard's phone, the visitor's pass or a partner app described them."""

    uuid: uuid_module.UUID
    category: str
    temperature: Decimal
    recorded_at: datetime.datetime | None = None
    name: str = ""
    document_kind: str = DocumentKind.ID_CARD
    document: str = ""
    phone: str = ""
    building: str = ""
    room: str = ""
    consent: bool = False
    filed: bool = False
    vehicle_plate: str = ""
    health_code: str = HealthCode.NOT_SHOWN
    key_region_travel: bool = False
    override_outcome: str = ""
    override_reason: str = ""
    visitor_pass: VisitorPass | None = None


def _resent(gate: Gate, data: EntryIn) -> Entry | None:
    """The entry first recorded with this id, if any; ReusedIdConflict if sent otherwise."""
    existing = Entry.objects.filter(uuid=data.uuid).first()
    if existing is None:
        return None
    return check_resend(
        existing, input_hash(data, gate=gate.pk), same_place=existing.site_id == gate.site_id
    )


def _clean(data: EntryIn, now: datetime.datetime) -> dict:
    """The values to store: checked, normalised, and only those the category asks for."""
    if data.category not in Category.values:
        raise ValidationError({"category": _("Choose who is entering.")})
    wanted = FIELDS_BY_CATEGORY[data.category]
    values = {field: "" for field in _TEXT_FIELDS}
    errors = {}
    for field in _TEXT_FIELDS:
        if field in wanted:
            values[field] = (getattr(data, field) or "").strip()
    values["document_kind"] = ""
    values["document_number"] = ""
    values["phone"] = ""
    if "document" in wanted and data.document.strip():
        values["document_kind"] = data.document_kind or DocumentKind.ID_CARD
        try:
            if values["document_kind"] not in DocumentKind.values:
                raise ValidationError(_("Choose an ID card or a passport."))
            values["document_number"] = normalize_document(values["document_kind"], data.document)
        except ValidationError as exc:
            errors["document"] = exc.messages
    if "phone" in wanted and data.phone.strip():
        try:
            values["phone"] = normalize_phone(data.phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    for field in REQUIRED_BY_CATEGORY[data.category]:
        key = "document_number" if field == "document" else field
        if not values.get(key) and field not in errors:
            errors[field] = [_("Needed for this kind of entrant.")]
    if data.temperature != data.temperature.quantize(Decimal("0.1")):
        errors["temperature"] = [_("Give the temperature to one decimal, e.g. 36.5.")]
    elif not Decimal("34") <= data.temperature <= Decimal("43"):
        errors["temperature"] = [
            _("Take the temperature again: %(value)s °C is not possible.")
            % {"value": data.temperature}
        ]
    if data.health_code not in HealthCode.values:
        errors["health_code"] = [_("Choose the health code's colour.")]
    if data.recorded_at is not None:
        try:
            ENTRY_TIME.check(data.recorded_at, now=now)
        except ValidationError as exc:
            errors["recorded_at"] = exc.messages
    if errors:
        raise ValidationError(errors)
    values["consent"] = "consent" in wanted and data.consent
    values["filed"] = "filed" in wanted and data.filed
    values["health_code"] = data.health_code if "health_code" in wanted else HealthCode.NOT_SHOWN
    values["key_region_travel"] = "key_region_travel" in wanted and data.key_region_travel
    # Kept offline, an entry is dated when it happened; a fast phone clock is not believed.
    values["recorded_at"] = min(data.recorded_at or now, now)
    return values


def _isolation_until(gate: Gate, values: dict, today: datetime.date) -> datetime.date | None:
    hashes = Q()
    if values["document_number"]:
        hashes |= Q(document_hash=blind_index(values["document_number"]))
    if values["phone"]:
        hashes |= Q(phone_hash=blind_index(values["phone"]))
    if not hashes:
        return None
    case = (
        IsolationCase.objects.observing()
        .filter(hashes, site_id=gate.site_id, planned_end__gte=today)
        .order_by("-planned_end")
        .first()
    )
    return case.planned_end if case else None


def _check_pass(visitor_pass: VisitorPass, gate: Gate, today: datetime.date) -> None:
    if visitor_pass.site_id != gate.site_id:
        raise ValidationError(_("This pass is for another site."))
    if visitor_pass.valid_on != today:
        raise ValidationError(
            _("This pass has expired: passes are valid on the day they are made.")
        )


def _final_outcome(decision: Decision, data: EntryIn) -> tuple[str, str]:
    """The outcome after a guard's override, which needs a written reason."""
    wanted = data.override_outcome
    reason = (data.override_reason or "").strip()
    if wanted and wanted not in (Outcome.ADMIT, Outcome.REFUSE):
        raise ValidationError({"override_outcome": _("Choose to let them in or send them away.")})
    if not wanted or wanted == decision.outcome:
        return decision.outcome, ""
    if decision.outcome == Outcome.ESCALATE:
        raise ValidationError(
            {
                "override_outcome": _(
                    "A person who must be reported cannot be let in or sent away: report them."
                )
            }
        )
    if len(reason) < 4:
        raise ValidationError({"override_reason": _("Write why the decision is overridden.")})
    return wanted, reason


def _transaction_if_needed(*, escalates: bool):
    """A transaction for an entry that opens a case with it, and a savepoint inside an outer
    transaction, which a duplicate id would otherwise break. A lone INSERT needs neither:
    it is atomic by itself, and BEGIN and COMMIT would double what most entries cost."""
    if escalates or connection.in_atomic_block:
        return transaction.atomic()
    return contextlib.nullcontext()


class RulesChanged(Exception):
    """The gate's rules changed since it was found: find it again, then decide again."""


# The entry and its log entry in one statement, so a plain entry stays one round trip and
# needs no transaction. Under rules, the INSERT is kept only while the rules are the version
# the gate was found under: a kept look-up costs no statement of its own and a change still
# reaches the very next entry (nothing is inserted, in either table, and RETURNING is empty).
_INSERT_WITH_LOG = (
    "WITH {cte} AS (INSERT INTO {table} ({columns}) SELECT {values} {where} RETURNING {pk}) {log}"
)
_UNDER_RULES = "WHERE EXISTS (SELECT FROM {rules} WHERE token = %s)"


@functools.cache
def _entry_insert(under_rules: bool) -> tuple[list, list, str]:
    """The fields an entry's INSERT sends, the log's columns, and the statement sending both."""
    meta, quote = Entry._meta, connection.ops.quote_name
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    log_columns, log_sql = log_insert_sql("new_entry")
    where = _UNDER_RULES.format(rules=quote(RulesVersion._meta.db_table)) if under_rules else ""
    sql = _INSERT_WITH_LOG.format(
        cte=quote("new_entry"),
        table=quote(meta.db_table),
        columns=", ".join(quote(field.column) for field in fields),
        values=", ".join(["%s"] * len(fields)),
        where=where,
        pk=quote(meta.pk.column),
        log=log_sql,
    )
    return fields, log_columns, sql


def _insert(entry: Entry, rules: uuid_module.UUID | None, *, by) -> None:
    fields, log_columns, sql = _entry_insert(rules is not None)
    # What Model.save() would send: each field's pre_save (the blind indexes, received_at).
    # Model signals are not sent: nothing listens to an entry's save, and a receiver added
    # later must be called here too.
    values = [field.get_db_prep_save(field.pre_save(entry, True), connection) for field in fields]
    # The entry itself is the record of what was seen at the gate (append-only, numbers
    # encrypted); its log row says who recorded it and carries nothing it would repeat, which
    # keeps the guard's hot path at one statement of two small rows.
    logged = entry_values(
        entry, "entry.recorded", by=by, label=entry.name or entry.get_category_display()
    )
    params = [*values, *([rules] if rules is not None else []), *log_params(log_columns, logged)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise RulesChanged
    entry.pk = row[0]
    entry._state.adding, entry._state.db = False, connection.alias


def record_entry(
    gate: Gate, data: EntryIn, *, by, now=None, rules: uuid_module.UUID | None = None
) -> tuple[Entry, bool]:
    """Check one person at a gate against the site's entry policy and keep the record.

    Returns the entry and whether it is new: the phone's id makes a resend the same entry,
    and raises ReusedIdConflict for that id sent with another entry (nothing is written).
    An entry to be reported opens an escalation case in the same transaction. With `rules`,
    the version of the rules the gate was found under, raises RulesChanged if they changed.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if data.visitor_pass is not None:
        # The number the visitor gave on the pass, whatever the sender says: the guard's phone
        # only ever shows it masked, so it could not send it in full.
        data = dataclasses.replace(data, phone=data.visitor_pass.phone)
    values = _clean(data, now)
    if data.visitor_pass is not None:
        # A pass is checked against the day the entry happened (it may arrive a day late
        # from a phone that was offline), and a resend is the first entry, not a second use.
        existing = _resent(gate, data)
        if existing is not None:
            return existing, False
        _check_pass(data.visitor_pass, gate, timezone.localdate(values["recorded_at"]))
    entrant = Entrant(
        category=data.category,
        consent=values["consent"],
        filed=values["filed"],
        health_code=values["health_code"],
        key_region_travel=values["key_region_travel"],
        isolation_until=_isolation_until(gate, values, today),
    )
    policy = policy_for(gate.site).as_policy()
    decision = decide(policy, entrant, Readings(data.temperature, today))
    outcome, override_reason = _final_outcome(decision, data)
    entry = Entry(
        uuid=data.uuid,
        request_hash=input_hash(data, gate=gate.pk),
        site_id=gate.site_id,
        gate=gate,
        category=data.category,
        temperature=data.temperature,
        decision=decision.outcome,
        reasons=[reason.as_dict() for reason in decision.reasons],
        outcome=outcome,
        override_reason=override_reason,
        visitor_pass=data.visitor_pass,
        recorded_by=user_of(by),
        **values,
    )
    try:
        with _transaction_if_needed(escalates=decision.outcome == Outcome.ESCALATE):
            _insert(entry, rules, by=by)
            if decision.outcome == Outcome.ESCALATE:
                open_escalation(
                    site=gate.site,
                    gate=gate,
                    entry=entry,
                    by=by,
                    reasons=decision.reasons,
                    person_name=entry.name,
                    temperature=entry.temperature,
                    now=now,
                )
    except IntegrityError:
        # The same id again (a resend) is the first entry; otherwise the pass was used.
        existing = _resent(gate, data)
        if existing is not None:
            return existing, False
        raise ValidationError(_("This pass has already been used.")) from None
    return entry, True
