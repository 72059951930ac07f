"""Logins by mobile number for staff without e-mail, enrolled like a device with a one-time code."""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts.memberships import add_membership
from accounts.models import Membership, SignInCode, User
from accounts.roles import Role
from accounts.services import SITE_ROLES, assign_sites, end_sessions
from audit.services import log_platform_action
from companies.services import portal_url_for
from guanjia.phones import normalize_phone

SIGN_IN_CODE_VALID_FOR = timedelta(minutes=15)
SIGN_IN_CODE_LENGTH = 8
# No 0/O, 1/I/L: read aloud or copied from a manager's screen, no two look alike.
SIGN_IN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def hash_sign_in_code(code: str) -> str:
    """A keyed hash: eight characters are few enough to guess from a plain hash of the table."""
    typed = re.sub(r"[^0-9A-Za-z]", "", code or "").upper()
    return salted_hmac("accounts.SignInCode", typed).hexdigest()


def show_sign_in_code(code: str) -> str:
    """The code as the manager's screen shows it: two groups of four."""
    return f"{code[:4]} {code[4:]}"


@dataclass(frozen=True)
class IssuedCode:
    """A new sign-in code and the link of its QR; neither is ever stored."""

    sign_in_code: SignInCode
    code: str
    link: str

    @property
    def shown(self) -> str:
        return show_sign_in_code(self.code)


@dataclass(frozen=True)
class MobileLogin:
    """A login by mobile number given to a company; `issued` is None for an existing account."""

    membership: Membership
    issued: IssuedCode | None


class SignInCodeUnusable(Exception):
    """The mobile number and code do not match an open code; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def create_mobile_login(
    *, company, full_name: str, phone: str, role: str, sites=(), by
) -> MobileLogin:
    """Give someone without e-mail a login identified by their mobile number.

    A new account has no password yet: the manager hands over a one-time code with which the
    person sets one. Someone whose number already has an account (working for two companies)
    only gains a membership and signs in with the password they have.
    """
    try:
        phone = normalize_phone(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from exc
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    user = User.objects.filter(phone=phone).first()
    if user is not None and Membership.objects.filter(company=company, user=user).exists():
        raise ValidationError(
            {"phone": _("%(phone)s already has an account in this company.") % {"phone": phone}}
        )
    new = user is None
    if new:
        user = User(phone=phone, full_name=(full_name or "").strip())
        user.set_unusable_password()
        user.save()
    membership = add_membership(user=user, company=company, role=role, by=by)
    if role in SITE_ROLES:
        assign_sites(user, [site.pk for site in sites])
    return MobileLogin(membership, issue_sign_in_code(membership, by=by) if new else None)


@transaction.atomic
def issue_sign_in_code(membership: Membership, *, by) -> IssuedCode:
    """A one-time code, valid 15 minutes, for a member signed in by mobile number.

    Also the manager's reset for someone without e-mail: earlier codes stop working, the
    password stops working until the code sets a new one, and every session ends.
    """
    user = membership.user
    if not user.phone:
        raise ValidationError(_("Only a login by mobile number is given a sign-in code."))
    if not membership.is_active:
        raise ValidationError(_("Reactivate %(name)s first.") % {"name": user})
    now = timezone.now()
    SignInCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    code = "".join(
        secrets.choice(SIGN_IN_CODE_ALPHABET) for _position in range(SIGN_IN_CODE_LENGTH)
    )
    sign_in_code = SignInCode.objects.create(
        user=user,
        company=membership.company,
        code_hash=hash_sign_in_code(code),
        created_by=by,
        expires_at=now + SIGN_IN_CODE_VALID_FOR,
    )
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    end_sessions(user)
    # The code is a secret: the log says that one was given, never which.
    log_platform_action(membership, "sign_in_code.issued", by=by, company=membership.company)
    query = urlencode({"phone": user.phone, "code": code})
    link = f"{portal_url_for(membership.company)}accounts/code/?{query}"
    return IssuedCode(sign_in_code, code, link)


@transaction.atomic
def void_sign_in_codes(*, phone: str, company, by) -> int:
    """Stop every open code of this mobile number in this company; returns how many stopped.

    Called after too many wrong codes for the number: whoever is guessing gains nothing by
    going on, and the person asks their manager for a new code.
    """
    now = timezone.now()
    codes = SignInCode.objects.filter(
        user__phone=phone, company=company, used_at__isnull=True, expires_at__gt=now
    )
    voided = 0
    for sign_in_code in codes.select_related("user"):
        sign_in_code.expires_at = now
        sign_in_code.save(update_fields=["expires_at"])
        log_platform_action(sign_in_code.user, "sign_in_code.voided", by=by, company=company)
        voided += 1
    return voided


def is_pin(secret: str) -> bool:
    return re.fullmatch(r"[0-9]{6}", secret or "") is not None


@transaction.atomic
def redeem_sign_in_code(*, phone: str, code: str, password: str, company) -> User:
    """Use a one-time code: set the person's password or 6-digit PIN and return them.

    An unknown, used or expired code raises SignInCodeUnusable and changes nothing. A PIN
    (for a phone at the gate) skips the password rules; sign-in lockout guards it as any other.
    """
    try:
        phone = normalize_phone(phone)
    except ValidationError as exc:
        raise SignInCodeUnusable(_("This mobile number and code do not match.")) from exc
    sign_in_code = (
        SignInCode.objects.select_for_update()
        .select_related("user")
        .filter(user__phone=phone, company=company, code_hash=hash_sign_in_code(code))
        .first()
    )
    if sign_in_code is None:
        raise SignInCodeUnusable(_("This mobile number and code do not match."))
    if sign_in_code.used_at is not None:
        raise SignInCodeUnusable(
            _(
                "This code has already been used. Sign in with your mobile number and password, "
                "or ask your manager for a new code."
            )
        )
    if sign_in_code.is_expired:
        raise SignInCodeUnusable(_("This code has expired. Ask your manager for a new one."))
    user = sign_in_code.user
    if not Membership.objects.filter(user=user, company=company, is_active=True).exists():
        raise SignInCodeUnusable(_("This mobile number and code do not match."))
    if not is_pin(password):
        validate_password(password or "", user)
    user.set_password(password)
    user.save(update_fields=["password"])
    sign_in_code.used_at = timezone.now()
    sign_in_code.save(update_fields=["used_at"])
    return user
