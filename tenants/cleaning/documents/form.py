"""The standard form 小区消毒清洁记录表 as a file: an A4 landscape PDF (the shared PDF piece) or
an XLSX workbook, both laid out from `rows.standard_form`."""

import io

import openpyxl
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from guanjia.pdf import render_pdf
from tenants.cleaning.documents.rows import COLUMNS, StandardForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheet programs run a cell that starts with one of these as a formula: text a cleaner
# typed (a note) must stay text.
FORMULA_STARTS = ("=", "+", "-", "@")


def render_form_pdf(form: StandardForm, *, company) -> bytes:
    """The form on A4 landscape pages, its header row repeated on each."""
    context = {
        "form": form,
        "company": company,
        "columns": [(key, share) for key, _header, _width, share in COLUMNS],
    }
    return render_pdf("cleaning/pdf/form.html", context, language=form.language)


def _text_cell(sheet, row: int, column: int, value: str):
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    return cell


def render_form_xlsx(form: StandardForm) -> bytes:
    """The form as a workbook: a title row with the site and period, a header row, the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = form.first.isoformat()
    width = len(COLUMNS)
    with translation.override(form.language):
        title = _("%(title)s · %(site)s · %(period)s") % {
            "title": form.title,
            "site": form.site.name,
            "period": form.period,
        }
    _text_cell(sheet, 1, 1, title).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    header_fill = PatternFill("solid", fgColor="DDE7E2")
    for column, header in enumerate(form.headers, start=1):
        cell = _text_cell(sheet, 2, column, header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, row in enumerate(form.rows, start=3):
        for column, value in enumerate(row.cells(), start=1):
            _text_cell(sheet, number, column, value).alignment = Alignment(
                wrap_text=True, vertical="top"
            )
    for column, (_key, _header, chars, _share) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = chars
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()
