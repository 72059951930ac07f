"""Identity numbers and mobile numbers: checked, normalised and masked, without a database."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric


class DocumentKind(models.TextChoices):
    ID_CARD = "id_card", _("Resident ID card")
    PASSPORT = "passport", _("Passport")


_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")


def normalize_id_card(value: str) -> str:
    """An 18-digit resident ID number whose GB 11643 check digit is right, with a capital X."""
    number = re.sub(r"\s", "", value or "").upper()
    try:
        return ric.validate(number)
    except stdnum_errors.InvalidChecksum as exc:
        raise ValidationError(
            _("This ID-card number's last digit does not match: check the number."),
            code="id_checksum",
        ) from exc
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(
            _("An ID-card number has 18 characters: 17 digits and a digit or X."),
            code="id_format",
        ) from exc


def normalize_passport(value: str) -> str:
    """A passport number in capitals without spaces: 5 to 20 letters and digits."""
    number = re.sub(r"[\s-]", "", value or "").upper()
    if not _PASSPORT.match(number):
        raise ValidationError(
            _("A passport number has 5 to 20 letters and digits."), code="passport_format"
        )
    return number


def normalize_document(kind: str, value: str) -> str:
    """An ID-card or passport number, checked by its kind's rules."""
    if kind == DocumentKind.PASSPORT:
        return normalize_passport(value)
    return normalize_id_card(value)


def normalize_phone(value: str) -> str:
    """A valid mobile number in E.164: mainland numbers may be typed without +86."""
    text = (value or "").strip()
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Enter a valid mobile number."), code="phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a valid mobile number."), code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """A mainland number as people write it (13812345678); others in E.164."""
    if e164.startswith("+86"):
        return e164[3:]
    return e164


def mask(value: str) -> str:
    """Hide all but the first 3 and last 4 characters: 310***********1234, 138****5678."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * (len(value) - 2) + value[-2:]
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
