"""Writing, publishing and withdrawing notices; every published change is kept as a version."""

import datetime
import uuid as uuid_module

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanjia.actors import user_of
from guanjia.datewindows import NOTICE_FROM, NOTICE_UNTIL
from guanjia.idempotency import check_resend, request_hash
from tenants.history.services import log_action, log_changed, log_created, snapshot
from tenants.notices.languages import CHINESE, NOTICE_LANGUAGES, has_text, revise
from tenants.notices.models import Notice, NoticeKind, NoticeStatus, NoticeVersion

MAX_TITLE = 200
MAX_BODY = 10_000
VERSIONED_FIELDS = ("kind", "title", "body", "valid_from", "valid_until")
LOGGED_FIELDS = (*VERSIONED_FIELDS, "sites", "gates")


def clean_texts(value, field: str, most: int) -> dict[str, str]:
    """{"zh-hans": …, "en": …, "ja": …, "ko": …} with text stripped and empty languages left out."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValidationError({field: _("Give the text as one entry per language.")})
    unknown = set(value) - set(NOTICE_LANGUAGES)
    if unknown:
        raise ValidationError(
            {field: _("Unknown language: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
        )
    texts = {}
    for language, text in value.items():
        if text is None:
            continue
        if not isinstance(text, str):
            raise ValidationError({field: _("Each language's text must be a string.")})
        text = text.replace("\r\n", "\n").strip()
        if len(text) > most:
            raise ValidationError(
                {field: _("At most %(most)s characters per language.") % {"most": most}}
            )
        if text:
            texts[language] = text
    return texts


def postings(sites, gates) -> tuple[list, list]:
    """The sites and gates a notice is posted at; a gate's site is always among the sites."""
    gates = list(gates or ())
    sites = {site.pk: site for site in sites or ()}
    for gate in gates:
        sites.setdefault(gate.site_id, gate.site)
    if not sites:
        raise ValidationError({"sites": _("Post the notice at one site or gate at least.")})
    return list(sites.values()), gates


def check_windows(**dates) -> None:
    """Dates a caller sent (valid_from, valid_until) lie within their windows."""
    for field, window in (("valid_from", NOTICE_FROM), ("valid_until", NOTICE_UNTIL)):
        if dates.get(field) is not None:
            window.check(dates[field], field=field)


def check_dates(valid_from, valid_until) -> None:
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end date is before the start date.")})


def today() -> datetime.date:
    return timezone.localdate()


@transaction.atomic
def create_notice(
    *,
    by,
    kind: str,
    title=None,
    body=None,
    sites=(),
    gates=(),
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    uuid: uuid_module.UUID | None = None,
) -> Notice:
    """Write a new notice as a draft; a create retried with the same `uuid` returns the first.

    The same `uuid` with another notice raises ReusedIdConflict and writes nothing.
    """
    fingerprint = request_hash(
        kind=kind,
        title=title,
        body=body,
        sites=sorted(site.pk for site in sites or ()),
        gates=sorted(gate.pk for gate in gates or ()),
        valid_from=valid_from,
        valid_until=valid_until,
    )
    if uuid is not None:
        existing = Notice.objects.filter(uuid=uuid).first()
        if existing is not None:
            return check_resend(existing, fingerprint)
    if kind not in NoticeKind.values:
        raise ValidationError({"kind": _("Choose a kind of notice.")})
    title, body = clean_texts(title, "title", MAX_TITLE), clean_texts(body, "body", MAX_BODY)
    sites, gates = postings(sites, gates)
    check_windows(valid_from=valid_from, valid_until=valid_until)
    valid_from = valid_from or today()
    check_dates(valid_from, valid_until)
    now = timezone.now().isoformat()
    notice = Notice(
        kind=kind,
        title=title,
        body=body,
        revised_at={language: now for language in title.keys() | body.keys()},
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=user_of(by),
        request_hash=fingerprint,
        **({"uuid": uuid} if uuid is not None else {}),
    )
    try:
        with transaction.atomic():
            notice.save()
    except IntegrityError:
        # Two copies of one request raced: the other one made it first.
        return check_resend(Notice.objects.get(uuid=uuid), fingerprint)
    notice.sites.set(sites)
    notice.gates.set(gates)
    log_created(notice, "notice.created", LOGGED_FIELDS, by=by)
    return notice


@transaction.atomic
def update_notice(notice: Notice, *, by, **changes) -> Notice:
    """Change a notice's text, postings or dates; a published notice keeps each earlier version."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    before = snapshot(notice, LOGGED_FIELDS)
    if "kind" in changes and changes["kind"] not in NoticeKind.values:
        raise ValidationError({"kind": _("Choose a kind of notice.")})
    title = clean_texts(changes.pop("title", notice.title), "title", MAX_TITLE)
    body = clean_texts(changes.pop("body", notice.body), "body", MAX_BODY)
    if "sites" in changes or "gates" in changes:
        sites, gates = postings(
            changes.pop("sites", notice.sites.all()), changes.pop("gates", notice.gates.all())
        )
        notice.sites.set(sites)
        notice.gates.set(gates)
    check_windows(**changes)
    for field in ("kind", "valid_from", "valid_until"):
        if field in changes:
            setattr(notice, field, changes.pop(field))
    if changes:
        raise TypeError(f"update_notice() got unexpected fields {sorted(changes)}")
    check_dates(notice.valid_from, notice.valid_until)
    if notice.status == NoticeStatus.PUBLISHED:
        check_publishable(title, body)
    notice.revised_at = revise(
        notice.title, notice.body, notice.revised_at, title, body, timezone.now().isoformat()
    )
    notice.title, notice.body = title, body
    if notice.status == NoticeStatus.PUBLISHED:
        _keep_version(notice, by=by)
    notice.save()
    log_changed(notice, "notice.changed", before, LOGGED_FIELDS, by=by)
    return notice


def check_publishable(title: dict, body: dict) -> None:
    if not has_text(title, body, CHINESE):
        raise ValidationError(
            _("A notice can be published once its Chinese title and text are written.")
        )


@transaction.atomic
def publish_notice(notice: Notice, *, by) -> Notice:
    """Put a notice on its sites' boards; it needs its Chinese text, other languages may follow."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    check_publishable(notice.title, notice.body)
    if notice.status == NoticeStatus.PUBLISHED:
        return notice  # a second click or a retried request changes nothing
    before = notice.status  # a second click or a retried request changes nothing
    notice.status = NoticeStatus.PUBLISHED
    notice.published_at = timezone.now()
    _keep_version(notice, by=by)
    notice.save()
    data = {"changes": {"status": [before, notice.status]}, "version": notice.version}
    log_action(notice, "notice.published", by=by, data=data)
    return notice


@transaction.atomic
def withdraw_notice(notice: Notice, *, by) -> Notice:
    """Take a notice off the boards; it keeps its versions and can be published again."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != NoticeStatus.PUBLISHED:
        return notice
    notice.status = NoticeStatus.WITHDRAWN
    notice.save(update_fields=["status", "updated_at"])
    data = {"changes": {"status": [NoticeStatus.PUBLISHED, notice.status]}}
    log_action(notice, "notice.withdrawn", by=by, data=data)
    return notice


def _keep_version(notice: Notice, *, by) -> None:
    """Record the notice as published now, unless its latest version already says the same."""
    latest = notice.versions.order_by("-number").first()
    if latest is not None and all(
        getattr(latest, field) == getattr(notice, field) for field in VERSIONED_FIELDS
    ):
        return
    notice.version = (latest.number if latest else 0) + 1
    NoticeVersion.objects.create(
        notice=notice,
        number=notice.version,
        published_at=timezone.now(),
        published_by=user_of(by),
        **{field: getattr(notice, field) for field in VERSIONED_FIELDS},
    )
