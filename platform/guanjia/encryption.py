"""Personal data at rest: encrypted columns, and keyed hashes to find a row by an exact value.

An ID-card number is stored twice: encrypted (Fernet, key from the environment) so it can be
shown to a manager, and as an HMAC so "has this person been here?" is an indexed equality
lookup that never decrypts anything. Neither reveals the number to someone with the database
alone.
"""

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@functools.cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.PERSONAL_DATA_KEYS])


def encrypt(value: str) -> str:
    """A Fernet token of the value under the current (first) key; "" stays ""."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The value of a token made with any configured key."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        # The token never appears in the message: it is the personal value's ciphertext.
        raise ValueError("Personal data cannot be decrypted with PERSONAL_DATA_KEYS") from exc


def reencrypt(token: str) -> str:
    """The token re-encrypted under the current key (after a new key was put first)."""
    if not token:
        return ""
    return _fernet().rotate(token.encode()).decode()


def blind_index(value: str) -> str:
    """The keyed hash an exact value is searched by; "" for no value."""
    if not value:
        return ""
    key = settings.PERSONAL_DATA_INDEX_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def forget_keys() -> None:
    """Read the keys from settings again (tests and key rotation change them)."""
    _fernet.cache_clear()


class EncryptedField(models.TextField):
    """A text column holding the value encrypted; the model attribute holds the plain value."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


class BlindIndexField(models.CharField):
    """The keyed hash of another field's value, kept up to date on every save."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = blind_index(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
