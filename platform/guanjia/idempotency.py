"""Creates with an id made by the client: a resend is the first record, a reused id a conflict.

A create keeps the fingerprint of what the client sent (`request_hash`) beside the record. The
same id sent again with the same input answers with the first record; with other input it is
refused with ReusedIdConflict (409 in the API), so a client's bug never passes for a resend.
"""

import dataclasses
import datetime
import json
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

REUSED_ID_HELP = gettext_lazy(
    "Made by the client: sending the same id again with the same data returns the first "
    "record; the same id with different data answers 409 Conflict and changes nothing."
)


class ReusedIdConflict(ValidationError):
    """An id the client already used, sent again with different data: nothing is written.

    A ValidationError on `uuid`, so a portal form shows it like any other service error; the
    API and the guard's phone answer it with 409.
    """

    def __init__(self, key):
        self.uuid = key
        super().__init__(
            {
                "uuid": _(
                    "The id %(uuid)s was already used with different data: nothing was "
                    "changed. Use a new id for a new record."
                )
                % {"uuid": key}
            }
        )

    @property
    def detail(self) -> str:
        """The message naming the id, in the language of the request."""
        return self.message_dict["uuid"][0]


def _canonical(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, datetime.datetime):
        try:
            return value.astimezone(datetime.UTC).isoformat()
        except OverflowError:
            # A time at the edge of the calendar (year 1): refused later, fingerprinted as sent.
            return value.isoformat()
    if isinstance(value, datetime.date | uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} has no canonical form")


def request_hash(**sent) -> str:
    """The fingerprint of a create's input: a keyed SHA-256 over its canonical JSON.

    Keyed (with SECRET_KEY) because the input may hold an ID or phone number: a plain hash of
    it could be reversed by trying every number, the key is what keeps it one-way.
    """
    text = json.dumps(
        sent, default=_canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return salted_hmac("guanjia.idempotency", text, algorithm="sha256").hexdigest()


def input_hash(data, **place) -> str:
    """The fingerprint of a create's input dataclass (its id left out) and where it was sent."""
    sent = {field.name: getattr(data, field.name) for field in dataclasses.fields(data)}
    del sent["uuid"]
    return request_hash(**sent, **place)


def check_resend(existing, fingerprint: str, *, same_place: bool = True):
    """The record `existing` if it was made from the same input; ReusedIdConflict if not.

    `same_place` is False when the id belongs to a record of another site or case: never the
    same request, and that record must not be shown to a caller who may not see it. A record
    made before fingerprints were kept (`request_hash` empty) counts as the same input, as
    every resend did then: a phone's queue kept across the upgrade still gets its answer.
    """
    if not same_place or (existing.request_hash and existing.request_hash != fingerprint):
        raise ReusedIdConflict(existing.uuid)
    return existing


def request_hash_field() -> models.CharField:
    """The column a create's fingerprint is kept in; empty for records made before it."""
    return models.CharField(
        gettext_lazy("request fingerprint"), max_length=64, blank=True, default="", editable=False
    )
