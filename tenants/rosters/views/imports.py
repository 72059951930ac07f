"""Importing a roster from a spreadsheet, and the template to fill in."""

import io

import openpyxl
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.rosters.forms import RosterImportForm
from tenants.rosters.importing import COLUMNS, import_shifts, read_rows
from tenants.rosters.models import DutyPerson
from tenants.rosters.views.shifts import board_url
from tenants.sites.models import Gate
from tenants.sites.views.mixins import SiteFromUrlMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterImportView(SiteFromUrlMixin, CompanyPermissionRequiredMixin, FormView):
    permission = "rosters.change"
    form_class = RosterImportForm
    template_name = "rosters/import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(site=self.get_site(), columns=COLUMNS, **kwargs)

    def form_valid(self, form):
        site = self.get_site()
        try:
            rows = read_rows(form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        result = import_shifts(site, rows, by=self.request.user)
        if result.errors:
            return self.render_to_response(
                self.get_context_data(form=form, row_errors=result.errors), status=400
            )
        messages.success(
            self.request,
            _("%(created)s shifts imported; %(already)s were already on the roster.")
            % {"created": result.created, "already": result.already_there},
        )
        return redirect(board_url(site, result.first_day or timezone.localdate()))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RosterTemplateView(SiteFromUrlMixin, CompanyPermissionRequiredMixin, View):
    """An .xlsx file with the columns in the reader's language and an example row."""

    permission = "rosters.change"

    def get(self, request, *args, **kwargs):
        site = self.get_site()
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = _("Roster")[:31]
        sheet.append([str(column) for column in COLUMNS])
        gate = Gate.objects.filter(site=site).rostered().order_by("name").first()
        person = DutyPerson.objects.filter(active=True).order_by("name").first()
        if gate is not None and person is not None:
            sheet.append([gate.name, person.name, "2026-03-01", "22:00", "06:00"])
        for letter, width in zip("ABCDE", (16, 16, 14, 10, 10), strict=True):
            sheet.column_dimensions[letter].width = width
        content = io.BytesIO()
        book.save(content)
        response = HttpResponse(content.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="roster-template.xlsx"'
        return response
