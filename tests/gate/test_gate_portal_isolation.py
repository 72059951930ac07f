"""The managers' pages for home isolation and the needs of people in isolation.

A manager places someone under observation for the company's number of days, records readings
(a fever opens an escalation), extends and ends the isolation, each step in the case's history;
needs are opened once, assigned to someone active and closed with a note.
"""

import re
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.gate.isolation_rules import overdue_readings
from tenants.gate.models import (
    EscalationCase,
    IsolationCase,
    IsolationChange,
    IsolationStatus,
    NeedRequest,
    NeedStatus,
    PersonalDataView,
    TemperatureReading,
)
from tenants.gate.services.isolation import end_isolation
from tenants.gate.services.needs import close_need, open_need
from tenants.rosters.services.people import update_duty_person
from tests.gate.gate_fixtures import VALID_ID
from tests.gate.gate_portal_helpers import (
    DAY,
    TODAY,
    observe,
    page_after,
    reload,
    rows,
    zh,
    zh_date,
)
from tests.sites.site_helpers import in_language

pytestmark = pytest.mark.django_db

# Home isolation.


def test_a_manager_places_someone_under_observation_for_the_companys_days(
    manager, company_a, site_a
):
    data = {"site": site_a.pk, "name": "赵观察", "building": "4", "room": "601",
            "phone": "13712345678", "document_kind": "id_card", "document": "",
            "starts_on": TODAY.isoformat()}  # fmt: skip
    response = manager.post("/isolation/new/", data)
    (case,) = rows(company_a, IsolationCase)
    assert response["Location"] == f"/isolation/{case.pk}/"
    assert (case.starts_on, case.planned_end) == (TODAY, TODAY + 13 * DAY)
    assert zh("%(name)s is under home observation until %(date)s.", name="赵观察",
              date=zh_date(case.planned_end)) in page_after(manager, response)  # fmt: skip


def test_an_invalid_mobile_number_is_refused_and_no_case_is_opened(manager, company_a, site_a):
    data = {"site": site_a.pk, "name": "赵观察", "building": "4", "room": "601",
            "phone": "12345", "document_kind": "id_card", "starts_on": TODAY.isoformat()}  # fmt: skip
    response = manager.post("/isolation/new/", data)
    assert response.status_code == 400
    assert zh("Enter a valid mobile number.") in response.content.decode()
    assert rows(company_a, IsolationCase) == []


def test_the_list_shows_observation_first_with_overdue_readings_and_masked_numbers(
    manager, company_a, site_a, isolation_a
):
    ended = observe(company_a, site_a, name="已结束", starts_on=TODAY - 5 * DAY)
    with schema_context(company_a.schema_name):
        # Registered at the gate on arrival, two days ago.
        IsolationCase.objects.filter(pk=isolation_a.pk).update(created_at=timezone.now() - 3 * DAY)
        end_isolation(ended, on=TODAY, reason="解除观察", transferred=False, by=None)
    page = manager.get("/isolation/").content.decode()
    assert page.index(isolation_a.name) < page.index("已结束")
    # Registered two days ago and never measured: both readings of that day are overdue.
    first_day = (TODAY - 2 * DAY).strftime("%m-%d")
    assert f"{first_day} {in_language('zh-hans', 'Morning')}" in page
    assert f"{first_day} {in_language('zh-hans', 'Evening')}" in page
    assert "139****5678" in page and "13912345678" not in page


def test_the_case_page_marks_missing_readings_as_overdue(manager, company_a, isolation_a):
    # The case was opened before its first day began, so every reading of it is owed.
    opened = timezone.now() - 3 * DAY
    with schema_context(company_a.schema_name):
        IsolationCase.objects.filter(pk=isolation_a.pk).update(created_at=opened)
        TemperatureReading.objects.create(case=isolation_a, taken_on=TODAY - 2 * DAY,
                                          period="morning", temperature=Decimal("36.4"))  # fmt: skip
    page = manager.get(f"/isolation/{isolation_a.pk}/").content.decode()
    assert "36.4 °C" in page
    # The evening before last and yesterday's two at least; today's once past their time.
    taken = {(TODAY - 2 * DAY, "morning")}
    due = overdue_readings(TODAY - 2 * DAY, isolation_a.planned_end, taken, timezone.now(), opened)
    assert len(due) >= 3
    assert page.count('<span class="overdue">') == len(due)
    assert 'id="overdue"' in page


def test_a_morning_reading_is_recorded_and_a_fever_opens_an_escalation(
    manager, company_a, isolation_a
):
    url = f"/isolation/{isolation_a.pk}/readings/"
    data = {"on": TODAY.isoformat(), "period": "morning", "temperature": "36.5"}
    page = page_after(manager, manager.post(url, data))
    assert zh("The reading is recorded: %(value)s °C.", value="36.5") in page
    response = manager.post(url, {**data, "period": "evening", "temperature": "38.2"})
    page = page_after(manager, response)
    assert zh("%(value)s °C is a fever: the reading is recorded and an escalation case is open.",
              value="38.2") in page  # fmt: skip
    assert len(rows(company_a, TemperatureReading)) == 2
    (case,) = rows(company_a, EscalationCase)
    assert case.isolation_case_id == isolation_a.pk
    assert f"/escalations/{case.pk}/" in page


def test_a_reading_for_tomorrow_is_refused_with_the_reason(manager, company_a, isolation_a):
    data = {"on": (TODAY + DAY).isoformat(), "period": "morning", "temperature": "36.5"}
    response = manager.post(f"/isolation/{isolation_a.pk}/readings/", data)
    assert response.status_code == 400
    window = {"first": (TODAY - 90 * DAY).isoformat(), "last": TODAY.isoformat()}
    assert zh("Enter a date between %(first)s and %(last)s.", **window) in (
        response.content.decode()
    )
    assert rows(company_a, TemperatureReading) == []


def test_an_extension_and_a_transfer_are_in_the_case_history(manager, company_a, isolation_a):
    url = f"/isolation/{isolation_a.pk}/"
    until = isolation_a.planned_end + 7 * DAY
    response = manager.post(f"{url}extend/", {"until": until.isoformat(), "reason": "同住家属发热"})
    assert zh("Home isolation now lasts until %(date)s.", date=zh_date(until)) in (
        page_after(manager, response)
    )
    assert reload(company_a, isolation_a).planned_end == until

    response = manager.post(f"{url}end/", {"on": TODAY.isoformat(), "reason": "转至集中隔离点",
                                           "transferred": "on"})  # fmt: skip
    page = page_after(manager, response)
    case = reload(company_a, isolation_a)
    assert (case.status, case.ended_on) == (IsolationStatus.TRANSFERRED, TODAY)
    assert [change.kind for change in rows(company_a, IsolationChange)] == [
        "extended",
        "transferred",
    ]
    assert "同住家属发热" in page and "转至集中隔离点" in page
    assert f"{url}readings/" not in page  # an ended case takes no more readings


def test_an_extension_that_shortens_the_isolation_is_refused(manager, company_a, isolation_a):
    response = manager.post(f"/isolation/{isolation_a.pk}/extend/",
                            {"until": TODAY.isoformat(), "reason": "提前"})  # fmt: skip
    assert response.status_code == 400
    assert zh("An extension ends after the current last day.") in response.content.decode()
    assert reload(company_a, isolation_a).planned_end == isolation_a.planned_end


def test_the_committees_date_restarts_a_returnees_count(manager, company_a, isolation_a):
    registered = TODAY - DAY
    response = manager.post(f"/isolation/{isolation_a.pk}/committee/",
                            {"committee_registered_on": registered.isoformat()})  # fmt: skip
    assert response["Location"] == f"/isolation/{isolation_a.pk}/"
    case = reload(company_a, isolation_a)
    assert (case.starts_on, case.planned_end) == (registered, registered + 13 * DAY)
    assert reload(company_a, isolation_a.returnee).committee_registered_on == registered


def test_someone_who_is_not_a_returnee_has_no_committee_date(manager, company_a, site_a):
    case = observe(company_a, site_a)
    page = manager.get(f"/isolation/{case.pk}/").content.decode()
    assert "/committee/" not in page
    assert manager.get(f"/isolation/{case.pk}/committee/").status_code == 404


def test_a_double_submitted_need_opens_one_request(manager, company_a, isolation_a):
    page = manager.get(f"/isolation/{isolation_a.pk}/").content.decode()
    (key,) = re.findall(r'name="uuid" value="([0-9a-f-]{36})"', page)
    data = {"uuid": key, "kind": "groceries", "details": "米和青菜"}
    first = manager.post(f"/isolation/{isolation_a.pk}/needs/new/", data)
    second = manager.post(f"/isolation/{isolation_a.pk}/needs/new/", data)
    assert first.status_code == second.status_code == 302
    (need,) = rows(company_a, NeedRequest)
    assert (need.kind, need.details, need.status) == ("groceries", "米和青菜", NeedStatus.OPEN)
    assert "米和青菜" in manager.get(f"/isolation/{isolation_a.pk}/").content.decode()


def test_other_needs_need_their_details(manager, company_a, isolation_a):
    data = {"uuid": str(uuid.uuid4()), "kind": "other", "details": ""}
    response = manager.post(f"/isolation/{isolation_a.pk}/needs/new/", data)
    assert response.status_code == 400
    assert zh("Say what is needed.") in response.content.decode()
    assert rows(company_a, NeedRequest) == []


def test_a_manager_reveals_the_numbers_of_someone_in_isolation(
    manager, manager_a, company_a, isolation_a
):
    assert "139****5678" in manager.get(f"/isolation/{isolation_a.pk}/").content.decode()
    response = manager.post(f"/isolation/{isolation_a.pk}/reveal/")
    page = response.content.decode()
    assert response.status_code == 200
    assert VALID_ID in page and "13912345678" in page
    (view,) = rows(company_a, PersonalDataView)
    assert (view.viewed_by_id, view.record_type, view.record_id) == (
        manager_a.pk,
        "gate.isolationcase",
        isolation_a.pk,
    )


def test_a_site_manager_cannot_reveal_the_numbers_of_someone_in_isolation(
    site_manager, company_a, isolation_a
):
    assert site_manager.post(f"/isolation/{isolation_a.pk}/reveal/").status_code == 403
    assert rows(company_a, PersonalDataView) == []


# Needs.


def test_the_needs_page_lists_what_is_not_done_oldest_first(
    manager, company_a, site_a, isolation_a, need_a
):
    other = observe(company_a, site_a, name="钱观察")
    with schema_context(company_a.schema_name):
        later, _ = open_need(other, uuid=uuid.uuid4(), kind="parcels", details="快递两件", by=None)
        done, _ = open_need(other, uuid=uuid.uuid4(), kind="rubbish", details="倒垃圾", by=None)
        close_need(done, note="已倒", by=None)
    page = manager.get("/needs/").content.decode()
    assert page.index("两桶水") < page.index("快递两件")
    assert "倒垃圾" not in page
    assert f"{isolation_a.building}-{isolation_a.room}" in page


def test_a_manager_assigns_a_need_and_closes_it(manager, company_a, need_a, person_a):
    response = manager.post(f"/needs/{need_a.pk}/assign/", {"assigned_to": person_a.pk})
    assert response["Location"] == "/needs/"
    page = page_after(manager, response)
    assert zh("%(need)s is assigned to %(person)s.", need=in_language("zh-hans", "Drinking water"),
              person=person_a.name) in page  # fmt: skip
    need = reload(company_a, need_a)
    assert (need.status, need.assigned_to_id) == (NeedStatus.ASSIGNED, person_a.pk)

    response = manager.post(f"/needs/{need_a.pk}/close/?back=case", {"closing_note": "已送两桶水"})
    assert response["Location"] == f"/isolation/{need_a.case_id}/"
    need = reload(company_a, need_a)
    assert (need.status, need.closing_note) == (NeedStatus.CLOSED, "已送两桶水")
    assert "两桶水" not in manager.get("/needs/").content.decode()


def test_a_need_cannot_go_to_someone_no_longer_active(manager, company_a, need_a, person_a):
    with schema_context(company_a.schema_name):
        update_duty_person(person_a, by=None, company=company_a, active=False)
    response = manager.post(f"/needs/{need_a.pk}/assign/", {"assigned_to": person_a.pk})
    assert response.status_code == 400
    assert reload(company_a, need_a).status == NeedStatus.OPEN


def test_closing_a_need_needs_a_note(manager, company_a, need_a):
    response = manager.post(f"/needs/{need_a.pk}/close/", {"closing_note": " "})
    assert response.status_code == 400
    assert reload(company_a, need_a).status == NeedStatus.OPEN
