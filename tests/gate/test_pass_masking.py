"""A visitor's mobile number stays off the guard's phone: the pass page shows it masked, the
entry takes the pass's own number on the server, and a manager's reveal is never cached."""

import json
import re
import uuid

import pytest
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenants.gate.models import Entry
from tenants.gate.services.passes import PassIn, create_pass
from tests.sites.site_helpers import assign

pytestmark = pytest.mark.django_db

# As the visitor typed it, as it is stored, and as a guard is shown it.
TYPED, FULL, MASKED = "+81 90-1234-5678", "+819012345678", "+81******5678"


@pytest.fixture
def guard_phone(client_for, make_member, company_a, site_a):
    """A guard assigned to site_a, signed in on their phone."""
    guard = make_member(company_a, Role.GUARD)
    assign(company_a, site_a, guard)
    return client_for(company_a, guard)


@pytest.fixture
def visitor_pass(company_a, gate_a):
    with schema_context(company_a.schema_name):
        return create_pass(
            gate_a,
            PassIn(uuid=uuid.uuid4(), category="visitor", name="山田花子", phone=TYPED,
                   building="3号楼", room="1201", health_code="green"),
            source="form", by=None,
        )  # fmt: skip


def page_config(response) -> dict:
    found = re.search(
        r'<script id="gate-config" type="application/json"[^>]*>(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(found.group(1))


def entry_from_the_phone(gate, visitor_pass, **fields) -> dict:
    """What gate.js sends for a pass: its code and today's reading, no number of its own."""
    return {"uuid": str(uuid.uuid4()), "gate": gate.pk, "category": "visitor",
            "temperature": "36.5", "name": visitor_pass.name, "building": visitor_pass.building,
            "room": visitor_pass.room, "consent": True, "health_code": "green",
            "pass_code": visitor_pass.code, **fields}  # fmt: skip


def test_the_guards_pass_page_shows_the_visitors_number_masked_only(guard_phone, visitor_pass):
    response = guard_phone.get(f"/m/gate/pass/{visitor_pass.code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "9012345678" not in page
    assert "1234-5678" not in page
    assert page_config(response)["pass"]["phone"] == MASKED


@pytest.mark.parametrize(
    "phone_sent",
    [
        pytest.param(None, id="no number, as gate.js sends"),
        pytest.param(MASKED, id="the masked number it shows"),
        pytest.param("13912345678", id="another number"),
    ],
)
def test_an_entry_with_a_pass_holds_the_passes_full_number(
    guard_phone, api_for, company_a, manager_a, gate_a, visitor_pass, phone_sent
):
    sent = entry_from_the_phone(gate_a, visitor_pass)
    if phone_sent is not None:
        sent["phone"] = phone_sent
    response = guard_phone.post("/m/gate/entries/", sent, content_type="application/json")
    assert response.status_code == 201, response.content

    with schema_context(company_a.schema_name):
        entry = Entry.objects.get(uuid=sent["uuid"])
    assert entry.visitor_pass_id == visitor_pass.pk
    assert entry.phone_masked == MASKED
    revealed = api_for(company_a, manager_a).post(f"/api/v1/entries/{entry.pk}/reveal/")
    assert revealed.json()["phone"] == FULL


def test_a_resent_pass_entry_is_the_first_entry(guard_phone, company_a, gate_a, visitor_pass):
    sent = entry_from_the_phone(gate_a, visitor_pass)
    first = guard_phone.post("/m/gate/entries/", sent, content_type="application/json")
    again = guard_phone.post("/m/gate/entries/", sent, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    with schema_context(company_a.schema_name):
        assert Entry.objects.filter(visitor_pass=visitor_pass).count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/entries/{entry}/reveal/",
        "/api/v1/returnees/{returnee}/reveal/",
        "/api/v1/isolation-cases/{isolation}/reveal/",
    ],
)
def test_no_api_reveal_may_be_kept_by_a_cache(
    api_for, company_a, manager_a, entry_a, returnee_a, isolation_a, path
):
    url = path.format(entry=entry_a.pk, returnee=returnee_a.pk, isolation=isolation_a.pk)
    response = api_for(company_a, manager_a).post(url)
    assert response.status_code == 200, response.content
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
