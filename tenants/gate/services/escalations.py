"""The whole-chain handling of an abnormal finding: report, hand over, close."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.gate.models import EscalationCase, EscalationStatus


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
    return EscalationCase.objects.create(
        site=site,
        gate=gate,
        entry=entry,
        reading=reading,
        isolation_case=isolation_case,
        person_name=person_name,
        temperature=temperature,
        reasons=[reason.as_dict() for reason in reasons],
        reported_at=now or timezone.now(),
        reported_by=by,
    )


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
    case.handed_over_by = by
    case.save(update_fields=["status", "handed_over_to", "handed_over_at", "handed_over_by"])
    return case


@transaction.atomic
def close_escalation(case: EscalationCase, *, note: str, by) -> EscalationCase:
    """Close a case once it was followed up, with what became of it."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"closing_note": _("Write how the case ended.")})
    case = _locked(case)
    if case.status == EscalationStatus.CLOSED:
        raise ValidationError(_("This case is already closed."))
    if case.status == EscalationStatus.REPORTED:
        raise ValidationError(_("Hand the person over before closing the case."))
    case.status = EscalationStatus.CLOSED
    case.closing_note = note
    case.closed_at = timezone.now()
    case.closed_by = by
    case.save(update_fields=["status", "closing_note", "closed_at", "closed_by"])
    return case
