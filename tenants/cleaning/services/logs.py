"""Recording cleaning work: a log with when it was done and when it arrived, and corrections.

Logs are never changed (PostgreSQL refuses it): a correction is a new log that points to the
one it corrects. A log that arrives long after the work it records is marked "recorded late"
(补录) for everyone who reads it, unless the phone held it in its offline queue from the time
of the work.
"""

import datetime
import uuid as uuid_module
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.services import current_company
from guanjia.actors import user_of
from guanjia.idempotency import check_resend, input_hash
from tenants.cleaning.models import Area, CleaningLog, PlanTask, TaskKind
from tenants.cleaning.photos import photo_digest, prepare_photo
from tenants.cleaning.services.alerts import clear_filled_alerts
from tenants.history.services import log_action

# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = datetime.timedelta(minutes=5)
# The oldest work a log may record: a week, the longest the standard form covers.
OLDEST = datetime.timedelta(days=7)
LOG_FIELDS = ("area", "task", "kind", "done_at", "queued_at", "agent", "concentration", "note")


@dataclass(frozen=True)
class LogIn:
    """What a cleaner's phone or a partner app sends for one piece of work."""

    uuid: uuid_module.UUID
    area: Area
    kind: str = ""
    task: PlanTask | None = None
    done_at: datetime.datetime | None = None
    queued_at: datetime.datetime | None = None
    agent: str = ""
    concentration: str = ""
    note: str = ""


def _check_times(
    data: LogIn, now: datetime.datetime, oldest: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime | None]:
    done_at = data.done_at or now
    if done_at > now + CLOCK_SKEW:
        raise ValidationError({"done_at": _("The work cannot be done in the future.")})
    if done_at < oldest:
        raise ValidationError({"done_at": _("Record work of the last 7 days only.")})
    queued_at = data.queued_at
    if queued_at is not None:
        if queued_at > now + CLOCK_SKEW:
            raise ValidationError({"queued_at": _("A log cannot be queued in the future.")})
        if queued_at < done_at:
            raise ValidationError(
                {"queued_at": _("A log cannot be queued before the work was done.")}
            )
    return min(done_at, now), (min(queued_at, now) if queued_at else None)


def _check_task(data: LogIn) -> tuple[str, PlanTask | None]:
    task = data.task
    if task is not None and task.area_id != data.area.pk:
        raise ValidationError({"task": _("This task belongs to another area.")})
    kind = task.kind if task is not None else data.kind
    if kind not in TaskKind.values:
        raise ValidationError({"kind": _("Choose what was done.")})
    if not data.area.active:
        raise ValidationError({"area": _("This area is no longer cleaned.")})
    return kind, task


def is_recorded_late(done_at, queued_at, received_at) -> bool:
    """Whether a log arrived later after its work than the company allows (补录)."""
    allowed = datetime.timedelta(hours=current_company().late_record_hours)
    return (queued_at or received_at) - done_at > allowed


def _resent(data: LogIn, fingerprint: str) -> CleaningLog | None:
    existing = CleaningLog.objects.filter(uuid=data.uuid).first()
    if existing is None:
        return None
    return check_resend(existing, fingerprint, same_place=existing.area_id == data.area.pk)


@transaction.atomic
def record_log(data: LogIn, *, by, photo=None, now=None, corrects=None, reason="", withdraw=False):
    """Record one piece of cleaning work; the same id sent again returns the first log.

    Returns (log, created). The plan's agent and concentration are taken when the phone sends
    none, so a log with nothing different from the plan is two taps.
    """
    now = now or timezone.now()
    fingerprint = input_hash(
        data,
        photo=photo_digest(photo) if photo else "",
        corrects=corrects,
        reason=reason,
        withdraw=withdraw,
    )
    # A resend is found by the unique id when the insert refuses it, so a new log costs no
    # look-up; a photo is worth a look first, before it is scaled and stored for nothing.
    existing = _resent(data, fingerprint) if photo is not None else None
    if existing is not None:
        return existing, False
    # A correction may be about work older than a week: no earlier than the log it corrects.
    oldest = now - OLDEST
    if corrects is not None:
        oldest = min(oldest, corrects.done_at - datetime.timedelta(days=1))
    try:
        kind, task = _check_task(data)
        done_at, queued_at = _check_times(data, now, oldest)
    except ValidationError:
        # A resend gets its first log back even if the area has retired or the work is old since.
        existing = _resent(data, fingerprint)
        if existing is not None:
            return existing, False
        raise
    # A correction is judged by when the log it corrects arrived: correcting a log honestly
    # written on time does not make it "recorded late".
    received = corrects.received_at if corrects is not None else now
    log = CleaningLog(
        uuid=data.uuid,
        request_hash=fingerprint,
        area=data.area,
        task=task,
        kind=kind,
        done_at=done_at,
        queued_at=queued_at,
        received_at=now,
        recorded_late=is_recorded_late(done_at, queued_at, received),
        agent=(data.agent or (task.agent if task else "")).strip(),
        concentration=(data.concentration or (task.concentration if task else "")).strip(),
        note=data.note.strip(),
        done_by=user_of(by),
        corrects=corrects,
        correction_reason=reason,
        withdrawn=withdraw,
    )
    # The unique id is the insert's to check (a resend is caught below), not a query's.
    log.full_clean(
        exclude=["photo", "request_hash", "area", "task", "corrects", "done_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    if photo is not None:
        log.photo.save("photo.jpg", prepare_photo(photo), save=False)
    try:
        with transaction.atomic():
            log.save()
    except IntegrityError:
        # The id is known: a resend (answered with its first log), or two at once.
        if log.photo:
            log.photo.delete(save=False)
        existing = _resent(data, fingerprint)
        if existing is None:
            raise
        return existing, False
    action = "cleaning_log.corrected" if corrects is not None else "cleaning_log.recorded"
    log_action(
        log,
        action,
        by=by,
        data={
            "area": data.area.pk,
            "kind": kind,
            "done_at": done_at,
            "recorded_late": log.recorded_late,
            **(
                {"corrects": corrects.pk, "reason": reason, "withdrawn": withdraw}
                if corrects
                else {}
            ),
        },
    )
    clear_filled_alerts(data.area, now=now)
    return log, True


@transaction.atomic
def correct_log(
    original: CleaningLog, data: LogIn, *, by, reason: str, withdraw=False, photo=None, now=None
):
    """Correct a log with a new one that points to it, giving a reason; or withdraw it (the
    work was not done). The original stays as it was, and no longer counts."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the log is corrected.")})
    # Locked so that two corrections of one log cannot both pass the check below.
    original = CleaningLog.objects.select_for_update().get(pk=original.pk)
    resent = CleaningLog.objects.filter(uuid=data.uuid).exists()
    if not resent and original.corrections.exists():
        raise ValidationError(_("This log was already corrected: correct the latest one."))
    if data.area.pk != original.area_id:
        raise ValidationError({"area": _("A correction is about the same area.")})
    return record_log(
        data, by=by, photo=photo, now=now, corrects=original, reason=reason[:300], withdraw=withdraw
    )
