"""What the guard's phone sends: one entry as JSON, answered with the decision in the guard's
language, or with what is wrong, field by field, and nothing saved."""

import uuid

import pytest
from django_tenants.utils import schema_context

from tenants.gate.models import Entry
from tenants.gate.policy import Level, Outcome
from tenants.gate.services.policy import switch_level
from tests.conftest import make_gate, make_site
from tests.sites.site_helpers import in_language

pytestmark = pytest.mark.django_db

PATH = "/m/gate/entries/"


def resident(gate, **fields) -> dict:
    return {"uuid": str(uuid.uuid4()), "gate": gate.pk, "category": "resident",
            "temperature": "36.5", "health_code": "none", **fields}  # fmt: skip


def entries(company) -> list[Entry]:
    with schema_context(company.schema_name):
        return list(Entry.objects.all())


def test_a_residents_entry_is_admitted_and_a_resend_answers_with_the_same_record(
    phone, company_a, gate_a
):
    sent = resident(gate_a)
    first = phone.post(PATH, sent, content_type="application/json")
    again = phone.post(PATH, sent, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["outcome"] == again.json()["outcome"] == Outcome.ADMIT
    assert first.json()["outcomeLabel"] == in_language("zh-hans", "Admit")
    assert (first.json()["created"], again.json()["created"]) == (True, False)
    assert [str(entry.uuid) for entry in entries(company_a)] == [sent["uuid"]]


WRONG = {
    "category": ("cat", "Choose who is entering."),
    "health_code": ("purple", "Choose the health code's colour."),
    "override_outcome": ("maybe", "Choose to let them in or send them away."),
}


@pytest.mark.parametrize("field", WRONG)
def test_a_value_the_gate_does_not_know_is_named_in_chinese_and_nothing_is_saved(
    phone, company_a, gate_a, field
):
    value, message = WRONG[field]
    response = phone.post(PATH, resident(gate_a, **{field: value}), content_type="application/json")
    assert response.status_code == 400
    assert in_language("zh-hans", message) in str(response.json()["errors"][field])
    assert entries(company_a) == []


def test_a_document_of_an_unknown_kind_is_refused(phone, company_a, gate_a):
    visitor = resident(gate_a, category="returning", name="张归沪", document_kind="licence",
                       document="11010519491231002X", phone="13812345678", building="1",
                       room="101")  # fmt: skip
    response = phone.post(PATH, visitor, content_type="application/json")
    assert response.status_code == 400
    assert in_language("zh-hans", "Choose an ID card or a passport.") in str(
        response.json()["errors"]["document"]
    )
    assert entries(company_a) == []


def test_an_entry_for_a_gate_the_guard_has_no_shift_or_site_at_is_not_found(
    phone, company_a, company_b
):
    elsewhere = make_gate(company_a, make_site(company_a, name="古北小区"), name="古北正门")
    other_company = make_gate(company_b, make_site(company_b, name="乙公司小区"), name="大门")
    for gate in (elsewhere, other_company):
        response = phone.post(PATH, resident(gate), content_type="application/json")
        assert response.status_code == 404
    assert entries(company_a) == entries(company_b) == []


def courier(gate) -> dict:
    return {**resident(gate), "category": "courier", "name": "王快递", "phone": "13912345678",
            "health_code": "green"}  # fmt: skip


def test_a_level_switch_decides_the_phones_very_next_entry(phone, company_a, gate_a, manager_a):
    before = phone.post(PATH, courier(gate_a), content_type="application/json")
    with schema_context(company_a.schema_name):
        switch_level([gate_a.site], Level.LEVEL_1, by=manager_a)
    after = phone.post(PATH, courier(gate_a), content_type="application/json")
    assert (before.json()["outcome"], after.json()["outcome"]) == (Outcome.ADMIT, Outcome.REFUSE)


def test_a_guard_taken_off_the_site_cannot_send_the_next_entry(phone, company_a, gate_a):
    assert phone.post(PATH, resident(gate_a), content_type="application/json").status_code == 201
    with schema_context(company_a.schema_name):
        gate_a.site.assigned_users.clear()
    refused = phone.post(PATH, resident(gate_a), content_type="application/json")
    assert refused.status_code == 404
    assert len(entries(company_a)) == 1
