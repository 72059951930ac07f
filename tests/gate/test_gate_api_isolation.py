"""Returnees, isolation cases, temperature readings and needs through the API.

A returnee or need carries an id made by the app, so a resend is the first record again; a
temperature resent for the same morning is the same reading, and a fever opens an escalation.
Numbers leave masked and only a manager reveals them, each time recorded. Bad input is refused
field by field and saves nothing.
"""

import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest

from tenants.gate.models import (
    EscalationCase,
    IsolationCase,
    NeedRequest,
    PersonalDataView,
    Returnee,
)
from tests.api_helpers import field_errors, listed
from tests.gate.gate_api_helpers import (
    BAD_CHECK_DIGIT,
    DAY,
    OBSERVATION,
    OBSERVED_PHONE,
    OBSERVED_PHONE_MASKED,
    RETURNEE,
    RETURNEE_ID,
    RETURNEE_ID_MASKED,
    RETURNEE_PHONE,
    RETURNEE_PHONE_MASKED,
    fill,
    gate_state,
    rows,
    today,
)

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
