"""Needs of households in isolation: opened, assigned to someone, closed with a note."""

import uuid as uuid_module

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanjia.actors import user_of
from guanjia.idempotency import check_resend, request_hash
from tenants.gate.models import IsolationCase, IsolationStatus, NeedKind, NeedRequest, NeedStatus
from tenants.history.services import log_changed, log_created, snapshot
from tenants.rosters.models import DutyPerson


def open_need(
    case: IsolationCase, *, uuid: uuid_module.UUID, kind: str, details: str, by
) -> tuple[NeedRequest, bool]:
    """Note what a household under isolation needs; the same id again is the same request.

    The same id with another need or case raises ReusedIdConflict and notes nothing.
    """
    fingerprint = request_hash(case=case.pk, kind=kind, details=details)
    existing = NeedRequest.objects.filter(uuid=uuid).first()
    if existing is not None:
        return check_resend(existing, fingerprint, same_place=existing.case_id == case.pk), False
    if kind not in NeedKind.values:
        raise ValidationError({"kind": _("Choose what is needed.")})
    if case.status != IsolationStatus.OBSERVING:
        raise ValidationError(_("This isolation has already ended."))
    details = (details or "").strip()
    if kind == NeedKind.OTHER and not details:
        raise ValidationError({"details": _("Say what is needed.")})
    try:
        with transaction.atomic():
            need = NeedRequest.objects.create(
                uuid=uuid,
                request_hash=fingerprint,
                case=case,
                kind=kind,
                details=details[:300],
                opened_by=user_of(by),
            )
            log_created(need, "need.opened", ("case", "kind", "details"), by=by)
    except IntegrityError:
        existing = NeedRequest.objects.get(uuid=uuid)
        return check_resend(existing, fingerprint, same_place=existing.case_id == case.pk), False
    return need, True


def _locked(need: NeedRequest) -> NeedRequest:
    need = NeedRequest.objects.select_for_update().get(pk=need.pk)
    if need.status == NeedStatus.CLOSED:
        raise ValidationError(_("This request is already closed."))
    return need


@transaction.atomic
def assign_need(need: NeedRequest, *, to: DutyPerson, by) -> NeedRequest:
    """Give a request to someone on the staff or a volunteer."""
    need = _locked(need)
    before = snapshot(need, ("status", "assigned_to"))
    if not to.active:
        raise ValidationError({"assigned_to": _("This person is no longer active.")})
    need.assigned_to = to
    need.assigned_at = timezone.now()
    need.status = NeedStatus.ASSIGNED
    need.save(update_fields=["assigned_to", "assigned_at", "status"])
    log_changed(need, "need.assigned", before, ("status", "assigned_to"), by=by)
    return need


@transaction.atomic
def close_need(need: NeedRequest, *, note: str, by) -> NeedRequest:
    """Close a request once it was done, saying what was done."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"closing_note": _("Write what was done.")})
    need = _locked(need)
    before = snapshot(need, ("status", "closing_note"))
    need.status = NeedStatus.CLOSED
    need.closing_note = note
    need.closed_at = timezone.now()
    need.closed_by = user_of(by)
    need.save(update_fields=["status", "closing_note", "closed_at", "closed_by"])
    log_changed(need, "need.closed", before, ("status", "closing_note"), by=by)
    return need
