"""Poster figures: the longest built-in notice (entry_rules_level2) as an A4 PDF.

Run with `make bench` (fresh database, embedded servers), or this script alone with
`python -m devtools bench posters`. Prints figures; asserts nothing but the set-up.
"""

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanjia.settings")
django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from companies.services import create_company  # noqa: E402
from guanjia.districts import District  # noqa: E402
from tenants.notices.board import board_url  # noqa: E402
from tenants.notices.languages import COMPLETE, NOTICE_LANGUAGES  # noqa: E402
from tenants.notices.posters import ALL_LANGUAGES, render_poster  # noqa: E402
from tenants.notices.services.notices import publish_notice  # noqa: E402
from tenants.notices.services.templates import start_notice_from_template  # noqa: E402
from tenants.sites.models import SiteKind  # noqa: E402
from tenants.sites.services import create_site  # noqa: E402

TEMPLATE = "entry_rules_level2"  # the longest built-in text in every language
RUNS = 7
GOAL = "goal: under 1 s"


def timed(render) -> tuple[list[float], bytes]:
    durations, pdf = [], b""
    for _ in range(RUNS):
        started = time.perf_counter()
        pdf = render()
        durations.append(time.perf_counter() - started)
    return durations, pdf


def report(label: str, durations: list[float], pdf: bytes) -> None:
    print(
        f"{label}: median {statistics.median(durations):.2f} s, "
        f"max {max(durations):.2f} s over {RUNS} runs ({GOAL}); {len(pdf) / 1024:.0f} KB"
    )


def main():
    call_command("setup_database", verbosity=0)
    cache.clear()
    company = create_company(by=None, name="天山物业", slug="tianshan", admin_email="m@tianshan.cn")
    with schema_context(company.schema_name):
        site = create_site(
            by=None,
            name="天山天义小区",
            kind=SiteKind.COMPOUND,
            district=District.CHANGNING,
            sub_district="天山路街道",
            address="天山路 1000 弄",
            households=860,
        )
        notice = publish_notice(start_notice_from_template(TEMPLATE, by=None, site=site), by=None)
        assert all(state == COMPLETE for state in notice.language_states.values())
        url = board_url(site, company)

        def poster(language: str) -> bytes:
            return render_poster(notice, site=site, language=language, board_url=url)

        poster(ALL_LANGUAGES)  # warm-up: fonts, templates and weasyprint's caches
        characters = sum(len(notice.body[code]) for code in NOTICE_LANGUAGES)
        durations, pdf = timed(lambda: poster(ALL_LANGUAGES))
        report(
            f"{TEMPLATE} poster, four languages ({characters:,} body characters)", durations, pdf
        )
        durations, pdf = timed(lambda: poster("zh-hans"))
        report(f"{TEMPLATE} poster, Chinese only", durations, pdf)


if __name__ == "__main__":
    main()
