"""Issuing, checking and revoking partner API keys."""

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import ApiScope
from audit.services import log_platform_action
from partners.models import KEY_PREFIX, ApiKey, hash_secret

LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedKey:
    """A new key and its full text, which is shown once and never stored."""

    api_key: ApiKey
    plaintext: str


@transaction.atomic
def create_api_key(*, company, name: str, scope: str, by) -> IssuedKey:
    """Issue a key for a partner app of this company; the caller shows the text once."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the key a name, e.g. the partner app's name.")})
    if scope not in ApiScope.values:
        raise ValidationError({"scope": _("Choose read or read and write.")})
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        company=company,
        name=name,
        scope=scope,
        prefix=prefix,
        secret_hash=hash_secret(secret),
        created_by=by,
    )
    # Its name and scope only: never the text, which is shown once and kept nowhere.
    data = {"name": name, "scope": scope}
    log_platform_action(api_key, "api_key.created", by=by, company=company, data=data)
    return IssuedKey(api_key, f"{KEY_PREFIX}_{prefix}_{secret}")


@transaction.atomic
def revoke_api_key(api_key: ApiKey, *, by) -> bool:
    """Stop a key from working from now on; revoking twice changes nothing and logs nothing."""
    changed = ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if changed:
        log_platform_action(api_key, "api_key.revoked", by=by, company=api_key.company)
    return bool(changed)


def find_active_key(plaintext: str, *, company) -> ApiKey | None:
    """The active key of this company whose text this is, or None."""
    parts = (plaintext or "").split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    _kind, prefix, secret = parts
    api_key = ApiKey.objects.active().filter(prefix=prefix, company_id=company.pk).first()
    if api_key is None or not hmac.compare_digest(api_key.secret_hash, hash_secret(secret)):
        return None
    mark_used(api_key)
    return api_key


def mark_used(api_key: ApiKey) -> None:
    """Record use at most once a minute, so a busy partner does not write on every call."""
    now = timezone.now()
    if api_key.last_used_at and now - api_key.last_used_at < LAST_USED_PRECISION:
        return
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now
