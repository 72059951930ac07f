"""Re-encrypting personal data after a key change, in every company's schema.

Put the new Fernet key first in PERSONAL_DATA_KEYS (keep the old ones after it), run
`manage.py rotate_personal_data`, then drop the old keys. A new PERSONAL_DATA_INDEX_KEY works
the same way: the keyed hashes are computed again from the decrypted values.
"""

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context

from guanjia.encryption import BlindIndexField, EncryptedField, blind_index

BATCH = 500


def models_with_personal_data() -> list[tuple[type[models.Model], list, list]]:
    """(model, encrypted fields, blind-index fields) for every model holding personal data."""
    found = []
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        encrypted = [field for field in fields if isinstance(field, EncryptedField)]
        indexes = [field for field in fields if isinstance(field, BlindIndexField)]
        if encrypted or indexes:
            found.append((model, encrypted, indexes))
    return found


def is_tenant_model(model) -> bool:
    return model._meta.app_config.name in settings.TENANT_APPS


def rewrite_model(model, encrypted, indexes) -> int:
    """Write every row's personal fields again under the current keys; the rows rewritten."""
    names = [field.attname for field in encrypted + indexes]
    sources = [field.source for field in indexes]
    rewritten = 0
    batch = []
    # Reading decrypts with any configured key; bulk_update encrypts with the first one.
    for row in model._base_manager.only("pk", *names, *sources).iterator(chunk_size=BATCH):
        for field in indexes:
            setattr(row, field.attname, blind_index(getattr(row, field.source)))
        batch.append(row)
        if len(batch) == BATCH:
            model._base_manager.bulk_update(batch, names)
            rewritten += len(batch)
            batch = []
    if batch:
        model._base_manager.bulk_update(batch, names)
        rewritten += len(batch)
    return rewritten


def rotate_schema(schema_name: str, *, tenant: bool) -> int:
    """Rewrite the personal data of one schema in one transaction; the rows rewritten."""
    rewritten = 0
    with schema_context(schema_name), transaction.atomic():
        for model, encrypted, indexes in models_with_personal_data():
            if is_tenant_model(model) == tenant:
                rewritten += rewrite_model(model, encrypted, indexes)
    return rewritten


def rotate_personal_data() -> dict[str, int]:
    """Rewrite every schema's personal data under the current keys; rows rewritten by schema."""
    counts = {get_public_schema_name(): rotate_schema(get_public_schema_name(), tenant=False)}
    for schema_name in (
        get_tenant_model()
        .objects.exclude(schema_name=get_public_schema_name())
        .values_list("schema_name", flat=True)
    ):
        counts[schema_name] = rotate_schema(schema_name, tenant=True)
    return counts
