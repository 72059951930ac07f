"""What the gate API tests share: people's numbers, one of every gate record, every endpoint.

`records` (a fixture, imported by tests/conftest.py) makes one of everything at alpha's site;
`READS` and `WRITES` list every gate endpoint with a well-formed body whose placeholders `fill`
replaces; `gate_state` is everything a gate request could change, to show that a refused one
changed nothing; `answers` is what one caller learns from every endpoint.
"""

import datetime
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from tenants.gate.models import (
    Entry,
    EntryPolicy,
    EscalationCase,
    IsolationCase,
    NeedRequest,
    PersonalDataView,
    Returnee,
    TemperatureReading,
    VisitorPass,
)
from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.services.isolation import ReturneeIn, record_reading, register_returnee
from tenants.gate.services.needs import open_need
from tenants.gate.services.passes import PassIn, create_pass
from tests.api_helpers import field_errors, listed

DAY = datetime.timedelta(days=1)

# The entrant's numbers, the returnee's, the visitor's and those of someone under observation:
# all different, so that no record is mistaken for another person's isolation.
ID_NUMBER, ID_MASKED = "11010519491231002X", "110***********002X"
BAD_CHECK_DIGIT = "110105194912310021"
PHONE, PHONE_MASKED = "13812345678", "138****5678"
RETURNEE_ID, RETURNEE_ID_MASKED = "310105199201014566", "310***********4566"
RETURNEE_PHONE, RETURNEE_PHONE_MASKED = "13912340001", "139****0001"
VISITOR_PHONE, VISITOR_PHONE_MASKED = "15000001234", "150****1234"
OBSERVED_PHONE, OBSERVED_PHONE_MASKED = "13687654321", "136****4321"
LANDLINE = "02162345678"


def today() -> datetime.date:
    return timezone.localdate()


def gate_state(company) -> dict:
    """Everything a gate request could change in the company, as plain values."""
    with schema_context(company.schema_name):
        return {
            "entries": sorted(Entry.objects.values_list("pk", "outcome")),
            "passes": sorted(VisitorPass.objects.values_list("pk", "code")),
            "returnees": sorted(Returnee.objects.values_list("pk", flat=True)),
            "cases": sorted(IsolationCase.objects.values_list("pk", "status", "planned_end")),
            "readings": sorted(TemperatureReading.objects.values_list("pk", "temperature")),
            "needs": sorted(NeedRequest.objects.values_list("pk", "status", "assigned_to")),
            "escalations": sorted(EscalationCase.objects.values_list("pk", "status")),
            "policies": sorted(EntryPolicy.objects.values_list("site", "level")),
            "views": PersonalDataView.objects.count(),
        }


def rows(company, model) -> list:
    with schema_context(company.schema_name):
        return list(model.objects.order_by("pk"))


def entry_in(**fields) -> EntryIn:
    values = {"uuid": uuid.uuid4(), "category": "resident", "temperature": Decimal("36.5")}
    return EntryIn(**{**values, **fields})


def record(company, gate, **fields) -> Entry:
    with schema_context(company.schema_name):
        return record_entry(gate, entry_in(**fields), by=None)[0]


def returnee_in(**fields) -> ReturneeIn:
    values = {"uuid": uuid.uuid4(), "name": "陈先生", "document_kind": "id_card",
              "document": RETURNEE_ID, "phone": RETURNEE_PHONE, "building": "5号楼",
              "room": "302", "came_from": "武汉", "arrived_on": today() - 2 * DAY}  # fmt: skip
    return ReturneeIn(**{**values, **fields})


@pytest.fixture
def records(company_a, site_a, gate_a, person_a, manager_a):
    """One of everything at alpha's site: an entry with numbers, a fever, a pass, a returnee…"""
    with tenant_context(company_a):
        entry = record_entry(
            gate_a,
            entry_in(category="returning", name="王先生", document=ID_NUMBER, phone=PHONE,
                     building="3号楼", room="1201"),
            by=None,
        )[0]  # fmt: skip
        fever = record_entry(gate_a, entry_in(temperature=Decimal("38.2")), by=None)[0]
        visitor_pass = create_pass(
            gate_a,
            PassIn(uuid=uuid.uuid4(), category="visitor", name="赵女士", phone=VISITOR_PHONE,
                   building="3号楼", room="1201", health_code="green"),
            source="api", by=None,
        )  # fmt: skip
        returnee = register_returnee(site_a, returnee_in(), by=None)[0]
        case = IsolationCase.objects.get(returnee=returnee)
        reading = record_reading(
            case, on=today() - DAY, period="morning", temperature=Decimal("36.4"), by=manager_a
        )[0]
        need = open_need(case, uuid=uuid.uuid4(), kind="water", details="两桶水", by=None)[0]
        escalation = EscalationCase.objects.get(entry=fever)
    return SimpleNamespace(
        site=site_a.pk, gate=gate_a.pk, person=person_a.pk, entry=entry.pk, fever=fever.pk,
        visitor_pass=visitor_pass.pk, code=visitor_pass.code, returnee=returnee.pk,
        case=case.pk, reading=reading.pk, need=need.pk, escalation=escalation.pk,
        uuids={"entry": str(entry.uuid), "pass": str(visitor_pass.uuid),
               "returnee": str(returnee.uuid), "need": str(need.uuid)},
    )  # fmt: skip


NOTHING = {"entries": [], "passes": [], "returnees": [], "cases": [], "readings": [], "needs": [],
           "escalations": [], "policies": [], "views": 0}  # fmt: skip

# Every gate endpoint, with a well-formed request body.
# "{name}" is an id from `records`; "{uuid}" a fresh id made by the app.

READS = [
    "/api/v1/entries/",
    "/api/v1/entries/{entry}/",
    "/api/v1/visitor-passes/",
    "/api/v1/visitor-passes/{visitor_pass}/",
    "/api/v1/returnees/",
    "/api/v1/returnees/{returnee}/",
    "/api/v1/isolation-cases/",
    "/api/v1/isolation-cases/{case}/",
    "/api/v1/temperature-readings/",
    "/api/v1/needs/",
    "/api/v1/needs/{need}/",
    "/api/v1/escalations/",
    "/api/v1/escalations/{escalation}/",
    "/api/v1/sites/{site}/entry-policy/",
]
ENTRY = {"uuid": "{uuid}", "gate": "{gate}", "category": "resident", "temperature": 36.5}
PASS = {"uuid": "{uuid}", "gate": "{gate}", "category": "visitor", "name": "赵女士",
        "phone_number": VISITOR_PHONE, "building": "3号楼", "room": "1201",
        "health_code": "green", "key_region_travel": False}  # fmt: skip
RETURNEE = {"uuid": "{uuid}", "site": "{site}", "name": "陈先生", "document_number": RETURNEE_ID,
            "phone_number": RETURNEE_PHONE, "building": "5号楼", "room": "302",
            "came_from": "武汉", "arrived_on": "{yesterday}"}  # fmt: skip
OBSERVATION = {"site": "{site}", "name": "刘阿姨", "building": "2号楼", "room": "101",
               "phone_number": OBSERVED_PHONE, "starts_on": "{yesterday}"}  # fmt: skip
WRITES = [
    ("/api/v1/entries/", ENTRY),
    ("/api/v1/entries/{entry}/reveal/", None),
    ("/api/v1/visitor-passes/", PASS),
    ("/api/v1/returnees/", RETURNEE),
    ("/api/v1/returnees/{returnee}/reveal/", None),
    ("/api/v1/isolation-cases/", OBSERVATION),
    ("/api/v1/isolation-cases/{case}/extend/", {"until": "{in_a_month}", "reason": "家属发热"}),
    ("/api/v1/isolation-cases/{case}/end/", {"on": "{today}", "reason": "转运", "transferred": True}),
    ("/api/v1/isolation-cases/{case}/reveal/", None),
    ("/api/v1/temperature-readings/",
     {"case": "{case}", "taken_on": "{today}", "period": "evening", "temperature": 38.0}),
    ("/api/v1/needs/", {"uuid": "{uuid}", "case": "{case}", "kind": "groceries", "details": "蔬菜"}),
    ("/api/v1/needs/{need}/assign/", {"assigned_to": "{person}"}),
    ("/api/v1/needs/{need}/close/", {"note": "已送到门口"}),
    ("/api/v1/escalations/{escalation}/hand-over/", {"to": "天山社区卫生服务中心"}),
    ("/api/v1/escalations/{escalation}/close/", {"note": "排除"}),
    ("/api/v1/sites/{site}/entry-policy/level/", {"level": "level_1"}),
]  # fmt: skip
WRITE_PARAMS = [pytest.param(url, body, id=url) for url, body in WRITES]


def fill(value, records):
    """A URL or body with the placeholders replaced by ids, dates and fresh uuids."""
    if isinstance(value, dict):
        return {key: fill(item, records) for key, item in value.items()}
    if not isinstance(value, str):
        return value
    dates = {"today": today(), "yesterday": today() - DAY, "in_a_month": today() + 30 * DAY}
    names = {**vars(records), **{name: day.isoformat() for name, day in dates.items()}}
    if value == "{uuid}":
        return str(uuid.uuid4())
    if value.startswith("{") and value.endswith("}") and value[1:-1] in names:
        return names[value[1:-1]]
    return value.format(**names) if "{" in value else value


# A create naming a gate, site or case the caller cannot see is refused on that field.
CREATE_FIELD = {"/api/v1/entries/": "gate", "/api/v1/visitor-passes/": "gate",
                "/api/v1/returnees/": "site", "/api/v1/isolation-cases/": "site",
                "/api/v1/temperature-readings/": "case", "/api/v1/needs/": "case"}  # fmt: skip


def answer(response) -> tuple:
    """What a caller learns: the status, and the ids of a list or the fields of a refusal."""
    if response.status_code == 400:
        return (400, sorted(field_errors(response)))
    if response.status_code == 200 and "results" in response.json():
        return (200, listed(response))
    return (response.status_code,)


def answers(api, records) -> dict:
    """The answer of every gate endpoint to this caller."""
    found = {("GET", url): answer(api.get(fill(url, records))) for url in READS}
    for url, body in WRITES:
        response = api.post(fill(url, records), fill(body, records), format="json")
        found["POST", url] = answer(response)
    return found


def expected_answers(*, reveal: int) -> dict:
    """The answers of a caller who sees none of the records: empty lists, 404 for each row."""
    expected = {("GET", url): (200, []) if "{" not in url else (404,) for url in READS}
    for url, _body in WRITES:
        if url.endswith("/reveal/"):
            expected["POST", url] = (reveal,)
        else:
            expected["POST", url] = (400, [CREATE_FIELD[url]]) if "{" not in url else (404,)
    return expected
