"""Giving people a role in a company, changing it and taking it away, each in the platform log."""

from django.db import transaction

from accounts.models import Membership
from audit.services import log_platform_action


@transaction.atomic
def add_membership(*, user, company, role: str, by) -> Membership:
    """Give a person a role in a company; a person already in it keeps the membership they have."""
    membership, created = Membership.objects.get_or_create(
        user=user, company=company, defaults={"role": role}
    )
    if created:
        log_platform_action(
            membership, "membership.added", by=by, company=company, data={"role": role}
        )
    return membership


@transaction.atomic
def change_membership(membership: Membership, *, role: str, by) -> Membership:
    """Change a person's role in a company; the same role again changes and logs nothing."""
    before = Membership.objects.select_for_update().get(pk=membership.pk).role
    if before == role:
        return membership
    membership.role = role
    membership.save(update_fields=["role"])
    data = {"changes": {"role": [before, role]}}
    log_platform_action(
        membership, "membership.changed", by=by, company=membership.company, data=data
    )
    return membership


@transaction.atomic
def remove_membership(membership: Membership, *, by) -> None:
    """Take a person's role in a company away; the log keeps who they were and what role."""
    log_platform_action(
        membership,
        "membership.removed",
        by=by,
        company=membership.company,
        data={"role": membership.role},
    )
    membership.delete()
