"""Fixtures that build on each other: company → site → users in each role → clients.

Two companies (alpha and beta) are created once per run, committed, from the real
template schema; everything else a test makes is rolled back with its transaction.
"""

import datetime
import zoneinfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone, translation
from django_tenants.utils import schema_context, tenant_context
from rest_framework.test import APIClient

from accounts.models import Membership, Role, User
from accounts.roles import ApiScope
from companies.models import Company
from companies.services import create_company, ensure_company_template, ensure_public_company
from guanjia.districts import District
from partners.services import create_api_key
from regulators.models import Regulator
from tenants.notices.models import NoticeKind
from tenants.notices.services.notices import create_notice, publish_notice
from tenants.rosters.models import DutyPersonKind
from tenants.rosters.services.people import create_duty_person
from tenants.rosters.services.rotas import create_rota
from tenants.rosters.services.shifts import create_shift
from tenants.sites.models import FacilityKind, ResponsibleUnitKind, SiteKind
from tenants.sites.services import create_site
from tenants.sites.services.gates import create_gate
from tenants.sites.services.places import (
    create_building,
    create_facility,
    create_responsible_unit,
)
from tests.cleaning.cleaning_fixtures import (  # noqa: F401  (cleaning fixtures, by name)
    area_a,
    area_b,
    cleaner,
    cleaner_a,
    cleaninglog_a,
    plantask_a,
)
from tests.gate.gate_api_helpers import records  # noqa: F401  (the gate API's rows, by name)
from tests.gate.gate_fixtures import (  # noqa: E402, F401  (fixtures of the gate, by name)
    entry_a,
    escalation_a,
    isolation_a,
    need_a,
    returnee_a,
    visitorpass_a,
)
from tests.sites.site_helpers import assign
from tests.workers import worker  # noqa: F401  (a real Celery worker, by name)

PUBLIC_HOST = "localhost"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Only ever into pytest-django's own test database, never the one DATABASE_URL names.
    assert connection.settings_dict["NAME"].startswith("test_"), connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        ensure_public_company(domain=PUBLIC_HOST)
        ensure_company_template()
        create_company(by=None, name="甲物业", slug="alpha", admin_email="founder@alpha.test")
        create_company(by=None, name="乙物业", slug="beta", admin_email="founder@beta.test")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Production hashing costs ~0.3 s a password by design; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def public_schema_first():
    # Each request leaves its company's schema on the connection until the next request,
    # as in production; a test starts from the public schema like a fresh request does.
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english():
    """Messages read in English: a module asks for it with `pytest.mark.usefixtures("english")`."""
    with translation.override("en"):
        yield


@pytest.fixture
def today() -> datetime.date:
    """Today in Shanghai, the day a gate's records count from."""
    return timezone.localdate()


@pytest.fixture
def company_a(db):
    return Company.objects.get(slug="alpha")


@pytest.fixture
def company_b(db):
    return Company.objects.get(slug="beta")


def host_of(company: Company) -> str:
    return company.get_primary_domain().domain


def make_site(company: Company, **fields):
    values = {
        "name": "天山天义小区",
        "kind": SiteKind.COMPOUND,
        "district": District.CHANGNING,
        "sub_district": "天山路街道",
        "address": "天山路 1000 弄",
        "households": 860,
        **fields,
    }
    with schema_context(company.schema_name):
        return create_site(by=None, **values)


@pytest.fixture
def site_a(company_a):
    return make_site(company_a)


@pytest.fixture
def site_b(company_b):
    return make_site(company_b, name="湾流国际共享社区", district=District.PUDONG, households=228)


@pytest.fixture
def make_member(db):
    def make(company: Company, role: str, email: str | None = None) -> User:
        email = email or f"{role}@{company.slug}.test"
        user = User.objects.create_user(email, PASSWORD, full_name=f"{company.name} {role}")
        Membership.objects.create(user=user, company=company, role=role)
        return user

    return make


@pytest.fixture
def manager_a(make_member, company_a):
    return make_member(company_a, Role.MANAGER)


@pytest.fixture
def guard_a(make_member, company_a):
    return make_member(company_a, Role.GUARD)


@pytest.fixture
def in_a(company_a):
    """Alpha's schema, with alpha itself as the tenant (its gate settings are read from it)."""
    with tenant_context(company_a):
        yield company_a


@pytest.fixture
def site_manager_a(make_member, company_a):
    """A site manager of alpha, assigned to no site until a test assigns one."""
    return make_member(company_a, Role.SITE_MANAGER)


@pytest.fixture
def outsider(make_member, company_b):
    """A manager of another company: has power, but not here."""
    return make_member(company_b, Role.MANAGER, email="outsider@beta.test")


@pytest.fixture
def member_a(make_member, company_a):
    """A guard's membership of alpha: the colleague whose account the People page changes."""
    user = make_member(company_a, Role.GUARD, email="colleague@alpha.test")
    return user.memberships.get(company=company_a)


@pytest.fixture
def mobilemember_a(company_a):
    """A guard of alpha whose login is a mobile number: the one a new sign-in code is for."""
    user = User.objects.create_user(None, full_name="王保安", phone="+8613900139000")
    return Membership.objects.create(user=user, company=company_a, role=Role.GUARD)


@pytest.fixture
def regulator(db):
    return Regulator.objects.create(name="上海市物业中心", districts=[District.CHANGNING])


@pytest.fixture
def regulator_user(regulator):
    return User.objects.create_user("inspector@shwy.test", PASSWORD, regulator=regulator)


@pytest.fixture
def client_for():
    """A browser on a company's host (or the platform host), signed in as `user` if given."""

    def make(company: Company | None = None, user: User | None = None) -> Client:
        client = Client(HTTP_HOST=host_of(company) if company else PUBLIC_HOST)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def manager(client_for, company_a, manager_a):
    """Alpha's manager, signed in to the portal."""
    return client_for(company_a, manager_a)


@pytest.fixture
def viewer(client_for, make_member, company_a):
    """A viewer of alpha, signed in to the portal: reads, changes nothing."""
    return client_for(company_a, make_member(company_a, Role.VIEWER))


@pytest.fixture
def site_manager(client_for, company_a, site_a, site_manager_a):
    """A site manager of alpha's first site only."""
    assign(company_a, site_a, site_manager_a)
    return client_for(company_a, site_manager_a)


@pytest.fixture
def api_for():
    """An API client on a company's host: signed in as a user, with an API key, or anonymous."""

    def make(company: Company, user: User | None = None, key: str | None = None) -> APIClient:
        client = APIClient(HTTP_HOST=host_of(company))
        if user is not None:
            client.force_login(user)
        if key is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
        return client

    return make


@pytest.fixture
def manager_api(api_for, company_a, manager_a):
    """Alpha's manager, signed in to the API."""
    return api_for(company_a, manager_a)


@pytest.fixture
def reader(api_for, api_key_for, company_a):
    """A partner app with a read-only key at alpha."""
    return api_for(company_a, key=api_key_for(company_a, ApiScope.READ))


@pytest.fixture
def writer(api_for, api_key_for, company_a):
    """A partner app with a read-write key at alpha."""
    return api_for(company_a, key=api_key_for(company_a, ApiScope.READ_WRITE))


@pytest.fixture
def phone(client_for, make_member, company_a, site_a):
    """A guard assigned to site_a, signed in on their phone."""
    guard = make_member(company_a, Role.GUARD)
    assign(company_a, site_a, guard)
    return client_for(company_a, guard)


@pytest.fixture
def api_key_for(db):
    def make(company: Company, scope: str) -> str:
        return create_api_key(
            company=company, name=f"{scope} partner", scope=scope, by=None
        ).plaintext

    return make


# Gates and rosters: site → gate → person on duty → shift, in company alpha unless told.

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def shanghai(year, month, day, hour=0, minute=0) -> datetime.datetime:
    """An aware Shanghai time, as people at the gate read it."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def make_gate(company: Company, site, **fields):
    with schema_context(company.schema_name):
        return create_gate(site, by=None, **{"name": "南门", **fields})


def make_person(company: Company, **fields):
    with schema_context(company.schema_name):
        return create_duty_person(
            by=None,
            company=company,
            **{"kind": DutyPersonKind.VOLUNTEER, "name": "李志愿", **fields},
        )


def make_shift(company: Company, gate, person, starts_at, ends_at, **fields):
    with schema_context(company.schema_name):
        return create_shift(
            by=None, gate=gate, person=person, starts_at=starts_at, ends_at=ends_at, **fields
        )


@pytest.fixture
def gate_a(company_a, site_a):
    return make_gate(company_a, site_a)


@pytest.fixture
def gate_b(company_b, site_b):
    return make_gate(company_b, site_b, name="北门")


@pytest.fixture
def other_site(company_a):
    """A second site of alpha, to which no site manager is assigned."""
    return make_site(company_a, name="紫云小区")


@pytest.fixture
def other_gate(company_a, other_site):
    """The gate of alpha's second site."""
    return make_gate(company_a, other_site, name="东门")


@pytest.fixture
def person_a(company_a):
    return make_person(company_a)


@pytest.fixture
def night_guard(company_a):
    """A second person on alpha's roster, for the night shifts."""
    return make_person(company_a, name="王保安")


@pytest.fixture
def phoneperson_a(company_a):
    """Someone on alpha's roster with a mobile number and no login: the one given a login."""
    return make_person(company_a, name="赵门卫", phone="13700137000")


@pytest.fixture
def person_b(company_b):
    return make_person(company_b, name="朴志愿")


@pytest.fixture
def shift_a(company_a, gate_a, person_a):
    return make_shift(
        company_a, gate_a, person_a, shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6)
    )


@pytest.fixture
def shift_b(company_b, gate_b, person_b):
    return make_shift(
        company_b, gate_b, person_b, shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6)
    )


@pytest.fixture
def building_a(company_a, site_a):
    with schema_context(company_a.schema_name):
        return create_building(site_a, by=None, name="1号楼", units=120)


@pytest.fixture
def facility_a(company_a, site_a):
    with schema_context(company_a.schema_name):
        return create_facility(site_a, by=None, kind=FacilityKind.LIFT, location="1号楼 东侧")


@pytest.fixture
def unit_a(company_a, site_a):
    with schema_context(company_a.schema_name):
        return create_responsible_unit(
            site_a, by=None, name="天山路派出所", kind=ResponsibleUnitKind.POLICE_STATION
        )


@pytest.fixture
def rota_a(company_a, site_a, gate_a, person_a):
    with schema_context(company_a.schema_name):
        others = [make_person(company_a, name=name) for name in ("王保安", "张保安")]
        return create_rota(
            site_a,
            by=None,
            name="三班倒",
            gates=[gate_a],
            slots=[["06:00", "14:00"], ["14:00", "22:00"], ["22:00", "06:00"]],
            people=[person_a, *others],
            starts_on=datetime.date(2026, 12, 1),
        )


# Notices: a published four-language notice at alpha's site, and one at beta's.

NOTICE_TITLE = {"zh-hans": "防疫温馨提示", "en": "Prevention reminders", "ja": "感染予防のお願い",
                "ko": "방역 안내"}  # fmt: skip
NOTICE_BODY = {
    "zh-hans": "请全程佩戴口罩。\n\n- 进门测温\n- 出示随申码",
    "en": "Wear a mask at all times.\n\n- Temperature check at the gate\n- Show the health code",
    "ja": "マスクを必ず着用してください。\n\n- 門で検温\n- 健康コードを提示",
    "ko": "반드시 마스크를 착용하십시오.\n\n- 출입구에서 체온 측정\n- 건강코드 제시",
}


def make_notice(company: Company, site, *, publish=True, **fields):
    """A four-language prevention notice at `site`, published unless told otherwise."""
    with schema_context(company.schema_name):
        values = {"kind": NoticeKind.PREVENTION, "title": NOTICE_TITLE, "body": NOTICE_BODY,
                  "sites": [site], "valid_from": datetime.date(2026, 11, 1), **fields}  # fmt: skip
        notice = create_notice(by=None, **values)
        return publish_notice(notice, by=None) if publish else notice


@pytest.fixture
def notice_a(company_a, site_a):
    return make_notice(company_a, site_a)


@pytest.fixture
def notice_b(company_b, site_b):
    return make_notice(company_b, site_b, title={**NOTICE_TITLE, "zh-hans": "乙公司的通知"})
