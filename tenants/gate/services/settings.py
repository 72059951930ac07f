"""A company's gate settings: how long home isolation lasts and how long personal data is kept,
and what a guard does after a fever: where to hold the person and whom to call."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from companies.models import Company
from guanjia.phones import normalize_contact_phone
from tenants.gate.models import CONTACT_NAME_MAX, MAX_CONTACTS, EscalationContacts
from tenants.history.services import changes, log_action, log_changed, snapshot


@transaction.atomic
def change_gate_settings(
    company: Company, *, isolation_days: int, retention_days: int, by
) -> Company:
    """Set the days of home isolation and of keeping personal data, for cases and records to come.

    Isolation cases already open keep their last day; the nightly clean-up uses the new
    retention from its next run.
    """
    company = Company.objects.select_for_update().get(pk=company.pk)
    fields = ("isolation_days", "retention_days")
    before = snapshot(company, fields)
    company.isolation_days = isolation_days
    company.retention_days = retention_days
    company.full_clean()
    company.save(update_fields=["isolation_days", "retention_days"])
    # In the company's own log: it is the company's setting, read by its managers.
    log_changed(company, "company.gate_settings_changed", before, fields, by=by)
    return company


def _clean_contacts(contacts) -> list[dict]:
    """The contacts to keep, numbers normalised, blank rows left out; errors by the form's
    field names (contact_2_phone), numbered from 1 as the rows are shown."""
    kept, errors = [], {}
    for number, contact in enumerate(contacts, 1):
        name = (contact.get("name") or "").strip()
        phone = (contact.get("phone") or "").strip()
        if not name and not phone:
            continue
        if not name:
            errors[f"contact_{number}_name"] = [_("Say who answers this number.")]
        elif len(name) > CONTACT_NAME_MAX:
            errors[f"contact_{number}_name"] = [
                _("At most %(count)s characters.") % {"count": CONTACT_NAME_MAX}
            ]
        if not phone:
            errors[f"contact_{number}_phone"] = [_("Give the number to call.")]
        else:
            try:
                phone = normalize_contact_phone(phone)
            except ValidationError as exc:
                errors[f"contact_{number}_phone"] = exc.messages
        kept.append({"name": name, "phone": phone})
    if len(kept) > MAX_CONTACTS:
        errors["contacts"] = [_("At most %(count)s contacts.") % {"count": MAX_CONTACTS}]
    if errors:
        raise ValidationError(errors)
    return kept


@transaction.atomic
def change_escalation_contacts(
    company: Company, *, holding_place: str, contacts: list[dict], by
) -> EscalationContacts:
    """Set where a guard holds a person with a fever and whom they call, for every gate.

    `contacts` are {"name", "phone"} in the order the guard sees them; numbers may be mobiles,
    landlines or short service numbers (120). Blank rows are left out.
    """
    holding_place = (holding_place or "").strip()
    place_field = EscalationContacts._meta.get_field("holding_place")
    if len(holding_place) > place_field.max_length:
        raise ValidationError(
            {
                "holding_place": _("At most %(count)s characters.")
                % {"count": place_field.max_length}
            }
        )
    kept = _clean_contacts(contacts)
    row, _created = EscalationContacts.objects.select_for_update().get_or_create(
        pk=EscalationContacts.ONE
    )
    fields = ("holding_place", "contacts")
    before = snapshot(row, fields)
    row.holding_place = holding_place
    row.contacts = kept
    row.save()
    # Named after the company: the row is its one set of contacts.
    data = {"changes": changes(before, snapshot(row, fields))}
    log_action(row, "escalation_contacts.changed", by=by, data=data, label=company.name)
    return row
