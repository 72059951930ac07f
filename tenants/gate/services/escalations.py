"""The whole-chain handling of an abnormal finding: report, hand over, close."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanjia.actors import user_of
from tenants.gate.models import EscalationCase, EscalationStatus
from tenants.history.services import log_action


def open_escalation(
    *,
    site,
    by,
    reasons,
    gate=None,
    entry=None,
    reading=None,
    isolation_case=None,
    person_name="",
    temperature=None,
    now=None,
) -> EscalationCase:
    """Report a fever, a trip from a key region or a broken isolation to the site's managers."""
    case = EscalationCase.objects.create(
        site=site,
        gate=gate,
        entry=entry,
        reading=reading,
        isolation_case=isolation_case,
        person_name=person_name,
        temperature=temperature,
        reasons=[reason.as_dict() for reason in reasons],
        reported_at=now or timezone.now(),
        reported_by=user_of(by),
    )
    data = {"reasons": case.reasons, "temperature": temperature, "entry": case.entry_id}
    log_action(case, "escalation.opened", by=by, data=data)
    return case


def _locked(case: EscalationCase) -> EscalationCase:
    return EscalationCase.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def hand_over(case: EscalationCase, *, to: str, by) -> EscalationCase:
    """Record who took the person over (the community health centre, 120, the committee)."""
    to = (to or "").strip()
    if not to:
        raise ValidationError({"handed_over_to": _("Say to whom the person was handed over.")})
    case = _locked(case)
    if case.status != EscalationStatus.REPORTED:
        raise ValidationError(_("This case has already been handed over."))
    case.status = EscalationStatus.HANDED_OVER
    case.handed_over_to = to[:200]
    case.handed_over_at = timezone.now()
    case.handed_over_by = user_of(by)
    case.save(update_fields=["status", "handed_over_to", "handed_over_at", "handed_over_by"])
    data = {
        "changes": {
            "status": [EscalationStatus.REPORTED, case.status],
            "handed_over_to": [None, case.handed_over_to],
        }
    }
    log_action(case, "escalation.handed_over", by=by, data=data)
    return case


@transaction.atomic
def close_escalation(case: EscalationCase, *, note: str, by) -> EscalationCase:
    """Close a case once it was followed up, with what became of it."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"closing_note": _("Write how the case ended.")})
    case = _locked(case)
    before = case.status
    if case.status == EscalationStatus.CLOSED:
        raise ValidationError(_("This case is already closed."))
    if case.status == EscalationStatus.REPORTED:
        raise ValidationError(_("Hand the person over before closing the case."))
    case.status = EscalationStatus.CLOSED
    case.closing_note = note
    case.closed_at = timezone.now()
    case.closed_by = user_of(by)
    case.save(update_fields=["status", "closing_note", "closed_at", "closed_by"])
    data = {"changes": {"status": [before, case.status], "closing_note": [None, note]}}
    log_action(case, "escalation.closed", by=by, data=data)
    return case
