"""Sites, their buildings and facilities through the API: partner apps and the portal read and
change them.

Site managers see only the sites assigned to them; outsiders and regulators change nothing.
Buildings and facilities answer what every endpoint answers (tests/view_cases.py): listed,
created, refused field by field, changed; a viewer, an outsider and a read-only key write
nothing.
"""

import pytest

from tenants.sites.models import Building, Facility
from tests.conftest import make_site
from tests.sites.site_helpers import SITE_FORM, reload, sites_of
from tests.view_cases import ApiEndpointCases

# The same site as the API takes it: the number of households is a JSON number.
SITE_JSON = {**SITE_FORM, "households": 420}

# API


def test_api_creates_a_site_and_returns_it(api_for, company_a, manager_a):
    response = api_for(company_a, manager_a).post(
        "/api/v1/sites/", {**SITE_FORM, "households": 420}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in SITE_FORM} == {**SITE_FORM, "households": 420}
    assert body["id"] == sites_of(company_a)["虹桥花园"]["id"]
    assert body["district_display"] and body["kind_display"]
    assert body["created_at"] and body["updated_at"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"name": ""}, "name", id="blank name"),
        pytest.param({"households": -1}, "households", id="negative households"),
        pytest.param({"households": 100_001}, "households", id="too many households"),
        pytest.param({"district": "atlantis"}, "district", id="unknown district"),
        pytest.param({"kind": "castle"}, "kind", id="unknown kind"),
    ],
)
def test_api_refuses_invalid_data_with_field_errors_and_creates_nothing(
    api_for, company_a, manager_a, change, field
):
    response = api_for(company_a, manager_a).post(
        "/api/v1/sites/", {**SITE_JSON, **change}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert list(body["errors"]) == [field]
    assert all(isinstance(message, str) and message for message in body["errors"][field])
    assert sites_of(company_a) == {}


def test_api_refuses_a_missing_name(api_for, company_a, manager_a):
    data = {key: value for key, value in SITE_JSON.items() if key != "name"}
    response = api_for(company_a, manager_a).post("/api/v1/sites/", data, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["name"]
    assert sites_of(company_a) == {}


def test_api_refuses_a_duplicate_name_in_the_reader_language(api_for, company_a, manager_a):
    make_site(company_a, name="Zone A")
    client = api_for(company_a, manager_a)
    response = client.post(
        "/api/v1/sites/",
        {**SITE_JSON, "name": "ZONE a"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["name"] == ["This company already has a site called “ZONE a”."]
    assert list(sites_of(company_a)) == ["Zone A"]


def test_api_patch_changes_the_site(api_for, company_a, manager_a, site_a):
    response = api_for(company_a, manager_a).patch(
        f"/api/v1/sites/{site_a.pk}/", {"households": 900, "address": "天山路 1 号"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["households"] == 900
    site = reload(company_a, site_a)
    assert (site.households, site.address, site.name) == (900, "天山路 1 号", "天山天义小区")


def test_api_patch_with_invalid_data_changes_nothing(api_for, company_a, manager_a, site_a):
    response = api_for(company_a, manager_a).patch(
        f"/api/v1/sites/{site_a.pk}/", {"households": -5, "address": "别处"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["households"]
    site = reload(company_a, site_a)
    assert (site.households, site.address) == (860, "天山路 1000 弄")


def test_api_list_is_paginated(api_for, company_a, manager_a):
    for name in ["A 小区", "B 小区", "C 小区"]:
        make_site(company_a, name=name)
    client = api_for(company_a, manager_a)
    first = client.get("/api/v1/sites/", {"page_size": 2}).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 3 and first["previous"] is None
    assert [site["name"] for site in first["results"]] == ["A 小区", "B 小区"]
    second = client.get(first["next"]).json()
    assert [site["name"] for site in second["results"]] == ["C 小区"]
    assert second["next"] is None and second["previous"] is not None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"district": "changning"}, ["Maple Part One", "Office Part Two"]),
        ({"kind": "compound"}, ["Maple Part One"]),
        ({"name": "part"}, ["Maple Part One", "Office Part Two"]),
        ({"name": "tower"}, ["River Tower"]),
        ({"district": "changning", "kind": "office_building"}, ["Office Part Two"]),
    ],
)
def test_api_list_filters(api_for, company_a, manager_a, query, expected):
    make_site(company_a, name="Maple Part One", kind="compound", district="changning")
    make_site(company_a, name="River Tower", kind="apartment_building", district="pudong")
    make_site(company_a, name="Office Part Two", kind="office_building", district="changning")
    response = api_for(company_a, manager_a).get("/api/v1/sites/", query)
    assert response.status_code == 200
    assert [site["name"] for site in response.json()["results"]] == expected


# Outsiders and regulators


def test_outsider_cannot_read_or_change_a_site_through_its_company_host(
    client_for, api_for, company_a, outsider, site_a
):
    api = api_for(company_a, outsider)
    assert api.get(f"/api/v1/sites/{site_a.pk}/").status_code == 403
    assert api.get("/api/v1/sites/").status_code == 403
    response = api.patch(f"/api/v1/sites/{site_a.pk}/", {"households": 1}, format="json")
    assert response.status_code == 403
    portal = client_for(company_a, outsider)
    assert portal.get("/sites/").status_code == 403
    assert portal.post(f"/sites/{site_a.pk}/edit/", SITE_FORM).status_code == 403
    assert portal.post("/sites/new/", SITE_FORM).status_code == 403
    assert reload(company_a, site_a).households == 860
    assert list(sites_of(company_a)) == ["天山天义小区"]


def test_outsider_cannot_reach_another_company_site_through_their_own_host(
    client_for, api_for, company_a, company_b, outsider, site_a
):
    # Beta has no site with this id: the id belongs to alpha's schema alone.
    assert sites_of(company_b) == {}
    api = api_for(company_b, outsider)
    assert api.get(f"/api/v1/sites/{site_a.pk}/").status_code == 404
    response = api.patch(f"/api/v1/sites/{site_a.pk}/", {"households": 1}, format="json")
    assert response.status_code == 404
    portal = client_for(company_b, outsider)
    assert portal.get(f"/sites/{site_a.pk}/edit/").status_code == 404
    assert reload(company_a, site_a).households == 860


def test_regulator_cannot_create_or_change_sites_through_the_api(
    api_for, company_a, regulator_user, site_a
):
    api = api_for(company_a, regulator_user)
    response = api.post("/api/v1/sites/", SITE_JSON, format="json")
    assert response.status_code == 403
    response = api.patch(f"/api/v1/sites/{site_a.pk}/", {"households": 1}, format="json")
    assert response.status_code == 403
    assert list(sites_of(company_a)) == ["天山天义小区"]
    assert reload(company_a, site_a).households == 860


# Buildings and facilities: what every endpoint answers (tests/view_cases.py)


class TestBuildingEndpoints(ApiEndpointCases):
    model = Building
    object_fixture = "building_a"
    permission = "sites.change"
    list_url = "/api/v1/buildings/"
    object_url = "/api/v1/buildings/{pk}/"
    create_data = {"site": "{site}", "name": "2号楼", "units": 80}
    created = {"site_id": "{site}", "name": "2号楼", "units": 80}
    invalid_data = {"site": "{site}", "name": "2号楼", "units": 0}
    invalid_field = "units"
    update_data = {"name": "1号楼A座", "units": 96}
    updated = {"name": "1号楼A座", "units": 96}


class TestFacilityEndpoints(ApiEndpointCases):
    model = Facility
    object_fixture = "facility_a"
    permission = "sites.change"
    list_url = "/api/v1/facilities/"
    object_url = "/api/v1/facilities/{pk}/"
    create_data = {"site": "{site}", "kind": "garage", "location": "地下车库"}
    created = {"site_id": "{site}", "kind": "garage", "location": "地下车库", "opening_hours": []}
    invalid_data = {"site": "{site}", "kind": "castle", "location": "地下车库"}
    invalid_field = "kind"
    update_data = {"location": "2号楼 西侧"}
    updated = {"location": "2号楼 西侧"}
