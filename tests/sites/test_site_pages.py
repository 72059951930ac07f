"""A site's page in the portal: its gates, buildings, facilities and units, and their forms.

Gates are added with hours and staffing typed as text, and closed or reopened with a reason
that the gate's history keeps. Site managers reach only their own sites; nobody reaches
another company's rows by guessing their ids. Buildings and facilities also answer the
questions every plain page set answers (tests/view_cases.py: listed, added, refused, changed;
a viewer and an outsider change nothing).
"""

import re
from html import unescape

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.sites.models import Building, Facility, Gate, GateStatus, GateStatusChange, Site
from tenants.sites.services.places import create_building
from tests.conftest import make_gate, make_site
from tests.sites.site_helpers import assign, error_is_shown_on
from tests.view_cases import PortalPageCases

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

NEW_GATE = {
    "name": "北门",
    "opening_hours": "",
    "minimum_on_duty": "1",
    "staffing_rules": "",
    "responsible": "on",
    "status": "open",
    "reason": "",
}


def rows_of(page: str, section: str) -> list[str]:
    """The rows of a section's table as a reader sees them: text only, spaces collapsed."""
    part = re.search(rf'<section class="card" id="{section}">(.*?)</section>', page, re.S)
    assert part, f"no section {section!r} on the page"
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split())
        for row in re.findall(r"<tr>(.*?)</tr>", part[1], re.S)[1:]  # the header row is not data
    ]


def row_of(page: str, section: str, name: str) -> str:
    found = [row for row in rows_of(page, section) if row.startswith(name)]
    assert len(found) == 1, f"{name!r} not once in {rows_of(page, section)}"
    return found[0]


def gates_of(company) -> dict[str, Gate]:
    with schema_context(company.schema_name):
        return {gate.name: gate for gate in Gate.objects.all()}


def history_of(company, gate) -> list[tuple]:
    with schema_context(company.schema_name):
        return list(
            GateStatusChange.objects.filter(gate=gate).values_list(
                "from_status", "to_status", "changed_by", "reason", "changed_at"
            )
        )


# The site's page


def test_the_site_page_lists_gates_with_status_hours_and_staffing(
    client_for, company_a, manager_a, site_a, gate_a
):
    make_gate(company_a, site_a, name="东门", opening_hours=[["06:00", "22:00"]])
    make_gate(
        company_a,
        site_a,
        name="北门",
        minimum_on_duty=2,
        staffing_rules=[{"from": "22:00", "until": "06:00", "minimum": 3}],
    )
    make_gate(company_a, site_a, name="西门", responsible=False)
    page = client_for(company_a, manager_a).get(f"/sites/{site_a.pk}/", **EN)
    assert page.status_code == 200
    assert row_of(page.text, "gates", "南门") == (
        "南门 Open 24 hours 1 This company Edit · Close · Visitor poster"
    )
    assert row_of(page.text, "gates", "东门").startswith("东门 Open 06:00–22:00 1 This company")
    assert row_of(page.text, "gates", "北门").startswith("北门 Open 24 hours 2; 22:00–06:00: 3")
    assert "Another company" in row_of(page.text, "gates", "西门")


def test_the_site_page_lists_buildings_facilities_and_responsible_units(
    client_for, company_a, manager_a, site_a, building_a, facility_a, unit_a
):
    page = client_for(company_a, manager_a).get(f"/sites/{site_a.pk}/", **EN)
    assert row_of(page.text, "buildings", "1号楼") == "1号楼 120 Edit"
    assert rows_of(page.text, "facilities") == ["Lift 1号楼 东侧 Edit"]
    assert rows_of(page.text, "units") == ["天山路派出所 Police station Edit"]


def test_a_new_site_says_it_has_nothing_yet(client_for, company_a, manager_a, site_a):
    page = client_for(company_a, manager_a).get(f"/sites/{site_a.pk}/", **EN)
    for empty in ("No gates yet.", "No buildings yet.", "No facilities yet."):
        assert empty in page.text
    assert "No responsible units yet." in page.text


# Gates: adding with hours and rules typed as text


def test_a_gate_added_with_staffing_rules_typed_as_text_keeps_them(
    client_for, company_a, manager_a, site_a
):
    client = client_for(company_a, manager_a)
    form = {**NEW_GATE, "opening_hours": "", "staffing_rules": "22:00-06:00 2\n12:00-13:00 3"}
    response = client.post(f"/sites/{site_a.pk}/gates/new/", form, **EN)
    assert response.status_code == 302
    assert response["Location"] == f"/sites/{site_a.pk}/"
    gate = gates_of(company_a)["北门"]
    assert gate.staffing_rules == [
        {"from": "22:00", "until": "06:00", "minimum": 2},
        {"from": "12:00", "until": "13:00", "minimum": 3},
    ]
    assert (gate.opening_hours, gate.status) == ([], GateStatus.OPEN)
    page = client.get(f"/sites/{site_a.pk}/", **EN)
    assert "Saved “北门”." in page.text
    assert row_of(page.text, "gates", "北门").startswith(
        "北门 Open 24 hours 1; 22:00–06:00: 2; 12:00–13:00: 3"
    )


def test_a_gate_added_with_opening_hours_shows_them_on_the_site_page(
    client_for, company_a, manager_a, site_a
):
    client = client_for(company_a, manager_a)
    form = {**NEW_GATE, "opening_hours": "06:00至22:00"}
    assert client.post(f"/sites/{site_a.pk}/gates/new/", form).status_code == 302
    assert gates_of(company_a)["北门"].opening_hours == [["06:00", "22:00"]]
    page = client.get(f"/sites/{site_a.pk}/", **EN)
    assert "06:00–22:00" in row_of(page.text, "gates", "北门")


def test_a_staffing_rule_at_an_hour_that_does_not_exist_is_refused_and_no_gate_is_added(
    client_for, company_a, manager_a, site_a
):
    form = {**NEW_GATE, "staffing_rules": "25:00-06:00 2"}
    response = client_for(company_a, manager_a).post(f"/sites/{site_a.pk}/gates/new/", form, **EN)
    assert response.status_code == 400
    assert "“25:00” is not a time of day such as 06:30." in response.text
    assert error_is_shown_on("staffing_rules", response.text)
    # What the manager typed stays in the form to be corrected.
    assert "25:00-06:00 2</textarea>" in response.text
    assert gates_of(company_a) == {}


@pytest.mark.parametrize("typed", ["22:00-06:00", "22:00-06:00 two guards"])
def test_a_staffing_rule_without_a_number_of_people_is_refused_with_how_to_write_it(
    client_for, company_a, manager_a, site_a, typed
):
    form = {**NEW_GATE, "staffing_rules": typed}
    response = client_for(company_a, manager_a).post(f"/sites/{site_a.pk}/gates/new/", form, **EN)
    assert response.status_code == 400
    assert "Write each rule as hours and a number of people, e.g. 22:00-06:00 2." in response.text
    assert "is not a time window" not in response.text
    assert gates_of(company_a) == {}


def test_a_gate_added_closed_without_a_reason_is_refused(client_for, company_a, manager_a, site_a):
    form = {**NEW_GATE, "status": "closed"}
    response = client_for(company_a, manager_a).post(f"/sites/{site_a.pk}/gates/new/", form, **EN)
    assert response.status_code == 400
    assert "Say why the gate is closed." in response.text
    assert error_is_shown_on("reason", response.text)
    assert gates_of(company_a) == {}


def test_the_gate_edit_form_shows_the_rules_as_they_were_typed(
    client_for, company_a, manager_a, site_a
):
    gate = make_gate(
        company_a,
        site_a,
        opening_hours=[["06:00", "22:00"]],
        staffing_rules=[{"from": "18:00", "until": "20:00", "minimum": 2}],
    )
    page = client_for(company_a, manager_a).get(f"/gates/{gate.pk}/edit/", **EN)
    assert page.status_code == 200
    assert 'value="06:00-22:00"' in page.text
    assert ">\n18:00-20:00 2</textarea>" in page.text


# Gates: closing and reopening with a reason


def test_closing_a_gate_without_a_reason_is_refused_and_nothing_changes(
    client_for, company_a, manager_a, gate_a
):
    client = client_for(company_a, manager_a)
    response = client.post(f"/gates/{gate_a.pk}/status/", {"status": "closed", "reason": " "}, **EN)
    assert response.status_code == 400
    assert "Say why the gate is closed." in response.text
    assert error_is_shown_on("reason", response.text)
    gate = gates_of(company_a)["南门"]
    assert (gate.status, gate.status_reason) == (GateStatus.OPEN, "")
    assert history_of(company_a, gate_a) == []


def test_closing_a_gate_with_a_reason_records_who_and_when_and_shows_it(
    client_for, company_a, manager_a, site_a, gate_a
):
    client = client_for(company_a, manager_a)
    before = timezone.now()
    form = {"status": "closed", "reason": "小区封闭管理，只留北门"}
    response = client.post(f"/gates/{gate_a.pk}/status/", form, **EN)
    assert response.status_code == 302
    assert response["Location"] == f"/sites/{site_a.pk}/"

    [(was, now, by, reason, at)] = history_of(company_a, gate_a)
    assert (was, now, by, reason) == ("open", "closed", manager_a.pk, "小区封闭管理，只留北门")
    assert before <= at <= timezone.now()
    gate = gates_of(company_a)["南门"]
    assert (gate.status, gate.status_since) == (GateStatus.CLOSED, at)

    history = client.get(f"/gates/{gate_a.pk}/status/", **EN)
    assert "南门 at 天山天义小区 is Closed now." in history.text
    shanghai_time = timezone.localtime(at).strftime("%Y-%m-%d %H:%M")
    assert f"{shanghai_time} Open → Closed 甲物业 manager 小区封闭管理，只留北门" in " ".join(
        re.sub(r"<[^>]+>", " ", history.text.split("History", 1)[1]).split()
    )

    site_page = client.get(f"/sites/{site_a.pk}/", **EN)
    row = row_of(site_page.text, "gates", "南门")
    day = timezone.localtime(at).strftime("%Y-%m-%d")
    assert row.startswith(f"南门 Closed {day} · 小区封闭管理，只留北门")
    assert row.endswith("Edit · Reopen")


def test_reopening_a_closed_gate_needs_no_reason_and_is_recorded_too(
    client_for, company_a, manager_a, site_a, gate_a
):
    client = client_for(company_a, manager_a)
    closing = {"status": "sealed", "reason": "封控"}
    assert client.post(f"/gates/{gate_a.pk}/status/", closing).status_code == 302
    form = {"status": "open", "reason": ""}
    assert client.post(f"/gates/{gate_a.pk}/status/", form).status_code == 302
    changes = [change[:2] for change in history_of(company_a, gate_a)]
    assert changes == [("open", "sealed"), ("sealed", "open")]
    page = client.get(f"/sites/{site_a.pk}/", **EN)
    assert row_of(page.text, "gates", "南门").startswith("南门 Open 24 hours")


def test_the_status_page_offers_the_current_status(client_for, company_a, manager_a, gate_a):
    page = client_for(company_a, manager_a).get(f"/gates/{gate_a.pk}/status/", **EN)
    assert page.status_code == 200
    assert '<option value="open" selected>Open</option>' in page.text
    assert "History" not in page.text  # nothing has happened to the gate yet


# Facilities


def test_a_shared_kitchen_without_opening_hours_is_refused_and_not_added(
    client_for, company_a, manager_a, site_a
):
    form = {"kind": "shared_kitchen", "location": "3号楼 1层", "opening_hours": ""}
    client = client_for(company_a, manager_a)
    response = client.post(f"/sites/{site_a.pk}/facilities/new/", form, **EN)
    assert response.status_code == 400
    assert "A shared kitchen opens only at set hours: give them." in response.text
    assert error_is_shown_on("opening_hours", response.text)
    with schema_context(company_a.schema_name):
        assert not Facility.objects.exists()


def test_a_shared_kitchen_with_hours_shows_them_on_the_site_page(
    client_for, company_a, manager_a, site_a
):
    form = {
        "kind": "shared_kitchen",
        "location": "3号楼 1层",
        "opening_hours": "06:30-09:00, 17:00-20:00",
    }
    client = client_for(company_a, manager_a)
    assert client.post(f"/sites/{site_a.pk}/facilities/new/", form).status_code == 302
    page = client.get(f"/sites/{site_a.pk}/", **EN)
    assert rows_of(page.text, "facilities") == [
        "Shared kitchen 3号楼 1层 06:30–09:00, 17:00–20:00 Edit"
    ]


def test_a_building_name_taken_in_the_site_is_refused(
    client_for, company_a, manager_a, site_a, building_a
):
    form = {"name": "1号楼", "units": "80"}
    client = client_for(company_a, manager_a)
    response = client.post(f"/sites/{site_a.pk}/buildings/new/", form, **EN)
    assert response.status_code == 400
    assert "This site already has a building called “1号楼”." in response.text
    with schema_context(company_a.schema_name):
        assert list(Building.objects.values_list("name", "units")) == [("1号楼", 120)]


# Who reaches which site


def test_a_site_manager_opens_their_own_site_but_not_another(
    client_for, company_a, site_manager_a, site_a, gate_a
):
    mine = make_site(company_a, name="虹桥花园")
    assign(company_a, mine, site_manager_a)
    client = client_for(company_a, site_manager_a)
    assert client.get(f"/sites/{mine.pk}/").status_code == 200
    assert client.get(f"/sites/{site_a.pk}/").status_code == 404
    assert client.get(f"/gates/{gate_a.pk}/edit/").status_code == 404
    assert client.get(f"/gates/{gate_a.pk}/status/").status_code == 404
    assert client.get(f"/sites/{site_a.pk}/gates/new/").status_code == 404


def test_a_site_manager_cannot_close_or_add_to_a_site_not_assigned_to_them(
    client_for, company_a, site_manager_a, site_a, gate_a
):
    client = client_for(company_a, site_manager_a)
    form = {"status": "closed", "reason": "抢着关"}
    assert client.post(f"/gates/{gate_a.pk}/status/", form).status_code == 404
    assert client.post(f"/sites/{site_a.pk}/gates/new/", NEW_GATE).status_code == 404
    assert gates_of(company_a)["南门"].status == GateStatus.OPEN
    assert list(gates_of(company_a)) == ["南门"]
    assert history_of(company_a, gate_a) == []


def test_a_manager_cannot_reach_another_companys_gate_or_building_by_its_id(
    client_for, company_a, company_b, manager_a, site_b, gate_b
):
    with schema_context(company_b.schema_name):
        building_b = create_building(site_b, by=None, name="8号楼", units=60)
    # Ids are counted per company: make sure alpha has no row of its own with these ids.
    with schema_context(company_a.schema_name):
        assert not Gate.objects.filter(pk=gate_b.pk).exists()
        assert not Building.objects.filter(pk=building_b.pk).exists()
    client = client_for(company_a, manager_a)

    assert client.get(f"/gates/{gate_b.pk}/edit/").status_code == 404
    assert client.post(f"/gates/{gate_b.pk}/edit/", {**NEW_GATE, "name": "改名"}).status_code == 404
    form = {"status": "closed", "reason": "越权"}
    assert client.post(f"/gates/{gate_b.pk}/status/", form).status_code == 404
    assert client.get(f"/buildings/{building_b.pk}/edit/").status_code == 404
    form = {"name": "改名楼", "units": "1"}
    assert client.post(f"/buildings/{building_b.pk}/edit/", form).status_code == 404

    with schema_context(company_b.schema_name):
        gate = Gate.objects.get(pk=gate_b.pk)
        assert (gate.name, gate.status) == ("北门", GateStatus.OPEN)
        assert not GateStatusChange.objects.exists()
        building = Building.objects.get(pk=building_b.pk)
        assert (building.name, building.units) == ("8号楼", 60)


def test_a_manager_cannot_open_another_companys_site_by_its_id(
    client_for, company_a, company_b, manager_a, site_b
):
    with schema_context(company_a.schema_name):
        assert not Site.objects.filter(pk=site_b.pk).exists()
    client = client_for(company_a, manager_a)
    assert client.get(f"/sites/{site_b.pk}/").status_code == 404
    assert client.post(f"/sites/{site_b.pk}/gates/new/", NEW_GATE).status_code == 404
    assert gates_of(company_b) == {}


# Buildings and facilities: what every plain page set answers (tests/view_cases.py)


class TestBuildingPages(PortalPageCases):
    model = Building
    object_fixture = "building_a"
    permission = "sites.change"
    list_url = "/sites/{site}/"
    object_url = "/buildings/{pk}/edit/"
    create_url = "/sites/{site}/buildings/new/"
    create_data = {"name": "2号楼", "units": "80"}
    created = {"site_id": "{site}", "name": "2号楼", "units": 80}
    invalid_data = {"name": "2号楼", "units": "0"}
    invalid_field = "units"
    update_url = "/buildings/{pk}/edit/"
    update_data = {"name": "1号楼A座", "units": "96"}
    updated = {"name": "1号楼A座", "units": 96}


class TestFacilityPages(PortalPageCases):
    model = Facility
    object_fixture = "facility_a"
    permission = "sites.change"
    list_url = "/sites/{site}/"
    object_url = "/facilities/{pk}/edit/"
    create_url = "/sites/{site}/facilities/new/"
    create_data = {"kind": "garage", "location": "地下车库", "opening_hours": ""}
    created = {"site_id": "{site}", "kind": "garage", "location": "地下车库", "opening_hours": []}
    invalid_data = {"kind": "lift", "location": "", "opening_hours": ""}
    invalid_field = "location"
    update_url = "/facilities/{pk}/edit/"
    update_data = {"kind": "lift", "location": "2号楼 西侧", "opening_hours": ""}
    updated = {"kind": "lift", "location": "2号楼 西侧"}

    def shown_as(self, row) -> str:
        return row.location
