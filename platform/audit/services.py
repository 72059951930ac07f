"""Writing the platform log: what the platform itself changed, in the public schema."""

from django.db import models
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from audit.actions import PLATFORM_ACTIONS
from audit.models import PlatformActorKind, PlatformLogEntry
from guanjia.actors import System
from guanjia.log_data import clean_data


def platform_actor_values(by) -> dict:
    """The actor's columns: a person or the platform's own command or task."""
    if isinstance(by, System):
        return {"actor_kind": PlatformActorKind.SYSTEM, "actor_label": by.name[:200]}
    if by is None:  # only test fixtures call a service without saying who
        return {"actor_kind": PlatformActorKind.SYSTEM, "actor_label": ""}
    return {
        "actor_kind": PlatformActorKind.USER,
        "actor_user_id": by.pk,
        "actor_label": str(by)[:200],
    }


def log_platform_action(
    obj: models.Model, action: str, *, by, company=None, data=None, label=None
) -> PlatformLogEntry:
    """Write one platform log entry about obj, in the caller's transaction."""
    if action not in PLATFORM_ACTIONS:
        raise ValueError(f"Unknown action {action!r}: add it to audit/actions.py")
    # The table exists only in the public schema; a company's host has it on its search path,
    # but naming the schema keeps the entry's place independent of the caller's.
    with schema_context(get_public_schema_name()):
        return PlatformLogEntry.objects.create(
            at=timezone.now(),
            **platform_actor_values(by),
            action=action,
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            object_label=str(obj if label is None else label)[:200],
            company_id=getattr(company, "pk", None),
            data=clean_data(data),
        )
