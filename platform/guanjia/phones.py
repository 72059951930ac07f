"""Telephone numbers as people type them: a staff member's or a resident's mobile number, and
the numbers a guard may have to call. Checked and normalised to E.164, without a database."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
