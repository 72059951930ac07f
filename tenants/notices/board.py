"""What a site's public board shows: the notices in force, each in the reader's language, and
the sections higher rooms add below them (cleaning's disinfection record).

The notices sit low among the rooms and may not import the apps above them: those register a
section here from their AppConfig.ready() (`register_section`), and the board shows whatever
was registered.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from companies.services import portal_url_for
from tenants.notices.formatting import body_html
from tenants.notices.languages import CHINESE, MISSING, OUTDATED
from tenants.notices.models import Notice, NoticeKind
from tenants.sites.models import Site


@dataclass(frozen=True)
class NoticeText:
    """A notice as one reader sees it: in their language, or in Chinese when it has none."""

    notice: Notice
    language: str
    title: str
    body_html: str
    fell_back: bool
    outdated: bool


def notice_text(notice: Notice, language: str) -> NoticeText:
    """The notice in `language`, or in Chinese (marked fell_back) when that is not written."""
    state = notice.language_states[language]
    shown = CHINESE if state == MISSING else language
    return NoticeText(
        notice=notice,
        language=shown,
        title=notice.title.get(shown, ""),
        body_html=body_html(notice.body.get(shown, "")),
        fell_back=state == MISSING,
        outdated=state == OUTDATED,
    )


def notices_in_force(site: Site, day: datetime.date) -> list[Notice]:
    """A site's notices on `day`: emergencies first, then the most recently published."""
    notices = Notice.objects.in_force(site, day).prefetch_related("gates")
    return sorted(
        notices,
        key=lambda notice: (notice.kind != NoticeKind.EMERGENCY, -notice.published_at.timestamp()),
    )


def board_path(site: Site) -> str:
    return reverse("board", args=[site.board_token])


def board_url(site: Site, company) -> str:
    """The board's full address, as printed in posters' QR codes and given to partner apps."""
    return portal_url_for(company).rstrip("/") + board_path(site)


@dataclass(frozen=True)
class BoardSection:
    """A part of the board below the notices, in the reader's language.

    `html` is safe HTML (an element with an id, so a poster's QR code can point into it);
    `style` is CSS added to the board's own stylesheet, which the page's policy lets through.
    """

    html: str
    style: str = ""


# Each section is a callable (site, *, language, now) -> BoardSection | None (nothing to show).
SectionMaker = Callable[..., BoardSection | None]
_SECTIONS: list[SectionMaker] = []


def register_section(section: SectionMaker) -> SectionMaker:
    """Add a section to every site's board, once however often an app's ready() runs."""
    if section not in _SECTIONS:
        _SECTIONS.append(section)
    return section


def board_sections(site: Site, *, language: str, now: datetime.datetime) -> list[BoardSection]:
    """The registered sections that have something to show for `site`, in registration order."""
    sections = (section(site, language=language, now=now) for section in _SECTIONS)
    return [section for section in sections if section is not None]
