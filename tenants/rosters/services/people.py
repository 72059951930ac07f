"""People on duty: guards who sign in, and volunteers and extra guards who do not."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership
from tenants.history.services import log_changed, log_created, snapshot
from tenants.rosters.models import DutyPerson, DutyPersonKind
from tenants.sites.services.common import apply_changes

PERSON_FIELDS = ("kind", "name", "phone", "active")


def normalise_phone(phone: str) -> str:
    """A mainland mobile (13812345678) or an international number (+81 …), as E.164."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    try:
        number = phonenumbers.parse(phone, "CN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            {"phone": _("“%(value)s” is not a valid phone number.") % {"value": phone}}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_person(person: DutyPerson, company) -> None:
    person.phone = normalise_phone(person.phone)
    others = DutyPerson.objects.filter(name__iexact=person.name)
    if person.pk:
        others = others.exclude(pk=person.pk)
    if others.exists():
        raise ValidationError(
            {
                "name": _(
                    "Someone on duty is already called “%(name)s”; add something to tell them "
                    "apart, e.g. “%(name)s (2)”."
                )
                % {"name": person.name}
            }
        )
    if person.user_id is not None:
        if not Membership.objects.filter(user_id=person.user_id, company=company).exists():
            raise ValidationError(
                {"user": _("Only members of this company can sign in as guards.")}
            )
        taken = DutyPerson.objects.filter(user_id=person.user_id).exclude(pk=person.pk)
        if taken.exists():
            raise ValidationError(
                {"user": _("This user is already on the list of people on duty.")}
            )


@transaction.atomic
def create_duty_person(*, by, company, user=None, **fields) -> DutyPerson:
    """Add someone who can be put on a gate roster."""
    person = DutyPerson(user=user)
    if user is not None:
        fields.setdefault("kind", DutyPersonKind.GUARD)
        fields["name"] = (fields.get("name") or "").strip() or user.full_name or user.email
    apply_changes(person, fields, PERSON_FIELDS)
    check_person(person, company)
    person.save()
    log_created(person, "duty_person.created", (*PERSON_FIELDS, "user"), by=by)
    return person


@transaction.atomic
def update_duty_person(person: DutyPerson, *, by, company, **changes) -> DutyPerson:
    """Change someone's name, phone or kind, or take them off future rosters (inactive)."""
    person = DutyPerson.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person, PERSON_FIELDS)
    apply_changes(person, changes, PERSON_FIELDS)
    check_person(person, company)
    person.save()
    log_changed(person, "duty_person.changed", before, PERSON_FIELDS, by=by)
    return person
