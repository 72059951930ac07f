"""Rosters from a spreadsheet: an .xlsx or .csv file, one shift per row.

Layout (the downloadable template has it): a header row, then columns
A gate · B person · C date (2026-03-01) · D start (22:00) · E end (06:00).
An end at or before the start is the next day: 22:00-06:00 is a night shift, 08:00-08:00 a
24-hour one. Every row is checked before anything is saved; one bad row imports nothing.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanjia.datewindows import ROSTER
from tenants.rosters.models import DutyPerson, Shift
from tenants.rosters.services.shifts import announce_shift_changes
from tenants.rosters.times import MAX_SHIFT, shift_span
from tenants.sites.models import Gate
from tenants.sites.timewindows import parse_time

MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
COLUMNS = [
    gettext_lazy("gate"),
    gettext_lazy("person"),
    gettext_lazy("date"),
    gettext_lazy("start"),
    gettext_lazy("end"),
]


@dataclass
class RowError:
    """What is wrong with one row of the file, in the reader's language."""

    row: int
    messages: list[str]


@dataclass
class ImportResult:
    """How an import went: shifts created, rows already on the roster, or every bad row."""

    created: int = 0
    already_there: int = 0
    errors: list[RowError] = field(default_factory=list)
    first_day: datetime.date | None = None


def read_rows(upload) -> list[tuple[int, list]]:
    """The data rows of an uploaded .xlsx or .csv file, with their row numbers (header is 1)."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."))
    name = upload.name.lower()
    content = upload.read()
    if name.endswith(".xlsx"):
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ValidationError(_("This is not a readable Excel (.xlsx) file.")) from exc
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    elif name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(decode_csv(content))))
    else:
        raise ValidationError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
    numbered = [
        (number, list(row)) for number, row in enumerate(rows[1:], start=2) if any_value(row)
    ]
    if not numbered:
        raise ValidationError(_("The file has no shifts below its header row."))
    if len(numbered) > MAX_ROWS:
        raise ValidationError(_("Import at most %(rows)s shifts at a time.") % {"rows": MAX_ROWS})
    return numbered


def decode_csv(content: bytes) -> str:
    # Excel on a Chinese Windows saves CSV in GB18030 (GBK); elsewhere it is UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file's text encoding is not UTF-8 or GBK."))


def any_value(row) -> bool:
    return any(cell not in (None, "") and str(cell).strip() for cell in row)


def cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def read_date(value) -> datetime.date:
    """A row's day, within the roster's window (a year back, a year ahead)."""
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        text = cell_text(value).replace("/", "-").replace(".", "-")
        try:
            # %m and %d also take one digit: Excel on a Chinese Windows saves dates as 2026/3/1.
            day = datetime.datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date such as 2026-03-01.") % {"value": cell_text(value)}
            ) from None
    ROSTER.check(day)
    return day


def read_time(value) -> datetime.time:
    if isinstance(value, datetime.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0)
    text = cell_text(value)
    if text.count(":") == 2:  # 22:00:00 from some spreadsheets
        text = text.rsplit(":", 1)[0]
    return parse_time(text)


def check_row(
    cells, gates, people
) -> tuple[Gate, DutyPerson, datetime.datetime, datetime.datetime]:
    """One row as a shift, or ValidationError listing everything wrong with it."""
    cells = (list(cells) + [None] * 5)[:5]
    gate_name, person_name, day, start, end = cells
    problems, gate, person = [], None, None
    gate = gates.get(cell_text(gate_name).lower())
    if gate is None:
        problems.append(
            _("There is no gate “%(name)s” at this site.") % {"name": cell_text(gate_name)}
        )
    elif not gate.responsible:
        problems.append(_("Another company staffs the gate “%(gate)s”.") % {"gate": gate})
    person = people.get(cell_text(person_name).lower())
    if person is None:
        problems.append(
            _("“%(name)s” is not on the list of people on duty.") % {"name": cell_text(person_name)}
        )
    times = []
    for reader, value in ((read_date, day), (read_time, start), (read_time, end)):
        try:
            times.append(reader(value))
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        raise ValidationError(problems)
    starts_at, ends_at = shift_span(*times)
    if ends_at - starts_at > MAX_SHIFT:
        raise ValidationError(_("A shift can last at most 24 hours."))
    return gate, person, starts_at, ends_at


def import_shifts(site, rows, *, by) -> ImportResult:
    """Check every row, then create all the shifts or none. Rows already on the roster (same
    gate, person and hours) are counted and skipped, so importing a file twice is harmless."""
    gates = {gate.name.lower(): gate for gate in Gate.objects.filter(site=site)}
    people = {p.name.lower(): p for p in DutyPerson.objects.filter(active=True)}
    result = ImportResult()
    shifts, seen = [], {}
    for number, cells in rows:
        try:
            gate, person, starts_at, ends_at = check_row(cells, gates, people)
        except ValidationError as exc:
            result.errors.append(RowError(number, exc.messages))
            continue
        key = (gate.pk, person.pk, starts_at)
        if key in seen:
            result.errors.append(
                RowError(number, [_("This shift repeats row %(row)s.") % {"row": seen[key]}])
            )
            continue
        seen[key] = number
        shifts.append(
            (
                number,
                Shift(
                    gate=gate, person=person, starts_at=starts_at, ends_at=ends_at, created_by=by
                ),
            )
        )
    if result.errors:
        return result
    with transaction.atomic():
        existing = {
            (s.gate_id, s.person_id, s.starts_at): s.ends_at
            for s in Shift.objects.filter(
                gate__site=site, starts_at__in=[shift.starts_at for _n, shift in shifts]
            )
        }
        new = []
        for number, shift in shifts:
            ends_at = existing.get((shift.gate_id, shift.person_id, shift.starts_at))
            if ends_at is None:
                new.append(shift)
            elif ends_at == shift.ends_at:
                result.already_there += 1
            else:
                result.errors.append(
                    RowError(
                        number,
                        [
                            _("%(name)s already has a shift at %(gate)s at that start.")
                            % {"name": shift.person, "gate": shift.gate}
                        ],
                    )
                )
        if result.errors:
            result.already_there = 0
            return result
        Shift.objects.bulk_create(new)
        result.created = len(new)
        result.first_day = timezone.localdate(min(shift.starts_at for _n, shift in shifts))
        announce_shift_changes(*{shift.gate for shift in new})
    return result
