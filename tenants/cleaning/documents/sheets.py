"""Sheets to print and put on walls: an area's 公示 sheet (its plan, a QR code to its record on
the site's public board, and a table to sign by hand), and a site's sheet of QR labels that
open each area on a cleaner's signed-in phone."""

from django.urls import reverse
from django.utils import timezone, translation

from companies.services import portal_url_for
from guanjia.pdf import qr_code, render_document, render_pdf
from tenants.cleaning.documents.words import plan_lines
from tenants.cleaning.models import Area, PlanTask
from tenants.notices.board import board_url
from tenants.sites.models import Site

# Blank lines of the sign-by-hand table: what fits under a plan of two or three tasks on one
# A4 sheet; a longer plan leaves room for fewer.
SIGNING_ROWS = 12
FEWEST_SIGNING_ROWS = 3


def area_board_url(area: Area, company) -> str:
    """The area's record on the site's public board, as the 公示 sheet's QR code holds it."""
    return f"{board_url(area.site, company)}#area-{area.pk}"


def area_log_url(area: Area, company) -> str:
    """The area's page on a cleaner's phone, as its QR label holds it."""
    path = reverse("portal:cleaning-area-log", args=[area.pk])
    return portal_url_for(company).rstrip("/") + path


def render_area_sheet(area: Area, *, company, language: str) -> bytes:
    """One A4 sheet for the area's wall, in `language`.

    A private area (not on the board) gets the plan and the signing table without a QR code:
    the board has nothing to show for it.
    """
    tasks = PlanTask.objects.filter(area=area).current()
    url = area_board_url(area, company) if area.public else ""
    # The plan's words are made here, not in the template: in the sheet's language too.
    with translation.override(language):
        plan = plan_lines(tasks, area.hours, timezone.localdate())
    context = {
        "area": area,
        "site": area.site,
        "plan": plan,
        "url": url,
        "qr": qr_code(url) if url else "",
    }
    rows = SIGNING_ROWS
    while True:
        document = render_document(
            "cleaning/pdf/area_sheet.html",
            {**context, "signing_rows": range(rows)},
            language=language,
        )
        if len(document.pages) == 1 or rows <= FEWEST_SIGNING_ROWS:
            return document.write_pdf()
        rows = max(FEWEST_SIGNING_ROWS, rows - 4)


def render_labels(site: Site, areas, *, company, language: str) -> bytes:
    """A4 pages of QR labels, one for each area, with lines to cut along."""
    labels = [
        {"area": area, "url": url, "qr": qr_code(url)}
        for area in areas
        for url in [area_log_url(area, company)]
    ]
    context = {"site": site, "labels": labels}
    return render_pdf("cleaning/pdf/labels.html", context, language=language)
