"""Cleaning areas, plans and slots through the API, as a partner developer meets them.

Areas are listed, filtered, created (a common area, or a facility planned once) and changed; a
task's change answers with the task that replaces it, and the old one ends; slots are computed
for one site over a bounded period, each with its state. Outsiders see nothing; read-only keys
write nothing. The logs are in test_cleaning_api_logs.py.
"""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.cleaning.models import Area, PlanTask
from tenants.sites.models import FacilityKind
from tests.api_helpers import field_errors, listed, refused
from tests.cleaning.cleaning_fixtures import make_area, make_log, make_task
from tests.conftest import make_site, shanghai
from tests.sites.site_helpers import assign
from tests.view_cases import ApiEndpointCases

DAY = datetime.timedelta(days=1)
# Messages are read as an English-speaking developer reads them.
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
AREAS, TASKS, SLOTS = (
    "/api/v1/cleaning-areas/",
    "/api/v1/cleaning-tasks/",
    "/api/v1/cleaning-slots/",
)


def rows(company, model) -> list:
    with schema_context(company.schema_name):
        return list(model.objects.order_by("pk").values())


class TestAreaEndpoints(ApiEndpointCases):
    model = Area
    object_fixture = "area_a"
    permission = "cleaning.plan"
    list_url = AREAS
    object_url = AREAS + "{pk}/"
    create_data = {"site": "{site}", "kind": "lift", "name": "2号楼 电梯",
                   "opening_hours": [["06:00", "23:00"]]}  # fmt: skip
    created = {"site_id": "{site}", "kind": "lift", "name": "2号楼 电梯",
               "opening_hours": [["06:00", "23:00"]], "facility_id": None}  # fmt: skip
    invalid_data = {"site": "{site}", "kind": "lift", "name": " "}
    invalid_field = "name"
    update_data = {"name": "3号楼 楼梯间", "public": False}
    updated = {"name": "3号楼 楼梯间", "public": False}


# Areas


def test_areas_are_filtered_by_site_kind_and_whether_they_are_still_cleaned(
    manager_api, company_a, site_a, other_site
):
    stairwell = make_area(company_a, site_a)
    lift = make_area(company_a, site_a, kind=FacilityKind.LIFT, name="2号楼 电梯")
    elsewhere = make_area(company_a, other_site, name="紫云 楼道")
    retired = make_area(company_a, site_a, name="旧楼道")
    assert manager_api.patch(f"{AREAS}{retired.pk}/", {"active": False}).status_code == 200

    assert listed(manager_api.get(AREAS, {"site": site_a.pk})) == [
        lift.pk,
        stairwell.pk,
        retired.pk,
    ]
    assert listed(manager_api.get(AREAS, {"kind": "lift"})) == [lift.pk]
    assert listed(manager_api.get(AREAS, {"active": "true"})) == [
        lift.pk,
        stairwell.pk,
        elsewhere.pk,
    ]
    assert listed(manager_api.get(AREAS, {"active": "false"})) == [retired.pk]
    assert list(field_errors(manager_api.get(AREAS, {"active": "yes"}))) == ["active"]
    assert list(field_errors(manager_api.get(AREAS, {"kind": "ballroom"}))) == ["kind"]


def test_a_facility_is_planned_once_and_its_area_follows_the_facility(
    writer, company_a, site_a, facility_a
):
    first = writer.post(AREAS, {"facility": facility_a.pk}, format="json")
    assert first.status_code == 201, first.content
    area = first.json()
    assert (area["facility"], area["site"], area["kind"], area["label"]) == (
        facility_a.pk, site_a.pk, "lift", "1号楼 东侧"
    )  # fmt: skip
    again = writer.post(AREAS, {"facility": facility_a.pk}, format="json")
    assert (again.status_code, again.json()["id"]) == (200, area["id"])
    assert len(rows(company_a, Area)) == 1

    # Its name and kind are the facility's; whether the board shows it is the area's own.
    renamed = writer.patch(f"{AREAS}{area['id']}/", {"name": "电梯"}, format="json")
    assert renamed.status_code == 400
    hidden = writer.patch(f"{AREAS}{area['id']}/", {"public": False}, format="json")
    assert (hidden.status_code, hidden.json()["public"]) == (200, False)


def test_a_facility_area_takes_no_name_and_an_area_no_field_it_does_not_know(
    writer, company_a, site_a, facility_a
):
    both = writer.post(AREAS, {"facility": facility_a.pk, "name": "电梯"}, format="json", **EN)
    assert field_errors(both) == {"name": ["Unknown field: this operation does not take it."]}
    typo = {"site": site_a.pk, "kind": "lift", "name": "2号楼 电梯", "publc": False}
    assert list(field_errors(writer.post(AREAS, typo, format="json"))) == ["publc"]
    server_set = {"site": site_a.pk, "kind": "lift", "name": "2号楼 电梯", "active": False}
    assert field_errors(writer.post(AREAS, server_set, format="json", **EN)) == {
        "active": ["This field is set by the server and cannot be sent."]
    }
    assert rows(company_a, Area) == []


def test_two_common_areas_of_a_site_cannot_share_a_name(writer, company_a, site_a, area_a):
    again = {"site": site_a.pk, "kind": "stairwell", "name": "3号楼 楼道"}
    assert list(field_errors(writer.post(AREAS, again, format="json"))) == ["name"]
    assert [row["id"] for row in rows(company_a, Area)] == [area_a.pk]


def test_a_site_manager_plans_only_at_their_own_sites(
    api_for, company_a, site_a, other_site, site_manager_a
):
    assign(company_a, site_a, site_manager_a)
    api = api_for(company_a, site_manager_a)
    mine = make_area(company_a, site_a)
    theirs = make_area(company_a, other_site, name="紫云 楼道")
    assert listed(api.get(AREAS)) == [mine.pk]
    refused(api.get(f"{AREAS}{theirs.pk}/"), 404)
    refused(api.patch(f"{AREAS}{theirs.pk}/", {"public": False}, format="json"), 404)
    elsewhere = {"site": other_site.pk, "kind": "lift", "name": "紫云 电梯"}
    assert list(field_errors(api.post(AREAS, elsewhere, format="json"))) == ["site"]
    assert len(rows(company_a, Area)) == 2


# Tasks


def test_a_task_is_added_to_an_areas_plan_with_its_cleaners(
    manager_api, company_a, site_a, area_a, cleaner_a
):
    sent = {"area": area_a.pk, "kind": "disinfect", "frequency": "fixed_times",
            "times": ["20:00", "08:00"], "agent": "含氯消毒液", "concentration": "500 mg/L",
            "contact_minutes": 30, "cleaners": [cleaner_a.pk]}  # fmt: skip
    response = manager_api.post(TASKS, sent, format="json")
    assert response.status_code == 201, response.content
    task = response.json()
    assert (task["site"], task["times"], task["cleaners"], task["grace_minutes"]) == (
        site_a.pk, ["08:00", "20:00"], [cleaner_a.pk], 60
    )  # fmt: skip
    assert (task["current"], task["valid_until"], task["replaces"]) == (True, None, None)
    assert listed(manager_api.get(TASKS, {"area": area_a.pk})) == [task["id"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"times": ["8:00"]}, "times", id="a time without two digits"),
        pytest.param({"times": [800]}, "times", id="a time as a number"),
        pytest.param({"weekdays": [7]}, "weekdays", id="no eighth day"),
        pytest.param({"frequency": "hourly"}, "frequency", id="unknown frequency"),
        pytest.param({"grace_minutes": 721}, "grace_minutes", id="grace over 12 hours"),
        pytest.param({"every_hours": "2"}, "every_hours", id="hours as text"),
        pytest.param({"frequency": "fixed_times", "times": []}, "times", id="no time at all"),
        pytest.param({"frequency": "weekly"}, "weekdays", id="weekly without days"),
        pytest.param({"cleaners": ["{manager}"]}, "cleaners", id="a manager is no cleaner"),
        pytest.param(
            {"valid_from": "2026-01-01T00:00:00+08:00"}, "valid_from", id="set by the server"
        ),
    ],
)
def test_a_bad_task_names_the_field_and_adds_nothing(
    manager_api, company_a, manager_a, area_a, change, field
):
    sent = {"area": area_a.pk, "kind": "disinfect", "frequency": "every_n_hours",
            "every_hours": 4, **change}  # fmt: skip
    if sent.get("cleaners") == ["{manager}"]:
        sent["cleaners"] = [manager_a.pk]
    assert list(field_errors(manager_api.post(TASKS, sent, format="json"))) == [field]
    assert rows(company_a, PlanTask) == []


def test_changing_a_task_answers_with_the_new_task_and_ends_the_old_one(
    writer, company_a, plantask_a
):
    response = writer.patch(f"{TASKS}{plantask_a.pk}/", {"times": ["09:00"]}, format="json")
    assert response.status_code == 200, response.content
    new = response.json()
    assert new["id"] != plantask_a.pk
    assert (new["replaces"], new["times"], new["agent"], new["current"]) == (
        plantask_a.pk, ["09:00"], "含氯消毒液", True
    )  # fmt: skip
    old = writer.get(f"{TASKS}{plantask_a.pk}/").json()
    assert (old["times"], old["current"], old["replaced_by"]) == (
        ["08:00", "14:00", "20:00"], False, new["id"]
    )  # fmt: skip
    assert old["valid_until"] == new["valid_from"]
    assert listed(writer.get(TASKS, {"current": "true"})) == [new["id"]]
    assert listed(writer.get(TASKS, {"current": "false"})) == [plantask_a.pk]
    # The old task is history: it cannot be changed again, nor moved to another area.
    assert writer.patch(f"{TASKS}{plantask_a.pk}/", {"times": ["10:00"]}).status_code == 400
    moved = writer.patch(f"{TASKS}{new['id']}/", {"area": new["area"]}, format="json")
    assert list(field_errors(moved)) == ["area"]
    assert len(rows(company_a, PlanTask)) == 2


def test_ending_a_task_takes_it_out_of_the_plan_once(writer, plantask_a):
    ended = writer.post(f"{TASKS}{plantask_a.pk}/end/")
    assert ended.status_code == 200, ended.content
    assert (ended.json()["current"], ended.json()["valid_until"] is not None) == (False, True)
    again = writer.post(f"{TASKS}{plantask_a.pk}/end/", **EN)
    assert again.status_code == 400
    assert again.json()["errors"] == {"non_field_errors": ["This task has already ended."]}


def test_tasks_are_filtered_by_site(manager_api, company_a, plantask_a, other_site):
    theirs = make_task(company_a, make_area(company_a, other_site, name="紫云 楼道"))
    assert listed(manager_api.get(TASKS, {"site": other_site.pk})) == [theirs.pk]
    assert plantask_a.pk in listed(manager_api.get(TASKS))


def test_a_read_key_reads_the_plan_but_changes_nothing(reader, company_a, area_a, plantask_a):
    before = rows(company_a, PlanTask), rows(company_a, Area)
    assert listed(reader.get(TASKS)) == [plantask_a.pk]
    sent = {"area": area_a.pk, "kind": "ventilate", "frequency": "daily"}
    refused(reader.post(TASKS, sent, format="json"), 403)
    refused(reader.patch(f"{TASKS}{plantask_a.pk}/", {"times": ["09:00"]}, format="json"), 403)
    refused(reader.post(f"{TASKS}{plantask_a.pk}/end/"), 403)
    refused(reader.post(AREAS, {"site": area_a.site_id, "kind": "lift", "name": "x"}), 403)
    assert (rows(company_a, PlanTask), rows(company_a, Area)) == before


def test_another_company_sees_and_changes_nothing_of_the_plans(
    api_for, company_a, company_b, outsider, area_a, plantask_a
):
    before = rows(company_a, PlanTask), rows(company_a, Area)
    here = api_for(company_a, outsider)
    for url in (AREAS, f"{AREAS}{area_a.pk}/", TASKS, f"{TASKS}{plantask_a.pk}/"):
        refused(here.get(url), 403)
    refused(here.post(f"{TASKS}{plantask_a.pk}/end/"), 403)
    home = api_for(company_b, outsider)
    assert listed(home.get(TASKS)) == [] and listed(home.get(AREAS)) == []
    refused(home.get(f"{TASKS}{plantask_a.pk}/"), 404)
    refused(home.patch(f"{TASKS}{plantask_a.pk}/", {"times": ["09:00"]}, format="json"), 404)
    refused(home.post(f"{TASKS}{plantask_a.pk}/end/"), 404)
    refused(home.patch(f"{AREAS}{area_a.pk}/", {"public": False}, format="json"), 404)
    assert (rows(company_a, PlanTask), rows(company_a, Area)) == before


# Slots


@pytest.fixture
def yesterday_done_once(company_a, area_a):
    """A stairwell disinfected at 08:00, 14:00 and 20:00, done only at 08:10 yesterday."""
    yesterday = timezone.localdate() - DAY
    task = make_task(company_a, area_a, valid_from=timezone.now() - 3 * DAY)
    at = shanghai(yesterday.year, yesterday.month, yesterday.day, 8, 10)
    log = make_log(company_a, area_a, task=task, done_at=at)
    return yesterday, task, log


def test_the_slots_of_a_day_say_what_was_done_and_what_was_missed(
    manager_api, site_a, area_a, yesterday_done_once
):
    day, task, log = yesterday_done_once
    response = manager_api.get(SLOTS, {"site": site_a.pk, "from": day, "to": day})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 3
    slots = body["results"]
    assert [(slot["due"][11:16], slot["state"], slot["log"]) for slot in slots] == [
        ("08:00", "done", log.pk), ("14:00", "missed", None), ("20:00", "missed", None)
    ]  # fmt: skip
    first = slots[0]
    assert (first["area"], first["task"], first["kind"]) == (area_a.pk, task.pk, "disinfect")
    assert first["due"].endswith("+08:00") and first["grace_ends"][11:16] == "09:00"
    assert first["opens"][11:16] == "00:00"

    missed = manager_api.get(SLOTS, {"site": site_a.pk, "from": day, "to": day, "state": "missed"})
    assert [slot["due"][11:16] for slot in missed.json()["results"]] == ["14:00", "20:00"]
    paged = manager_api.get(SLOTS, {"site": site_a.pk, "from": day, "to": day, "page_size": 2})
    assert (paged.json()["count"], len(paged.json()["results"])) == (3, 2)
    assert paged.json()["next"]


def test_slots_are_of_the_area_asked_for(manager_api, company_a, site_a, yesterday_done_once):
    day = yesterday_done_once[0]
    lift = make_area(company_a, site_a, kind=FacilityKind.LIFT, name="2号楼 电梯")
    make_task(company_a, lift, kind="lift_film", frequency="daily", times=[],
              valid_from=timezone.now() - 3 * DAY)  # fmt: skip
    both = manager_api.get(SLOTS, {"site": site_a.pk, "from": day, "to": day})
    assert both.json()["count"] == 4
    lift_only = manager_api.get(SLOTS, {"site": site_a.pk, "from": day, "to": day, "area": lift.pk})
    assert [(slot["area"], slot["kind"]) for slot in lift_only.json()["results"]] == [
        (lift.pk, "lift_film")
    ]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        pytest.param({}, ["from", "site", "to"], id="nothing"),
        pytest.param({"from": "{today}", "to": "{today}"}, ["site"], id="no site"),
        pytest.param({"site": "{site}", "to": "{today}"}, ["from"], id="no first day"),
        pytest.param(
            {"site": "{site}", "from": "yesterday", "to": "{today}"}, ["from"], id="not a date"
        ),
        pytest.param({"site": "{site}", "from": "{today}", "to": ""}, ["to"], id="empty"),
        pytest.param(
            {"site": "{site}", "from": "{today}", "to": "{in_31_days}"}, ["to"], id="32 days"
        ),
        pytest.param(
            {"site": "{site}", "from": "{today}", "to": "{yesterday}"}, ["to"], id="backwards"
        ),
        pytest.param(
            {"site": "{site}", "from": "0001-01-01", "to": "0001-01-02"},
            ["from", "to"],
            id="year one",
        ),
        pytest.param(
            {"site": "{site}", "from": "{today}", "to": "{today}", "state": "dirty"},
            ["state"],
            id="state",
        ),
        pytest.param(
            {"site": "999999", "from": "{today}", "to": "{today}"}, ["site"], id="no such site"
        ),
    ],
)
def test_slots_are_asked_for_one_site_and_a_bounded_period(manager_api, site_a, query, errors):
    today = timezone.localdate()
    values = {"site": site_a.pk, "today": today, "yesterday": today - DAY,
              "in_31_days": today + 31 * DAY}  # fmt: skip
    query = {name: value.format(**values) for name, value in query.items()}
    assert sorted(field_errors(manager_api.get(SLOTS, query))) == errors


def test_a_period_too_long_is_refused_with_the_last_day_it_may_have(manager_api, site_a):
    first = timezone.localdate()
    too_long = {"site": site_a.pk, "from": first, "to": first + 40 * DAY}
    response = manager_api.get(SLOTS, too_long, **EN)
    last = (first + 30 * DAY).isoformat()
    assert field_errors(response) == {
        "to": [f"Enter a date between {first.isoformat()} and {last}."]
    }
    ok = manager_api.get(SLOTS, {"site": site_a.pk, "from": first, "to": first + 30 * DAY})
    assert ok.status_code == 200


def test_a_repeated_slot_parameter_is_refused(manager_api, site_a):
    today = timezone.localdate().isoformat()
    response = manager_api.get(f"{SLOTS}?site={site_a.pk}&from={today}&to={today}&to={today}", **EN)
    assert field_errors(response) == {"to": ["Give this parameter once."]}


def test_slots_of_another_site_or_company_are_not_shown(
    api_for, company_a, company_b, site_a, other_site, site_manager_a, outsider, yesterday_done_once
):
    day = yesterday_done_once[0]
    assign(company_a, other_site, site_manager_a)
    theirs = api_for(company_a, site_manager_a)
    assert list(field_errors(theirs.get(SLOTS, {"site": site_a.pk, "from": day, "to": day}))) == [
        "site"
    ]
    refused(
        api_for(company_a, outsider).get(SLOTS, {"site": site_a.pk, "from": day, "to": day}), 403
    )
    home = api_for(company_b, outsider)
    assert list(field_errors(home.get(SLOTS, {"site": site_a.pk, "from": day, "to": day}))) == [
        "site"
    ]


def test_a_cleaner_records_but_does_not_read_the_plans(cleaner_a, api_for, company_a, site_a):
    api = api_for(company_a, cleaner_a)
    today = timezone.localdate()
    refused(api.get(TASKS), 403)
    refused(api.get(SLOTS, {"site": site_a.pk, "from": today, "to": today}), 403)


def test_slots_of_a_site_without_plans_are_an_empty_page(manager_api, company_a):
    empty = make_site(company_a, name="空小区")
    today = timezone.localdate()
    response = manager_api.get(SLOTS, {"site": empty.pk, "from": today, "to": today})
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
