"""Cleaning areas, plans and logs in company alpha (and one area in beta), for the permission
table and the cleaning tests.

Imported by tests/conftest.py so that `{area}`, `{plantask}` and `{cleaninglog}` in the
permission table's URLs find an object of alpha (`<name>_a`).
"""

import datetime
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts.models import Role
from companies.models import Company
from tenants.cleaning.models import FrequencyChoice, TaskKind
from tenants.cleaning.services.areas import create_area
from tenants.cleaning.services.logs import LogIn, record_log
from tenants.cleaning.services.plans import add_task
from tenants.sites.models import FacilityKind
from tests.sites.site_helpers import assign


def make_area(company: Company, site, **fields):
    values = {"kind": FacilityKind.STAIRWELL, "name": "3号楼 楼道", **fields}
    with schema_context(company.schema_name):
        return create_area(site, by=None, **values)


def make_task(company: Company, area, *, valid_from=None, **fields):
    values = {
        "kind": TaskKind.DISINFECT,
        "frequency": FrequencyChoice.FIXED_TIMES,
        "times": ["08:00", "14:00", "20:00"],
        "agent": "含氯消毒液",
        "concentration": "500 mg/L",
        "contact_minutes": 30,
        **fields,
    }
    # A plan made a day ago, so today's slots are all in force.
    valid_from = valid_from or timezone.now() - datetime.timedelta(days=1)
    with schema_context(company.schema_name):
        return add_task(area, by=None, now=valid_from, **values)


def make_log(company: Company, area, *, by=None, task=None, now=None, **fields):
    """A log recorded through the service, in the company (its late setting is read)."""
    data = LogIn(uuid=fields.pop("uuid", uuid.uuid4()), area=area, task=task, **fields)
    if task is None and "kind" not in fields:
        data = LogIn(**{**data.__dict__, "kind": TaskKind.DISINFECT})
    with tenant_context(company):
        log, _created = record_log(data, by=by, now=now)
    return log


@pytest.fixture
def area_a(company_a, site_a):
    return make_area(company_a, site_a)


@pytest.fixture
def area_b(company_b, site_b):
    return make_area(company_b, site_b, name="乙公司 楼道")


@pytest.fixture
def plantask_a(company_a, area_a):
    return make_task(company_a, area_a)


@pytest.fixture
def cleaninglog_a(company_a, area_a, plantask_a):
    return make_log(company_a, area_a, task=plantask_a)


@pytest.fixture
def cleaner_a(make_member, company_a, site_a):
    """A cleaner who works at site_a."""
    user = make_member(company_a, Role.CLEANER)
    assign(company_a, site_a, user)
    return user


@pytest.fixture
def cleaner(client_for, company_a, cleaner_a):
    """The cleaner of site_a, signed in on their phone."""
    return client_for(company_a, cleaner_a)
