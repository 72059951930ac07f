"""Templates to PDF: the one place that knows the page, the fonts and the language of a PDF.

Posters now and daily reports later render a template that extends "pdf/base.html" with
`render_pdf`. Fonts come from the system (fonts-noto-cjk): each language's text is set in
its own regional Noto Sans CJK face, chosen by the `lang` of the element around it, because
one code point (e.g. 直 or 骨) is drawn differently in Chinese, Japanese and Korean.
"""

import segno
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.urls import URLFetcher

# Django language -> the HTML lang a PDF uses. "zh-CN", not "zh-hans": fontconfig matches
# Simplified Chinese faces on the region, and "zh-hans" alone gets the Japanese glyphs.
PDF_LANG = {"zh-hans": "zh-CN", "en": "en", "ja": "ja", "ko": "ko"}


def local_only() -> URLFetcher:
    """A fetcher for data: URIs only: nothing in a PDF may reach the network or the disk."""
    return URLFetcher(allowed_protocols={"data"})


def render_document(template_name: str, context: dict, *, language: str) -> Document:
    """Lay a template out in pages, with its texts in `language` (to check before writing)."""
    with translation.override(language):
        html = render_to_string(
            template_name, {**context, "pdf_lang": PDF_LANG.get(language, language)}
        )
    return HTML(string=html, url_fetcher=local_only()).render()


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """Render a template to PDF bytes with its texts in `language`."""
    return render_document(template_name, context, language=language).write_pdf()


def qr_code(url: str) -> str:
    """The QR code of `url` as an SVG data URI, for a poster or a page to show."""
    return segno.make(url, error="m").svg_data_uri(border=2)
