"""The gate through the API, as a partner developer meets it.

Entries, visitor passes, returnees and needs carry an id made by the app, so a resend after a
lost answer is the first record again (200), never a second one; a temperature resent for the
same morning is the same reading. Personal numbers leave masked, and only a manager's session
sees them in full, each time recorded. Bad input is refused field by field and saves nothing.
The entry policy follows the site's response level. Site managers reach only their sites;
other companies, read-only keys and regulators change nothing.
"""

import datetime
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts.roles import ApiScope, Role
from tenants.gate.models import (
    Entry,
    EntryPolicy,
    EscalationCase,
    IsolationCase,
    NeedRequest,
    PersonalDataView,
    PolicyChange,
    Returnee,
    TemperatureReading,
    VisitorPass,
)
from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.services.isolation import ReturneeIn, record_reading, register_returnee
from tenants.gate.services.needs import open_need
from tenants.gate.services.passes import PassIn, create_pass
from tenants.rosters.models import DutyPerson
from tests.conftest import make_gate, make_person, make_site
from tests.site_helpers import assign

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


def listed(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def field_errors(response) -> dict:
    """The errors of a refused request, after checking it has the API's error shape."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return body["errors"]


def refused(response, status: int) -> None:
    assert response.status_code == status, response.content
    assert set(response.json()) == {"detail", "errors"}


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
def manager_api(api_for, company_a, manager_a):
    return api_for(company_a, manager_a)


@pytest.fixture
def reader(api_for, api_key_for, company_a):
    return api_for(company_a, key=api_key_for(company_a, ApiScope.READ))


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


# Entries


def test_an_entry_is_recorded_once_however_often_the_app_resends_it(
    writer, company_a, site_a, gate_a
):
    sent = {"uuid": str(uuid.uuid4()), "gate": gate_a.pk, "category": "returning",
            "temperature": 36.6, "name": "王先生", "document": ID_NUMBER, "phone": PHONE,
            "building": "3号楼", "room": "1201"}  # fmt: skip
    first = writer.post("/api/v1/entries/", sent, format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["uuid"], body["site"], body["gate"]) == (sent["uuid"], site_a.pk, gate_a.pk)
    assert (body["decision"], body["outcome"]) == ("admit", "admit")
    assert (body["document"], body["phone"]) == (ID_MASKED, PHONE_MASKED)
    assert ID_NUMBER not in first.content.decode() and PHONE not in first.content.decode()

    again = writer.post("/api/v1/entries/", sent, format="json")
    assert again.status_code == 200, again.content
    assert again.json() == body
    assert [entry.uuid for entry in rows(company_a, Entry)] == [uuid.UUID(sent["uuid"])]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"document": BAD_CHECK_DIGIT}, "document", id="ID check digit"),
        pytest.param({"document": "11010519491231"}, "document", id="ID too short"),
        pytest.param({"phone": "12345678901"}, "phone", id="not a phone number"),
        pytest.param({"phone": LANDLINE}, "phone", id="a landline"),
        pytest.param({"building": ""}, "building", id="no building"),
        pytest.param({"category": "tourist"}, "category", id="unknown category"),
        pytest.param({"temperature": 48.0}, "temperature", id="impossible temperature"),
        pytest.param({"temperature": None}, "temperature", id="no temperature"),
        pytest.param({"uuid": "entry-1"}, "uuid", id="not a uuid"),
        pytest.param({"health_code": "purple"}, "health_code", id="unknown health code"),
    ],
)
def test_a_bad_entry_is_refused_with_a_field_error_and_not_recorded(
    writer, company_a, gate_a, change, field
):
    sent = {"uuid": str(uuid.uuid4()), "gate": gate_a.pk, "category": "returning",
            "temperature": 36.6, "name": "王先生", "document": ID_NUMBER, "phone": PHONE,
            "building": "3号楼", "room": "1201", **change}  # fmt: skip
    sent = {key: value for key, value in sent.items() if value is not None}
    errors = field_errors(writer.post("/api/v1/entries/", sent, format="json"))
    assert list(errors) == [field] and errors[field][0]
    assert rows(company_a, Entry) == []


def test_an_entry_without_its_fields_names_every_missing_one(writer, company_a, gate_a):
    errors = field_errors(writer.post("/api/v1/entries/", {}, format="json"))
    assert sorted(errors) == ["category", "gate", "temperature", "uuid"]
    sent = {"uuid": str(uuid.uuid4()), "gate": gate_a.pk, "category": "courier",
            "temperature": 36.5}  # fmt: skip
    errors = field_errors(writer.post("/api/v1/entries/", sent, format="json"))
    assert sorted(errors) == ["name", "phone"]
    assert rows(company_a, Entry) == []


def test_entries_are_listed_and_shown_with_masked_numbers_only(
    api_for, manager_api, reader, writer, records
):
    for api in (manager_api, reader, writer):
        for response in (
            api.get("/api/v1/entries/"),
            api.get(f"/api/v1/entries/{records.entry}/"),
        ):
            assert response.status_code == 200, response.content
            text = response.content.decode()
            assert ID_NUMBER not in text and PHONE not in text
            assert ID_MASKED in text and PHONE_MASKED in text
    entry = manager_api.get(f"/api/v1/entries/{records.entry}/").json()
    assert (entry["document_kind"], entry["document"], entry["phone"]) == (
        "id_card", ID_MASKED, PHONE_MASKED
    )  # fmt: skip
    assert entry["personal_data_removed"] is False


def test_entries_are_filtered_by_site_gate_category_outcome_override_and_time(
    manager_api, company_a, site_a, gate_a
):
    east = make_gate(company_a, site_a, name="东门")
    other_site = make_site(company_a, name="紫云小区")
    other_gate = make_gate(company_a, other_site, name="西门")
    now = timezone.now()
    resident = record(company_a, gate_a, recorded_at=now - 2 * DAY)
    courier = record(company_a, east, category="courier", name="快递小哥", phone=PHONE,
                     health_code="green", recorded_at=now - DAY)  # fmt: skip
    refused_courier = record(company_a, east, category="courier", name="外卖员", phone=PHONE)
    let_in = record(company_a, gate_a, category="courier", name="外卖员", phone=PHONE,
                    override_outcome="admit", override_reason="已出示纸质绿码")  # fmt: skip
    elsewhere = record(company_a, other_gate)

    def ids(**query):
        return sorted(listed(manager_api.get("/api/v1/entries/", query)))

    everything = sorted([resident.pk, courier.pk, refused_courier.pk, let_in.pk, elsewhere.pk])
    assert ids() == everything
    assert ids(site=site_a.pk) == sorted(set(everything) - {elsewhere.pk})
    assert ids(gate=east.pk) == sorted([courier.pk, refused_courier.pk])
    assert ids(category="courier") == sorted([courier.pk, refused_courier.pk, let_in.pk])
    assert ids(outcome="refuse") == [refused_courier.pk]
    assert ids(outcome="admit", category="courier") == sorted([courier.pk, let_in.pk])
    assert ids(overridden="true") == [let_in.pk]
    assert ids(overridden="false") == sorted(set(everything) - {let_in.pk})
    yesterday_start = (now - DAY - datetime.timedelta(hours=1)).isoformat()
    assert ids(recorded_after=yesterday_start) == sorted(set(everything) - {resident.pk})
    assert ids(recorded_before=yesterday_start) == [resident.pk]
    override = manager_api.get(f"/api/v1/entries/{let_in.pk}/").json()
    assert (override["decision"], override["outcome"]) == ("refuse", "admit")
    assert override["override_reason"] == "已出示纸质绿码"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        pytest.param({"category": "tourist"}, "category", id="unknown category"),
        pytest.param({"outcome": "maybe"}, "outcome", id="unknown outcome"),
        pytest.param({"recorded_after": "yesterday"}, "recorded_after", id="not a time"),
    ],
)
def test_a_bad_entry_filter_is_refused_naming_the_filter(manager_api, records, query, field):
    assert list(field_errors(manager_api.get("/api/v1/entries/", query))) == [field]


def test_a_manager_reveals_an_entrant_numbers_and_the_view_is_recorded(
    manager_api, company_a, manager_a, records
):
    response = manager_api.post(f"/api/v1/entries/{records.entry}/reveal/")
    assert response.status_code == 200, response.content
    assert response.json() == {"document_number": ID_NUMBER, "phone": PHONE}
    [view] = rows(company_a, PersonalDataView)
    assert (view.viewed_by_id, view.record_type, view.record_id) == (
        manager_a.pk, "gate.entry", records.entry
    )  # fmt: skip
    assert sorted(view.fields) == ["document_number", "phone"]


def test_only_a_manager_session_may_reveal_numbers(
    api_for, make_member, reader, writer, company_a, site_a, records
):
    site_manager = make_member(company_a, Role.SITE_MANAGER)
    assign(company_a, site_a, site_manager)
    callers = [writer, reader, api_for(company_a, site_manager),
               api_for(company_a, make_member(company_a, Role.VIEWER))]  # fmt: skip
    for api in callers:
        for url in (
            f"/api/v1/entries/{records.entry}/reveal/",
            f"/api/v1/returnees/{records.returnee}/reveal/",
            f"/api/v1/isolation-cases/{records.case}/reveal/",
        ):
            response = api.post(url)
            refused(response, 403)
            assert ID_NUMBER not in response.content.decode()
    assert rows(company_a, PersonalDataView) == []


def test_a_guard_records_entries_at_their_site_but_does_not_read_the_register(
    api_for, make_member, company_a, site_a, gate_a
):
    guard = make_member(company_a, Role.GUARD)
    assign(company_a, site_a, guard)
    api = api_for(company_a, guard)
    sent = {"uuid": str(uuid.uuid4()), "gate": gate_a.pk, "category": "resident",
            "temperature": 36.5}  # fmt: skip
    response = api.post("/api/v1/entries/", sent, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["outcome"] == "admit"
    refused(api.get("/api/v1/entries/"), 403)
    [entry] = rows(company_a, Entry)
    assert entry.recorded_by_id == guard.pk


def test_a_fever_at_the_gate_is_reported_and_followed_through_to_closing(writer, company_a, gate_a):
    sent = {"uuid": str(uuid.uuid4()), "gate": gate_a.pk, "category": "resident",
            "temperature": 38.1}  # fmt: skip
    entry = writer.post("/api/v1/entries/", sent, format="json").json()
    assert (entry["decision"], entry["outcome"], entry["reason_codes"]) == (
        "escalate", "escalate", ["fever"]
    )  # fmt: skip
    [case] = writer.get("/api/v1/escalations/", {"status": "reported"}).json()["results"]
    assert (case["entry"], case["gate"], case["temperature"]) == (entry["id"], gate_a.pk, "38.1")
    url = f"/api/v1/escalations/{case['id']}/"
    # A case is handed over before it is closed, and closed once.
    assert list(field_errors(writer.post(f"{url}close/", {"note": "x"}))) == ["non_field_errors"]
    assert list(field_errors(writer.post(f"{url}hand-over/", {}))) == ["to"]
    response = writer.post(f"{url}hand-over/", {"to": "天山社区卫生服务中心"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["handed_over_to"]) == (
        "handed_over", "天山社区卫生服务中心"
    )  # fmt: skip
    assert response.json()["handed_over_at"]
    response = writer.post(f"{url}close/", {"note": "核酸阴性，已回家"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["closing_note"]) == (
        "closed", "核酸阴性，已回家"
    )  # fmt: skip
    assert writer.post(f"{url}close/", {"note": "again"}).status_code == 400
    assert [c.status for c in rows(company_a, EscalationCase)] == ["closed"]
    assert listed(writer.get("/api/v1/escalations/", {"status": "reported"})) == []


# Visitor passes


def test_a_visitor_pass_is_made_once_and_its_code_admits_one_entry_today(
    writer, company_a, site_a, gate_a
):
    sent = fill(PASS, SimpleNamespace(gate=gate_a.pk))
    first = writer.post("/api/v1/visitor-passes/", sent, format="json")
    assert first.status_code == 201, first.content
    created = first.json()
    assert (created["site"], created["gate"], created["valid_on"]) == (
        site_a.pk, gate_a.pk, today().isoformat()
    )  # fmt: skip
    assert (created["source"], created["used"], created["phone"]) == (
        "api", False, VISITOR_PHONE_MASKED
    )  # fmt: skip
    assert len(created["code"]) == 6 and "phone_number" not in created
    assert VISITOR_PHONE not in first.content.decode()
    again = writer.post("/api/v1/visitor-passes/", sent, format="json")
    assert again.status_code == 200, again.content
    assert (again.json()["id"], again.json()["code"]) == (created["id"], created["code"])
    assert [p.code for p in rows(company_a, VisitorPass)] == [created["code"]]

    entry = {"uuid": str(uuid.uuid4()), "gate": gate_a.pk, "category": "visitor",
             "temperature": 36.4, "name": "赵女士", "phone": VISITOR_PHONE,
             "building": "3号楼", "room": "1201", "consent": True, "health_code": "green",
             "pass_code": created["code"].lower()}  # fmt: skip
    response = writer.post("/api/v1/entries/", entry, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["visitor_pass"], response.json()["outcome"]) == (
        created["code"], "admit"
    )  # fmt: skip
    assert writer.get(f"/api/v1/visitor-passes/{created['id']}/").json()["used"] is True
    second = writer.post("/api/v1/entries/", {**entry, "uuid": str(uuid.uuid4())}, format="json")
    assert list(field_errors(second)) == ["non_field_errors"]
    unknown = {**entry, "uuid": str(uuid.uuid4()), "pass_code": "ZZZZZZ"}
    assert writer.post("/api/v1/entries/", unknown, format="json").status_code == 404
    assert len(rows(company_a, Entry)) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"phone_number": "12345678901"}, "phone_number", id="bad phone"),
        pytest.param({"phone_number": LANDLINE}, "phone_number", id="a landline"),
        pytest.param({"phone_number": None}, "phone_number", id="no phone"),
        pytest.param({"name": None}, "name", id="no name"),
        pytest.param({"category": "tourist"}, "category", id="unknown category"),
        pytest.param({"category": "resident"}, "category", id="residents need no pass"),
        pytest.param({"gate": None}, "gate", id="no gate"),
        pytest.param({"uuid": None}, "uuid", id="no uuid"),
    ],
)
def test_a_bad_visitor_pass_is_refused_with_a_field_error_and_not_made(
    writer, company_a, gate_a, change, field
):
    sent = {**fill(PASS, SimpleNamespace(gate=gate_a.pk)), **change}
    sent = {key: value for key, value in sent.items() if value is not None}
    errors = field_errors(writer.post("/api/v1/visitor-passes/", sent, format="json"))
    assert list(errors) == [field] and errors[field][0]
    assert rows(company_a, VisitorPass) == []


def test_visitor_passes_are_listed_with_the_phone_masked(reader, records):
    response = reader.get("/api/v1/visitor-passes/")
    assert listed(response) == [records.visitor_pass]
    assert VISITOR_PHONE not in response.content.decode()
    assert response.json()["results"][0]["phone"] == VISITOR_PHONE_MASKED
    assert response.json()["results"][0]["code"] == records.code
    assert listed(reader.get("/api/v1/visitor-passes/", {"valid_on": today() - DAY})) == []


# Returnees and isolation cases


def test_a_returnee_is_registered_once_with_an_isolation_case(writer, company_a, site_a):
    sent = fill(RETURNEE, SimpleNamespace(site=site_a.pk))
    first = writer.post("/api/v1/returnees/", sent, format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["document"], body["phone"]) == (RETURNEE_ID_MASKED, RETURNEE_PHONE_MASKED)
    text = first.content.decode()
    assert RETURNEE_ID not in text and RETURNEE_PHONE not in text
    assert body["isolation_case"]
    again = writer.post("/api/v1/returnees/", sent, format="json")
    assert again.status_code == 200, again.content
    assert again.json() == body
    assert [r.pk for r in rows(company_a, Returnee)] == [body["id"]]
    [case] = rows(company_a, IsolationCase)
    assert (case.pk, case.returnee_id, case.status) == (body["isolation_case"], body["id"],
                                                        "observing")  # fmt: skip
    # Fourteen days counted from the arrival, yesterday: the last day is 12 days from today.
    assert case.starts_on == today() - DAY and case.planned_end == today() + 12 * DAY
    shown = writer.get(f"/api/v1/isolation-cases/{case.pk}/").json()
    assert (shown["returnee"], shown["planned_end"]) == (body["id"], case.planned_end.isoformat())
    assert (shown["document"], shown["phone"]) == (RETURNEE_ID_MASKED, RETURNEE_PHONE_MASKED)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"document_number": BAD_CHECK_DIGIT}, "document_number", id="ID check digit"),
        pytest.param({"document_number": None}, "document_number", id="no ID number"),
        pytest.param({"phone_number": "12345678901"}, "phone_number", id="bad phone"),
        pytest.param({"phone_number": None}, "phone_number", id="no phone"),
        pytest.param({"name": None}, "name", id="no name"),
        pytest.param({"came_from": None}, "came_from", id="not saying where from"),
        pytest.param({"arrived_on": "{in_a_month}"}, "arrived_on", id="arriving in the future"),
        pytest.param({"site": 0}, "site", id="no such site"),
    ],
)
def test_a_bad_returnee_is_refused_with_a_field_error_and_starts_no_isolation(
    writer, company_a, site_a, change, field
):
    sent = {**RETURNEE, **change}
    sent = fill({key: value for key, value in sent.items() if value is not None},
                SimpleNamespace(site=site_a.pk))  # fmt: skip
    errors = field_errors(writer.post("/api/v1/returnees/", sent, format="json"))
    assert list(errors) == [field] and errors[field][0]
    assert rows(company_a, Returnee) == [] and rows(company_a, IsolationCase) == []


def test_a_returnee_passport_is_masked_too(writer, company_a, site_a):
    sent = {**fill(RETURNEE, SimpleNamespace(site=site_a.pk)), "document_kind": "passport",
            "document_number": "e 1234 5678"}  # fmt: skip
    response = writer.post("/api/v1/returnees/", sent, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["document_kind"], response.json()["document"]) == (
        "passport", "E12**5678"
    )  # fmt: skip


def test_returnees_and_isolation_cases_are_listed_with_masked_numbers(manager_api, reader, records):
    for api in (manager_api, reader):
        for url in ("/api/v1/returnees/", "/api/v1/isolation-cases/"):
            response = api.get(url)
            assert response.status_code == 200, response.content
            text = response.content.decode()
            assert RETURNEE_ID not in text and RETURNEE_PHONE not in text
            assert RETURNEE_ID_MASKED in text and RETURNEE_PHONE_MASKED in text
    assert listed(manager_api.get("/api/v1/returnees/")) == [records.returnee]
    assert listed(manager_api.get("/api/v1/isolation-cases/", {"status": "observing"})) == [
        records.case
    ]
    assert listed(manager_api.get("/api/v1/isolation-cases/", {"status": "finished"})) == []


def test_a_manager_reveals_a_returnee_and_their_case_and_each_view_is_recorded(
    manager_api, company_a, records
):
    full = {"document_number": RETURNEE_ID, "phone": RETURNEE_PHONE}
    response = manager_api.post(f"/api/v1/returnees/{records.returnee}/reveal/")
    assert (response.status_code, response.json()) == (200, full)
    response = manager_api.post(f"/api/v1/isolation-cases/{records.case}/reveal/")
    assert (response.status_code, response.json()) == (200, full)
    views = [(v.record_type, v.record_id) for v in rows(company_a, PersonalDataView)]
    assert views == [("gate.returnee", records.returnee), ("gate.isolationcase", records.case)]


def test_someone_is_placed_under_observation_and_their_isolation_extended_and_ended(
    writer, company_a, site_a
):
    sent = fill(OBSERVATION, SimpleNamespace(site=site_a.pk))
    response = writer.post("/api/v1/isolation-cases/", sent, format="json")
    assert response.status_code == 201, response.content
    case = response.json()
    assert (case["status"], case["returnee"], case["phone"]) == (
        "observing", None, OBSERVED_PHONE_MASKED
    )  # fmt: skip
    assert case["planned_end"] == (today() + 12 * DAY).isoformat()
    assert OBSERVED_PHONE not in response.content.decode()
    url = f"/api/v1/isolation-cases/{case['id']}/"

    earlier = {"until": today().isoformat(), "reason": "提前"}
    assert list(field_errors(writer.post(f"{url}extend/", earlier, format="json"))) == ["until"]
    no_reason = {"until": str(today() + 30 * DAY)}
    assert list(field_errors(writer.post(f"{url}extend/", no_reason))) == ["reason"]
    later = (today() + 20 * DAY).isoformat()
    response = writer.post(f"{url}extend/", {"until": later, "reason": "家属发热"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["planned_end"], response.json()["status"]) == (later, "observing")

    tomorrow = {"on": (today() + DAY).isoformat(), "reason": "解除"}
    assert list(field_errors(writer.post(f"{url}end/", tomorrow, format="json"))) == ["on"]
    response = writer.post(
        f"{url}end/", {"on": today().isoformat(), "reason": "送集中隔离点", "transferred": True},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["ended_on"]) == (
        "transferred", today().isoformat()
    )  # fmt: skip
    ended = writer.post(f"{url}end/", {"on": today().isoformat(), "reason": "again"})
    assert list(field_errors(ended)) == ["non_field_errors"]
    [stored] = rows(company_a, IsolationCase)
    assert (stored.status, stored.planned_end, stored.ended_on) == (
        "transferred", today(), today()
    )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"phone_number": "12345678901"}, "phone_number", id="bad phone"),
        pytest.param({"building": None}, "building", id="no building"),
        pytest.param({"name": None}, "name", id="no name"),
        pytest.param({"starts_on": "soon"}, "starts_on", id="not a date"),
    ],
)
def test_a_bad_observation_is_refused_with_a_field_error_and_not_opened(
    writer, company_a, site_a, change, field
):
    sent = {**OBSERVATION, **change}
    sent = fill({key: value for key, value in sent.items() if value is not None},
                SimpleNamespace(site=site_a.pk))  # fmt: skip
    errors = field_errors(writer.post("/api/v1/isolation-cases/", sent, format="json"))
    assert list(errors) == [field] and errors[field][0]
    assert rows(company_a, IsolationCase) == []


# Temperature readings


@pytest.fixture(params=["manager session", "read-write key"])
def nurse(request, manager_api, writer):
    """Whoever types in the temperatures: the office in the portal or a partner's app."""
    return manager_api if request.param == "manager session" else writer


def test_a_reading_is_kept_once_and_a_fever_opens_an_escalation(nurse, company_a, records):
    writer = nurse
    morning = {"case": records.case, "taken_on": today().isoformat(), "period": "morning",
               "temperature": 36.8}  # fmt: skip
    first = writer.post("/api/v1/temperature-readings/", morning, format="json")
    assert first.status_code == 201, first.content
    again = writer.post("/api/v1/temperature-readings/", morning, format="json")
    assert again.status_code == 200, again.content
    assert again.json() == first.json()
    # The same morning with another temperature is not quietly overwritten.
    changed = writer.post("/api/v1/temperature-readings/", {**morning, "temperature": 37.0})
    assert list(field_errors(changed)) == ["non_field_errors"]
    escalations = len(rows(company_a, EscalationCase))

    evening = {**morning, "period": "evening", "temperature": 37.3}
    response = writer.post("/api/v1/temperature-readings/", evening, format="json")
    assert response.status_code == 201, response.content
    new = [c for c in rows(company_a, EscalationCase) if c.isolation_case_id == records.case]
    assert len(rows(company_a, EscalationCase)) == escalations + 1
    assert [(c.temperature, c.person_name) for c in new] == [(Decimal("37.3"), "陈先生")]
    readings = writer.get("/api/v1/temperature-readings/", {"case": records.case}).json()
    assert [(r["taken_on"], r["period"], r["temperature"]) for r in readings["results"]] == [
        ((today() - DAY).isoformat(), "morning", "36.4"),
        (today().isoformat(), "evening", "37.3"),
        (today().isoformat(), "morning", "36.8"),
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"period": "noon"}, "period", id="unknown period"),
        pytest.param({"temperature": 45.0}, "temperature", id="impossible temperature"),
        pytest.param({"temperature": None}, "temperature", id="no temperature"),
        pytest.param({"taken_on": "{in_a_month}"}, "taken_on", id="a day not yet come"),
        pytest.param({"case": 0}, "case", id="no such case"),
    ],
)
def test_a_bad_reading_is_refused_with_a_field_error_and_not_kept(
    writer, company_a, records, change, field
):
    sent = {"case": "{case}", "taken_on": "{today}", "period": "evening", "temperature": 36.6,
            **change}  # fmt: skip
    sent = fill({key: value for key, value in sent.items() if value is not None}, records)
    before = gate_state(company_a)
    errors = field_errors(writer.post("/api/v1/temperature-readings/", sent, format="json"))
    assert list(errors) == [field] and errors[field][0]
    assert gate_state(company_a) == before


# Needs


def test_a_need_is_opened_once_assigned_and_closed_with_a_note(
    writer, company_a, person_a, records
):
    sent = {"uuid": str(uuid.uuid4()), "case": records.case, "kind": "groceries",
            "details": "蔬菜和鸡蛋"}  # fmt: skip
    first = writer.post("/api/v1/needs/", sent, format="json")
    assert first.status_code == 201, first.content
    need = first.json()
    assert (need["status"], need["kind"], need["details"]) == ("open", "groceries", "蔬菜和鸡蛋")
    again = writer.post("/api/v1/needs/", sent, format="json")
    assert again.status_code == 200, again.content
    assert again.json() == need
    assert len([n for n in rows(company_a, NeedRequest) if n.pk == need["id"]]) == 1
    assert len(rows(company_a, NeedRequest)) == 2  # with the fixture's water

    url = f"/api/v1/needs/{need['id']}/"
    assert list(field_errors(writer.post(f"{url}assign/", {"assigned_to": 0}))) == ["assigned_to"]
    response = writer.post(f"{url}assign/", {"assigned_to": person_a.pk}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["assigned_to"]) == ("assigned", person_a.pk)
    assert list(field_errors(writer.post(f"{url}close/", {"note": ""}))) == ["note"]
    response = writer.post(f"{url}close/", {"note": "已放在门口"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["closing_note"]) == ("closed", "已放在门口")
    assert writer.post(f"{url}close/", {"note": "again"}).status_code == 400
    assert listed(writer.get("/api/v1/needs/", {"status": "closed"})) == [need["id"]]
    assert listed(writer.get("/api/v1/needs/", {"status": "open"})) == [records.need]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"kind": "pizza"}, "kind", id="unknown kind"),
        pytest.param({"kind": "other", "details": ""}, "details", id="other without details"),
        pytest.param({"case": 0}, "case", id="no such case"),
        pytest.param({"uuid": None}, "uuid", id="no uuid"),
    ],
)
def test_a_bad_need_is_refused_with_a_field_error_and_not_opened(
    writer, company_a, records, change, field
):
    sent = {"uuid": "{uuid}", "case": "{case}", "kind": "water", "details": "", **change}
    sent = fill({key: value for key, value in sent.items() if value is not None}, records)
    before = gate_state(company_a)
    errors = field_errors(writer.post("/api/v1/needs/", sent, format="json"))
    assert list(errors) == [field] and errors[field][0]
    assert gate_state(company_a) == before


# The entry policy


def test_a_site_follows_the_level_2_rules_until_a_manager_sets_a_level(reader, site_a):
    response = reader.get(f"/api/v1/sites/{site_a.pk}/entry-policy/")
    assert response.status_code == 200, response.content
    policy = response.json()
    assert (policy["site"], policy["level"], policy["threshold"]) == (site_a.pk, "level_2", "37.3")
    assert policy["green_code_required"] is True and policy["travel_reported"] is True
    assert policy["rules"] == {
        "resident": "allowed", "returning": "allowed", "visitor": "consent",
        "courier": "allowed", "domestic": "consent", "repair": "consent", "agent": "consent",
        "renovation": "filing", "other": "consent",
    }  # fmt: skip


def test_a_manager_switches_to_level_1_and_couriers_are_refused_from_then_on(
    manager_api, company_a, manager_a, site_a, gate_a
):
    courier = {"gate": gate_a.pk, "category": "courier", "temperature": 36.5,
               "name": "快递小哥", "phone": PHONE, "health_code": "green"}  # fmt: skip
    before = manager_api.post("/api/v1/entries/", {**courier, "uuid": str(uuid.uuid4())})
    assert before.json()["outcome"] == "admit"

    url = f"/api/v1/sites/{site_a.pk}/entry-policy/"
    response = manager_api.post(f"{url}level/", {"level": "level_1"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["level"] == "level_1"
    assert response.json()["rules"]["courier"] == "refused"
    assert manager_api.get(url).json() == response.json()
    [change] = rows(company_a, PolicyChange)
    assert (change.from_level, change.to_level, change.changed_by_id) == (
        "level_2", "level_1", manager_a.pk
    )  # fmt: skip

    after = manager_api.post("/api/v1/entries/", {**courier, "uuid": str(uuid.uuid4())})
    assert after.status_code == 201, after.content
    assert (after.json()["outcome"], after.json()["reason_codes"]) == (
        "refuse", ["category_refused"]
    )  # fmt: skip


def test_partner_keys_cannot_switch_levels_and_a_bad_level_is_refused(
    manager_api, reader, writer, company_a, site_a
):
    url = f"/api/v1/sites/{site_a.pk}/entry-policy/level/"
    for api in (reader, writer):
        refused(api.post(url, {"level": "level_1"}, format="json"), 403)
    assert list(field_errors(manager_api.post(url, {"level": "level_9"}))) == ["level"]
    assert list(field_errors(manager_api.post(url, {}))) == ["level"]
    assert gate_state(company_a)["policies"] == []
    assert writer.get(f"/api/v1/sites/{site_a.pk}/entry-policy/").json()["level"] == "level_2"


# Who may do what: read-only keys, viewers, regulators, other companies and other sites


@pytest.mark.parametrize(("url", "body"), WRITE_PARAMS)
def test_a_read_key_a_viewer_and_the_regulator_cannot_write_at_the_gate(
    api_for, make_member, reader, company_a, regulator_user, records, url, body
):
    before = gate_state(company_a)
    viewer = api_for(company_a, make_member(company_a, Role.VIEWER))
    for api in (reader, viewer, api_for(company_a, regulator_user)):
        refused(api.post(fill(url, records), fill(body, records), format="json"), 403)
    assert gate_state(company_a) == before


@pytest.mark.parametrize("url", READS)
def test_another_company_cannot_read_at_this_company_gates(
    api_for, api_key_for, company_a, company_b, outsider, regulator_user, records, url
):
    beta_key = api_key_for(company_b, ApiScope.READ_WRITE)
    refused(api_for(company_a, outsider).get(fill(url, records)), 403)
    refused(api_for(company_a, key=beta_key).get(fill(url, records)), 401)
    refused(api_for(company_a).get(fill(url, records)), 401)
    refused(api_for(company_a, regulator_user).get(fill(url, records)), 403)


@pytest.mark.parametrize(("url", "body"), WRITE_PARAMS)
def test_another_company_cannot_write_at_this_company_gates(
    api_for, api_key_for, company_a, company_b, outsider, records, url, body
):
    before = gate_state(company_a)
    beta_key = api_key_for(company_b, ApiScope.READ_WRITE)
    callers = [
        (api_for(company_a, outsider), 403),
        (api_for(company_a, key=beta_key), 401),
        (api_for(company_a), 401),
    ]
    for api, status in callers:
        refused(api.post(fill(url, records), fill(body, records), format="json"), status)
    assert gate_state(company_a) == before


def test_this_company_ids_name_nothing_on_another_company_host(
    api_for, company_a, company_b, outsider, records
):
    before = gate_state(company_a)
    with schema_context(company_b.schema_name):
        # Beta has no gate records, so alpha's ids name nothing in beta's schema.
        assert not (Entry.objects.exists() or IsolationCase.objects.exists())
    beta = api_for(company_b, outsider)
    assert answers(beta, records) == expected_answers(reveal=404)
    assert gate_state(company_a) == before
    assert gate_state(company_b) == NOTHING


def test_a_site_manager_reaches_only_their_own_sites_gate_records(
    api_for, site_manager_a, company_a, site_a, records
):
    other_site = make_site(company_a, name="紫云小区")
    assign(company_a, other_site, site_manager_a)
    api = api_for(company_a, site_manager_a)
    before = gate_state(company_a)
    # Only managers reveal numbers, at any site.
    assert answers(api, records) == expected_answers(reveal=403)
    assert gate_state(company_a) == before

    assign(company_a, site_a, site_manager_a)
    assert sorted(listed(api.get("/api/v1/entries/"))) == sorted([records.entry, records.fever])
    assert api.get(f"/api/v1/escalations/{records.escalation}/").status_code == 200
    response = api.post(
        fill("/api/v1/needs/{need}/assign/", records), {"assigned_to": records.person}
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    ("url", "body", "kind"),
    [
        pytest.param("/api/v1/entries/", ENTRY, "entry", id="entry"),
        pytest.param("/api/v1/visitor-passes/", PASS, "pass", id="visitor pass"),
        pytest.param("/api/v1/returnees/", RETURNEE, "returnee", id="returnee"),
        pytest.param("/api/v1/needs/", {"uuid": "{uuid}", "case": "{case}", "kind": "water"},
                     "need", id="need"),
    ],
)  # fmt: skip
def test_an_id_already_used_at_another_site_does_not_return_that_site_record(
    api_for, site_manager_a, company_a, records, url, body, kind
):
    """A resend is answered with the first record only if the caller may see it."""
    other_site = make_site(company_a, name="紫云小区")
    other_gate = make_gate(company_a, other_site, name="西门")
    with tenant_context(company_a):
        other_returnee = register_returnee(
            other_site,
            returnee_in(document=ID_NUMBER, phone=OBSERVED_PHONE, name="别的住户"),
            by=None,
        )[0]  # fmt: skip
        other_case = IsolationCase.objects.get(returnee=other_returnee).pk
    assign(company_a, other_site, site_manager_a)
    before = gate_state(company_a)
    mine = SimpleNamespace(site=other_site.pk, gate=other_gate.pk, case=other_case)
    sent = {**fill(body, mine), "uuid": records.uuids[kind]}
    response = api_for(company_a, site_manager_a).post(url, sent, format="json")
    assert response.status_code in (400, 404, 409), response.content
    assert gate_state(company_a) == before


def test_a_site_manager_records_and_switches_levels_at_their_site(
    api_for, site_manager_a, company_a, site_a, gate_a
):
    assign(company_a, site_a, site_manager_a)
    api = api_for(company_a, site_manager_a)
    response = api.post("/api/v1/entries/", fill(ENTRY, SimpleNamespace(gate=gate_a.pk)))
    assert response.status_code == 201, response.content
    url = f"/api/v1/sites/{site_a.pk}/entry-policy/level/"
    response = api.post(url, {"level": "level_3"}, format="json")
    assert (response.status_code, response.json()["level"]) == (200, "level_3")


def test_another_company_duty_person_cannot_be_given_a_need(writer, company_a, company_b, records):
    with schema_context(company_a.schema_name):
        taken = set(DutyPerson.objects.values_list("pk", flat=True))
    stranger = make_person(company_b, name="朴志愿")
    while stranger.pk in taken:
        stranger = make_person(company_b, name="朴志愿")
    url = f"/api/v1/needs/{records.need}/assign/"
    response = writer.post(url, {"assigned_to": stranger.pk}, format="json")
    assert list(field_errors(response)) == ["assigned_to"]
    assert [n.status for n in rows(company_a, NeedRequest)] == ["open"]
