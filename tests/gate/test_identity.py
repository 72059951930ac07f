"""ID-card, passport and mobile numbers as guards and returnees type them."""

import pytest
from django.core.exceptions import ValidationError

from guanjia.phones import normalize_phone
from tenants.gate.identity import (
    display_phone,
    mask,
    normalize_document,
    normalize_id_card,
    normalize_passport,
)

# Each checked with stdnum.cn.ric.is_valid: right GB 11643 check digit, birth date and area code.
VALID_ID_CARDS = [
    "11010519491231002X",  # Beijing Chaoyang, 1949, check digit X
    "110101199003074477",  # Beijing Dongcheng, 1990
    "310104198506150015",  # Shanghai Xuhui, 1985
    "440305199203181237",  # Shenzhen Nanshan, 1992
]


def code_of(error: pytest.ExceptionInfo) -> str:
    return error.value.code


def with_wrong_check_digit(number: str) -> str:
    wrong = "2" if number[-1] == "X" else str((int(number[-1]) + 1) % 10)
    return number[:-1] + wrong


# GB 11643 resident ID cards.


@pytest.mark.parametrize("number", VALID_ID_CARDS)
def test_a_real_id_card_number_is_accepted_as_it_is(number):
    assert normalize_id_card(number) == number


def test_a_lowercase_x_is_stored_as_a_capital_x():
    assert normalize_id_card("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    "typed",
    [
        "310104 19850615 0015",
        " 310104198506150015 ",
        "3101 0419 8506 1500 15",
        "310104\t198506150015",
    ],
)
def test_spaces_typed_into_an_id_card_number_are_removed(typed):
    assert normalize_id_card(typed) == "310104198506150015"


@pytest.mark.parametrize("number", VALID_ID_CARDS)
def test_an_id_card_number_with_a_wrong_last_digit_is_refused_as_a_checksum_error(number):
    with pytest.raises(ValidationError) as error:
        normalize_id_card(with_wrong_check_digit(number))
    assert code_of(error) == "id_checksum"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "3101041985061500",  # 16 characters
        "31010419850615001",  # 17: the check digit left off
        "3101041985061500155",  # 19
        "310104850615001",  # the old 15-digit number
        "31010419850615A015",  # a letter among the digits
        "X10104198506150015",  # X anywhere but last
        "ABCDEFGHIJKLMNOPQR",
    ],
)
def test_an_id_card_number_of_the_wrong_length_or_with_letters_is_refused_as_a_format_error(
    typed,
):
    with pytest.raises(ValidationError) as error:
        normalize_id_card(typed)
    assert code_of(error) == "id_format"


# Passports.


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("E12345678", "E12345678"),  # Chinese ordinary passport
        ("e1234 5678", "E12345678"),
        ("TZ1234567", "TZ1234567"),  # Japanese
        ("M12345678", "M12345678"),  # Korean
        ("G-1234-567", "G1234567"),
        ("  123456789  ", "123456789"),  # US
        ("AB123", "AB123"),  # shortest allowed
        ("A" * 20, "A" * 20),  # longest allowed
    ],
)
def test_a_passport_number_is_kept_in_capitals_without_spaces_or_dashes(typed, number):
    assert normalize_passport(typed) == number


@pytest.mark.parametrize(
    "typed", ["", "   ", "AB12", "A" * 21, "E1234567!", "E1234/5678", "护照12345678", "E1234.5678"]
)
def test_a_passport_number_too_short_too_long_or_with_symbols_is_refused(typed):
    with pytest.raises(ValidationError) as error:
        normalize_passport(typed)
    assert code_of(error) == "passport_format"


def test_a_document_is_checked_by_its_kind():
    assert normalize_document("id_card", "11010519491231002x") == "11010519491231002X"
    assert normalize_document("passport", "tz1234567") == "TZ1234567"
    # A passport number is not an ID-card number, and a short ID number is not a passport.
    with pytest.raises(ValidationError) as error:
        normalize_document("id_card", "TZ1234567")
    assert code_of(error) == "id_format"
    assert normalize_document("passport", "310104198506150015") == "310104198506150015"


# Mobile numbers.


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("13812345678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        ("138-1234-5678", "+8613812345678"),
        (" 15912345678 ", "+8615912345678"),
        ("+86 138 1234 5678", "+8613812345678"),
        ("+8613812345678", "+8613812345678"),
        ("+81 90-1234-5678", "+819012345678"),  # Japan
        ("+82 10-1234-5678", "+821012345678"),  # Korea
        ("+1 650-253-0000", "+16502530000"),  # United States
    ],
)
def test_a_valid_mobile_number_is_stored_in_e164(typed, e164):
    assert normalize_phone(typed) == e164


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "abc", "12345", "1381234567", "138123456789", "+81 90-1234", "+86 000 0000 0000"],
)
def test_an_invalid_mobile_number_is_refused(typed):
    with pytest.raises(ValidationError) as error:
        normalize_phone(typed)
    assert code_of(error) == "phone"


def test_a_mainland_number_is_shown_as_people_write_it():
    assert display_phone("+8613812345678") == "13812345678"


@pytest.mark.parametrize(
    "e164", ["+819012345678", "+821012345678", "+16502530000", "+886912345678"]
)
def test_a_number_from_elsewhere_is_shown_in_e164(e164):
    assert display_phone(e164) == e164


# Masking.


def test_a_masked_id_card_number_keeps_the_first_three_and_last_four_characters():
    assert mask("110105194912310021") == "110***********0021"
    assert len(mask("110105194912310021")) == 18


def test_a_masked_mobile_number_keeps_its_length():
    assert mask("13812345678") == "138****5678"


def test_a_masked_passport_number_shows_only_its_last_two_characters():
    assert mask("E1234") == "***34"
    assert mask("E123456") == "*****56"


def test_masking_nothing_gives_nothing():
    assert mask("") == ""
