"""Writing the action log: one entry per change of state, in the change's own transaction."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from guanjia.actors import System
from guanjia.log_data import clean_data
from tenants.history.actions import ACTIONS
from tenants.history.models import ActorKind, LogEntry


def actor_values(by) -> dict:
    """The actor's columns: a person, an API key (a partner app's request carries `.api_key`)
    or a system task; None only for test fixtures that call a service directly."""
    if isinstance(by, System):
        return {"actor_kind": ActorKind.SYSTEM, "actor_label": by.name[:200]}
    api_key = getattr(by, "api_key", None)
    if api_key is not None:
        return {
            "actor_kind": ActorKind.API_KEY,
            "actor_api_key_id": api_key.pk,
            "actor_label": api_key.name[:200],
        }
    if by is None:
        return {"actor_kind": ActorKind.SYSTEM, "actor_label": ""}
    return {"actor_kind": ActorKind.USER, "actor_user_id": by.pk, "actor_label": str(by)[:200]}


def snapshot(obj: models.Model, fields) -> dict:
    """The named fields' values as the log keeps them (related records by id)."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(item.pk for item in getattr(obj, name).all())
        else:
            values[name] = field.value_from_object(obj)
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def changes(before: dict, after: dict) -> dict:
    """{field: [before, after]} for each field whose value changed."""
    return {
        field: [before.get(field), value]
        for field, value in after.items()
        if before.get(field) != value
    }


def created(obj: models.Model, fields) -> dict:
    """{field: [None, value]} for a new record's named fields."""
    return changes({}, snapshot(obj, fields))


def site_id_of(obj) -> int | None:
    """The site a record belongs to, directly or through its gate, case, rota or returnee."""
    if obj._meta.label_lower == "sites.site":
        return obj.pk
    if getattr(obj, "site_id", None) is not None:
        return obj.site_id
    for parent in ("gate", "case", "rota", "returnee"):
        if getattr(obj, f"{parent}_id", None) is not None:
            return getattr(obj, parent).site_id
    return None


def entry_values(obj: models.Model, action: str, *, by, data=None, label=None) -> dict:
    """The columns of a log entry about obj, checked: an unknown action is a programming error."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}: add it to tenants/history/actions.py")
    return {
        "at": timezone.now(),
        **actor_values(by),
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": obj.pk,
        "object_label": str(obj if label is None else label)[:200],
        "site_id": site_id_of(obj),
        "data": clean_data(data),
    }


def log_action(obj: models.Model, action: str, *, by, data=None, label=None) -> LogEntry:
    """Write one log entry about obj; the caller's transaction makes it part of the change."""
    return LogEntry.objects.create(**entry_values(obj, action, by=by, data=data, label=label))


def log_created(obj: models.Model, action: str, fields, *, by, **extra) -> LogEntry:
    """Log a new record with the values of its named fields."""
    return log_action(obj, action, by=by, data={"changes": created(obj, fields), **extra})


def log_changed(obj: models.Model, action: str, before: dict, fields, *, by, **extra) -> LogEntry:
    """Log a change to a record: its named fields before (a snapshot) and now."""
    data = {"changes": changes(before, snapshot(obj, fields)), **extra}
    return log_action(obj, action, by=by, data=data)


def log_insert_sql(source: str) -> tuple[list[str], str]:
    """`INSERT INTO` the log one row per row of `source` (a CTE with an `id`), as object_id.

    For a record inserted in the same statement as its log entry, on the guard's hot path.
    """
    meta, quote = LogEntry._meta, connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if not f.primary_key and f.name != "object_id"]
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    # Names from the model's own metadata, quoted: nothing here is user input.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}, {quote('object_id')}) "  # noqa: S608
        f"SELECT {values}, {quote(source)}.{quote('id')} FROM {quote(source)} "
        f"RETURNING {quote('object_id')}"
    )
    return [f.attname for f in fields], sql


def log_params(names: list[str], values: dict) -> list:
    """The parameters of log_insert_sql's statement, from entry_values' columns."""
    prepared = []
    for name in names:
        field = LogEntry._meta.get_field(name)
        value = values.get(name)
        prepared.append(field.get_db_prep_save(value, connection))
    return prepared


@transaction.atomic
def forget_entries_about(records: models.QuerySet) -> int:
    """Delete the log entries about these records (sent as a subquery): retention only."""
    entries = LogEntry.objects.filter(
        object_type=records.model._meta.label_lower, object_id__in=records.values("pk")
    )
    with connection.cursor() as cursor:
        # The database refuses every delete unless the transaction says it is retention
        # (migration 0003); it says so for this one statement and withdraws it at once, so
        # nothing else in the caller's transaction can delete. If the delete fails, rolling
        # back this block undoes the setting too.
        cursor.execute("SET LOCAL guanjia.log_retention = 'on'")
        deleted, _by_model = entries.delete()
        cursor.execute("SET LOCAL guanjia.log_retention = 'off'")
    return deleted
