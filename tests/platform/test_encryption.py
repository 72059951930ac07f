"""Personal data at rest: encrypted so the database alone reveals nothing, found by a keyed hash."""

import contextlib

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from guanjia import encryption

ID_NUMBER = "310104198506150015"
PHONE = "+8613812345678"
INDEX_KEY = "an-index-key-of-at-least-thirty-two-characters"


def new_key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def use_keys():
    """Switch the configured keys for the rest of the test; the real ones come back after."""
    with contextlib.ExitStack() as stack:

        def use(*keys: str, index_key: str = INDEX_KEY) -> None:
            stack.enter_context(
                override_settings(PERSONAL_DATA_KEYS=list(keys), PERSONAL_DATA_INDEX_KEY=index_key)
            )
            encryption.forget_keys()

        yield use
    encryption.forget_keys()


@pytest.fixture(autouse=True)
def key(use_keys):
    key = new_key()
    use_keys(key)
    return key


@pytest.mark.parametrize("value", [ID_NUMBER, "11010519491231002X", PHONE, "E12345678", "王小明"])
def test_a_value_reads_back_as_it_was_written(value):
    assert encryption.decrypt(encryption.encrypt(value)) == value


def test_no_value_stays_no_value():
    assert encryption.encrypt("") == ""
    assert encryption.decrypt("") == ""
    assert encryption.reencrypt("") == ""
    assert encryption.blind_index("") == ""


@pytest.mark.parametrize("value", [ID_NUMBER, PHONE, "13812345678"])
def test_the_stored_text_does_not_contain_the_value(value):
    token = encryption.encrypt(value)
    assert value not in token
    assert value not in encryption.blind_index(value)


def test_the_same_value_encrypts_differently_each_time():
    first, second = encryption.encrypt(ID_NUMBER), encryption.encrypt(ID_NUMBER)
    assert first != second
    assert encryption.decrypt(first) == encryption.decrypt(second) == ID_NUMBER


def test_the_same_value_always_has_the_same_blind_index():
    assert encryption.blind_index(ID_NUMBER) == encryption.blind_index(ID_NUMBER)
    assert len(encryption.blind_index(ID_NUMBER)) == 64


def test_different_values_have_different_blind_indexes():
    indexes = {encryption.blind_index(value) for value in (ID_NUMBER, "310104198506150016", PHONE)}
    assert len(indexes) == 3


def test_the_blind_index_depends_on_the_index_key(use_keys, key):
    before = encryption.blind_index(ID_NUMBER)
    use_keys(key, index_key="another-index-key-of-at-least-thirty-two-chars")
    assert encryption.blind_index(ID_NUMBER) != before


def test_the_blind_index_does_not_depend_on_the_encryption_key(use_keys):
    before = encryption.blind_index(ID_NUMBER)
    use_keys(new_key())
    assert encryption.blind_index(ID_NUMBER) == before


# Key rotation: a new key is put first, old rows still read, and are re-encrypted one by one.


def test_a_value_written_under_the_old_key_still_reads_after_a_new_key_is_put_first(use_keys, key):
    token = encryption.encrypt(ID_NUMBER)
    use_keys(new_key(), key)
    assert encryption.decrypt(token) == ID_NUMBER


def test_a_reencrypted_value_reads_with_the_new_key_alone(use_keys, key):
    old_token = encryption.encrypt(ID_NUMBER)
    fresh = new_key()
    use_keys(fresh, key)
    new_token = encryption.reencrypt(old_token)
    assert new_token != old_token

    use_keys(fresh)
    assert encryption.decrypt(new_token) == ID_NUMBER
    with pytest.raises(ValueError, match="cannot be decrypted"):
        encryption.decrypt(old_token)


def test_new_values_are_written_under_the_first_key(use_keys, key):
    fresh = new_key()
    use_keys(fresh, key)
    token = encryption.encrypt(PHONE)
    use_keys(fresh)
    assert encryption.decrypt(token) == PHONE


def test_a_value_under_an_unknown_key_raises_an_error_that_does_not_reveal_it(use_keys):
    token = encryption.encrypt(ID_NUMBER)
    use_keys(new_key())
    with pytest.raises(ValueError) as error:
        encryption.decrypt(token)
    message = str(error.value)
    assert ID_NUMBER not in message
    assert token not in message
    assert "PERSONAL_DATA_KEYS" in message


def test_a_damaged_token_raises_a_value_error():
    token = encryption.encrypt(ID_NUMBER)
    with pytest.raises(ValueError, match="cannot be decrypted"):
        encryption.decrypt(token[:-8] + "AAAAAAAA")
