"""Counters for public forms (the visitor form, sign-in codes): how many in a time window.

Each limit is a setting holding a django-ratelimit rate ("10/d", "5/15m"), read when a
request comes so it can change without new code. Most are counted per company (one company's
busy gate never uses up another's); those about accounts, which are platform-wide, count on
every host together, so asking on another company's host gives no fresh allowance.
"""

from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class Limit:
    """A counter: the setting with its rate, and what someone refused by it reads."""

    setting: str
    refusal: str
    platform_wide: bool = False


def usage(request, limit: Limit, key, *, increment: bool) -> dict | None:
    """The limit's count for this key (an address by "ip", or a callable)."""
    group = (
        limit.setting if limit.platform_wide else f"{limit.setting}:{request.tenant.schema_name}"
    )
    return get_usage(
        request,
        group=group,
        key=key,
        rate=getattr(settings, limit.setting),
        increment=increment,
    )


def reached(request, limit: Limit, key) -> dict | None:
    """The usage if the limit is used up (the next one counted would be one too many)."""
    found = usage(request, limit, key, increment=False)
    return found if found is not None and found["count"] >= found["limit"] else None


def retry_after(response, found: dict):
    """Tell the client when to try again, as a 429 should."""
    if found["time_left"] > 0:
        response["Retry-After"] = str(found["time_left"])
    return response
