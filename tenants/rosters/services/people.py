"""People on duty: guards who sign in, and volunteers and extra guards who do not."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.roles import Role
from accounts.sign_in_codes import MobileLogin, create_mobile_login
from tenants.history.services import log_action, log_changed, log_created, snapshot
from tenants.rosters.models import DutyPerson, DutyPersonKind
from tenants.sites.models import Site
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


@transaction.atomic
def give_login(person: DutyPerson, *, company, by) -> MobileLogin:
    """Give someone on the roster a login by their mobile number, keeping the two linked.

    They become a guard at the sites whose gates they stand at. Someone whose number already
    has an account is linked to it; a new account comes with its one-time sign-in code.
    """
    person = DutyPerson.objects.select_for_update().get(pk=person.pk)
    if person.user_id is not None:
        raise ValidationError(_("%(name)s already has a login.") % {"name": person.name})
    if not person.active:
        raise ValidationError(_("%(name)s is inactive.") % {"name": person.name})
    if not person.phone:
        raise ValidationError(
            _("Add %(name)s's mobile number first: it is what they sign in with.")
            % {"name": person.name}
        )
    member = Membership.objects.filter(company=company, user__phone=person.phone).first()
    if member is not None:
        if not member.is_active:
            raise ValidationError(
                _("%(name)s's login is deactivated: reactivate it on the staff page first.")
                % {"name": person.name}
            )
        login = MobileLogin(member, None)
    else:
        login = create_mobile_login(
            company=company,
            full_name=person.name,
            phone=person.phone,
            role=Role.GUARD,
            sites=sites_of(person),
            by=by,
        )
    person.user = login.membership.user
    check_person(person, company)
    person.save(update_fields=["user"])
    log_action(person, "duty_person.login_given", by=by, data={"role": login.membership.role})
    return login


def sites_of(person: DutyPerson):
    """The sites whose gates someone stands at, on a shift or in a rota."""
    return Site.objects.filter(
        Q(gates__shifts__person=person) | Q(rotas__members__person=person)
    ).distinct()
