"""Areas and plans as a manager keeps them: common areas and facilities made areas, tasks added,
changed from now on (the past keeps its plan) and ended, the built-in plans applied in one
action, and the cleaners a task can be given."""

import datetime

import pytest
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenants.cleaning.builtin import BUILTIN_PLANS
from tenants.cleaning.day_view import frequency_words
from tenants.cleaning.models import Area, PlanTask, TaskKind
from tenants.rosters.models import DutyPersonKind
from tenants.sites.models import FacilityKind
from tests.cleaning.cleaning_fixtures import make_area, make_task
from tests.cleaning.cleaning_page_helpers import (
    PAST_DAY,
    PLANNED_FROM,
    day_url,
    page_after,
    state,
    states_on,
    zh,
)
from tests.conftest import make_person
from tests.sites.site_helpers import assign, error_is_shown_on
from tests.view_cases import PortalPageCases

pytestmark = pytest.mark.django_db

TASK_FORM = {
    "kind": "disinfect",
    "frequency": "fixed_times",
    "times": "08:00, 14:00, 20:00",
    "grace_minutes": "60",
    "agent": "含氯消毒液",
    "concentration": "500 mg/L",
    "contact_minutes": "30",
}


class TestAreaPages(PortalPageCases):
    model = Area
    object_fixture = "area_a"
    permission = "cleaning.plan"
    list_url = "/cleaning/areas/?site={site}"
    object_url = "/cleaning/areas/{pk}/"
    create_url = "/cleaning/areas/new/"
    create_data = {"site": "{site}", "kind": "lift", "name": "2号楼 电梯", "public": "on"}
    created = {"site_id": "{site}", "kind": "lift", "name": "2号楼 电梯", "public": True,
               "facility_id": None}  # fmt: skip
    invalid_data = {"site": "{site}", "kind": "lift", "name": " "}
    invalid_field = "name"
    update_url = "/cleaning/areas/{pk}/edit/"
    update_data = {"kind": "stairwell", "name": "3号楼 楼道 东", "opening_hours": "06:00-22:00",
                   "active": "on"}  # fmt: skip
    updated = {"name": "3号楼 楼道 东", "opening_hours": [["06:00", "22:00"]], "public": False}


def tasks_of(company, area) -> list[PlanTask]:
    with schema_context(company.schema_name):
        return list(
            PlanTask.objects.filter(area=area)
            .prefetch_related("assigned_users", "assigned_people")
            .order_by("pk")
        )


def in_chinese(task) -> str:
    with translation.override("zh-hans"):
        return frequency_words(task)


# Areas.


def test_a_facility_of_the_site_is_made_a_cleaning_area_from_the_areas_page(
    manager, company_a, site_a, facility_a
):
    page = manager.get(f"/cleaning/areas/?site={site_a.pk}").content.decode()
    assert facility_a.location in page.split('id="unplanned"')[1]
    response = manager.post(
        "/cleaning/areas/new/", {"site": site_a.pk, "facility": facility_a.pk, "kind": "lift"}
    )
    with schema_context(company_a.schema_name):
        area = Area.objects.get(facility=facility_a)
    assert response["Location"] == f"/cleaning/areas/{area.pk}/"
    assert area.kind == FacilityKind.LIFT
    assert (
        'id="unplanned"' not in manager.get(f"/cleaning/areas/?site={site_a.pk}").content.decode()
    )
    # A facility's area takes its place and hours from the facility: only the board and
    # whether it is cleaned are edited here.
    form = manager.get(f"/cleaning/areas/{area.pk}/edit/").content.decode()
    assert 'name="public"' in form and 'name="name"' not in form
    manager.post(f"/cleaning/areas/{area.pk}/edit/", {"active": "on"})
    with schema_context(company_a.schema_name):
        assert Area.objects.get(pk=area.pk).public is False


def test_a_common_area_name_taken_in_the_site_is_refused_in_words(manager, company_a, site_a):
    make_area(company_a, site_a, name="3号楼 楼道")
    before = state(company_a)
    response = manager.post("/cleaning/areas/new/", {"site": site_a.pk, "kind": "stairwell",
                                                     "name": "3号楼 楼道"})  # fmt: skip
    assert response.status_code == 400
    assert error_is_shown_on("name", response.content.decode())
    assert state(company_a) == before


def test_the_areas_page_shows_each_task_in_words_with_its_agent_and_cleaners(
    manager, company_a, site_a, area_a, plantask_a
):
    page = manager.get(f"/cleaning/areas/?site={site_a.pk}").content.decode()
    assert in_chinese(plantask_a) in page
    assert "含氯消毒液 · 500 mg/L" in page
    assert zh("Any cleaner of the site") in page


# Tasks.


def test_a_task_is_added_with_the_sites_cleaners_and_people_without_a_login(
    manager, company_a, site_a, area_a, cleaner_a, make_member
):
    guard = make_member(company_a, Role.GUARD)
    assign(company_a, site_a, guard)
    person = make_person(company_a, name="王保洁", kind=DutyPersonKind.CLEANER)
    form = manager.get(f"/cleaning/areas/{area_a.pk}/tasks/new/").content.decode()
    # Cleaners who work at the site and people on duty without a login; not the guard.
    assert cleaner_a.full_name in form and "王保洁" in form
    assert guard.full_name not in form
    data = {**TASK_FORM, "users": [cleaner_a.pk], "people": [person.pk]}
    response = manager.post(f"/cleaning/areas/{area_a.pk}/tasks/new/", data)
    assert response["Location"] == f"/cleaning/areas/{area_a.pk}/"
    (task,) = tasks_of(company_a, area_a)
    assert task.times == ["08:00", "14:00", "20:00"]
    assert list(task.assigned_users.all()) == [cleaner_a]
    assert list(task.assigned_people.all()) == [person]
    page = manager.get(f"/cleaning/areas/?site={site_a.pk}").content.decode()
    assert in_chinese(task) in page and cleaner_a.full_name in page and "王保洁" in page


def test_a_task_at_fixed_times_without_times_is_refused_on_that_field(manager, company_a, area_a):
    before = state(company_a)
    response = manager.post(f"/cleaning/areas/{area_a.pk}/tasks/new/", {**TASK_FORM, "times": ""})
    assert response.status_code == 400
    assert error_is_shown_on("times", response.content.decode())
    assert state(company_a) == before


def test_changing_a_task_applies_from_now_and_past_days_keep_the_old_slots(
    manager, company_a, site_a, area_a
):
    task = make_task(company_a, area_a, valid_from=PLANNED_FROM)
    form = manager.get(f"/cleaning/tasks/{task.pk}/edit/").content.decode()
    assert 'id="from-now"' in form and 'value="08:00, 14:00, 20:00"' in form
    response = manager.post(f"/cleaning/tasks/{task.pk}/edit/", {**TASK_FORM, "times": "09:00"})
    assert response["Location"] == f"/cleaning/areas/{area_a.pk}/"
    old, new = tasks_of(company_a, area_a)
    assert old.valid_until == new.valid_from and new.replaces_id == old.pk
    past = manager.get(day_url(site_a, PAST_DAY)).content.decode()
    assert states_on(past, area_a) == [
        ("08:00", "missed"),
        ("14:00", "missed"),
        ("20:00", "missed"),
    ]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    later = manager.get(day_url(site_a, tomorrow)).content.decode()
    assert states_on(later, area_a) == [("09:00", "upcoming")]
    area_page = manager.get(f"/cleaning/areas/{area_a.pk}/").content.decode()
    assert in_chinese(old) in area_page.split('id="ended-tasks"')[1]


def test_a_task_sent_back_unchanged_makes_no_new_task(manager, company_a, area_a, plantask_a):
    response = manager.post(f"/cleaning/tasks/{plantask_a.pk}/edit/", TASK_FORM)
    assert zh("Nothing was changed.") in page_after(manager, response)
    assert tasks_of(company_a, area_a) == [plantask_a]


def test_ending_a_task_asks_first_then_takes_it_out_of_the_plan(
    manager, company_a, area_a, plantask_a
):
    confirm = manager.get(f"/cleaning/tasks/{plantask_a.pk}/end/").content.decode()
    assert 'method="post"' in confirm and zh("End the task") in confirm
    response = manager.post(f"/cleaning/tasks/{plantask_a.pk}/end/")
    assert response["Location"] == f"/cleaning/areas/{area_a.pk}/"
    (task,) = tasks_of(company_a, area_a)
    assert task.valid_until is not None
    # Ended, it cannot be ended or changed again: the page says why and nothing changes.
    before = state(company_a)
    again = manager.post(f"/cleaning/tasks/{plantask_a.pk}/end/")
    assert again.status_code == 400
    assert zh("This task has already ended.") in again.content.decode()
    changed = manager.post(
        f"/cleaning/tasks/{plantask_a.pk}/edit/", {**TASK_FORM, "times": "09:00"}
    )
    assert changed.status_code == 400
    assert state(company_a) == before


# Built-in plans.


def test_the_builtin_page_shows_each_plan_and_the_areas_it_would_be_given(
    manager, site_a, facility_a
):
    page = manager.get(f"/cleaning/builtin/?site={site_a.pk}").content.decode()
    for plan in BUILTIN_PLANS.values():
        assert zh(str(plan.summary)) in page
    assert facility_a.location in page.split('id="plan-lift"')[1].split('class="plan-choice"')[0]


def test_applying_a_builtin_plan_plans_every_area_of_that_kind(
    manager, company_a, site_a, facility_a
):
    other_lift = make_area(company_a, site_a, kind="lift", name="2号楼 电梯")
    response = manager.post("/cleaning/builtin/", {"site": site_a.pk, "kind": "lift"})
    assert response["Location"] == f"/cleaning/areas/?site={site_a.pk}"
    page = page_after(manager, response)
    with schema_context(company_a.schema_name):
        lifts = list(Area.objects.filter(site=site_a, kind="lift").order_by("pk"))
    assert [area.facility_id for area in lifts] == [None, facility_a.pk]
    for area in lifts:
        tasks = tasks_of(company_a, area)
        assert sorted(task.kind for task in tasks) == [TaskKind.DISINFECT, TaskKind.LIFT_FILM]
        assert in_chinese(tasks[0]) in page
    assert other_lift in lifts
    # Applied again, the same plan changes nothing.
    before = state(company_a)
    manager.post("/cleaning/builtin/", {"site": site_a.pk, "kind": "lift"})
    assert state(company_a)["tasks"] == before["tasks"]


def test_a_builtin_plan_needs_a_kind_and_a_site_the_reader_may_plan(
    site_manager, company_a, site_a, other_site
):
    make_area(company_a, other_site, kind="lift", name="紫云 电梯")
    before = state(company_a)
    no_kind = site_manager.post("/cleaning/builtin/", {"site": site_a.pk})
    assert no_kind.status_code == 400
    elsewhere = site_manager.post("/cleaning/builtin/", {"site": other_site.pk, "kind": "lift"})
    assert elsewhere.status_code == 400
    assert site_manager.get(f"/cleaning/builtin/?site={other_site.pk}").status_code == 404
    assert state(company_a) == before


# Who may plan.


def test_a_viewer_cannot_change_a_plan(viewer, company_a, site_a, area_a, plantask_a):
    before = state(company_a)
    for url, data in (
        (f"/cleaning/areas/{area_a.pk}/tasks/new/", TASK_FORM),
        (f"/cleaning/tasks/{plantask_a.pk}/edit/", TASK_FORM),
        (f"/cleaning/tasks/{plantask_a.pk}/end/", {}),
        ("/cleaning/builtin/", {"site": site_a.pk, "kind": "stairwell"}),
    ):
        assert viewer.get(url).status_code == 403, url
        assert viewer.post(url, data).status_code == 403, url
    assert state(company_a) == before


def test_an_outsider_finds_no_task_of_alpha_from_their_own_company(
    client_for, company_a, company_b, outsider, plantask_a
):
    before = state(company_a)
    home = client_for(company_b, outsider)
    for url in (f"/cleaning/tasks/{plantask_a.pk}/edit/", f"/cleaning/tasks/{plantask_a.pk}/end/",
                f"/cleaning/areas/{plantask_a.area_id}/tasks/new/"):  # fmt: skip
        assert home.get(url).status_code == 404, url
        assert home.post(url, TASK_FORM).status_code == 404, url
    assert state(company_a) == before


def test_a_tasks_frequency_reads_as_people_say_it(company_a, area_a):
    tasks = [
        make_task(company_a, area_a, times=["08:00", "14:00", "20:00"]),
        make_task(company_a, area_a, kind="ventilate", frequency="every_n_hours", every_hours=4),
        make_task(company_a, area_a, kind="wash_bins", frequency="daily"),
        make_task(company_a, area_a, kind="other", frequency="weekly", weekdays=[3, 0]),
    ]
    with translation.override("en"):
        assert [frequency_words(task) for task in tasks] == [
            "3 times a day: 08:00, 14:00, 20:00",
            "Every 4 hours while open",
            "Daily",
            "Weekly: Mon, Thu",
        ]


def test_a_common_area_needs_a_kind_and_a_facility_does_not(manager, company_a, site_a, facility_a):
    before = state(company_a)
    response = manager.post("/cleaning/areas/new/", {"site": site_a.pk, "name": "4号楼 楼道"})
    assert response.status_code == 400
    assert error_is_shown_on("kind", response.content.decode())
    assert state(company_a) == before
    made = manager.post("/cleaning/areas/new/", {"site": site_a.pk, "facility": facility_a.pk})
    assert made.status_code == 302
