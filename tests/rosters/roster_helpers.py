"""Helpers shared by the gate, roster, import and gap-alert tests."""

import csv
import datetime
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from accounts.access import Access
from accounts.roles import Role
from tenants.rosters.models import GapAlert, Shift
from tests.conftest import make_shift

HOUR = datetime.timedelta(hours=1)
HEADER = ["门岗", "人员", "日期", "开始", "结束"]


def manager(user=None) -> Access:
    """What a company manager may see: every site of the company."""
    return Access(role=Role.MANAGER, user=user)


def roster_of(company) -> list[tuple]:
    """The company's shifts as a manager reads them: gate, person, start, end, absent."""
    with schema_context(company.schema_name):
        return [
            (s.gate.name, s.person.name, s.starts_at, s.ends_at, s.absent)
            for s in Shift.objects.visible_to(manager()).select_related("gate", "person")
        ]


def alerts_of(company) -> list[tuple]:
    """The company's gap alerts: gate, start, end, people missing, and whether resolved."""
    with schema_context(company.schema_name):
        return [
            (a.gate.name, a.starts_at, a.ends_at, a.missing, a.resolved_at is not None)
            for a in GapAlert.objects.visible_to(manager()).select_related("gate")
        ]


def staff(company, gate, person, start, end) -> None:
    """Put `person` at `gate` from `start` to `end` in back-to-back shifts of at most a day."""
    while start < end:
        until = min(start + 24 * HOUR, end)
        make_shift(company, gate, person, start, until)
        start = until


def xlsx_upload(rows, name="排班表.xlsx") -> SimpleUploadedFile:
    """An Excel workbook with a header row and `rows`, as a browser uploads it."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [HEADER, *rows]:
        sheet.append(list(row))
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile(name, content.getvalue())


def csv_upload(rows, *, encoding="utf-8", name="排班表.csv") -> SimpleUploadedFile:
    """A CSV file with a header row and `rows`, in the given text encoding."""
    text = io.StringIO()
    # Excel writes CRLF line ends; the importer must not care.
    csv.writer(text, lineterminator="\r\n").writerows([HEADER, *rows])
    return SimpleUploadedFile(name, text.getvalue().encode(encoding))
