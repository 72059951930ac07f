"""Visitor passes: a visitor registers on their own phone, the guard uses the pass once, today."""

import secrets
import uuid as uuid_module
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanjia.idempotency import check_resend, input_hash
from guanjia.phones import normalize_phone
from tenants.gate.models import PassSource, VisitorPass
from tenants.gate.policy import RESIDENT_CATEGORIES, Category, HealthCode
from tenants.history.services import log_action
from tenants.sites.models import Gate

# No 0/O, 1/I/L: a code read out at the gate is typed right the first time.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def new_pass_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(value: str) -> str:
    """A code as typed by a guard: spaces, dashes and lower case forgiven."""
    return "".join(value.split()).replace("-", "").upper()[:CODE_LENGTH]


@dataclass
class PassIn:
    """What a visitor (or a partner app) says about the visit."""

    uuid: uuid_module.UUID
    category: str
    name: str
    phone: str
    building: str = ""
    room: str = ""
    health_code: str = HealthCode.NOT_SHOWN
    key_region_travel: bool = False


def _clean(data: PassIn) -> dict:
    errors = {}
    if data.category not in Category.values or data.category in RESIDENT_CATEGORIES:
        errors["category"] = [_("Choose why you are visiting.")]
    name = (data.name or "").strip()
    if not name:
        errors["name"] = [_("Write your name.")]
    try:
        phone = normalize_phone(data.phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if data.health_code not in HealthCode.values:
        errors["health_code"] = [_("Choose the health code's colour.")]
    if errors:
        raise ValidationError(errors)
    return {
        "category": data.category,
        "name": name[:100],
        "phone": phone,
        "building": (data.building or "").strip()[:40],
        "room": (data.room or "").strip()[:20],
        "health_code": data.health_code,
        "key_region_travel": bool(data.key_region_travel),
    }


def create_pass(gate: Gate, data: PassIn, *, source: str, by, language: str = "") -> VisitorPass:
    """A pass for today at this gate; the same id again returns the first pass.

    The same id with another visitor or gate raises ReusedIdConflict and makes nothing.
    `by` is the partner app's key, or System("visitor_form") for a visitor on the public form.
    """
    fingerprint = input_hash(data, gate=gate.pk)
    existing = VisitorPass.objects.filter(uuid=data.uuid).first()
    if existing is not None:
        return check_resend(existing, fingerprint, same_place=existing.site_id == gate.site_id)
    if not gate.is_open:
        raise ValidationError(_("This gate is closed: please use another gate."))
    values = _clean(data)
    if source not in PassSource.values:
        raise ValueError(source)
    for _attempt in range(5):
        visitor_pass = VisitorPass(
            uuid=data.uuid,
            request_hash=fingerprint,
            code=new_pass_code(),
            site_id=gate.site_id,
            gate=gate,
            valid_on=timezone.localdate(),
            source=source,
            language=language[:10],
            **values,
        )
        try:
            with transaction.atomic():
                visitor_pass.save(force_insert=True)
                # Neither the visitor's name and number (the log outlives the retention
                # period) nor the code (it lets someone in today) are logged.
                log_action(
                    visitor_pass,
                    "visitor_pass.created",
                    by=by,
                    data={"category": visitor_pass.category, "source": source},
                    label=f"{gate} · {visitor_pass.valid_on}",
                )
            return visitor_pass
        except IntegrityError:
            existing = VisitorPass.objects.filter(uuid=data.uuid).first()
            if existing is not None:
                return check_resend(
                    existing, fingerprint, same_place=existing.site_id == gate.site_id
                )
            # A code already taken (one in a billion a day): draw another.
    raise RuntimeError("Could not draw a free pass code")


def find_pass(code: str, *, gates) -> VisitorPass | None:
    """The pass with this code at one of these gates' sites, whatever its state."""
    code = normalize_code(code or "")
    if len(code) != CODE_LENGTH:
        return None
    return (
        VisitorPass.objects.filter(code=code, site__gates__in=gates)
        .select_related("gate", "entry")
        .distinct()
        .first()
    )
