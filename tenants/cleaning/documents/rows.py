"""The rows of the standard form 小区消毒清洁记录表 for a site and a day or a week.

One function, `standard_form`, reads the site's logs and slots and gives the form as text in
its language; the PDF, the XLSX and the daily reports all lay out what it gives. A row is one
piece of work recorded (with its late mark, 补录, when it was written long after) or one
planned slot that was missed: a form that leaves out what was not done would not be a record.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from tenants.cleaning.documents.words import (
    agent_text,
    clock,
    due_text,
    local_day,
    method_of,
    task_label,
)
from tenants.cleaning.models import Area
from tenants.cleaning.reading import counted_logs, slots_of_areas
from tenants.cleaning.slots import DAY, SlotState
from tenants.sites.models import Site

# A form covers a day or a week: what one sheet of paper per day can hold, and what the
# daily report needs.
MAX_FORM_DAYS = 7

# Translators: the title of the standard form 小区消毒清洁记录表.
FORM_TITLE = gettext_lazy("Disinfection and cleaning record")

# (key, header, width in characters for the XLSX, share of the PDF's width in %)
COLUMNS = [
    ("date", gettext_lazy("Date"), 11, 8),
    ("time", gettext_lazy("Time"), 7, 5),
    ("area", gettext_lazy("Area"), 18, 13),
    ("task", gettext_lazy("Task"), 16, 11),
    ("agent", gettext_lazy("Agent and concentration"), 22, 13),
    ("method", gettext_lazy("Method"), 18, 11),
    ("operator", gettext_lazy("Operator"), 12, 9),
    ("acceptor", gettext_lazy("Acceptor (signature)"), 14, 9),
    ("note", gettext_lazy("Note"), 28, 13),
    ("mark", pgettext_lazy("cleaning form column", "Late or missed"), 14, 8),
]


@dataclass(frozen=True)
class FormRow:
    """One line of the form, as text in the form's language."""

    date: str
    time: str
    area: str
    task: str
    agent: str
    method: str
    operator: str
    acceptor: str
    note: str
    mark: str
    # What the marks say, for layouts that colour or count them.
    recorded_late: bool = False
    missed: bool = False
    done_late: bool = False

    def cells(self) -> list[str]:
        return [getattr(self, key) for key, _header, _width, _share in COLUMNS]


@dataclass(frozen=True)
class StandardForm:
    """The form of one site and period, in one language, ready to lay out."""

    site: Site
    first: datetime.date
    last: datetime.date
    language: str
    title: str
    headers: list[str]
    rows: list[FormRow]

    @property
    def period(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()} – {self.last.isoformat()}"


def _operator(user) -> str:
    # The name the company gave its staff member; a partner app's log has nobody.
    return str(user) if user is not None else ""


def _log_row(log, area: Area, slot) -> tuple:
    done_late = slot is not None and slot.state == SlotState.LATE
    notes = []
    if done_late:
        notes.append(_("Due %(time)s") % {"time": due_text(slot)})
    if log.corrects_id:
        notes.append(
            _("Corrects an earlier record: %(reason)s") % {"reason": log.correction_reason}
        )
    if log.note:
        notes.append(log.note)
    marks = []
    if done_late:
        marks.append(_("Done late"))
    if log.recorded_late:
        # Translators: a log written long after the work it records (补录).
        marks.append(_("Recorded late"))
    row = FormRow(
        date=local_day(log.done_at).isoformat(),
        time=clock(log.done_at),
        area=area.label,
        task=task_label(log.kind),
        agent=agent_text(log.agent, log.concentration),
        method=method_of(log.kind),
        operator=_operator(log.done_by),
        acceptor="",
        note="; ".join(notes),
        mark=" · ".join(marks),
        recorded_late=log.recorded_late,
        done_late=done_late,
    )
    return (log.done_at, area.label, log.kind, log.pk), row


def _missed_row(slot, area: Area) -> tuple:
    row = FormRow(
        date=slot.day.isoformat(),
        time=due_text(slot),
        area=area.label,
        task=task_label(slot.kind),
        agent="",
        method=method_of(slot.kind),
        operator="",
        acceptor="",
        note="",
        mark=_("Missed"),
        missed=True,
    )
    return (slot.due, area.label, slot.kind, 0), row


def form_rows(site: Site, first: datetime.date, last: datetime.date, *, now=None) -> list[FormRow]:
    """The form's rows for the site's areas on days first..last, in time order.

    Every counted log done in the period (corrected logs appear as their correction), and
    every slot of the period found missed at `now`. Texts are in the active language.
    Four queries, whatever the number of areas and days.
    """
    if first > last or (last - first).days >= MAX_FORM_DAYS:
        raise ValueError(f"A form covers 1 to {MAX_FORM_DAYS} days")
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    areas = {area.pk: area for area in Area.objects.filter(site=site).select_related("facility")}
    slots = slots_of_areas([area for area in areas.values() if area.active], first, last, now)
    start = datetime.datetime.combine(first, datetime.time(0), tzinfo=tz)
    end = datetime.datetime.combine(last, datetime.time(0), tzinfo=tz) + DAY
    logs = (
        counted_logs()
        .filter(area__in=list(areas), done_at__gte=start, done_at__lt=end)
        .select_related("done_by")
    )
    slot_of_log = {slot.log_id: slot for slot in slots if slot.log_id is not None}
    keyed = [_log_row(log, areas[log.area_id], slot_of_log.get(log.pk)) for log in logs]
    keyed += [
        _missed_row(slot, areas[slot.area_id]) for slot in slots if slot.state == SlotState.MISSED
    ]
    keyed.sort(key=lambda pair: pair[0])
    return [row for _key, row in keyed]


def standard_form(
    site: Site, first: datetime.date, last: datetime.date, *, language: str, now=None
):
    """The standard form of a site for days first..last, in `language`."""
    with translation.override(language):
        return StandardForm(
            site=site,
            first=first,
            last=last,
            language=language,
            title=str(FORM_TITLE),
            headers=[str(header) for _key, header, _width, _share in COLUMNS],
            rows=form_rows(site, first, last, now=now),
        )
