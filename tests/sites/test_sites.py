"""The site list in the portal: managers add, edit and staff sites.

Site managers see only the sites assigned to them; outsiders and regulators change nothing.
"""

import pytest
from django_tenants.utils import schema_context

from accounts.roles import Role
from tests.conftest import make_site
from tests.sites.site_helpers import (
    DUPLICATE_NAME,
    SITE_FORM,
    assign,
    error_is_shown_on,
    in_language,
    reload,
    sites_of,
)

# Portal: adding and editing


def test_manager_adds_a_site_and_sees_it_in_the_list(client_for, company_a, manager_a):
    client = client_for(company_a, manager_a)
    response = client.post("/sites/new/", SITE_FORM)
    assert response.status_code == 302
    assert response["Location"] == "/sites/"
    page = client.get("/sites/")
    assert "虹桥花园" in page.text and "虹桥路 1 号" in page.text
    created = sites_of(company_a)["虹桥花园"]
    assert created["households"] == 420 and created["district"] == "changning"


def test_manager_edits_a_site_and_the_list_shows_the_change(
    client_for, company_a, manager_a, site_a
):
    client = client_for(company_a, manager_a)
    form = {**SITE_FORM, "name": "天山新村", "households": "900"}
    response = client.post(f"/sites/{site_a.pk}/edit/", form)
    assert response.status_code == 302
    site = reload(company_a, site_a)
    assert (site.name, site.households, site.address) == ("天山新村", 900, "虹桥路 1 号")
    page = client.get("/sites/")
    assert "天山新村" in page.text and "天山天义小区" not in page.text


def test_the_edit_page_shows_the_current_details(client_for, company_a, manager_a, site_a):
    page = client_for(company_a, manager_a).get(f"/sites/{site_a.pk}/edit/")
    assert page.status_code == 200
    assert 'value="天山天义小区"' in page.text and 'value="860"' in page.text


INVALID_FIELDS = [
    pytest.param({"name": ""}, "name", "This field is required.", id="missing name"),
    pytest.param(
        {"households": "-1"},
        "households",
        "Ensure this value is greater than or equal to 0.",
        id="negative households",
    ),
    pytest.param(
        {"households": "100001"},
        "households",
        "Ensure this value is less than or equal to 100000.",
        id="too many households",
    ),
    pytest.param(
        {"district": "atlantis"},
        "district",
        "Select a valid choice. atlantis is not one of the available choices.",
        id="unknown district",
    ),
]


@pytest.mark.parametrize(("change", "field", "message"), INVALID_FIELDS)
def test_an_invalid_new_site_is_refused_with_the_error_and_nothing_is_created(
    client_for, company_a, manager_a, change, field, message
):
    client = client_for(company_a, manager_a)
    response = client.post("/sites/new/", {**SITE_FORM, **change}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.text
    assert error_is_shown_on(field, response.text)
    assert sites_of(company_a) == {}


@pytest.mark.parametrize(("change", "field", "message"), INVALID_FIELDS)
def test_an_invalid_edit_is_refused_with_the_error_and_the_site_is_unchanged(
    client_for, company_a, manager_a, site_a, change, field, message
):
    before = sites_of(company_a)
    client = client_for(company_a, manager_a)
    form = {**SITE_FORM, "name": "改过的名字", **change}
    response = client.post(f"/sites/{site_a.pk}/edit/", form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.text
    assert error_is_shown_on(field, response.text)
    assert sites_of(company_a) == before


def test_form_errors_are_in_chinese_by_default(client_for, company_a, manager_a):
    response = client_for(company_a, manager_a).post("/sites/new/", {**SITE_FORM, "name": ""})
    assert response.status_code == 400
    assert 'lang="zh-hans"' in response.text
    assert "该字段是必填项。" in response.text


def test_a_name_taken_in_another_case_is_refused_and_nothing_is_created(
    client_for, company_a, manager_a
):
    make_site(company_a, name="Zone A")
    client = client_for(company_a, manager_a)
    response = client.post(
        "/sites/new/", {**SITE_FORM, "name": "zone a"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "This company already has a site called “zone a”." in response.text
    assert error_is_shown_on("name", response.text)
    assert list(sites_of(company_a)) == ["Zone A"]


def test_renaming_a_site_to_a_taken_name_is_refused_and_nothing_changes(
    client_for, company_a, manager_a
):
    make_site(company_a, name="Zone A")
    other = make_site(company_a, name="Zone B")
    client = client_for(company_a, manager_a)
    form = {**SITE_FORM, "name": " ZONE A "}
    response = client.post(f"/sites/{other.pk}/edit/", form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "This company already has a site called" in response.text
    assert sorted(sites_of(company_a)) == ["Zone A", "Zone B"]
    assert reload(company_a, other).address == "天山路 1000 弄"


def test_saving_a_site_under_its_own_name_is_not_a_duplicate(
    client_for, company_a, manager_a, site_a
):
    form = {**SITE_FORM, "name": site_a.name, "households": "861"}
    response = client_for(company_a, manager_a).post(f"/sites/{site_a.pk}/edit/", form)
    assert response.status_code == 302
    assert reload(company_a, site_a).households == 861


def test_the_duplicate_name_message_is_in_the_default_chinese_for_readers_without_a_language(
    client_for, company_a, manager_a
):
    make_site(company_a, name="Zone A")
    response = client_for(company_a, manager_a).post("/sites/new/", {**SITE_FORM, "name": "zone a"})
    assert response.status_code == 400
    assert 'lang="zh-hans"' in response.text
    # Until i18n/zh_Hans has this msgid, the Chinese reader sees the English source text.
    assert in_language("zh-hans", DUPLICATE_NAME, name="zone a") in response.text


def test_the_duplicate_name_message_is_in_english_for_english_readers(
    client_for, company_a, manager_a
):
    make_site(company_a, name="Zone A")
    client = client_for(company_a, manager_a)
    response = client.post(
        "/sites/new/", {**SITE_FORM, "name": "zone a"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert 'lang="en"' in response.text
    assert "This company already has a site called “zone a”." in response.text


# Site managers: only their own sites


def test_site_manager_sees_only_assigned_sites_in_the_portal(client_for, company_a, site_manager_a):
    mine = make_site(company_a, name="我的小区")
    make_site(company_a, name="别人的小区")
    assign(company_a, mine, site_manager_a)
    page = client_for(company_a, site_manager_a).get("/sites/")
    assert page.status_code == 200
    assert "我的小区" in page.text and "别人的小区" not in page.text


def test_site_manager_sees_only_assigned_sites_in_the_api(api_for, company_a, site_manager_a):
    mine = make_site(company_a, name="我的小区")
    make_site(company_a, name="别人的小区")
    assign(company_a, mine, site_manager_a)
    response = api_for(company_a, site_manager_a).get("/api/v1/sites/")
    assert response.status_code == 200
    assert [site["name"] for site in response.json()["results"]] == ["我的小区"]
    assert response.json()["count"] == 1


def test_site_manager_cannot_open_an_unassigned_site(
    client_for, api_for, company_a, site_manager_a
):
    mine = make_site(company_a, name="我的小区")
    other = make_site(company_a, name="别人的小区")
    assign(company_a, mine, site_manager_a)
    assert client_for(company_a, site_manager_a).get(f"/sites/{other.pk}/edit/").status_code == 404
    api = api_for(company_a, site_manager_a)
    assert api.get(f"/api/v1/sites/{other.pk}/").status_code == 404
    response = api.patch(f"/api/v1/sites/{other.pk}/", {"households": 1}, format="json")
    assert response.status_code == 404
    assert reload(company_a, other).households == 860


def test_site_manager_cannot_edit_an_unassigned_site_in_the_portal(
    client_for, company_a, site_manager_a
):
    other = make_site(company_a, name="别人的小区")
    client = client_for(company_a, site_manager_a)
    response = client.post(f"/sites/{other.pk}/edit/", {**SITE_FORM, "name": "抢来的小区"})
    assert response.status_code == 404
    assert reload(company_a, other).name == "别人的小区"


def test_site_manager_edits_an_assigned_site(client_for, company_a, site_manager_a, site_a):
    assign(company_a, site_a, site_manager_a)
    client = client_for(company_a, site_manager_a)
    response = client.post(f"/sites/{site_a.pk}/edit/", {**SITE_FORM, "households": "870"})
    assert response.status_code == 302
    assert reload(company_a, site_a).households == 870


# Assigning staff


def test_manager_assigns_a_site_manager_who_then_sees_the_site(
    client_for, company_a, manager_a, site_manager_a, site_a
):
    manager = client_for(company_a, manager_a)
    form = {**SITE_FORM, "name": site_a.name, "assigned_users": [site_manager_a.pk]}
    assert manager.post(f"/sites/{site_a.pk}/edit/", form).status_code == 302
    page = client_for(company_a, site_manager_a).get("/sites/")
    assert site_a.name in page.text


def test_manager_cannot_assign_someone_from_another_company(
    client_for, company_a, manager_a, outsider, site_a
):
    form = {**SITE_FORM, "name": site_a.name, "assigned_users": [outsider.pk]}
    response = client_for(company_a, manager_a).post(f"/sites/{site_a.pk}/edit/", form)
    assert response.status_code == 400
    with schema_context(company_a.schema_name):
        assert not site_a.assigned_users.exists()


def test_site_manager_edits_details_but_cannot_change_who_is_assigned(
    client_for, company_a, site_manager_a, site_a, make_member
):
    assign(company_a, site_a, site_manager_a)
    guard = make_member(company_a, Role.GUARD)
    client = client_for(company_a, site_manager_a)
    assert "assigned_users" not in client.get(f"/sites/{site_a.pk}/edit/").text
    form = {**SITE_FORM, "name": site_a.name, "assigned_users": [guard.pk]}
    assert client.post(f"/sites/{site_a.pk}/edit/", form).status_code == 302
    with schema_context(company_a.schema_name):
        assert list(site_a.assigned_users.all()) == [site_manager_a]
