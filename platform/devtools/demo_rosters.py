"""Demo gates, buildings, facilities and rosters, after the figures of ../shared/domain.md.

Tianshan kept 19 of 55 entrances open, staffed around the clock; the demo keeps a few of each
kind, a shared site (玉屏小区) where another company staffs a gate, and one deliberate gap on
the roster so the board and the home page show what a gap looks like.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from accounts.sign_in_codes import redeem_sign_in_code
from devtools.demo_logins import DEMO_PIN
from guanjia.actors import System
from tenants.rosters.models import DutyPersonKind, Shift
from tenants.rosters.services.alerts import refresh_gap_alerts
from tenants.rosters.services.people import create_duty_person, give_login
from tenants.rosters.services.rotas import create_rota, generate_shifts
from tenants.rosters.times import week_of
from tenants.sites.models import FacilityKind, GateStatus, ResponsibleUnitKind
from tenants.sites.services.gates import create_gate
from tenants.sites.services.places import (
    create_building,
    create_facility,
    create_responsible_unit,
)

THREE_SHIFTS = [["06:00", "14:00", 1], ["14:00", "22:00", 1], ["22:00", "06:00", 1]]
HELPERS = [
    ("王建国", DutyPersonKind.PAID_GUARD, "13916000001"),
    ("李秀英", DutyPersonKind.VOLUNTEER, "13916000002"),
    ("张伟", DutyPersonKind.TASK_FORCE, "13916000003"),
    ("刘洋", DutyPersonKind.PAID_GUARD, "13916000004"),
    ("陈静", DutyPersonKind.VOLUNTEER, "13916000005"),
    ("杨磊", DutyPersonKind.PAID_GUARD, "13916000006"),
    ("赵敏", DutyPersonKind.TASK_FORCE, "13916000007"),
    ("孙丽", DutyPersonKind.VOLUNTEER, "13916000008"),
    ("周强", DutyPersonKind.PAID_GUARD, "13916000009"),
]


def load_tianshan(company, sites, *, by, guard: User) -> None:
    """天山物业: gates of 天山天义小区 on a rota, closed side gates, a shared 玉屏小区."""
    tianyi, _ziyun, yuping, _zhongzi = sites
    south = create_gate(
        tianyi,
        by=by,
        name="南门",
        staffing_rules=[{"from": "22:00", "until": "06:00", "minimum": 2}],
    )
    north = create_gate(tianyi, by=by, name="北门", opening_hours=[["06:00", "22:00"]])
    create_gate(
        tianyi, by=by, name="西门", status=GateStatus.CLOSED, reason="小包围：只留南门、北门"
    )
    create_gate(tianyi, by=by, name="东侧门", status=GateStatus.SEALED, reason="封闭，张贴告示")
    for number in range(1, 13):
        create_building(tianyi, by=by, name=f"{number}号楼", units=72)
    for kind, location in (
        (FacilityKind.LIFT, "1–12号楼 电梯"),
        (FacilityKind.RUBBISH_ROOM, "南门内 垃圾厢房"),
        (FacilityKind.GARAGE, "地下车库"),
        (FacilityKind.PARCEL_POINT, "北门 快递柜"),
    ):
        create_facility(tianyi, by=by, kind=kind, location=location)
    create_responsible_unit(
        tianyi, by=by, name="天山路派出所", kind=ResponsibleUnitKind.POLICE_STATION,
        contact="社区民警 周警官 021-62590000",
    )  # fmt: skip
    create_responsible_unit(
        tianyi, by=by, name="天义居委会", kind=ResponsibleUnitKind.NEIGHBOURHOOD_COMMITTEE,
        contact="钱主任 021-62591111",
    )  # fmt: skip
    yuping_gate = create_gate(yuping, by=by, name="1号门")
    create_gate(yuping, by=by, name="2号门", responsible=False)

    people = [create_duty_person(by=by, company=company, user=guard, phone="13816000000")]
    people += [
        create_duty_person(by=by, company=company, name=name, kind=kind, phone=phone)
        for name, kind, phone in HELPERS
    ]
    today = timezone.localdate()
    # Start the day before this week so that Monday's small hours are covered too.
    first = week_of(today)[0] - datetime.timedelta(days=1)
    # South gate: three 8-hour shifts and a second person at night; north gate: two by day.
    south_rota = create_rota(
        tianyi, by=by, name="南门 三班倒", gates=[south],
        slots=[["06:00", "14:00", 1], ["14:00", "22:00", 1], ["22:00", "06:00", 2]],
        people=people[:5], starts_on=first,
    )  # fmt: skip
    north_rota = create_rota(
        tianyi, by=by, name="北门 两班", gates=[north],
        slots=[["06:00", "14:00", 1], ["14:00", "22:00", 1]],
        people=people[5:8], starts_on=first,
    )  # fmt: skip
    yuping_rota = create_rota(
        yuping, by=by, name="1号门 两班倒", gates=[yuping_gate],
        slots=[["08:00", "20:00", 1], ["20:00", "08:00", 1]],
        people=people[8:], starts_on=first,
    )  # fmt: skip
    for rota in (south_rota, north_rota, yuping_rota):
        generate_shifts(rota, by=by, first=first, last=first + datetime.timedelta(days=15))
    # Someone called in sick for tomorrow night and nobody covers yet: the board shows the
    # gap in red and the managers' home page shows its alert.
    tomorrow_night = (
        Shift.objects.filter(gate=south, starts_at__date=today + datetime.timedelta(days=1))
        .order_by("-starts_at")
        .first()
    )
    tomorrow_night.absent = True
    tomorrow_night.note = "病假"
    tomorrow_night.save(update_fields=["absent", "note"])
    refresh_gap_alerts(by=System("refresh_gap_alerts"))
    give_demo_logins(company, people[1:], by=by)


def give_demo_logins(company, people, *, by) -> None:
    """Every guard on the rosters gets a login by mobile number and signs in with the demo PIN."""
    for person in people:
        login = give_login(person, company=company, by=by)
        redeem_sign_in_code(
            phone=person.phone, code=login.issued.code, password=DEMO_PIN, company=company
        )


def load_beihua(company, sites, *, by) -> None:
    """北华置业: 湾流国际共享社区, 228 studios and one shared kitchen for the building."""
    (wanliu,) = sites
    create_gate(wanliu, by=by, name="大堂入口")
    create_building(wanliu, by=by, name="主楼", units=228)
    create_facility(
        wanliu, by=by, kind=FacilityKind.SHARED_KITCHEN, location="2层 共享厨房",
        opening_hours=[["06:30", "09:00"], ["11:00", "13:30"], ["17:00", "20:30"]],
    )  # fmt: skip
