"""A notice's A4 poster: every language's text in its own face, a QR code to the board, one sheet.

Posters are read the way a person or a phone reads them: the PDF's text through pdftotext,
its QR code through a camera-grade decoder on a 150 dpi picture of the page. A render takes
most of a second, so the four-language poster of notice_a is rendered once for the module.
"""

import io
import logging
import shutil
import subprocess

import pypdf
import pytest
import zxingcpp
from django.utils import translation
from django_tenants.utils import schema_context
from PIL import Image

from tenants.notices import posters
from tenants.notices.board import board_url
from tenants.notices.builtin_templates import BUILTIN_TEMPLATES, NEEDS_GATES
from tenants.notices.posters import render_poster
from tenants.notices.services.templates import start_notice_from_template
from tests.conftest import NOTICE_BODY, NOTICE_TITLE, make_gate, make_notice

MISSING_GLYPH = ".notdef glyph rendered"
FALLBACK_NOTE = "Not yet translated into this language: the Chinese text is shown."
A4 = (595.3, 841.9)  # points
# poppler-utils, found once by full path.
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"


def poster(company, notice, site, language: str) -> bytes:
    with schema_context(company.schema_name):
        return render_poster(
            notice, site=site, language=language, board_url=board_url(site, company)
        )


def logged_poster(caplog, company, notice, site, language: str) -> tuple[bytes, list[str]]:
    """The poster, and the missing-glyph warnings weasyprint logged while drawing it."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = poster(company, notice, site, language)
    return pdf, [r.getMessage() for r in caplog.records if MISSING_GLYPH in r.getMessage()]


def text_of(pdf: bytes) -> str:
    """The poster's text as read off the sheet, with no spaces or line breaks to trip on."""
    done = subprocess.run([PDFTOTEXT, "-", "-"], input=pdf, capture_output=True, check=True)
    return squeezed(done.stdout.decode())


def squeezed(text: str) -> str:
    return "".join(text.split())


def font_names(pdf: bytes) -> set[str]:
    """The names of the fonts each page draws with, e.g. ABCDEF+Noto-Sans-CJK-JP-Bold."""
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            for descendant in font.get("/DescendantFonts", []):
                names.add(str(descendant.get_object()["/FontDescriptor"]["/FontName"]))
    return names


def qr_codes(pdf: bytes, folder) -> list[str]:
    """What a phone reads from the QR codes on the first page, printed at 150 dpi."""
    (folder / "poster.pdf").write_bytes(pdf)
    page_one = ["-f", "1", "-l", "1", "-singlefile"]
    subprocess.run(
        [PDFTOPPM, "-r", "150", "-png", *page_one, "poster.pdf", "page"], cwd=folder, check=True
    )
    return [code.text for code in zxingcpp.read_barcodes(Image.open(folder / "page.png"))]


@pytest.fixture(scope="module")
def rendered():
    return {}


@pytest.fixture
def four_language_poster(rendered, caplog, company_a, site_a, notice_a):
    """notice_a's poster in all four languages and the missing-glyph warnings it logged."""
    # Every test builds the same notice at a site of the same name: one render serves them all.
    if not rendered:
        rendered["pdf"], rendered["warnings"] = logged_poster(
            caplog, company_a, notice_a, site_a, "all"
        )
    return rendered


def test_four_language_poster_shows_every_title_and_the_site_name(four_language_poster):
    text = text_of(four_language_poster["pdf"])
    for language, title in NOTICE_TITLE.items():
        assert squeezed(title) in text, language
    assert "天山天义小区" in text


def test_four_language_poster_draws_every_character(four_language_poster):
    assert four_language_poster["warnings"] == []


def test_a_character_no_font_has_is_reported_as_a_missing_glyph(caplog, company_a, site_a):
    # The control for the test above: U+0378 is unassigned, so no font can draw it.
    notice = make_notice(company_a, site_a, body={**NOTICE_BODY, "en": "Missing: \u0378"})
    _pdf, warnings = logged_poster(caplog, company_a, notice, site_a, "all")
    assert len(warnings) == 1 and "U+0378" in warnings[0]


def test_four_language_poster_sets_each_language_in_its_regional_cjk_face(
    four_language_poster,
):
    names = " ".join(font_names(four_language_poster["pdf"]))
    for face in ("CJK-SC", "CJK-JP", "CJK-KR"):
        assert face in names, names


def test_poster_qr_code_opens_the_site_board(tmp_path, company_a, site_a, notice_a):
    url = board_url(site_a, company_a)
    assert url.endswith(f"/board/{site_a.board_token}/")
    assert qr_codes(poster(company_a, notice_a, site_a, "all"), tmp_path) == [url]


@pytest.mark.parametrize("key", BUILTIN_TEMPLATES)
def test_every_builtin_template_fills_one_a4_sheet_in_four_languages(
    key, caplog, monkeypatch, company_a, site_a, gate_a
):
    # The type is sized to fit at the first layout; a second (smaller) one would mean the
    # sizing is off and every poster pays for two layouts with smaller type than it needs.
    layouts = []
    render = posters.render_document
    monkeypatch.setattr(
        posters, "render_document", lambda *a, **kw: layouts.append(1) or render(*a, **kw)
    )
    gates = {}
    if key in NEEDS_GATES:
        gates = {"closed_gate": gate_a, "open_gate": make_gate(company_a, site_a, name="北门")}
    with schema_context(company_a.schema_name):
        notice = start_notice_from_template(key, by=None, site=site_a, **gates)
    pdf, warnings = logged_poster(caplog, company_a, notice, site_a, "all")
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    size = (float(pages[0].mediabox.width), float(pages[0].mediabox.height))
    assert size == pytest.approx(A4, abs=1)
    assert warnings == []
    assert len(layouts) == 1


def test_markup_in_a_body_is_printed_as_text(company_a, site_a):
    body = "请注意：<script>alert(1)</script> 和 <img src=x onerror=alert(1)>"
    notice = make_notice(company_a, site_a, body={"zh-hans": body})
    text = text_of(poster(company_a, notice, site_a, "zh-hans"))
    assert squeezed("<script>alert(1)</script>") in text
    assert squeezed("<img src=x onerror=alert(1)>") in text


def test_single_language_poster_shows_only_that_language(company_a, site_a, notice_a):
    text = text_of(poster(company_a, notice_a, site_a, "ja"))
    assert NOTICE_TITLE["ja"] in text
    assert NOTICE_TITLE["zh-hans"] not in text


def test_poster_in_an_unwritten_language_shows_the_chinese_text_with_a_note(company_a, site_a):
    notice = make_notice(
        company_a, site_a, title={"zh-hans": "电梯消毒公告"}, body={"zh-hans": "电梯每天消毒四次。"}
    )
    text = text_of(poster(company_a, notice, site_a, "ko"))
    assert "电梯消毒公告" in text
    with translation.override("ko"):
        assert squeezed(translation.gettext(FALLBACK_NOTE)) in text


def test_manager_downloads_the_poster_from_the_portal(client_for, company_a, manager_a, notice_a):
    response = client_for(company_a, manager_a).get(
        f"/notices/{notice_a.pk}/poster.pdf?language=all"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_outsider_cannot_download_a_poster(client_for, company_a, outsider, notice_a):
    response = client_for(company_a, outsider).get(f"/notices/{notice_a.pk}/poster.pdf")
    assert response.status_code == 403


def test_poster_of_a_notice_the_company_does_not_have_is_not_found(
    client_for, company_a, manager_a, notice_a
):
    # Ids are per company schema: an id alpha has no notice with, as another company's may be.
    response = client_for(company_a, manager_a).get(f"/notices/{notice_a.pk + 1000}/poster.pdf")
    assert response.status_code == 404
