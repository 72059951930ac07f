"""Voiding an entry recorded by mistake: it is kept and listed, marked, and counts no more."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Access
from accounts.models import Membership
from guanjia.actors import user_of
from tenants.gate.models import Entry
from tenants.gate.models.entries import VOID_REASON_MAX
from tenants.history.services import log_action


def _access_of(user) -> Access | None:
    """The role a person holds in the company whose schema is active, if any."""
    if user is None:
        return None
    membership = Membership.objects.filter(
        user=user, company__schema_name=connection.schema_name, is_active=True
    ).first()
    return None if membership is None else Access(role=membership.role, user=user)


@transaction.atomic
def void_entry(entry: Entry, *, reason: str, by, now=None) -> Entry:
    """Void a mistaken entry on the day it was recorded, with the reason; it is never deleted.

    The guard who recorded it may void it, and so may a role with `gate.void` (managers, site
    managers of its site): Entry.objects.voidable_by() says who, for pages and for this check.
    An entry is voided once. A case it opened stays open: a fever once reported is followed
    up, and the case's page says that its entry was voided.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the entry is voided.")})
    if len(reason) > VOID_REASON_MAX:
        raise ValidationError(
            {"reason": _("At most %(count)s characters.") % {"count": VOID_REASON_MAX}}
        )
    user = user_of(by)
    if not Entry.objects.voidable_by(_access_of(user)).filter(pk=entry.pk).exists():
        raise PermissionDenied
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.voided:
        raise ValidationError(_("This entry is already voided."))
    now = now or timezone.now()
    if timezone.localdate(entry.recorded_at) != timezone.localdate(now):
        raise ValidationError(_("An entry can be voided only on the day it was recorded."))
    entry.voided_at = now
    entry.voided_by = user
    entry.void_reason = reason
    entry.save(update_fields=["voided_at", "voided_by", "void_reason"])
    # Named as its recording was, so the two read together in the log.
    label = entry.name or entry.get_category_display()
    log_action(entry, "entry.voided", by=by, data={"reason": reason}, label=label)
    return entry
