"""Who saw which full ID or phone number, and the three checks on a known person at the gate."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils.formats import date_format
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guanjia.actors import user_of
from guanjia.encryption import blind_index
from tenants.gate.identity import display_phone
from tenants.gate.models import Entry, IsolationCase, IsolationStatus, PersonalDataView
from tenants.history.services import log_action

# "Any entry record in the last half month?"
RECENT_ENTRIES = datetime.timedelta(days=15)
REVEALABLE = ("document_number", "phone")


def reveal(record, *, by) -> dict[str, str]:
    """A record's full ID and phone numbers for a manager, each view recorded."""
    values = {field: getattr(record, field, "") for field in REVEALABLE}
    values = {field: value for field, value in values.items() if value}
    PersonalDataView.objects.create(
        viewed_by=user_of(by),
        record_type=record._meta.label_lower,
        record_id=record.pk,
        fields=sorted(values),
    )
    # Which numbers were seen, never the numbers themselves.
    log_action(record, "personal_data.revealed", by=by, data={"fields": sorted(values)})
    if "phone" in values:
        values["phone"] = display_phone(values["phone"])
    return values


@dataclass(frozen=True)
class KnownPerson:
    """What the guard checks on someone the site has seen before (domain: three checks)."""

    entries: int
    last_entry_at: datetime.datetime | None
    isolation_until: datetime.date | None
    isolation_finished_on: datetime.date | None

    @property
    def known(self) -> bool:
        return bool(self.entries or self.isolation_until or self.isolation_finished_on)


def known_person(site, *, document: str = "", phone: str = "", now) -> KnownPerson:
    """Entries at this site in the last 15 days and the state of any home isolation."""
    match = Q()
    if document:
        match |= Q(document_hash=blind_index(document))
    if phone:
        match |= Q(phone_hash=blind_index(phone))
    if not match:
        return KnownPerson(0, None, None, None)
    recent = Entry.objects.filter(
        match, site=site, recorded_at__gte=now - RECENT_ENTRIES
    ).aggregate(count=Count("id"), last=Max("recorded_at"))
    case = IsolationCase.objects.filter(match, site=site).order_by("-planned_end").first()
    until = finished = None
    if case is not None:
        if case.status == IsolationStatus.OBSERVING and case.planned_end >= localdate(now):
            until = case.planned_end
        else:
            finished = case.ended_on or case.planned_end
    return KnownPerson(recent["count"], recent["last"], until, finished)


def check_texts(person: KnownPerson) -> list[str]:
    """The checks as the guard reads them."""
    texts = []
    if person.entries:
        texts.append(
            ngettext(
                "%(count)s entry here in the last 15 days.",
                "%(count)s entries here in the last 15 days.",
                person.entries,
            )
            % {"count": person.entries}
        )
    else:
        texts.append(_("No entry here in the last 15 days."))
    if person.isolation_until:
        texts.append(
            _("Under home isolation until %(date)s.")
            % {"date": date_format(person.isolation_until, "SHORT_DATE_FORMAT")}
        )
    elif person.isolation_finished_on:
        texts.append(
            _("Home isolation finished on %(date)s.")
            % {"date": date_format(person.isolation_finished_on, "SHORT_DATE_FORMAT")}
        )
    return texts
