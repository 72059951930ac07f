"""Cleaning's printed sheets and forms: an area's 公示 sheet, a site's QR labels, and the
standard form 小区消毒清洁记录表 as PDF or XLSX.

Each is in the company's report language unless ?lang= chooses another of the four. The form
is for ?site=<id> and either ?day=YYYY-MM-DD or ?week=YYYY-Www (an ISO week, Monday to
Sunday): never more than 7 days. A missing or bad value answers 400 with a page that names
the problem and lets the reader choose again; a site or area the reader may not see is not
found.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.cleaning.documents.choices import (
    LanguageForm,
    PeriodForm,
    SiteForm,
    document_language,
)
from tenants.cleaning.documents.form import XLSX, render_form_pdf, render_form_xlsx
from tenants.cleaning.documents.rows import FORM_TITLE, standard_form
from tenants.cleaning.documents.sheets import render_area_sheet, render_labels
from tenants.cleaning.documents.words import area_order
from tenants.cleaning.models import Area
from tenants.sites.models import Site


def _file(content: bytes, content_type: str, filename: str, *, attachment=False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


class DocumentView(CompanyPermissionRequiredMixin, View):
    """A document made from the query string's choices, or a page to choose them again."""

    form_class = LanguageForm
    title = ""

    def get(self, request, *args, **kwargs):
        sites = Site.objects.visible_to(self.access)
        site_id = request.GET.get("site", "")
        if site_id.isdigit() and not sites.filter(pk=site_id).exists():
            raise Http404
        form = self.form_class(request.GET, sites=sites)
        if not form.is_valid():
            context = {"form": form, "title": self.title, "action": request.path}
            return render(request, "cleaning/pdf/choose.html", context, status=400)
        language = document_language(form.cleaned_data.get("lang", ""), request.tenant)
        return self.document(form, language)

    def document(self, form, language: str) -> HttpResponse:
        raise NotImplementedError


class AreaSheetView(DocumentView):
    """The A4 公示 sheet for an area's wall: its plan, a QR code to its record on the board,
    and a table to sign by hand."""

    permission = "cleaning.view"
    title = _("Disinfection record")

    def get(self, request, *args, **kwargs):
        areas = Area.objects.visible_to(self.access).filter(active=True)
        self.area = get_object_or_404(areas.select_related("site", "facility"), pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def document(self, form, language):
        pdf = render_area_sheet(self.area, company=self.request.tenant, language=language)
        return _file(pdf, "application/pdf", f"cleaning-area-{self.area.pk}-{language}.pdf")


class LabelsView(DocumentView):
    """A4 sheets of QR labels, one per active area of a site, to stick up in each area."""

    permission = "cleaning.plan"
    form_class = SiteForm
    title = _("QR labels of the cleaning areas")

    def document(self, form, language):
        site = form.cleaned_data["site"]
        areas = sorted(
            Area.objects.filter(site=site, active=True).select_related("facility"), key=area_order
        )
        pdf = render_labels(site, areas, company=self.request.tenant, language=language)
        return _file(pdf, "application/pdf", f"cleaning-labels-{site.pk}-{language}.pdf")


class StandardFormView(DocumentView):
    """The standard form 小区消毒清洁记录表 of a site for a day or a week."""

    permission = "cleaning.view"
    form_class = PeriodForm
    title = FORM_TITLE
    as_xlsx = False

    def document(self, form, language):
        site = form.cleaned_data["site"]
        first, last = form.period()
        sheet = standard_form(site, first, last, language=language, now=timezone.now())
        name = f"cleaning-form-{site.pk}-{first.isoformat()}"
        if last != first:
            name += f"-{last.isoformat()}"
        if self.as_xlsx:
            return _file(render_form_xlsx(sheet), XLSX, f"{name}.xlsx", attachment=True)
        pdf = render_form_pdf(sheet, company=self.request.tenant)
        return _file(pdf, "application/pdf", f"{name}.pdf")


urlpatterns = [
    path("cleaning/labels.pdf", LabelsView.as_view(), name="cleaning-labels"),
    path("cleaning/areas/<int:pk>/notice.pdf", AreaSheetView.as_view(), name="cleaning-area-sheet"),
    path("cleaning/form.pdf", StandardFormView.as_view(), name="cleaning-form-pdf"),
    path("cleaning/form.xlsx", StandardFormView.as_view(as_xlsx=True), name="cleaning-form-xlsx"),
]
