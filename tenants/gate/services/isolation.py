"""Returnees and home isolation: registering, extending, ending, and the twice-daily readings."""

import datetime
import uuid as uuid_module
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.services import current_company
from guanjia.actors import user_of
from guanjia.datewindows import ISOLATION_START, check_extension
from guanjia.idempotency import check_resend, input_hash
from guanjia.phones import normalize_phone
from tenants.gate.identity import DocumentKind, normalize_document
from tenants.gate.isolation_rules import isolation_start, last_day
from tenants.gate.models import (
    IsolationCase,
    IsolationChange,
    IsolationChangeKind,
    IsolationStatus,
    Returnee,
    TemperatureReading,
)
from tenants.gate.policy import Reason
from tenants.gate.services.escalations import open_escalation
from tenants.gate.services.policy import policy_for
from tenants.history.services import created, log_action, log_created, snapshot
from tenants.sites.models import Site

RETURNEE_FIELDS = (
    "name", "document_kind", "document_number", "phone", "building", "room", "came_from",
    "arrived_on", "committee_registered_on",
)  # fmt: skip
CASE_FIELDS = (
    "name", "document_kind", "document_number", "phone", "building", "room", "starts_on",
    "planned_end",
)  # fmt: skip


def isolation_days() -> int:
    """The company's days of home isolation (14 unless its manager set another number)."""
    return current_company().isolation_days


@dataclass
class ReturneeIn:
    """A returnee as registered at the gate or in the office."""

    uuid: uuid_module.UUID
    name: str
    document_kind: str
    document: str
    phone: str
    building: str
    room: str
    came_from: str
    arrived_on: datetime.date
    committee_registered_on: datetime.date | None = None


def _clean_returnee(data: ReturneeIn, today: datetime.date) -> dict:
    errors = {}
    values = {}
    for field in ("name", "building", "room", "came_from"):
        values[field] = (getattr(data, field) or "").strip()
        if not values[field]:
            errors[field] = [_("This field is required.")]
    kind = data.document_kind or DocumentKind.ID_CARD
    if kind not in DocumentKind.values:
        errors["document_kind"] = [_("Choose an ID card or a passport.")]
    else:
        try:
            values["document_kind"] = kind
            values["document_number"] = normalize_document(kind, data.document)
        except ValidationError as exc:
            errors["document"] = exc.messages
    try:
        values["phone"] = normalize_phone(data.phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if data.arrived_on > today:
        errors["arrived_on"] = [_("The arrival cannot be in the future.")]
    else:
        try:
            ISOLATION_START.check(data.arrived_on, today=today)
        except ValidationError as exc:
            errors["arrived_on"] = exc.messages
    registered = data.committee_registered_on
    if registered is not None and (registered < data.arrived_on or registered > today):
        errors["committee_registered_on"] = [
            _("The committee registers a returnee between the arrival and today.")
        ]
    if errors:
        raise ValidationError(errors)
    values["arrived_on"] = data.arrived_on
    values["committee_registered_on"] = registered
    return values


@transaction.atomic
def register_returnee(site: Site, data: ReturneeIn, *, by) -> tuple[Returnee, bool]:
    """Register someone back in Shanghai and start their home isolation from the committee date.

    The same id again returns the first registration; with another person or site it raises
    ReusedIdConflict and registers nothing.
    """
    fingerprint = input_hash(data, site=site.pk)
    existing = Returnee.objects.filter(uuid=data.uuid).select_related("isolation_case").first()
    if existing is not None:
        return check_resend(existing, fingerprint, same_place=existing.site_id == site.pk), False
    values = _clean_returnee(data, timezone.localdate())
    try:
        with transaction.atomic():
            returnee = Returnee.objects.create(
                uuid=data.uuid,
                request_hash=fingerprint,
                site=site,
                created_by=user_of(by),
                **values,
            )
    except IntegrityError:
        existing = Returnee.objects.get(uuid=data.uuid)
        return check_resend(existing, fingerprint, same_place=existing.site_id == site.pk), False
    starts_on = isolation_start(returnee.arrived_on, returnee.committee_registered_on)
    case = IsolationCase.objects.create(
        site=site,
        returnee=returnee,
        name=returnee.name,
        document_kind=returnee.document_kind,
        document_number=returnee.document_number,
        phone=returnee.phone,
        building=returnee.building,
        room=returnee.room,
        starts_on=starts_on,
        planned_end=last_day(starts_on, isolation_days()),
        created_by=user_of(by),
    )
    data = {"changes": created(returnee, RETURNEE_FIELDS), "case": snapshot(case, CASE_FIELDS)}
    log_action(returnee, "returnee.registered", by=by, data=data)
    return returnee, True


def committee_reason() -> str:
    """The reason kept for an end moved by the committee's date.

    Stored as text like a manager's own reasons, so it is written in the company's language
    (Chinese), not in the language of whoever happened to record the date.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _("Counted from the committee's registration.")


@transaction.atomic
def record_committee_registration(returnee: Returnee, on: datetime.date, *, by) -> Returnee:
    """The committee registered a night arrival: isolation now counts from that day."""
    ISOLATION_START.check(on, field="committee_registered_on")
    returnee = Returnee.objects.select_for_update().get(pk=returnee.pk)
    if on < returnee.arrived_on or on > timezone.localdate():
        raise ValidationError(
            {
                "committee_registered_on": _(
                    "The committee registers a returnee between the arrival and today."
                )
            }
        )
    before = returnee.committee_registered_on
    returnee.committee_registered_on = on
    returnee.save(update_fields=["committee_registered_on"])
    data = {"changes": {"committee_registered_on": [before, on]}}
    case = IsolationCase.objects.select_for_update().filter(returnee=returnee).first()
    if case is not None and case.status == IsolationStatus.OBSERVING:
        # Counting from a later day moves the end later; an extension already given stays.
        new_end = max(last_day(on, isolation_days()), case.planned_end)
        case.starts_on = on
        if new_end == case.planned_end:
            # The end does not move, so there is no extension to record.
            case.save(update_fields=["starts_on"])
        else:
            _change_end(
                case,
                IsolationChangeKind.EXTENDED,
                new_end,
                committee_reason(),
                by=by,
            )
            data["changes"]["planned_end"] = [case.previous_end, case.planned_end]
    log_action(returnee, "returnee.committee_registered", by=by, data=data)
    return returnee


@dataclass
class ObservationIn:
    """Someone a manager places under home observation (not necessarily a returnee)."""

    name: str
    building: str
    room: str
    phone: str
    starts_on: datetime.date
    document_kind: str = ""
    document: str = ""


@transaction.atomic
def place_under_observation(site: Site, data: ObservationIn, *, by) -> IsolationCase:
    """Open an isolation case for someone in the site, from a given day for the company's days."""
    errors = {}
    values = {}
    for field in ("name", "building", "room"):
        values[field] = (getattr(data, field) or "").strip()
        if not values[field]:
            errors[field] = [_("This field is required.")]
    try:
        values["phone"] = normalize_phone(data.phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if data.document:
        try:
            values["document_kind"] = data.document_kind or DocumentKind.ID_CARD
            values["document_number"] = normalize_document(values["document_kind"], data.document)
        except ValidationError as exc:
            errors["document"] = exc.messages
    try:
        ISOLATION_START.check(data.starts_on)
    except ValidationError as exc:
        errors["starts_on"] = exc.messages
    if errors:
        raise ValidationError(errors)
    case = IsolationCase.objects.create(
        site=site,
        starts_on=data.starts_on,
        planned_end=last_day(data.starts_on, isolation_days()),
        created_by=user_of(by),
        **values,
    )
    log_created(case, "isolation.opened", CASE_FIELDS, by=by)
    return case


def _change_end(case, kind, new_end, reason, *, by) -> IsolationChange:
    change = IsolationChange.objects.create(
        case=case,
        kind=kind,
        previous_end=case.planned_end,
        new_end=new_end,
        reason=reason,
        changed_by=user_of(by),
    )
    case.previous_end = case.planned_end  # for the caller's log entry
    case.planned_end = new_end
    case.save()
    return change


def _locked_observing(case: IsolationCase) -> IsolationCase:
    case = IsolationCase.objects.select_for_update().get(pk=case.pk)
    if case.status != IsolationStatus.OBSERVING:
        raise ValidationError(_("This isolation has already ended."))
    return case


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason.")})
    return reason


@transaction.atomic
def extend_isolation(
    case: IsolationCase, *, until: datetime.date, reason: str, by
) -> IsolationCase:
    """Keep someone in isolation longer (a household member fell ill, a test is awaited)."""
    reason = _reason(reason)
    case = _locked_observing(case)
    if until <= case.planned_end:
        raise ValidationError({"until": _("An extension ends after the current last day.")})
    check_extension(case.starts_on, case.planned_end, until)
    _change_end(case, IsolationChangeKind.EXTENDED, until, reason, by=by)
    data = {"changes": {"planned_end": [case.previous_end, until]}, "reason": reason}
    log_action(case, "isolation.extended", by=by, data=data)
    return case


@transaction.atomic
def end_isolation(
    case: IsolationCase, *, on: datetime.date, reason: str, transferred: bool, by
) -> IsolationCase:
    """End an isolation before its last day (released by the health centre) or by a transfer."""
    reason = _reason(reason)
    case = _locked_observing(case)
    if on < case.starts_on or on > timezone.localdate():
        raise ValidationError({"on": _("The end must be between the start and today.")})
    kind = IsolationChangeKind.TRANSFERRED if transferred else IsolationChangeKind.ENDED_EARLY
    _change_end(case, kind, min(on, case.planned_end), reason, by=by)
    case.status = IsolationStatus.TRANSFERRED if transferred else IsolationStatus.FINISHED
    case.ended_on = on
    case.save(update_fields=["status", "ended_on"])
    data = {
        "changes": {
            "status": [IsolationStatus.OBSERVING, case.status],
            "planned_end": [case.previous_end, case.planned_end],
            "ended_on": [None, on],
        },
        "reason": reason,
    }
    log_action(case, "isolation.ended", by=by, data=data)
    return case


@transaction.atomic
def finish_elapsed_isolations(today: datetime.date, *, by) -> int:
    """Mark as finished the cases whose last day has passed; safe to run any number of times."""
    finished = (
        IsolationCase.objects.observing()
        .filter(planned_end__lt=today)
        .update(status=IsolationStatus.FINISHED, ended_on=F("planned_end"))
    )
    # One entry per run, about the company, with the count: the nightly run is logged even
    # when nothing ended, so the log shows the clean-up kept its schedule.
    log_action(current_company(), "isolation.elapsed_finished", by=by, data={"count": finished})
    return finished


@transaction.atomic
def record_reading(
    case: IsolationCase, *, on: datetime.date, period: str, temperature: Decimal, by
) -> tuple[TemperatureReading, bool]:
    """Keep a morning or evening temperature; one at or above the fever line is reported."""
    if case.status != IsolationStatus.OBSERVING:
        raise ValidationError(_("This isolation has already ended."))
    if on < case.starts_on or on > min(case.planned_end, timezone.localdate()):
        raise ValidationError({"on": _("Readings are taken between the start and the last day.")})
    existing = TemperatureReading.objects.filter(case=case, taken_on=on, period=period).first()
    if existing is not None:
        if existing.temperature != temperature:
            raise ValidationError(
                _("This reading was already recorded: %(value)s °C.")
                % {"value": existing.temperature}
            )
        return existing, False
    reading = TemperatureReading(
        case=case, taken_on=on, period=period, temperature=temperature, taken_by=user_of(by)
    )
    reading.full_clean(exclude=["case", "taken_by"], validate_constraints=False)
    reading.save()
    log_created(reading, "reading.recorded", ("case", "taken_on", "period", "temperature"), by=by)
    threshold = policy_for(case.site).threshold
    if temperature >= threshold:
        open_escalation(
            site=case.site,
            isolation_case=case,
            reading=reading,
            by=by,
            person_name=case.name,
            temperature=temperature,
            reasons=[
                Reason(
                    "fever", {"temperature": f"{temperature:.1f}", "threshold": f"{threshold:.1f}"}
                )
            ],
        )
    return reading, True
