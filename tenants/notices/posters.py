"""A4 posters of a notice: one language, or all four on one sheet, with a QR to the board."""

import segno

from guanjia.pdf import PDF_LANG, render_document
from tenants.notices.board import notice_text
from tenants.notices.languages import CHINESE, MISSING, NOTICE_LANGUAGES
from tenants.notices.models import Notice
from tenants.sites.models import Site

ALL_LANGUAGES = "all"
# Four languages share one sheet: the more text, the smaller the type (in points). The
# weight counts a CJK character as two Latin ones, roughly the width it takes.
FOUR_LANGUAGE_SIZES = ((3000, 12), (4000, 11), (5200, 9.5), (6500, 8))
SMALLEST = 7


def type_size(texts) -> float:
    """A body size that should keep four languages on one A4 sheet."""
    weight = sum(2 if ord(char) >= 0x2E80 else 1 for text in texts for char in text)
    return next((size for most, size in FOUR_LANGUAGE_SIZES if weight <= most), SMALLEST)


def qr_code(url: str) -> str:
    """The QR code of `url` as an SVG data URI."""
    return segno.make(url, error="m").svg_data_uri(border=2)


def render_poster(notice: Notice, *, site: Site, language: str, board_url: str) -> bytes:
    """The poster PDF of a notice at one site, in `language` or in all four ("all")."""
    four = language == ALL_LANGUAGES
    if four:
        # A language not yet written is left off the sheet rather than repeating Chinese.
        languages = [code for code in NOTICE_LANGUAGES if notice.language_states[code] != MISSING]
    else:
        languages = [language]
    sections = []
    for code in languages:
        text = notice_text(notice, code)
        # Labels are in the chosen language; a text shown in Chinese instead is set as Chinese.
        sections.append(
            {"text": text, "language": code, "label_lang": PDF_LANG[code],
             "lang": PDF_LANG[text.language]}
        )  # fmt: skip
    context = {
        "notice": notice,
        "site": site,
        "sections": sections,
        "four": four,
        "qr": qr_code(board_url),
        "board_url": board_url,
    }
    page_language = CHINESE if four else language
    if not four:
        return render_document("notices/poster.html", context, language=page_language).write_pdf()
    size = type_size(notice.body.get(code, "") for code in languages)
    document = render_document(
        "notices/poster.html", {**context, "body_size": size}, language=page_language
    )
    if len(document.pages) > 1 and size > SMALLEST:
        # Rare: texts far longer than our templates. One more try at the smallest type.
        document = render_document(
            "notices/poster.html", {**context, "body_size": SMALLEST}, language=page_language
        )
    return document.write_pdf()
