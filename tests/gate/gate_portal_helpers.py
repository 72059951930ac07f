"""What the tests of the managers' gate pages share: messages as the page shows them, the state
the pages can change, and entries and observations made directly through the services.

The signed-in clients (`manager`, `viewer`, `site_manager`) and the second site (`other_site`,
`other_gate`) are fixtures in tests/conftest.py.
"""

import datetime
import uuid
from decimal import Decimal
from html import escape

from django.utils import timezone, translation
from django.utils.formats import date_format
from django_tenants.utils import schema_context

from companies.models import Company
from tenants.gate.models import (
    Entry,
    EntryPolicy,
    EscalationCase,
    IsolationCase,
    NeedRequest,
    PersonalDataView,
    PolicyChange,
    TemperatureReading,
)
from tenants.gate.policy import Category
from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.services.isolation import ObservationIn, place_under_observation
from tests.gate.gate_fixtures import VALID_ID
from tests.sites.site_helpers import in_language

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
RETURNING = {"category": "returning", "name": "陈归沪", "document_kind": "id_card",
             "document": VALID_ID, "phone": "13812345678", "building": "2", "room": "1103"}  # fmt: skip
POLICY_FORM = {**{f"rule_{category}": "consent" for category in Category.values},
               "rule_resident": "allowed", "rule_returning": "allowed", "rule_courier": "allowed",
               "rule_renovation": "filing", "rule_agent": "refused", "threshold": "37.3",
               "green_code_required": "on", "travel_reported": "on"}  # fmt: skip


def zh(message: str, **values) -> str:
    """A message as the portal's default (Chinese) reader sees it, escaped like the page."""
    return escape(in_language("zh-hans", message, **values))


def zh_date(day: datetime.date) -> str:
    with translation.override("zh-hans"):
        return date_format(day, "SHORT_DATE_FORMAT")


def reload(company, obj):
    with schema_context(company.schema_name):
        return type(obj).objects.get(pk=obj.pk)


def rows(company, model, **filters) -> list:
    with schema_context(company.schema_name):
        return list(model.objects.filter(**filters))


def page_after(client, response) -> str:
    """The page a successful form redirects to, with its message."""
    assert response.status_code == 302, response.content[:500]
    return client.get(response["Location"]).content.decode()


def state(company) -> dict:
    """Everything the gate pages can change, to check that a refused request changed nothing."""
    with schema_context(company.schema_name):
        return {
            "policies": list(EntryPolicy.objects.values_list("site", "level", "rules", "threshold")),
            "policy_changes": PolicyChange.objects.count(),
            "escalations": list(EscalationCase.objects.values_list("pk", "status").order_by("pk")),
            "cases": list(IsolationCase.objects.values_list("pk", "status", "starts_on",
                                                            "planned_end").order_by("pk")),
            "readings": TemperatureReading.objects.count(),
            "needs": list(NeedRequest.objects.values_list("pk", "status", "assigned_to")
                          .order_by("pk")),
            "views": PersonalDataView.objects.count(),
            "settings": Company.objects.values_list("isolation_days", "retention_days")
            .get(pk=company.pk),
        }  # fmt: skip


def record(company, gate, *, by=None, **fields) -> Entry:
    """An entry recorded by a guard (`by`), e.g. with an override."""
    values = {"category": "visitor", "name": "李访客", "phone": "13812345678", "building": "3",
              "room": "201", "health_code": "green", **fields}  # fmt: skip
    with schema_context(company.schema_name):
        entry, _created = record_entry(
            gate, EntryIn(uuid=uuid.uuid4(), temperature=Decimal("36.6"), **values), by=by
        )
        return entry


def observe(company, site, *, name="刘观察", starts_on=None, **fields) -> IsolationCase:
    data = {"name": name, "building": "7", "room": "502", "phone": "13712345678",
            "starts_on": starts_on or TODAY, **fields}  # fmt: skip
    with schema_context(company.schema_name):
        return place_under_observation(site, ObservationIn(**data), by=None)
