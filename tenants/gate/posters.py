"""The poster at an open gate: scan the QR code, register on your own phone, in four languages."""

from django.urls import reverse

from companies.services import portal_url_for
from guanjia.pdf import qr_code, render_pdf
from tenants.sites.models import Gate

POSTER_LANGUAGES = [("zh-hans", "zh-CN"), ("en", "en"), ("ja", "ja"), ("ko", "ko")]


def visitor_form_url(gate: Gate, company) -> str:
    """The public form's full address, as the poster's QR code holds it."""
    path = reverse("visitor-form", kwargs={"token": gate.visitor_token})
    return portal_url_for(company).rstrip("/") + path


def render_gate_poster(gate: Gate, company) -> bytes:
    """One A4 page: the gate's name, the QR code, and what to do in zh, en, ja and ko."""
    url = visitor_form_url(gate, company)
    context = {
        "gate": gate,
        "site": gate.site,
        "url": url,
        "qr": qr_code(url),
        "languages": POSTER_LANGUAGES,
    }
    return render_pdf("gate/poster.html", context, language="zh-hans")
