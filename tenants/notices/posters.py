"""A4 posters of a notice: one language, or all four on one sheet, with a QR to the board."""

import math

from guanjia.pdf import PDF_LANG, qr_code, render_document
from tenants.notices.board import notice_text
from tenants.notices.languages import CHINESE, MISSING, NOTICE_LANGUAGES
from tenants.notices.models import Notice
from tenants.sites.models import Site

ALL_LANGUAGES = "all"
# Four languages share one sheet: type size falls with the square root of the amount of text
# (the area it needs grows with size squared). FIT was measured on the built-in templates,
# with a margin; the largest size is for short notices.
FIT = 520
LARGEST, SMALLEST = 12.0, 6.0


def type_size(texts) -> float:
    """A body size (points, in half points) that should keep four languages on one A4 sheet.

    The weight counts a CJK character as two Latin ones, roughly the width it takes.
    """
    weight = sum(2 if ord(char) >= 0x2E80 else 1 for text in texts for char in text)
    size = FIT / math.sqrt(max(weight, 1))
    return max(SMALLEST, min(LARGEST, math.floor(size * 2) / 2))


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
        # Rare (many short paragraphs, or far longer texts than ours): one try a fifth smaller.
        smaller = max(SMALLEST, math.floor(size * 0.8 * 2) / 2)
        document = render_document(
            "notices/poster.html", {**context, "body_size": smaller}, language=page_language
        )
    return document.write_pdf()
