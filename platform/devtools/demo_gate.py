"""Demo gate data: a day at 天山天义小区's 南门, returnees in home isolation, a lobby at 湾流.

Everything is dated from the moment the demo is loaded (Asia/Shanghai), so it never ages:
today's entries spread over the hours so far, readings over the past days, one reading overdue
and one fever case waiting to be handed over. Every row goes through the gate's services.
"""

import datetime
import uuid
from decimal import Decimal
from itertools import cycle

from django.utils import timezone

from accounts.models import Membership, Role
from guanjia.actors import System
from tenants.gate.identity import DocumentKind
from tenants.gate.isolation_rules import DUE_BY, EVENING, MORNING, SHANGHAI
from tenants.gate.models import IsolationCase, NeedKind, PassSource
from tenants.gate.policy import Category, HealthCode, Level, Outcome
from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.services.escalations import hand_over
from tenants.gate.services.isolation import (
    ObservationIn,
    ReturneeIn,
    extend_isolation,
    place_under_observation,
    record_reading,
    register_returnee,
)
from tenants.gate.services.needs import assign_need, close_need, open_need
from tenants.gate.services.passes import PassIn, create_pass
from tenants.gate.services.policy import switch_level
from tenants.rosters.models import DutyPerson
from tenants.sites.models import Gate

RESIDENT, RETURNING, VISITOR = Category.RESIDENT, Category.RETURNING, Category.VISITOR
COURIER, DOMESTIC, REPAIR, AGENT = (
    Category.COURIER,
    Category.DOMESTIC,
    Category.REPAIR,
    Category.AGENT,
)
GREEN = {"health_code": HealthCode.GREEN}
# When staff go round with the thermometer; the portal calls a reading overdue at DUE_BY.
READ_AT = {MORNING: datetime.time(8, 0), EVENING: datetime.time(19, 0)}
# Today's entries are spread over the day so far, at most over the last 13 hours.
BUSY_HOURS = datetime.timedelta(hours=13)

# Today at 南门, earliest first: (share of the day so far, °C, category, what the guard typed).
SOUTH_TODAY = [
    (0.99, "36.3", RESIDENT, {}),
    (0.96, "36.5", RESIDENT, {}),
    (0.93, "36.4", COURIER, {"name": "王海涛", "phone": "13917654321", **GREEN,
                             "vehicle_plate": "沪A3K217"}),
    (0.90, "36.6", RESIDENT, {}),
    (0.86, "36.2", DOMESTIC, {"name": "胡桂芳", "phone": "15921887763", **GREEN,
                              "building": "7号楼", "room": "602", "consent": True}),
    (0.82, "36.7", RESIDENT, {}),
    (0.78, "36.5", COURIER, {"name": "刘小军", "phone": "18817209345"}),  # no health code shown
    (0.74, "36.4", RESIDENT, {}),
    (0.70, "36.8", VISITOR, {"name": "黄美玲", "phone": "13501862217", **GREEN,
                             "building": "9号楼", "room": "1502",
                             "override_outcome": Outcome.ADMIT,
                             "override_reason": "业主本人来电确认，送药"}),
    (0.66, "36.3", RESIDENT, {}),
    (0.62, "36.6", REPAIR, {"name": "马振东（上海燃气）", "phone": "15000917346", **GREEN,
                            "building": "4号楼", "room": "301", "consent": True}),
    (0.58, "36.5", RESIDENT, {}),
    (0.54, "36.9", AGENT, {"name": "钱俊（链家）", "phone": "13611823390", **GREEN,
                           "building": "10号楼", "room": "702"}),  # the owner was not asked
    (0.50, "36.4", RESIDENT, {}),
    (0.46, "36.6", RETURNING, {"name": "周文斌", "document": "320508198211303570",
                               "phone": "13962158804", "building": "3号楼", "room": "401"}),
    (0.42, "36.2", RESIDENT, {}),
    (0.38, "37.6", VISITOR, {"name": "孙建华", "phone": "13788540126", **GREEN,
                             "building": "2号楼", "room": "301", "consent": True}),
    (0.34, "36.5", COURIER, {"name": "陈志刚", "phone": "13310027765", **GREEN}),
    (0.30, "36.7", RESIDENT, {}),
    (0.26, "36.1", RESIDENT, {}),
    (0.22, "36.4", VISITOR, {"name": "赵丽华", "phone": "15821336071", **GREEN,
                             "building": "5号楼", "room": "1101", "consent": True}),
    (0.18, "36.6", COURIER, {"name": "杨帆", "phone": "17717384402",
                             "health_code": HealthCode.YELLOW}),
    (0.14, "36.5", RESIDENT, {}),
    (0.10, "36.3", RESIDENT, {}),
    (0.06, "36.6", RESIDENT, {}),
]  # fmt: skip
# The visitor who filled in the form on her own phone comes last, a few minutes ago.
PASS_VISITOR = {"name": "林晓燕", "phone": "13761234567", "building": "7号楼", "room": "502"}

# Yesterday at 南门: (Shanghai time, °C, category, what the guard typed).
SOUTH_YESTERDAY = [
    ("07:12", "36.5", RESIDENT, {}),
    ("08:03", "36.3", RESIDENT, {}),
    ("09:31", "36.4", COURIER, {"name": "徐刚", "phone": "13816620937", **GREEN}),
    ("11:48", "37.8", COURIER, {"name": "蒋立新", "phone": "15216670218", **GREEN}),
    ("14:20", "36.6", VISITOR, {"name": "潘颖", "phone": "13918834276", **GREEN,
                                "building": "8号楼", "room": "203", "consent": True}),
    ("16:05", "36.2", RESIDENT, {}),
    ("18:40", "36.5", DOMESTIC, {"name": "朱秀兰", "phone": "13585620471", **GREEN,
                                 "building": "11号楼", "room": "1004", "consent": True}),
    ("20:10", "36.7", RESIDENT, {}),
]  # fmt: skip
HEALTH_CENTRE = "长宁区天山社区卫生服务中心"

# 湾流国际共享社区's lobby today: young tenants of the studios, food deliveries.
LOBBY_TODAY = [
    (0.90, "36.4", RESIDENT, {}),
    (0.72, "36.6", COURIER, {"name": "吴磊（美团）", "phone": "13162278830", **GREEN}),
    (0.55, "36.3", RESIDENT, {}),
    (0.40, "36.5", VISITOR, {"name": "邓思琪", "phone": "18621907735", **GREEN,
                             "building": "主楼", "room": "1716"}),  # the tenant did not answer
    (0.25, "36.7", RESIDENT, {}),
    (0.08, "36.5", COURIER, {"name": "何超（饿了么）", "phone": "15026615593", **GREEN}),
]  # fmt: skip

TEMPERATURES = ["36.4", "36.6", "36.5", "36.3", "36.7", "36.5", "36.2", "36.6"]


def member(company, role: str):
    """The demo's account by e-mail with this role in the company (guards by phone aside)."""
    return Membership.objects.get(company=company, role=role, user__email__isnull=False).user


def at_share(now: datetime.datetime, share: float) -> datetime.datetime:
    """A time today, `share` of the way back from now to the start of the busy day."""
    local = timezone.localtime(now, SHANGHAI)
    since_midnight = local - local.replace(hour=0, minute=0, second=0, microsecond=0)
    return now - min(since_midnight, BUSY_HOURS) * share


def at_clock(now: datetime.datetime, days_ago: int, clock: str) -> datetime.datetime:
    day = timezone.localdate(now, SHANGHAI) - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time.fromisoformat(clock), tzinfo=SHANGHAI)


def record(gate: Gate, at, temperature: str, category: str, typed: dict, *, by, **extra):
    """One entry as the guard's phone sends it, dated when it happened."""
    data = EntryIn(
        uuid=uuid.uuid4(),
        category=category,
        temperature=Decimal(temperature),
        recorded_at=at,
        **typed,
        **extra,
    )
    entry, _created = record_entry(gate, data, by=by, now=at)
    return entry


def readings_so_far(
    case: IsolationCase, now: datetime.datetime, *, since=None, skip=(), by
) -> None:
    """Morning and evening temperatures from the case's first day (or `since`) until now."""
    temperatures = cycle(TEMPERATURES)
    day = since or case.starts_on
    while day <= min(case.planned_end, timezone.localdate(now, SHANGHAI)):
        for period in (MORNING, EVENING):
            taken = datetime.datetime.combine(day, READ_AT[period], tzinfo=SHANGHAI)
            if taken <= now and (day, period) not in skip:
                record_reading(
                    case, on=day, period=period, temperature=Decimal(next(temperatures)), by=by
                )
        day += datetime.timedelta(days=1)


def last_due(now: datetime.datetime) -> tuple[datetime.date, str]:
    """The latest reading whose time has passed, so that leaving it out shows it overdue."""
    today = timezone.localdate(now, SHANGHAI)
    for day in (today, today - datetime.timedelta(days=1)):
        for period in (EVENING, MORNING):
            if now >= datetime.datetime.combine(day, DUE_BY[period], tzinfo=SHANGHAI):
                return day, period
    raise AssertionError("yesterday's evening reading is always due")


def opened(case: IsolationCase, at: datetime.datetime) -> None:
    """Date the case from when it was really opened, not from when the demo was loaded.

    The portal owes readings only from a case's opening, so without this every case of the
    demo would start with a clean slate.
    """
    IsolationCase.objects.filter(pk=case.pk).update(created_at=at)


def load_tianshan_gate(company, sites) -> None:
    """天山物业: a day at 南门, returnees in home isolation, 紫云小区 on level 1."""
    tianyi, ziyun, _yuping, zhongzi = sites
    manager = member(company, Role.MANAGER)
    site_manager = member(company, Role.SITE_MANAGER)
    guard = member(company, Role.GUARD)
    south = Gate.objects.get(site=tianyi, name="南门")
    now = timezone.now()
    today = timezone.localdate(now, SHANGHAI)

    def days_ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    # 紫云小区 went back to the February rules: couriers and estate agents stay outside.
    switch_level([ziyun], Level.LEVEL_1, by=manager)

    # 温州: came through 南门 five days ago and was registered by the committee the same day.
    wenzhou = {"name": "郑建平", "document": "330302197804120313", "phone": "13857731264",
               "building": "6号楼", "room": "803"}  # fmt: skip
    record(south, at_clock(now, 5, "15:40"), "36.5", RETURNING, wenzhou, by=guard)
    returnee, _created = register_returnee(
        tianyi,
        ReturneeIn(uuid=uuid.uuid4(), document_kind=DocumentKind.ID_CARD, came_from="浙江温州",
                   arrived_on=days_ago(5), committee_registered_on=days_ago(5), **wenzhou),
        by=guard,
    )  # fmt: skip
    wenzhou_case = returnee.isolation_case
    opened(wenzhou_case, at_clock(now, 5, "15:45"))
    # The round missed him last time: the portal shows that reading as overdue.
    readings_so_far(wenzhou_case, now, skip={last_due(now)}, by=site_manager)

    for clock, temperature, category, typed in SOUTH_YESTERDAY:
        entry = record(south, at_clock(now, 1, clock), temperature, category, typed, by=guard)
        if entry.outcome == Outcome.ESCALATE:
            hand_over(entry.escalation, to=HEALTH_CENTRE, by=manager)

    # Arrived from 武汉 late last night: told to register with the committee this morning.
    wuhan = {"name": "吴佳怡", "document": "341122199502140825", "phone": "18917436620",
             "building": "1号楼", "room": "1205"}  # fmt: skip
    record(south, at_clock(now, 1, "23:20"), "36.6", RETURNING, wuhan, by=guard)
    returnee, _created = register_returnee(
        tianyi,
        ReturneeIn(uuid=uuid.uuid4(), document_kind=DocumentKind.ID_CARD, came_from="湖北武汉",
                   arrived_on=days_ago(1), **wuhan),
        by=guard,
    )  # fmt: skip
    wuhan_case = returnee.isolation_case
    opened(wuhan_case, at_clock(now, 1, "23:25"))
    # The temperature taken at the gate on arrival counts as last night's reading.
    record_reading(
        wuhan_case, on=days_ago(1), period=EVENING, temperature=Decimal("36.6"), by=guard
    )
    readings_so_far(wuhan_case, now, since=today, by=site_manager)

    for share, temperature, category, typed in SOUTH_TODAY:
        record(south, at_share(now, share), temperature, category, typed, by=guard)
    visitor_pass = create_pass(
        south,
        PassIn(uuid=uuid.uuid4(), category=VISITOR, **PASS_VISITOR, **GREEN),
        source=PassSource.FORM,
        by=System("visitor_form"),
        language="zh-hans",
    )
    record(
        south, at_share(now, 0.02), "36.4", VISITOR, PASS_VISITOR, by=guard,
        consent=True, visitor_pass=visitor_pass, **GREEN,
    )  # fmt: skip
    # A Korean visitor registered on her phone and is on her way: the guard can look her up.
    create_pass(
        south,
        PassIn(uuid=uuid.uuid4(), category=VISITOR, name="金智媛", phone="+821012345678",
               building="12号楼", room="903", **GREEN),
        source=PassSource.FORM,
        by=System("visitor_form"),
        language="ko",
    )  # fmt: skip

    # Her husband came back from abroad; the health centre asked for home observation too,
    # and a longer one once he ran a fever.
    observation = place_under_observation(
        tianyi,
        ObservationIn(name="徐慧敏", building="11号楼", room="1004", phone="13774205518",
                      starts_on=days_ago(9), document_kind=DocumentKind.ID_CARD,
                      document="310105198703054045"),
        by=manager,
    )  # fmt: skip
    opened(observation, at_clock(now, 9, "09:00"))
    observation = extend_isolation(
        observation,
        until=observation.planned_end + datetime.timedelta(days=7),
        reason="同住家属发热送医，社区卫生服务中心要求延长居家观察 7 天",
        by=manager,
    )
    readings_so_far(observation, now, by=site_manager)

    # 中紫居民区 (古北): 152 of its 722 households are Japanese.
    tokyo = {"name": "佐藤健一", "document_kind": DocumentKind.PASSPORT, "document": "TK4821937",
             "phone": "+819087654321", "building": "15号楼", "room": "1202"}  # fmt: skip
    returnee, _created = register_returnee(
        zhongzi,
        ReturneeIn(uuid=uuid.uuid4(), came_from="日本东京", arrived_on=days_ago(3),
                   committee_registered_on=days_ago(3), **tokyo),
        by=manager,
    )  # fmt: skip
    tokyo_case = returnee.isolation_case
    opened(tokyo_case, at_clock(now, 3, "10:00"))
    readings_so_far(tokyo_case, now, by=manager)

    volunteer = DutyPerson.objects.get(name="李秀英")
    open_need(
        wenzhou_case, uuid=uuid.uuid4(), kind=NeedKind.WATER,
        details="桶装水 2 桶，放门口即可", by=site_manager,
    )  # fmt: skip
    groceries, _created = open_need(
        tokyo_case, uuid=uuid.uuid4(), kind=NeedKind.GROCERIES,
        details="蔬菜、鸡蛋、牛奶；会说简单中文，可用微信联系", by=manager,
    )  # fmt: skip
    assign_need(groceries, to=volunteer, by=manager)
    parcels, _created = open_need(
        observation, uuid=uuid.uuid4(), kind=NeedKind.PARCELS,
        details="北门快递柜 3 件", by=site_manager,
    )  # fmt: skip
    close_need(parcels, note="3 件快递已送到门口，电话告知业主", by=site_manager)
    open_need(wuhan_case, uuid=uuid.uuid4(), kind=NeedKind.RUBBISH, details="", by=site_manager)


def load_beihua_gate(company, sites) -> None:
    """北华置业: today's comings and goings at 湾流国际共享社区's lobby."""
    (wanliu,) = sites
    guard = member(company, Role.GUARD)
    lobby = Gate.objects.get(site=wanliu, name="大堂入口")
    now = timezone.now()
    for share, temperature, category, typed in LOBBY_TODAY:
        record(lobby, at_share(now, share), temperature, category, typed, by=guard)
