"""Rows of the gate in company alpha for the permission table and the gate's tests.

Imported by tests/conftest.py so that `{entry}`, `{escalation}`, `{isolation}`, `{need}`,
`{returnee}` and `{visitorpass}` placeholders resolve to `<name>_a` fixtures.
"""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.services.isolation import ReturneeIn, register_returnee
from tenants.gate.services.needs import open_need
from tenants.gate.services.passes import PassIn, create_pass

VALID_ID = "11010519491231002X"


def make_entry(company, gate, *, temperature="36.6", **fields):
    values = {"category": "visitor", "name": "李访客", "phone": "13812345678",
              "building": "3", "room": "201", "consent": True, "health_code": "green", **fields}  # fmt: skip
    with schema_context(company.schema_name):
        entry, _created = record_entry(
            gate,
            EntryIn(uuid=uuid.uuid4(), temperature=Decimal(temperature), **values),
            by=None,
        )
        return entry


def make_returnee(company, site, **fields):
    values = {"name": "王归沪", "document_kind": "id_card", "document": VALID_ID,
              "phone": "13912345678", "building": "5", "room": "302", "came_from": "武汉",
              "arrived_on": timezone.localdate() - datetime.timedelta(days=2), **fields}  # fmt: skip
    with schema_context(company.schema_name):
        returnee, _created = register_returnee(
            site, ReturneeIn(uuid=uuid.uuid4(), **values), by=None
        )
        return returnee


@pytest.fixture
def entry_a(company_a, gate_a):
    return make_entry(company_a, gate_a)


@pytest.fixture
def escalation_a(company_a, gate_a):
    return make_entry(company_a, gate_a, temperature="37.8").escalation


@pytest.fixture
def returnee_a(company_a, site_a):
    return make_returnee(company_a, site_a)


@pytest.fixture
def isolation_a(company_a, returnee_a):
    with schema_context(company_a.schema_name):
        return returnee_a.isolation_case


@pytest.fixture
def need_a(company_a, isolation_a):
    with schema_context(company_a.schema_name):
        need, _created = open_need(
            isolation_a, uuid=uuid.uuid4(), kind="water", details="两桶水", by=None
        )
        return need


@pytest.fixture
def visitorpass_a(company_a, gate_a):
    with schema_context(company_a.schema_name):
        return create_pass(
            gate_a,
            PassIn(
                uuid=uuid.uuid4(),
                category="visitor",
                name="山田花子",
                phone="+819012345678",
                building="3",
                room="201",
                health_code="green",
            ),  # fmt: skip
            source="api",
            by=None,
        )
