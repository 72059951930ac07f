"""A gate's visitor poster: one A4 sheet with the gate's name and a QR code to its public form.

The poster is fetched the way a manager gets it, from the portal, and read the way a person
or a phone reads it: its text through pdftotext, its QR code through a camera-grade decoder
on a 150 dpi picture of the page (the helpers of the notice posters' tests).
"""

import io
import logging

import pypdf
import pytest

from tenants.sites.models import GateStatus
from tests.conftest import host_of, make_gate
from tests.notices.test_notice_posters import (
    A4,
    MISSING_GLYPH,
    font_names,
    qr_codes,
    squeezed,
    text_of,
)

GATE_NAME = "仙霞路3号门"
SITE_NAME = "天山天义小区"  # make_site's


@pytest.fixture
def production_addresses(settings):
    # Portal addresses as production writes them: https, no port.
    settings.PORTAL_SCHEME = "https"
    settings.PORTAL_PORT = ""


@pytest.fixture
def open_gate(company_a, site_a):
    return make_gate(company_a, site_a, name=GATE_NAME)


def poster_path(gate) -> str:
    return f"/gates/{gate.pk}/visitor-poster.pdf"


@pytest.fixture
def fetch_poster(client_for, company_a, manager_a, caplog, production_addresses):
    """fetch(gate): the manager's response, and the missing-glyph warnings logged drawing it."""

    def fetch(gate):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="weasyprint"):
            response = client_for(company_a, manager_a).get(poster_path(gate))
        warnings = [r.getMessage() for r in caplog.records if MISSING_GLYPH in r.getMessage()]
        return response, warnings

    return fetch


def test_manager_gets_one_a4_pdf_page_with_the_gate_and_site_names(fetch_poster, open_gate):
    response, _warnings = fetch_poster(open_gate)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 1
    size = (float(pages[0].mediabox.width), float(pages[0].mediabox.height))
    assert size == pytest.approx(A4, abs=1)
    text = text_of(response.content)
    assert squeezed(GATE_NAME) in text
    assert squeezed(SITE_NAME) in text


def test_poster_qr_code_opens_the_gates_public_visitor_form(
    fetch_poster, open_gate, company_a, tmp_path
):
    response, _warnings = fetch_poster(open_gate)

    expected = f"https://{host_of(company_a)}/visit/{open_gate.visitor_token}/"
    assert qr_codes(response.content, tmp_path) == [expected]


def test_poster_embeds_the_cjk_faces_and_draws_every_character(fetch_poster, open_gate):
    response, warnings = fetch_poster(open_gate)

    assert warnings == []
    names = " ".join(font_names(response.content))
    for face in ("CJK-SC", "CJK-JP", "CJK-KR"):
        assert face in names, names


def test_a_character_no_font_has_in_a_gate_name_is_reported_as_a_missing_glyph(
    fetch_poster, company_a, site_a
):
    # The control for the test above: U+0378 is unassigned, so no font can draw it.
    gate = make_gate(company_a, site_a, name="门\u0378")
    response, warnings = fetch_poster(gate)
    assert response.status_code == 200
    assert len(warnings) == 1 and "U+0378" in warnings[0]


def test_a_closed_gate_has_no_visitor_poster(fetch_poster, company_a, site_a):
    # A closed gate carries a closure notice, not an invitation to register.
    closed = make_gate(
        company_a, site_a, name="封闭的东门", status=GateStatus.CLOSED, reason="施工"
    )
    response, _warnings = fetch_poster(closed)
    assert response.status_code == 404


def test_site_manager_of_other_sites_cannot_find_the_gates_poster(
    client_for, company_a, site_manager_a, open_gate
):
    response = client_for(company_a, site_manager_a).get(poster_path(open_gate))
    assert response.status_code == 404


def test_outsider_cannot_download_the_gates_poster(client_for, company_a, outsider, open_gate):
    # A member of another company is refused on this company's host, like every portal page.
    response = client_for(company_a, outsider).get(poster_path(open_gate))
    assert response.status_code == 403
    assert not response.content.startswith(b"%PDF")


def test_the_site_page_links_the_poster_of_each_open_gate(
    client_for, company_a, manager_a, site_a, open_gate
):
    closed = make_gate(company_a, site_a, name="西门", status=GateStatus.CLOSED, reason="小包围")
    page = client_for(company_a, manager_a).get(f"/sites/{site_a.pk}/").content.decode()
    assert f'href="{poster_path(open_gate)}"' in page
    assert poster_path(closed) not in page
