"""The notices' number on the portal's home page: published notices lacking a translation."""

from collections import Counter
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guanjia.home import Figure
from tenants.notices.models import Notice, NoticeStatus


def with_gaps(access, sites, now) -> dict[int, int]:
    published = Notice.objects.filter(status=NoticeStatus.PUBLISHED, sites__in=sites).distinct()
    lacking = published.with_translation_gaps()
    postings = Notice.sites.through.objects.filter(notice_id__in=lacking, site__in=sites)
    return dict(Counter(postings.values_list("site_id", flat=True)))


def all_with_gaps(access, sites, now) -> int:
    """Each notice once, wherever it is posted, as the list without a site shows them."""
    published = Notice.objects.visible_to(access).filter(status=NoticeStatus.PUBLISHED)
    return len(published.with_translation_gaps())


def with_gaps_link(site_id, now) -> str:
    query = {"status": NoticeStatus.PUBLISHED, "translations": "incomplete"}
    if site_id is not None:
        query["site"] = site_id
    return f"{reverse('portal:notices')}?{urlencode(query)}"


FIGURES = [
    Figure(
        "translation_gaps",
        _("Published notices missing a translation"),
        "notices.view",
        with_gaps,
        with_gaps_link,
        alert=True,
        total=all_with_gaps,
    ),
]
