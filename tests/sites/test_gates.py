"""Gates, buildings, facilities and responsible units of a site, through their services.

A gate is open and staffed around the clock unless it is closed or sealed; every opening and
closing is recorded with who did it, when and why, and coverage reads that history.
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.access import Access
from accounts.roles import Role
from tenants.sites.models import (
    Building,
    Facility,
    FacilityKind,
    Gate,
    GateStatus,
    GateStatusChange,
    ResponsibleUnit,
    ResponsibleUnitKind,
)
from tenants.sites.services.gates import (
    change_gate_status,
    close_gate,
    closed_intervals,
    update_gate,
)
from tenants.sites.services.places import (
    create_building,
    create_facility,
    create_responsible_unit,
    update_building,
    update_facility,
    update_responsible_unit,
)
from tests.conftest import make_gate, make_site, shanghai
from tests.rosters.roster_helpers import manager

pytestmark = pytest.mark.usefixtures("english")


def refusal(call, *args, **kwargs) -> dict:
    """The errors by field that `call` refuses with."""
    with pytest.raises(ValidationError) as refused:
        call(*args, **kwargs)
    return refused.value.message_dict


def gates_of(company) -> dict[str, dict]:
    with schema_context(company.schema_name):
        return {gate["name"]: gate for gate in Gate.objects.values()}


def history_of(company, gate) -> list[tuple]:
    with schema_context(company.schema_name):
        return [
            (c.from_status, c.to_status, c.changed_by_id, c.reason)
            for c in GateStatusChange.objects.filter(gate=gate)
        ]


# Gates: adding and changing


def test_a_new_gate_is_open_and_needs_one_person_around_the_clock(company_a, site_a):
    gate = make_gate(company_a, site_a, name=" 南门 ")
    saved = gates_of(company_a)["南门"]
    assert gate.is_open
    assert (saved["status"], saved["minimum_on_duty"], saved["opening_hours"]) == ("open", 1, [])
    assert saved["responsible"] is True


def test_opening_hours_and_staffing_rules_are_kept_in_one_written_form(company_a, site_a):
    make_gate(
        company_a,
        site_a,
        name="东门",
        opening_hours=[("6:00", "22:00")],
        staffing_rules=[{"from": "22:00", "until": "6:30", "minimum": 2}],
    )
    saved = gates_of(company_a)["东门"]
    assert saved["opening_hours"] == [["06:00", "22:00"]]
    assert saved["staffing_rules"] == [{"from": "22:00", "until": "06:30", "minimum": 2}]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        pytest.param(
            {"opening_hours": "06:00-22:00"},
            "opening_hours",
            "Write opening hours as a list of [start, end] times.",
            id="hours as text",
        ),
        pytest.param(
            {"opening_hours": [["06:00", "06:00"]]},
            "opening_hours",
            "“06:00-06:00” starts and ends at the same time.",
            id="empty window",
        ),
        pytest.param(
            {"opening_hours": [["06:00", "24:00"]]},
            "opening_hours",
            "“24:00” is not a time of day such as 06:30.",
            id="24:00",
        ),
        pytest.param(
            {"staffing_rules": [{"from": "22:00", "until": "06:00", "minimum": 0}]},
            "staffing_rules",
            "Between 1 and 20 people can be required.",
            id="nobody required",
        ),
        pytest.param(
            {"staffing_rules": [{"from": "22:00", "until": "06:00", "minimum": 21}]},
            "staffing_rules",
            "Between 1 and 20 people can be required.",
            id="too many required",
        ),
        pytest.param(
            {"staffing_rules": [{"from": "22:00", "until": "06:00", "minimum": "2"}]},
            "staffing_rules",
            "The number of people must be a whole number.",
            id="number as text",
        ),
        pytest.param(
            {"staffing_rules": [{"from": "22:00", "minimum": 2}]},
            "staffing_rules",
            "Write each rule as hours and a number of people, e.g. 22:00-06:00 2.",
            id="rule without end",
        ),
        pytest.param(
            {"minimum_on_duty": 0},
            "minimum_on_duty",
            "Ensure this value is greater than or equal to 1.",
            id="nobody on duty",
        ),
        pytest.param(
            {"status": "half-open", "reason": "?"},
            "status",
            "Choose open, closed or sealed.",
            id="unknown status",
        ),
        pytest.param(
            {"status": GateStatus.CLOSED, "reason": "  "},
            "reason",
            "Say why the gate is closed.",
            id="closed without reason",
        ),
    ],
)
def test_a_gate_with_invalid_settings_is_refused_and_not_added(
    company_a, site_a, fields, field, message
):
    assert refusal(make_gate, company_a, site_a, name="东门", **fields) == {field: [message]}
    assert "东门" not in gates_of(company_a)


def test_a_gate_name_is_taken_whatever_its_case_but_only_within_its_site(company_a, site_a):
    make_gate(company_a, site_a, name="North Gate")
    errors = refusal(make_gate, company_a, site_a, name=" north gate ")
    assert errors == {"name": ["This site already has a gate called “north gate”."]}
    other_site = make_site(company_a, name="虹桥花园")
    make_gate(company_a, other_site, name="North Gate")
    with schema_context(company_a.schema_name):
        assert Gate.objects.filter(name="North Gate").count() == 2


def test_a_gate_created_closed_keeps_its_reason_and_needs_nobody(company_a, site_a):
    gate = make_gate(company_a, site_a, name="西门", status=GateStatus.SEALED, reason="封闭管理")
    saved = gates_of(company_a)["西门"]
    assert (saved["status"], saved["status_reason"]) == ("sealed", "封闭管理")
    start, end = shanghai(2026, 12, 1), shanghai(2026, 12, 2)
    assert closed_intervals(gate, [], start, end) == [(start, end)]


def test_a_manager_changes_a_gates_hours_and_staffing(company_a, gate_a):
    with schema_context(company_a.schema_name):
        update_gate(
            gate_a,
            by=None,
            opening_hours=[["06:00", "22:00"]],
            minimum_on_duty=2,
            staffing_rules=[{"from": "07:00", "until": "09:00", "minimum": 3}],
        )
    saved = gates_of(company_a)["南门"]
    assert (saved["opening_hours"], saved["minimum_on_duty"]) == ([["06:00", "22:00"]], 2)
    assert saved["staffing_rules"] == [{"from": "07:00", "until": "09:00", "minimum": 3}]


def test_a_gate_keeps_its_name_in_another_case_but_not_another_gates_name(
    company_a, site_a, gate_a
):
    make_gate(company_a, site_a, name="Back Gate")
    with schema_context(company_a.schema_name):
        errors = refusal(update_gate, gate_a, by=None, name="BACK GATE")
        update_gate(Gate.objects.get(name="Back Gate"), by=None, name="back gate")
    assert errors == {"name": ["This site already has a gate called “BACK GATE”."]}
    assert set(gates_of(company_a)) == {"南门", "back gate"}


def test_a_gates_status_cannot_be_changed_by_editing_it(company_a, gate_a):
    with schema_context(company_a.schema_name), pytest.raises(ValidationError) as refused:
        update_gate(gate_a, by=None, status=GateStatus.CLOSED)
    assert refused.value.messages == ["These fields cannot be changed: status"]
    assert gates_of(company_a)["南门"]["status"] == "open"


# Gates: closing, sealing and reopening with a record


def test_closing_a_gate_records_who_closed_it_when_and_why(company_a, gate_a, manager_a):
    before = timezone.now()
    with schema_context(company_a.schema_name):
        close_gate(gate_a, by=manager_a, reason="封闭管理，只留南门")
        change = GateStatusChange.objects.get(gate=gate_a)
    saved = gates_of(company_a)["南门"]
    assert (saved["status"], saved["status_reason"]) == ("closed", "封闭管理，只留南门")
    assert history_of(company_a, gate_a) == [("open", "closed", manager_a.pk, "封闭管理，只留南门")]
    assert before <= change.changed_at <= timezone.now()
    assert saved["status_since"] == change.changed_at


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_gate_is_not_closed_without_a_reason(company_a, gate_a, manager_a, reason):
    with schema_context(company_a.schema_name):
        errors = refusal(close_gate, gate_a, by=manager_a, reason=reason)
    assert errors == {"reason": ["Say why the gate is closed."]}
    assert gates_of(company_a)["南门"]["status"] == "open"
    assert history_of(company_a, gate_a) == []


def test_closing_a_closed_gate_again_records_nothing_new(company_a, gate_a, manager_a):
    with schema_context(company_a.schema_name):
        close_gate(gate_a, by=manager_a, reason="封闭管理")
        close_gate(gate_a, by=manager_a, reason="再点一次")
    assert len(history_of(company_a, gate_a)) == 1
    assert gates_of(company_a)["南门"]["status_reason"] == "封闭管理"


def test_sealing_and_reopening_a_gate_are_recorded_in_order(company_a, gate_a, manager_a):
    with schema_context(company_a.schema_name):
        change_gate_status(gate_a, GateStatus.SEALED, by=manager_a, reason="发现确诊病例")
        change_gate_status(gate_a, GateStatus.OPEN, by=None)
    assert history_of(company_a, gate_a) == [
        ("open", "sealed", manager_a.pk, "发现确诊病例"),
        ("sealed", "open", None, ""),
    ]
    saved = gates_of(company_a)["南门"]
    assert (saved["status"], saved["status_reason"]) == ("open", "")


def test_closed_intervals_follow_the_gates_history_within_the_period(company_a, gate_a):
    with schema_context(company_a.schema_name):
        for status, at in [
            (GateStatus.CLOSED, shanghai(2026, 11, 25, 9)),  # before the week: still closed
            (GateStatus.OPEN, shanghai(2026, 12, 1, 8)),
            (GateStatus.CLOSED, shanghai(2026, 12, 2, 12)),
            (GateStatus.SEALED, shanghai(2026, 12, 3, 18)),
            (GateStatus.OPEN, shanghai(2026, 12, 4, 8)),
            (GateStatus.CLOSED, shanghai(2026, 12, 9, 8)),  # after the week: not counted
        ]:
            change_gate_status(gate_a, status, by=None, reason="封闭管理", at=at)
        gate = Gate.objects.get(pk=gate_a.pk)
        changes = list(gate.status_changes.all())
    monday, next_monday = shanghai(2026, 11, 30), shanghai(2026, 12, 7)
    assert closed_intervals(gate, changes, monday, next_monday) == [
        (monday, shanghai(2026, 12, 1, 8)),
        (shanghai(2026, 12, 2, 12), shanghai(2026, 12, 3, 18)),
        (shanghai(2026, 12, 3, 18), shanghai(2026, 12, 4, 8)),
    ]


def test_a_gate_closed_before_the_period_and_never_reopened_is_closed_throughout(company_a, gate_a):
    with schema_context(company_a.schema_name):
        change_gate_status(
            gate_a, GateStatus.CLOSED, by=None, reason="封闭", at=shanghai(2026, 11, 1)
        )
        gate = Gate.objects.get(pk=gate_a.pk)
        changes = list(gate.status_changes.all())
    start, end = shanghai(2026, 12, 1), shanghai(2026, 12, 2)
    assert closed_intervals(gate, changes, start, end) == [(start, end)]


# Buildings


def test_a_building_is_added_with_its_units(company_a, site_a, building_a):
    with schema_context(company_a.schema_name):
        assert list(Building.objects.filter(site=site_a).values_list("name", "units")) == [
            ("1号楼", 120)
        ]


@pytest.mark.parametrize(
    ("units", "message"),
    [
        (0, "Ensure this value is greater than or equal to 1."),
        (10_001, "Ensure this value is less than or equal to 10000."),
    ],
)
def test_a_building_needs_a_sensible_number_of_units(company_a, site_a, units, message):
    with schema_context(company_a.schema_name):
        errors = refusal(create_building, site_a, by=None, name="2号楼", units=units)
        assert not Building.objects.exists()
    assert errors == {"units": [message]}


def test_building_names_are_unique_in_a_site_whatever_their_case(company_a, site_a, building_a):
    other_site = make_site(company_a, name="虹桥花园")
    with schema_context(company_a.schema_name):
        create_building(site_a, by=None, name="Block A", units=10)
        errors = refusal(create_building, site_a, by=None, name="block a", units=20)
        renamed = refusal(update_building, building_a, by=None, name="BLOCK A")
        create_building(other_site, by=None, name="1号楼", units=60)
        update_building(building_a, by=None, units=121)
        names = sorted(Building.objects.values_list("site__name", "name", "units"))
    assert errors == {"name": ["This site already has a building called “block a”."]}
    assert renamed == {"name": ["This site already has a building called “BLOCK A”."]}
    assert names == [
        ("天山天义小区", "1号楼", 121),
        ("天山天义小区", "Block A", 10),
        ("虹桥花园", "1号楼", 60),
    ]


# Facilities: only shared kitchens have opening hours, and they must have them


def test_a_shared_kitchen_is_added_with_its_opening_hours(company_a, site_a):
    with schema_context(company_a.schema_name):
        kitchen = create_facility(
            site_a,
            by=None,
            kind=FacilityKind.SHARED_KITCHEN,
            location="1层",
            opening_hours=[["6:30", "9:00"], ["17:00", "20:00"]],
        )
        kitchen.refresh_from_db()
    assert kitchen.opening_hours == [["06:30", "09:00"], ["17:00", "20:00"]]


def test_a_shared_kitchen_without_opening_hours_is_refused(company_a, site_a):
    with schema_context(company_a.schema_name):
        errors = refusal(
            create_facility, site_a, by=None, kind=FacilityKind.SHARED_KITCHEN, location="1层"
        )
        assert not Facility.objects.exists()
    assert errors == {"opening_hours": ["A shared kitchen opens only at set hours: give them."]}


def test_only_a_shared_kitchen_has_opening_hours(company_a, site_a, facility_a):
    with schema_context(company_a.schema_name):
        errors = refusal(
            create_facility,
            site_a,
            by=None,
            kind=FacilityKind.RUBBISH_ROOM,
            location="3号楼 旁",
            opening_hours=[["06:00", "09:00"]],
        )
        # Turning a lift into a kitchen needs hours; turning the kitchen back needs them gone.
        no_hours = refusal(update_facility, facility_a, by=None, kind=FacilityKind.SHARED_KITCHEN)
        update_facility(
            facility_a,
            by=None,
            kind=FacilityKind.SHARED_KITCHEN,
            opening_hours=[["11:00", "13:00"]],
        )
        kept_hours = refusal(update_facility, facility_a, by=None, kind=FacilityKind.LIFT)
        update_facility(facility_a, by=None, kind=FacilityKind.LIFT, opening_hours=[])
        saved = list(Facility.objects.values_list("kind", "opening_hours"))
    assert errors == {"opening_hours": ["Only a shared kitchen has opening hours."]}
    assert no_hours == {"opening_hours": ["A shared kitchen opens only at set hours: give them."]}
    assert kept_hours == {"opening_hours": ["Only a shared kitchen has opening hours."]}
    assert saved == [("lift", [])]


def test_a_kitchen_with_unreadable_hours_is_refused(company_a, site_a):
    with schema_context(company_a.schema_name):
        errors = refusal(
            create_facility,
            site_a,
            by=None,
            kind=FacilityKind.SHARED_KITCHEN,
            location="1层",
            opening_hours=[["17:00", "17:00"]],
        )
    assert errors == {"opening_hours": ["“17:00-17:00” starts and ends at the same time."]}


# Responsible units


def test_a_responsible_unit_is_recorded_with_how_to_reach_it(company_a, site_a, unit_a):
    with schema_context(company_a.schema_name):
        update_responsible_unit(unit_a, by=None, contact=" 王警官 021-62345678 ")
        saved = list(ResponsibleUnit.objects.values_list("name", "kind", "contact"))
    assert saved == [("天山路派出所", "police_station", "王警官 021-62345678")]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "", "kind": ResponsibleUnitKind.COMPANY}, "name"),
        ({"name": "居委会", "kind": "club"}, "kind"),
    ],
)
def test_a_responsible_unit_without_a_name_or_a_known_kind_is_refused(
    company_a, site_a, fields, field
):
    with schema_context(company_a.schema_name):
        errors = refusal(create_responsible_unit, site_a, by=None, **fields)
        assert not ResponsibleUnit.objects.exists()
    assert set(errors) == {field}


def test_fields_a_place_does_not_have_are_refused(company_a, building_a, unit_a):
    with schema_context(company_a.schema_name):
        with pytest.raises(ValidationError) as building:
            update_building(building_a, by=None, site=None)
        with pytest.raises(ValidationError) as unit:
            update_responsible_unit(unit_a, by=None, id=99)
    assert building.value.messages == ["These fields cannot be changed: site"]
    assert unit.value.messages == ["These fields cannot be changed: id"]


# Two companies


def test_a_company_sees_only_its_own_gates_and_places(
    company_a, company_b, gate_a, gate_b, building_a, facility_a, unit_a, site_b
):
    with schema_context(company_b.schema_name):
        create_building(site_b, by=None, name="B栋", units=228)
    for company, gates, buildings in [
        (company_a, ["南门"], ["1号楼"]),
        (company_b, ["北门"], ["B栋"]),
    ]:
        with schema_context(company.schema_name):
            assert [g.name for g in Gate.objects.visible_to(manager())] == gates
            assert [b.name for b in Building.objects.visible_to(manager())] == buildings
    with schema_context(company_b.schema_name):
        assert not Facility.objects.exists() and not ResponsibleUnit.objects.exists()


def test_gate_names_of_another_company_are_free_to_use(company_a, company_b, site_a, gate_b):
    make_gate(company_a, site_a, name="北门")
    assert set(gates_of(company_a)) == {"北门"}
    assert set(gates_of(company_b)) == {"北门"}


def test_closing_a_gate_leaves_the_other_companys_gates_as_they_were(
    company_a, company_b, gate_a, gate_b, manager_a
):
    with schema_context(company_a.schema_name):
        close_gate(gate_a, by=manager_a, reason="封闭管理")
    beta_gate = gates_of(company_b)["北门"]
    assert (beta_gate["status"], beta_gate["status_reason"]) == ("open", "")
    assert history_of(company_b, gate_b) == []
    assert gates_of(company_a)["南门"]["status"] == "closed"


def test_a_site_manager_sees_the_gates_of_their_own_sites_only(
    company_a, site_a, gate_a, site_manager_a
):
    other_site = make_site(company_a, name="虹桥花园")
    make_gate(company_a, other_site, name="虹桥东门")
    with schema_context(company_a.schema_name):
        other_site.assigned_users.add(site_manager_a)
        access = Access(role=Role.SITE_MANAGER, user=site_manager_a)
        assert [g.name for g in Gate.objects.visible_to(access)] == ["虹桥东门"]
        assert list(Gate.objects.visible_to(None)) == []
