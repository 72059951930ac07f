"""A phone at the gate is shared: a guard's sign-in there lasts their shift, not days.

When a guard or a cleaner signs in on a company's host, their session ends half an hour after
the shift they are on (or about to start) ends, for the next guard to sign in on the same
phone; without a shift, after PHONE_SESSION_HOURS. Managers at a desk keep the usual length.
"""

import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import connection
from django.dispatch import receiver
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from accounts.models import Membership
from accounts.roles import Role
from tenants.rosters.models import Shift

PHONE_ROLES = frozenset({Role.GUARD, Role.CLEANER})
# Time to hand the phone over at the end of a shift, and to sign in a little early.
HANDOVER = datetime.timedelta(minutes=30)
EARLY = datetime.timedelta(hours=1)


def phone_session_length(user, now: datetime.datetime) -> datetime.timedelta:
    """How long a sign-in on a phone lasts: to the end of the current shift and a handover."""
    longest = datetime.timedelta(hours=settings.PHONE_SESSION_HOURS)
    shift_end = (
        Shift.objects.filter(
            person__user=user, absent=False, starts_at__lte=now + EARLY, ends_at__gt=now
        )
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    if shift_end is None:
        return longest
    return min(shift_end + HANDOVER - now, longest)


@receiver(user_logged_in, dispatch_uid="rosters_phone_session_lasts_a_shift")
def phone_session_lasts_a_shift(sender, request, user, **kwargs):
    # Every way of signing in passes here (the form, a sign-in code, the hand-off from the
    # platform's host); only a company's host knows the role and the rosters.
    tenant = getattr(request, "tenant", None)
    if tenant is None or connection.schema_name == get_public_schema_name():
        return
    role = (
        Membership.objects.filter(user=user, company_id=tenant.pk, is_active=True)
        .values_list("role", flat=True)
        .first()
    )
    if role in PHONE_ROLES:
        length = phone_session_length(user, timezone.now())
        request.session.set_expiry(int(length.total_seconds()))
