"""Entries, fevers, visitor passes and the entry policy through the API, as a partner meets them.

An entry or visitor pass carries an id made by the app, so a resend after a lost answer is the
first record again (200), never a second one. Numbers leave masked, and only a manager's session
sees them in full, each time recorded. Bad input is refused field by field and saves nothing.
A fever is reported and followed through; the entry policy follows the site's response level.
"""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.roles import Role
from tenants.gate.models import Entry, EscalationCase, PersonalDataView, PolicyChange, VisitorPass
from tests.api_helpers import field_errors, listed, refused
from tests.conftest import make_gate, make_site
from tests.gate.gate_api_helpers import (
    BAD_CHECK_DIGIT,
    DAY,
    ID_MASKED,
    ID_NUMBER,
    LANDLINE,
    PASS,
    PHONE,
    PHONE_MASKED,
    VISITOR_PHONE,
    VISITOR_PHONE_MASKED,
    fill,
    gate_state,
    record,
    rows,
    today,
)
from tests.sites.site_helpers import assign

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
