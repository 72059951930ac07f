"""Who may do what at the gate through the API.

Read-only keys, viewers and the regulator write nothing; other companies read and write nothing,
and this company's ids name nothing on their host; site managers reach only their sites'
records, and a resent id from another site does not return that site's record.
"""

from types import SimpleNamespace

import pytest
from django_tenants.utils import schema_context, tenant_context

from accounts.roles import ApiScope, Role
from tenants.gate.models import Entry, IsolationCase, NeedRequest
from tenants.gate.services.isolation import register_returnee
from tenants.rosters.models import DutyPerson
from tests.api_helpers import field_errors, listed, refused
from tests.conftest import make_gate, make_person, make_site
from tests.gate.gate_api_helpers import (
    ENTRY,
    ID_NUMBER,
    NOTHING,
    OBSERVED_PHONE,
    PASS,
    READS,
    RETURNEE,
    WRITE_PARAMS,
    answers,
    expected_answers,
    fill,
    gate_state,
    returnee_in,
    rows,
)
from tests.sites.site_helpers import assign

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
