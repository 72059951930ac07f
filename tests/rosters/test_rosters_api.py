"""Gates and 24-hour gate rosters through the API, as a partner developer meets them.

Shifts are listed by gate and period in Shanghai time; the coverage of a site shows its gaps;
bad input is refused field by field and changes nothing; site managers reach only their
sites, and other companies and regulators reach nothing.
"""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.roles import ApiScope, Role
from tenants.rosters.models import DutyPerson, Shift
from tenants.sites.models import Gate, GateStatus
from tests.api_helpers import field_errors, listed
from tests.conftest import make_gate, make_person, make_shift, make_site, shanghai
from tests.sites.site_helpers import assign

NIGHT = {"starts_at": "2026-12-01T22:00:00+08:00", "ends_at": "2026-12-02T06:00:00+08:00"}
DAY = {"starts_at": "2026-12-03T08:00+08:00", "ends_at": "2026-12-03T20:00+08:00"}
FIRST_DAY = {"from": "2026-12-01", "to": "2026-12-01"}


def shifts_of(company) -> list[tuple]:
    """Every shift of the company: gate, person, start and end as people at the gate read them."""
    with schema_context(company.schema_name):
        return [
            (
                s.gate.name,
                s.person.name,
                timezone.localtime(s.starts_at).strftime("%m-%d %H:%M"),
                timezone.localtime(s.ends_at).strftime("%m-%d %H:%M"),
            )
            for s in Shift.objects.select_related("gate", "person")
        ]


def reload_gate(company, gate) -> Gate:
    with schema_context(company.schema_name):
        return Gate.objects.get(pk=gate.pk)


@pytest.fixture
def other_site_a(company_a):
    """A second site of alpha, with its own gate, to which no site manager is assigned."""
    site = make_site(company_a, name="紫云小区")
    return site, make_gate(company_a, site, name="西门")


# Listing shifts


def test_shifts_are_listed_by_gate_and_day_in_shanghai_time(
    manager_api, company_a, site_a, gate_a, person_a, shift_a
):
    east = make_gate(company_a, site_a, name="东门")
    make_shift(company_a, east, person_a, shanghai(2026, 12, 1, 6), shanghai(2026, 12, 1, 14))
    response = manager_api.get(
        "/api/v1/shifts/", {"gate": gate_a.pk, "from": "2026-12-01", "to": "2026-12-01"}
    )
    assert listed(response) == [shift_a.pk]
    shift = response.json()["results"][0]
    assert shift["starts_at"] == "2026-12-01T22:00:00+08:00"
    assert shift["ends_at"] == "2026-12-02T06:00:00+08:00"
    assert (shift["gate"], shift["gate_name"], shift["site"]) == (gate_a.pk, "南门", site_a.pk)
    assert (shift["person"], shift["person_name"]) == (person_a.pk, "李志愿")


@pytest.mark.parametrize(
    "period",
    [
        pytest.param({"from": "2026-12-01", "to": "2026-12-01"}, id="the evening it starts"),
        pytest.param({"from": "2026-12-02", "to": "2026-12-02"}, id="the morning it ends"),
        pytest.param({"from": "2026-12-02T05:00", "to": "2026-12-02T05:30"}, id="half an hour"),
        pytest.param({"from": "2026-12-01T14:00:00Z"}, id="from 22:00 Shanghai, in UTC"),
        pytest.param({"to": "2026-12-01T22:30+08:00"}, id="until half an hour in"),
    ],
)
def test_a_night_shift_is_listed_for_every_period_it_overlaps(manager_api, shift_a, period):
    assert listed(manager_api.get("/api/v1/shifts/", period)) == [shift_a.pk]


@pytest.mark.parametrize(
    "period",
    [
        pytest.param({"from": "2026-11-30", "to": "2026-11-30"}, id="the day before"),
        pytest.param({"from": "2026-12-03"}, id="the day after"),
        pytest.param({"from": "2026-12-02T06:00+08:00"}, id="from the minute it ends"),
        pytest.param({"to": "2026-12-01T22:00+08:00"}, id="until the minute it starts"),
    ],
)
def test_a_night_shift_is_not_listed_outside_its_hours(manager_api, shift_a, period):
    assert listed(manager_api.get("/api/v1/shifts/", period)) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        pytest.param({"from": "yesterday"}, "from", id="not a date"),
        pytest.param({"to": "2026-02-30"}, "to", id="no such day"),
        pytest.param({"from": "2026-12-02", "to": "2026-12-01"}, "to", id="ends before it starts"),
    ],
)
def test_a_bad_period_is_refused_with_a_field_message(manager_api, shift_a, query, field):
    assert list(field_errors(manager_api.get("/api/v1/shifts/", query))) == [field]


# Coverage


def test_coverage_shows_the_hours_a_gate_has_nobody(manager_api, site_a, gate_a, shift_a):
    response = manager_api.get(
        f"/api/v1/sites/{site_a.pk}/coverage/", {"from": "2026-12-01", "to": "2026-12-02"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["start"], body["end"]) == (
        "2026-12-01T00:00:00+08:00",
        "2026-12-03T00:00:00+08:00",
    )
    [gate] = body["gates"]
    assert (gate["gate"], gate["name"], gate["status"]) == (gate_a.pk, "南门", "open")
    gap = {"required": 1, "on_duty": 0, "missing": 1}
    assert gate["days"] == [
        {"date": "2026-12-01", "gaps": [
            {"start": "2026-12-01T00:00:00+08:00", "end": "2026-12-01T22:00:00+08:00", **gap}]},
        {"date": "2026-12-02", "gaps": [
            {"start": "2026-12-02T06:00:00+08:00", "end": "2026-12-03T00:00:00+08:00", **gap}]},
    ]  # fmt: skip
    assert gate["uncovered_hours"] == body["uncovered_hours"] == 40.0
    assert body["clashes"] == []


def test_coverage_counts_a_staffing_rule_and_shows_a_double_booking(
    manager_api, company_a, site_a, gate_a, person_a, shift_a
):
    response = manager_api.patch(
        f"/api/v1/gates/{gate_a.pk}/",
        {"staffing_rules": [{"from": "22:00", "until": "06:00", "minimum": 2}]},
        format="json",
    )
    assert response.status_code == 200
    north = make_gate(company_a, site_a, name="北门")
    twice = make_shift(
        company_a, north, person_a, shanghai(2026, 12, 2, 5), shanghai(2026, 12, 2, 9)
    )
    body = manager_api.get(f"/api/v1/sites/{site_a.pk}/coverage/", FIRST_DAY).json()
    south = next(gate for gate in body["gates"] if gate["gate"] == gate_a.pk)
    assert south["days"][0]["gaps"][-1] == {
        "start": "2026-12-01T22:00:00+08:00",
        "end": "2026-12-02T00:00:00+08:00",
        "required": 2,
        "on_duty": 1,
        "missing": 1,
    }
    assert body["clashes"] == []  # the double booking is on the morning of the 2nd
    body = manager_api.get(
        f"/api/v1/sites/{site_a.pk}/coverage/", {"from": "2026-12-02", "to": "2026-12-02"}
    ).json()
    assert body["clashes"] == [
        {
            "person": person_a.pk,
            "person_name": "李志愿",
            "first_shift": shift_a.pk,
            "second_shift": twice.pk,
            "start": "2026-12-02T05:00:00+08:00",
            "end": "2026-12-02T06:00:00+08:00",
        }
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        pytest.param({"from": "2026-12-01", "to": "2027-01-01"}, "to", id="32 days"),
        pytest.param({"from": "2026-12-07", "to": "2026-12-01"}, "to", id="backwards"),
        pytest.param({"to": "2026-12-07"}, "from", id="no first day"),
        pytest.param({"from": "1 December", "to": "2026-12-07"}, "from", id="not a date"),
    ],
)
def test_coverage_refuses_a_bad_period(manager_api, site_a, query, field):
    response = manager_api.get(f"/api/v1/sites/{site_a.pk}/coverage/", query)
    assert list(field_errors(response)) == [field]


def test_coverage_allows_31_days(manager_api, site_a, gate_a):
    response = manager_api.get(
        f"/api/v1/sites/{site_a.pk}/coverage/", {"from": "2026-12-01", "to": "2026-12-31"}
    )
    assert response.status_code == 200
    assert len(response.json()["gates"][0]["days"]) == 31


def test_closing_a_gate_records_why_and_takes_it_out_of_coverage(
    manager_api, company_a, site_a, gate_a
):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    period = {"from": tomorrow, "to": tomorrow}
    coverage = f"/api/v1/sites/{site_a.pk}/coverage/"
    assert manager_api.get(coverage, period).json()["uncovered_hours"] == 24.0

    response = manager_api.post(
        f"/api/v1/gates/{gate_a.pk}/status/", {"status": "closed"}, format="json"
    )
    assert list(field_errors(response)) == ["reason"]
    assert reload_gate(company_a, gate_a).status == GateStatus.OPEN

    response = manager_api.post(
        f"/api/v1/gates/{gate_a.pk}/status/",
        {"status": "closed", "reason": "封闭管理"},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_reason"]) == ("closed", "封闭管理")
    assert manager_api.get(coverage, period).json()["uncovered_hours"] == 0
    with schema_context(company_a.schema_name):
        assert gate_a.status_changes.count() == 1
    # Sending it again (a retried request) changes nothing.
    again = manager_api.post(
        f"/api/v1/gates/{gate_a.pk}/status/",
        {"status": "closed", "reason": "封闭管理"},
        format="json",
    )
    assert again.status_code == 200
    with schema_context(company_a.schema_name):
        assert gate_a.status_changes.count() == 1


# Creating and changing, with bad input refused


def test_a_gate_is_created_with_its_hours_and_staffing(manager_api, company_a, site_a):
    response = manager_api.post(
        "/api/v1/gates/",
        {
            "site": site_a.pk,
            "name": "东门",
            "opening_hours": [["6:00", "22:00"]],
            "staffing_rules": [{"from": "07:00", "until": "09:00", "minimum": 2}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["opening_hours"] == [["06:00", "22:00"]]
    assert body["staffing_rules"] == [{"from": "07:00", "until": "09:00", "minimum": 2}]
    assert (body["site"], body["status"], body["minimum_on_duty"]) == (site_a.pk, "open", 1)
    assert reload_gate(company_a, Gate(pk=body["id"])).name == "东门"


@pytest.mark.parametrize(
    ("change", "field", "mentions"),
    [
        pytest.param({"staffing_rules": [{"from": "22:00", "until": "25:00", "minimum": 2}]},
                     "staffing_rules", "25:00", id="staffing rule at 25:00"),
        pytest.param({"staffing_rules": [{"from": "22:00", "until": "06:00", "minimum": 0}]},
                     "staffing_rules", "20", id="nobody required"),
        pytest.param({"opening_hours": [["06:00"]]}, "opening_hours", "", id="hours without end"),
        pytest.param({"minimum_on_duty": 0}, "minimum_on_duty", "", id="minimum of nobody"),
        pytest.param({"name": "南门"}, "name", "南门", id="name taken"),
    ],
)  # fmt: skip
def test_a_bad_gate_change_is_refused_and_changes_nothing(
    manager_api, company_a, gate_a, change, field, mentions
):
    east = make_gate(company_a, gate_a.site, name="东门")
    response = manager_api.patch(f"/api/v1/gates/{east.pk}/", change, format="json")
    errors = field_errors(response)
    assert list(errors) == [field]
    assert mentions in errors[field][0]
    after = reload_gate(company_a, east)
    assert (after.name, after.staffing_rules, after.opening_hours, after.minimum_on_duty) == (
        "东门",
        [],
        [],
        1,
    )


def test_a_gate_with_a_bad_staffing_rule_is_not_created(manager_api, company_a, site_a):
    response = manager_api.post(
        "/api/v1/gates/",
        {
            "site": site_a.pk,
            "name": "东门",
            "staffing_rules": [{"from": "25:00", "until": "06:00", "minimum": 2}],
        },
        format="json",
    )
    assert "25:00" in field_errors(response)["staffing_rules"][0]
    with schema_context(company_a.schema_name):
        assert not Gate.objects.exists()


def test_a_shift_is_created_and_a_time_without_offset_is_shanghai_time(
    manager_api, company_a, gate_a, person_a
):
    response = manager_api.post(
        "/api/v1/shifts/",
        {
            "gate": gate_a.pk,
            "person": person_a.pk,
            "starts_at": "2026-12-03T08:00",
            "ends_at": "2026-12-03T20:00",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["starts_at"] == "2026-12-03T08:00:00+08:00"
    assert shifts_of(company_a) == [("南门", "李志愿", "12-03 08:00", "12-03 20:00")]


@pytest.mark.parametrize(
    ("times", "field"),
    [
        pytest.param({"starts_at": "2026-12-02T06:00+08:00", "ends_at": "2026-12-01T22:00+08:00"},
                     "ends_at", id="ends before it starts"),
        pytest.param({"starts_at": "2026-12-01T22:00+08:00", "ends_at": "2026-12-03T06:00+08:00"},
                     "ends_at", id="longer than a day"),
        pytest.param({"starts_at": "tonight", "ends_at": "2026-12-02T06:00+08:00"},
                     "starts_at", id="not a time"),
    ],
)  # fmt: skip
def test_a_bad_shift_is_refused_with_a_field_message_and_not_created(
    manager_api, company_a, gate_a, person_a, times, field
):
    response = manager_api.post(
        "/api/v1/shifts/", {"gate": gate_a.pk, "person": person_a.pk, **times}, format="json"
    )
    errors = field_errors(response)
    assert list(errors) == [field] and errors[field][0]
    assert shifts_of(company_a) == []


def test_a_retried_shift_is_refused_naming_the_shift_already_there(
    manager_api, company_a, gate_a, person_a
):
    shift = {"gate": gate_a.pk, "person": person_a.pk, **NIGHT}
    assert manager_api.post("/api/v1/shifts/", shift, format="json").status_code == 201
    response = manager_api.post("/api/v1/shifts/", shift, format="json")
    [message] = field_errors(response)["non_field_errors"]
    assert "李志愿" in message and "南门" in message and "22:00" in message
    assert shifts_of(company_a) == [("南门", "李志愿", "12-01 22:00", "12-02 06:00")]


def test_a_shift_is_moved_and_removed(manager_api, company_a, site_a, shift_a):
    east = make_gate(company_a, site_a, name="东门")
    response = manager_api.patch(
        f"/api/v1/shifts/{shift_a.pk}/",
        {"gate": east.pk, "ends_at": "2026-12-02T07:00+08:00"},
        format="json",
    )
    assert response.status_code == 200
    assert shifts_of(company_a) == [("东门", "李志愿", "12-01 22:00", "12-02 07:00")]
    response = manager_api.patch(
        f"/api/v1/shifts/{shift_a.pk}/", {"ends_at": "2026-12-01T21:00+08:00"}, format="json"
    )
    assert list(field_errors(response)) == ["ends_at"]
    assert manager_api.delete(f"/api/v1/shifts/{shift_a.pk}/").status_code == 204
    assert shifts_of(company_a) == []


def test_inactive_people_cannot_be_put_on_shifts(manager_api, company_a, gate_a, person_a):
    response = manager_api.patch(f"/api/v1/people/{person_a.pk}/", {"active": False}, format="json")
    assert response.status_code == 200 and response.json()["active"] is False
    response = manager_api.post(
        "/api/v1/shifts/", {"gate": gate_a.pk, "person": person_a.pk, **NIGHT}, format="json"
    )
    assert list(field_errors(response)) == ["person"]
    assert shifts_of(company_a) == []


def test_buildings_facilities_and_units_are_added_to_a_site(manager_api, site_a, building_a):
    response = manager_api.post(
        "/api/v1/buildings/", {"site": site_a.pk, "name": "1号楼", "units": 10}, format="json"
    )
    assert "1号楼" in field_errors(response)["name"][0]
    response = manager_api.post(
        "/api/v1/facilities/",
        {"site": site_a.pk, "kind": "shared_kitchen", "location": "3号楼 1层"},
        format="json",
    )
    assert list(field_errors(response)) == ["opening_hours"]
    response = manager_api.post(
        "/api/v1/facilities/",
        {
            "site": site_a.pk,
            "kind": "shared_kitchen",
            "location": "3号楼 1层",
            "opening_hours": [["10:00", "13:00"], ["16:00", "19:00"]],
        },
        format="json",
    )
    assert response.status_code == 201
    response = manager_api.post(
        "/api/v1/responsible-units/",
        {"site": site_a.pk, "name": "天山路街道办事处", "kind": "sub_district_office"},
        format="json",
    )
    assert response.status_code == 201
    assert manager_api.get("/api/v1/facilities/", {"site": site_a.pk}).json()["count"] == 1


# Phone numbers


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("138 1234 5678", "138****5678"),
        ("+81 90-1234-5678", "+81******5678"),
        ("+852 9123 4567", "+85*****4567"),
        ("", ""),
    ],
)
def test_phone_numbers_are_masked_like_the_gates_to_the_last_four_digits(
    api_for, make_member, company_a, phone, masked
):
    make_person(company_a, name="赵志愿", phone=phone)
    viewer = api_for(company_a, make_member(company_a, Role.VIEWER))
    assert viewer.get("/api/v1/people/").json()["results"][0]["phone"] == masked


def test_only_managers_and_site_managers_read_phone_numbers_in_full(
    api_for, api_key_for, make_member, company_a, manager_a, site_a
):
    response = api_for(company_a, manager_a).post(
        "/api/v1/people/",
        {"kind": "volunteer", "name": "赵志愿", "phone": "138 1234 5678"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["phone"] == "+8613812345678"
    readers = {
        "manager": api_for(company_a, manager_a),
        "site_manager": api_for(company_a, make_member(company_a, Role.SITE_MANAGER)),
        "viewer": api_for(company_a, make_member(company_a, Role.VIEWER)),
        "partner_read": api_for(company_a, key=api_key_for(company_a, ApiScope.READ)),
        "partner_read_write": api_for(company_a, key=api_key_for(company_a, ApiScope.READ_WRITE)),
    }
    phones = {
        name: client.get("/api/v1/people/").json()["results"][0]["phone"]
        for name, client in readers.items()
    }
    assert phones == {
        "manager": "+8613812345678",
        "site_manager": "+8613812345678",
        "viewer": "138****5678",
        "partner_read": "138****5678",
        "partner_read_write": "138****5678",
    }


def test_a_bad_phone_number_is_refused(manager_api, company_a, person_a):
    response = manager_api.patch(
        f"/api/v1/people/{person_a.pk}/", {"phone": "12345"}, format="json"
    )
    assert "12345" in field_errors(response)["phone"][0]


# Site managers


def test_site_manager_sees_and_changes_only_their_sites(
    api_for, company_a, site_a, gate_a, person_a, shift_a, site_manager_a, other_site_a
):
    other_site, west = other_site_a
    elsewhere = make_shift(
        company_a, west, person_a, shanghai(2026, 12, 1, 6), shanghai(2026, 12, 1, 14)
    )
    assign(company_a, site_a, site_manager_a)
    api = api_for(company_a, site_manager_a)

    assert listed(api.get("/api/v1/gates/")) == [gate_a.pk]
    assert listed(api.get("/api/v1/shifts/")) == [shift_a.pk]
    assert api.get(f"/api/v1/gates/{west.pk}/").status_code == 404
    assert api.get(f"/api/v1/shifts/{elsewhere.pk}/").status_code == 404
    assert api.get(f"/api/v1/sites/{other_site.pk}/coverage/", FIRST_DAY).status_code == 404
    assert list(field_errors(api.get("/api/v1/shifts/", {"gate": west.pk}))) == ["gate"]

    # Nothing of theirs can be attached to a site or gate that is not theirs.
    response = api.post("/api/v1/gates/", {"site": other_site.pk, "name": "后门"}, format="json")
    assert list(field_errors(response)) == ["site"]
    shift = {"gate": west.pk, "person": person_a.pk, **DAY}
    assert list(field_errors(api.post("/api/v1/shifts/", shift, format="json"))) == ["gate"]
    response = api.patch(f"/api/v1/shifts/{shift_a.pk}/", {"gate": west.pk}, format="json")
    assert list(field_errors(response)) == ["gate"]
    assert api.patch(f"/api/v1/gates/{west.pk}/", {"name": "X"}, format="json").status_code == 404
    assert (
        api.post(
            f"/api/v1/gates/{west.pk}/status/",
            {"status": "closed", "reason": "封闭"},
            format="json",
        ).status_code
        == 404
    )
    assert api.delete(f"/api/v1/shifts/{elsewhere.pk}/").status_code == 404
    assert reload_gate(company_a, west).is_open and reload_gate(company_a, west).name == "西门"
    assert sorted(shifts_of(company_a)) == [
        ("南门", "李志愿", "12-01 22:00", "12-02 06:00"),
        ("西门", "李志愿", "12-01 06:00", "12-01 14:00"),
    ]

    # Their own site they run.
    response = api.post("/api/v1/shifts/", {**shift, "gate": gate_a.pk}, format="json")
    assert response.status_code == 201


# Outsiders, other companies and regulators


def test_outsider_and_another_company_key_see_nothing_and_change_nothing(
    api_for, api_key_for, company_a, company_b, outsider, site_a, gate_a, person_a, shift_a
):
    beta_key = api_key_for(company_b, ApiScope.READ_WRITE)
    for api, refused in [
        (api_for(company_a, outsider), 403),
        (api_for(company_a, key=beta_key), 401),
    ]:
        assert api.get("/api/v1/shifts/").status_code == refused
        assert api.get(f"/api/v1/gates/{gate_a.pk}/").status_code == refused
        coverage = api.get(f"/api/v1/sites/{site_a.pk}/coverage/", FIRST_DAY)
        assert coverage.status_code == refused
        shift = {"gate": gate_a.pk, "person": person_a.pk, **DAY}
        assert api.post("/api/v1/shifts/", shift, format="json").status_code == refused
        assert api.delete(f"/api/v1/shifts/{shift_a.pk}/").status_code == refused
        assert (
            api.post(
                f"/api/v1/gates/{gate_a.pk}/status/",
                {"status": "closed", "reason": "x"},
                format="json",
            ).status_code
            == refused
        )
    assert reload_gate(company_a, gate_a).is_open
    assert shifts_of(company_a) == [("南门", "李志愿", "12-01 22:00", "12-02 06:00")]


def test_another_company_ids_are_not_found_on_this_company_host(
    manager_api, company_a, company_b, gate_b, person_b, shift_b
):
    with schema_context(company_a.schema_name):
        # Alpha has no gates, people or shifts here, so beta's ids name nothing in alpha.
        assert not (Gate.objects.exists() or DutyPerson.objects.exists() or Shift.objects.exists())
    assert manager_api.get(f"/api/v1/gates/{gate_b.pk}/").status_code == 404
    assert manager_api.get(f"/api/v1/people/{person_b.pk}/").status_code == 404
    assert manager_api.get(f"/api/v1/shifts/{shift_b.pk}/").status_code == 404
    assert manager_api.delete(f"/api/v1/shifts/{shift_b.pk}/").status_code == 404
    response = manager_api.post(
        f"/api/v1/gates/{gate_b.pk}/status/", {"status": "closed", "reason": "x"}, format="json"
    )
    assert response.status_code == 404
    response = manager_api.post(
        "/api/v1/shifts/", {"gate": gate_b.pk, "person": person_b.pk, **NIGHT}, format="json"
    )
    assert sorted(field_errors(response)) == ["gate", "person"]
    response = manager_api.get("/api/v1/shifts/", {"gate": gate_b.pk})
    assert list(field_errors(response)) == ["gate"]
    assert shifts_of(company_a) == []
    assert shifts_of(company_b) == [("北门", "朴志愿", "12-01 22:00", "12-02 06:00")]
    assert reload_gate(company_b, gate_b).is_open


def test_regulator_cannot_read_or_change_rosters_through_the_api(
    api_for, company_a, regulator_user, site_a, gate_a, person_a, shift_a
):
    api = api_for(company_a, regulator_user)
    assert api.get("/api/v1/shifts/").status_code == 403
    assert api.get(f"/api/v1/sites/{site_a.pk}/coverage/", FIRST_DAY).status_code == 403
    response = api.post(
        "/api/v1/shifts/", {"gate": gate_a.pk, "person": person_a.pk, **NIGHT}, format="json"
    )
    assert response.status_code == 403
    response = api.post(
        f"/api/v1/gates/{gate_a.pk}/status/", {"status": "sealed", "reason": "x"}, format="json"
    )
    assert response.status_code == 403
    assert reload_gate(company_a, gate_a).is_open
    assert shifts_of(company_a) == [("南门", "李志愿", "12-01 22:00", "12-02 06:00")]
