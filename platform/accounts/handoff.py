"""Carry a signed-in user from the platform host to a company's host, once."""

import secrets

from django.core import signing
from django.core.cache import cache

HANDOFF_SALT = "accounts.handoff"
HANDOFF_SECONDS = 60


def make_handoff_token(*, user, company) -> str:
    payload = {"u": user.pk, "c": company.pk, "n": secrets.token_urlsafe(16)}
    return signing.dumps(payload, salt=HANDOFF_SALT)


def redeem_handoff_token(token: str, *, company) -> int | None:
    """The user id the token was made for, or None if it is forged, stale, used or elsewhere."""
    try:
        payload = signing.loads(token, salt=HANDOFF_SALT, max_age=HANDOFF_SECONDS)
    except signing.BadSignature:
        return None
    if payload.get("c") != company.pk:
        return None
    # cache.add is atomic: only the first redemption of a nonce succeeds.
    if not cache.add(f"handoff-used:{payload['n']}", 1, HANDOFF_SECONDS * 2):
        return None
    return payload.get("u")
