"""Identity numbers and mobile numbers: checked, normalised and masked, without a database."""

import datetime
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

# Roster pages show phones the same way; they cannot import the gate, which builds on them.
from guanjia.masking import display_phone as display_phone
from guanjia.masking import mask as mask


class DocumentKind(models.TextChoices):
    ID_CARD = "id_card", _("Resident ID card")
    PASSPORT = "passport", _("Passport")


_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")
_ID_CARD = re.compile(r"^\d{17}[\dX]$")


def normalize_id_card(value: str) -> str:
    """An 18-digit resident ID number whose GB 11643 check digit is right, with a capital X.

    The area code is not checked against a list: stdnum's refuses numbers issued before an
    area got its current code (Pudong before 1992), which are real residents' numbers.
    """
    number = re.sub(r"\s", "", value or "").upper()
    if not _ID_CARD.match(number):
        raise ValidationError(
            _("An ID-card number has 18 characters: 17 digits and a digit or X."),
            code="id_format",
        )
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError(
            _("This ID-card number does not contain a real date of birth."), code="id_birth_date"
        ) from exc
    # stdnum takes the whole number and ignores its last character.
    if ric.calc_check_digit(number) != number[-1]:
        raise ValidationError(
            _("This ID-card number's last digit does not match: check the number."),
            code="id_checksum",
        )
    return number


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


# Many countries' numbers do not say whether they are mobile (the US): those are accepted.
_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalize_phone(value: str) -> str:
    """A valid mobile number in E.164: mainland numbers may be typed without +86."""
    text = (value or "").strip()
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Enter a valid mobile number."), code="phone") from exc
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in _MOBILE:
        raise ValidationError(_("Enter a valid mobile number."), code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Numbers a guard may have to call: the community health centre's landline, 120, a manager.
SHANGHAI_AREA_CODE = "21"
_CONTACT_PHONE_ERROR = _(
    "Enter a mobile number, a landline with its area code (021-62590000) or a short number "
    "such as 120."
)


def normalize_contact_phone(value: str) -> str:
    """A number to call after a fever: E.164 for a mobile or a landline, the digits of a short
    service number (120, 110, 12345). An 8-digit landline without its area code is Shanghai's."""
    text = (value or "").strip()
    digits = re.sub(r"[\s\-()]", "", text)
    try:
        number = phonenumbers.parse(text, "CN")
        if digits.isdigit() and phonenumbers.is_valid_short_number_for_region(number, "CN"):
            return digits
        if not phonenumbers.is_valid_number(number) and re.fullmatch(r"\d{8}", digits):
            number = phonenumbers.parse(f"0{SHANGHAI_AREA_CODE}{digits}", "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_CONTACT_PHONE_ERROR, code="contact_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_CONTACT_PHONE_ERROR, code="contact_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_contact_phone(stored: str) -> str:
    """A number to call as people write it: 021 6259 0000, 138 1234 5678, 120."""
    if not stored.startswith("+"):
        return stored
    number = phonenumbers.parse(stored)
    if number.country_code == 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
