"""ID-card and passport numbers: checked, normalised and masked, without a database."""

import datetime
import re

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
