"""Demo notices: what 天山物业 and 北华置业 have posted, in each state the editor shows."""

from tenants.notices.models import NoticeKind
from tenants.notices.services.notices import create_notice, publish_notice, update_notice
from tenants.notices.services.templates import start_notice_from_template
from tenants.sites.models import Gate


def load_tianshan_notices(sites, *, by) -> None:
    """Four-language notices at 天山天义小区 and 中紫居民区 (152 Japanese households)."""
    tianyi, zhongzi = sites[0], sites[3]
    west, south = (Gate.objects.get(site=tianyi, name=name) for name in ("西门", "南门"))
    for key in ("prevention", "entry_rules_level2"):
        publish_notice(start_notice_from_template(key, by=by, site=tianyi), by=by)
    closure = start_notice_from_template(
        "gate_closure", by=by, site=tianyi, closed_gate=west, open_gate=south
    )
    publish_notice(closure, by=by)
    # A draft whose Korean is not written yet: the list marks it.
    rubbish = start_notice_from_template("rubbish", by=by, site=tianyi)
    update_notice(
        rubbish,
        by=by,
        title={**rubbish.title, "ko": ""},
        body={**rubbish.body, "ko": ""},
    )
    # The Chinese changed after publishing: the translations show as older, version 2 is kept.
    isolation = publish_notice(
        start_notice_from_template("home_isolation", by=by, site=zhongzi), by=by
    )
    body = dict(isolation.body)
    body["zh-hans"] = body["zh-hans"].replace(
        "如身体不适", "居委会联系电话见楼道公告栏。如身体不适"
    )
    update_notice(isolation, by=by, body=body)


def load_beihua_notices(sites, *, by) -> None:
    """湾流国际共享社区: the shared kitchen's hours, in Chinese and English only."""
    (wanliu,) = sites
    publish_notice(
        create_notice(
            by=by,
            kind=NoticeKind.OTHER,
            title={"zh-hans": "共享厨房开放时间", "en": "Shared kitchen opening hours"},
            body={
                "zh-hans": "共享厨房每天开放：06:30–09:00、11:00–13:30、17:00–20:30。\n\n"
                "- **只做饭，不就餐**：请把饭菜带回房间食用。\n"
                "- 每次最多 6 人，请保持距离并佩戴口罩。\n"
                "- 厨房每天消毒两次，值班人员在场。",
                "en": "The shared kitchen is open daily: 06:30–09:00, 11:00–13:30, 17:00–20:30.\n\n"
                "- **Cook, don't eat here**: please take your meal back to your room.\n"
                "- At most 6 people at a time; keep your distance and wear a mask.\n"
                "- The kitchen is disinfected twice a day, with a staff member on duty.",
            },
            sites=[wanliu],
        ),
        by=by,
    )
