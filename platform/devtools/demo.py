"""Demo data from ../shared/domain.md: two companies, their sites, a user per role, a regulator."""

from django.db import transaction
from django_tenants.utils import schema_context

from accounts.memberships import add_membership
from accounts.models import User
from companies.models import Company
from companies.services import create_company
from devtools.demo_cleaning import load_beihua_cleaning, load_tianshan_cleaning
from devtools.demo_gate import load_beihua_gate, load_tianshan_gate
from devtools.demo_logins import COMPANY_ROLES, DEMO_NAMES, DEMO_PASSWORD
from devtools.demo_notices import load_beihua_notices, load_tianshan_notices
from devtools.demo_rosters import load_beihua, load_tianshan
from guanjia.actors import System
from guanjia.districts import District
from regulators.models import Regulator
from tenants.sites.models import SiteKind
from tenants.sites.services import create_site

LOAD_DEMO = System("load_demo")

COMPANIES = [
    {
        "slug": "tianshan",
        "name": "天山物业",
        "sites": [
            (
                "天山天义小区",
                SiteKind.COMPOUND,
                District.CHANGNING,
                "天山路街道",
                "天山路 1000 弄",
                860,
            ),
            (
                "紫云小区",
                SiteKind.COMPOUND,
                District.CHANGNING,
                "天山路街道",
                "紫云路 300 弄",
                1240,
            ),
            (
                "玉屏小区",
                SiteKind.COMPOUND,
                District.CHANGNING,
                "仙霞新村街道",
                "玉屏南路 500 弄",
                640,
            ),
            (
                "中紫居民区",
                SiteKind.COMPOUND,
                District.CHANGNING,
                "虹桥街道",
                "古北路 1500 弄",
                722,
            ),
        ],
    },
    {
        "slug": "beihua",
        "name": "北华置业",
        "sites": [
            (
                "湾流国际共享社区",
                SiteKind.APARTMENT_BUILDING,
                District.PUDONG,
                "北蔡镇",
                "莲园路 88 号",
                228,
            ),
        ],
    },
]


def email_for(role: str, slug: str) -> str:
    return f"{role.replace('_', '')}@{slug}.demo"


def set_demo_password(user: User, full_name: str) -> None:
    user.full_name = full_name
    user.set_password(DEMO_PASSWORD)
    user.save()


@transaction.atomic
def load() -> bool:
    """Load the demo once; returns False when it is already there."""
    if Company.objects.filter(slug="tianshan").exists():
        return False
    User.objects.create_superuser("admin@guanjia.demo", DEMO_PASSWORD, full_name="平台管理员")
    regulator = Regulator.objects.create(
        name="上海市物业中心", districts=[District.CHANGNING, District.PUDONG]
    )
    inspector = User.objects.create_user("inspector@shwy.demo", DEMO_PASSWORD, regulator=regulator)
    set_demo_password(inspector, "市物业中心 检查员")
    for spec in COMPANIES:
        company = create_company(
            name=spec["name"],
            slug=spec["slug"],
            admin_email=email_for("manager", spec["slug"]),
            by=LOAD_DEMO,
        )
        for role in COMPANY_ROLES:
            user = User.objects.get_or_create_by_email(email_for(role, spec["slug"]))
            set_demo_password(user, DEMO_NAMES[spec["slug"]][role])
            add_membership(user=user, company=company, role=role, by=LOAD_DEMO)
        # The company's manager set it up: its history names them, not the platform's admin.
        manager = User.objects.get(email=email_for("manager", spec["slug"]))
        with schema_context(company.schema_name):
            sites = [
                create_site(
                    by=manager, name=name, kind=kind, district=district,
                    sub_district=sub_district, address=address, households=households,
                )
                for name, kind, district, sub_district, address, households in spec["sites"]
            ]  # fmt: skip
            site_manager = User.objects.get(email=email_for("site_manager", spec["slug"]))
            sites[0].assigned_users.add(site_manager)
            # Each company's guard records at its first site's gates.
            guard = User.objects.get(email=email_for("guard", spec["slug"]))
            sites[0].assigned_users.add(guard)
            if spec["slug"] == "tianshan":
                load_tianshan(company, sites, by=manager, guard=guard)
                load_tianshan_notices(sites, by=manager)
                load_tianshan_gate(company, sites)
                load_tianshan_cleaning(company, sites)
            else:
                load_beihua(company, sites, by=manager)
                load_beihua_notices(sites, by=manager)
                load_beihua_gate(company, sites)
                load_beihua_cleaning(company, sites)
    return True
