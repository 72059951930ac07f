"""Plausible dates, bounded pages.

Every date or time a user or partner sends lies in a window that makes sense for its field; one
outside it is refused with the window named, in the reader's language, and nothing is written.
No page does work in proportion to a date range the caller chose, nor to how long a case that
is already in the database runs.
"""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.gate.models import Entry, IsolationCase, Returnee, TemperatureReading
from tenants.notices.models import Notice
from tenants.rosters.models import Shift
from tests.api_helpers import field_errors
from tests.conftest import shanghai
from tests.rosters.roster_helpers import csv_upload
from tests.sites.site_helpers import in_language

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PHONE = "13687654321"


def today() -> datetime.date:
    return timezone.localdate()


def window(back: int, ahead: int, language: str = "zh-hans") -> str:
    """The message naming a window of dates, as a reader of `language` sees it."""
    return in_language(
        language,
        "Enter a date between %(first)s and %(last)s.",
        first=(today() - back * DAY).isoformat(),
        last=(today() + ahead * DAY).isoformat(),
    )


def time_window(back: int, ahead: int, language: str = "zh-hans") -> str:
    """The message naming a window of days, for a field that takes a time."""
    return in_language(
        language,
        "Enter a time between %(first)s and %(last)s.",
        first=f"{(today() - back * DAY).isoformat()} 00:00",
        last=f"{(today() + ahead * DAY).isoformat()} 23:59",
    )


def message_time(moment: datetime.datetime, minutes: int = 0) -> str:
    """A bound of the entry window as the message writes it (the minute the request was read)."""
    return (moment + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")


def count(company, model) -> int:
    with schema_context(company.schema_name):
        return model.objects.count()


@pytest.fixture
def english_api(manager_api):
    manager_api.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return manager_api


def observation(site, starts_on) -> dict:
    return {"site": site.pk, "name": "刘阿姨", "building": "2号楼", "room": "101",
            "phone_number": PHONE, "starts_on": str(starts_on)}  # fmt: skip


def observed(company, site, starts_on, planned_end, **fields) -> IsolationCase:
    """A case written straight to the database, as rows from before the windows existed."""
    with schema_context(company.schema_name):
        return IsolationCase.objects.create(site=site, name="刘阿姨", building="2", room="101",
                                            phone=PHONE, starts_on=starts_on,
                                            planned_end=planned_end, **fields)  # fmt: skip


# Isolation


@pytest.mark.parametrize("starts_on", ["1500-01-01", "9999-12-31", "tomorrow"])
def test_an_isolation_start_outside_its_window_is_refused_naming_it_and_opens_no_case(
    english_api, company_a, site_a, starts_on
):
    starts_on = today() + DAY if starts_on == "tomorrow" else starts_on
    response = english_api.post(
        "/api/v1/isolation-cases/", observation(site_a, starts_on), format="json"
    )
    assert field_errors(response) == {"starts_on": [window(60, 0, "en")]}
    assert count(company_a, IsolationCase) == 0


def test_an_isolation_starting_60_days_ago_is_accepted(manager_api, company_a, site_a):
    sent = observation(site_a, today() - 60 * DAY)
    assert manager_api.post("/api/v1/isolation-cases/", sent, format="json").status_code == 201


def test_the_portal_refuses_an_observation_from_1500_in_chinese(manager, company_a, site_a):
    data = {"site": site_a.pk, "name": "赵观察", "building": "4", "room": "601",
            "phone": PHONE, "document_kind": "id_card", "starts_on": "1500-01-01"}  # fmt: skip
    response = manager.post("/isolation/new/", data)
    assert response.status_code == 400
    assert window(60, 0) in response.content.decode()
    assert count(company_a, IsolationCase) == 0


def test_an_extension_to_2100_is_refused_naming_the_window_and_changes_nothing(
    manager_api, manager, company_a, site_a
):
    case = observed(company_a, site_a, today() - 30 * DAY, today() - 17 * DAY)
    sent = {"until": "2100-01-01", "reason": "家属发热"}
    response = manager_api.post(f"/api/v1/isolation-cases/{case.pk}/extend/", sent, format="json")
    assert field_errors(response) == {"until": [window(0, 84)]}
    response = manager.post(f"/isolation/{case.pk}/extend/", sent)
    assert response.status_code == 400
    assert window(0, 84) in response.content.decode()
    with schema_context(company_a.schema_name):
        assert IsolationCase.objects.get().planned_end == today() - 17 * DAY


def test_an_extension_ends_at_most_12_weeks_after_the_first_day(manager_api, company_a, site_a):
    starts_on = today() - 30 * DAY
    case = observed(company_a, site_a, starts_on, today())
    url = f"/api/v1/isolation-cases/{case.pk}/extend/"
    too_long = {"until": str(starts_on + 85 * DAY), "reason": "家属发热"}
    message = in_language("zh-hans", "Enter a date between %(first)s and %(last)s.",
                          first=str(today() + DAY), last=str(starts_on + 84 * DAY))  # fmt: skip
    assert field_errors(manager_api.post(url, too_long, format="json")) == {"until": [message]}
    longest = {"until": str(starts_on + 84 * DAY), "reason": "家属发热"}
    assert manager_api.post(url, longest, format="json").json()["planned_end"] == longest["until"]


def test_a_returnee_who_arrived_in_year_1_is_refused_and_nobody_is_registered(
    manager_api, manager, company_a, site_a
):
    sent = {"uuid": str(uuid.uuid4()), "site": site_a.pk, "name": "陈先生",
            "document_number": "310105199201014566", "phone_number": "13912340001",
            "building": "5号楼", "room": "302", "came_from": "武汉", "arrived_on": "0001-01-01"}  # fmt: skip
    response = manager_api.post("/api/v1/returnees/", sent, format="json")
    assert field_errors(response) == {"arrived_on": [window(60, 0)]}
    form = {**sent, "document": sent["document_number"], "phone": sent["phone_number"],
            "document_kind": "id_card"}  # fmt: skip
    response = manager.post("/m/gate/returnees/new/", form)
    assert response.status_code == 400
    assert window(60, 0) in response.content.decode()
    assert count(company_a, Returnee) == count(company_a, IsolationCase) == 0
    inside = {**sent, "arrived_on": str(today() - 60 * DAY)}
    assert manager_api.post("/api/v1/returnees/", inside, format="json").status_code == 201


def test_a_reading_a_year_ago_is_refused_naming_the_window(manager_api, company_a, site_a):
    case = observed(company_a, site_a, today() - 2 * DAY, today() + 11 * DAY)
    sent = {"case": case.pk, "taken_on": str(today() - 366 * DAY), "period": "morning",
            "temperature": 36.5}  # fmt: skip
    response = manager_api.post("/api/v1/temperature-readings/", sent, format="json")
    assert field_errors(response) == {"taken_on": [window(90, 0)]}
    assert count(company_a, TemperatureReading) == 0


# Gate entries


@pytest.mark.parametrize("recorded_at", ["1900-01-01T08:00:00+08:00", "0001-01-01T00:00:00+14:00"])
def test_an_entry_recorded_long_ago_is_refused_by_the_api_and_the_phone(
    manager_api, manager, company_a, gate_a, recorded_at
):
    sent = {"uuid": str(uuid.uuid4()), "gate": gate_a.pk, "category": "resident",
            "temperature": 36.5, "recorded_at": recorded_at}  # fmt: skip
    assert "recorded_at" in field_errors(manager_api.post("/api/v1/entries/", sent, format="json"))
    response = manager.post("/m/gate/entries/", sent, content_type="application/json")
    assert response.status_code == 400
    (message,) = response.json()["errors"]["recorded_at"]
    first, last = timezone.localtime() - 7 * DAY, timezone.localtime()
    assert message == in_language("zh-hans", "Enter a time between %(first)s and %(last)s.",
                                  first=message_time(first), last=message_time(last, 60))  # fmt: skip
    assert count(company_a, Entry) == 0


def test_an_entry_kept_offline_for_almost_a_week_is_accepted(manager_api, company_a, gate_a):
    sent = {"uuid": str(uuid.uuid4()), "gate": gate_a.pk, "category": "resident",
            "temperature": 36.5,
            "recorded_at": (timezone.now() - 7 * DAY + datetime.timedelta(minutes=5)).isoformat()}  # fmt: skip
    assert manager_api.post("/api/v1/entries/", sent, format="json").status_code == 201


def test_an_entry_from_a_phone_two_hours_fast_is_refused(manager, company_a, gate_a):
    sent = {"uuid": str(uuid.uuid4()), "gate": gate_a.pk, "category": "resident",
            "temperature": 36.5, "health_code": "none",
            "recorded_at": (timezone.now() + datetime.timedelta(hours=2)).isoformat()}  # fmt: skip
    response = manager.post("/m/gate/entries/", sent, content_type="application/json")
    assert response.status_code == 400 and "recorded_at" in response.json()["errors"]
    assert count(company_a, Entry) == 0


def test_entries_cannot_be_filtered_from_year_1(manager_api):
    response = manager_api.get("/api/v1/entries/", {"recorded_after": "0001-01-01T00:00:00+14:00"})
    assert response.status_code == 400


# Rosters


@pytest.mark.parametrize("year", [1, 9999])
def test_a_shift_in_year_1_or_9999_is_refused_naming_the_window(
    manager_api, company_a, gate_a, person_a, year
):
    sent = {"gate": gate_a.pk, "person": person_a.pk,
            "starts_at": f"{year:04d}-06-01T08:00:00", "ends_at": f"{year:04d}-06-01T16:00:00"}  # fmt: skip
    errors = field_errors(manager_api.post("/api/v1/shifts/", sent, format="json"))
    assert errors == {"starts_at": [time_window(366, 366)], "ends_at": [time_window(366, 366)]}
    assert count(company_a, Shift) == 0


def test_a_shift_a_year_ahead_is_accepted_and_one_day_later_is_not(
    manager_api, manager, company_a, site_a, gate_a, person_a
):
    last = today() + 366 * DAY
    sent = {"gate": gate_a.pk, "person": person_a.pk,
            "starts_at": f"{last}T08:00:00", "ends_at": f"{last}T16:00:00"}  # fmt: skip
    assert manager_api.post("/api/v1/shifts/", sent, format="json").status_code == 201
    form = {"gate": gate_a.pk, "person": person_a.pk, "day": str(last + DAY), "start": "08:00",
            "end": "16:00"}  # fmt: skip
    response = manager.post(f"/sites/{site_a.pk}/shifts/new/", form)
    assert response.status_code == 400
    assert window(366, 366) in response.content.decode()
    assert count(company_a, Shift) == 1


@pytest.mark.parametrize(
    "period",
    [("0001-01-01", "0001-01-07"), ("9999-12-25", "9999-12-31"), ("2026-01-01", "9999-12-31")],
)
def test_coverage_outside_the_roster_window_is_refused_naming_it(manager_api, site_a, period):
    first, last = period
    response = manager_api.get(f"/api/v1/sites/{site_a.pk}/coverage/", {"from": first, "to": last})
    errors = field_errors(response)
    assert window(366, 366) in errors.get("from", []) + errors.get("to", [])


def test_coverage_at_the_edge_of_the_window_is_answered(manager_api, site_a, gate_a):
    first = today() - 366 * DAY
    query = {"from": str(first), "to": str(first + 6 * DAY)}
    response = manager_api.get(f"/api/v1/sites/{site_a.pk}/coverage/", query)
    assert response.status_code == 200
    assert len(response.json()["gates"][0]["days"]) == 7


def test_coverage_over_more_than_31_days_is_refused_naming_the_cap(manager_api, site_a):
    query = {"from": str(today()), "to": str(today() + 31 * DAY)}
    errors = field_errors(manager_api.get(f"/api/v1/sites/{site_a.pk}/coverage/", query))
    assert errors == {"to": [in_language("zh-hans", "Ask for at most %(days)s days at a time.",
                                         days=31)]}  # fmt: skip


@pytest.mark.parametrize("query", [{"to": "9999-12-31"}, {"from": "0001-01-01"}])
def test_shifts_cannot_be_listed_at_the_ends_of_the_calendar(manager_api, query):
    errors = field_errors(manager_api.get("/api/v1/shifts/", query))
    assert errors == {next(iter(query)): [window(366, 366)]}


def test_a_board_week_at_the_end_of_the_calendar_shows_this_week(manager, site_a, gate_a):
    response = manager.get(f"/sites/{site_a.pk}/board/", {"week": "9999-12-31"})
    assert response.status_code == 200
    monday = today() - today().weekday() * DAY
    assert response.context["monday"] == monday


def test_an_imported_row_in_9999_is_refused_and_nothing_is_imported(
    manager, company_a, site_a, gate_a, person_a
):
    upload = csv_upload([("南门", "李志愿", str(today()), "08:00", "16:00"),
                         ("南门", "李志愿", "9999-12-31", "08:00", "16:00")])  # fmt: skip
    response = manager.post(f"/sites/{site_a.pk}/roster-import/", {"file": upload})
    assert window(366, 366) in response.content.decode()
    assert count(company_a, Shift) == 0


# Notices


def test_a_notice_valid_only_from_9999_12_31_is_refused_by_the_api_and_the_editor(
    manager_api, manager, company_a, site_a
):
    sent = {"kind": "prevention", "title": {"zh-hans": "电梯消毒"}, "body": {"zh-hans": "每天四次。"},
            "sites": [site_a.pk], "valid_from": "9999-12-31"}  # fmt: skip
    assert field_errors(manager_api.post("/api/v1/notices/", sent, format="json")) == {
        "valid_from": [window(1096, 366)]
    }
    form = {"kind": "prevention", "valid_from": "9999-12-31", "title_zh_hans": "电梯消毒",
            "body_zh_hans": "每天四次。", "sites": [site_a.pk]}  # fmt: skip
    response = manager.post("/notices/new/", form)
    assert response.status_code == 400
    assert window(1096, 366) in response.content.decode()
    assert count(company_a, Notice) == 0


def test_a_notice_valid_for_three_years_is_accepted(manager_api, site_a):
    sent = {"kind": "prevention", "title": {"zh-hans": "电梯消毒"}, "body": {"zh-hans": "每天四次。"},
            "sites": [site_a.pk], "valid_from": str(today()),
            "valid_until": str(today() + 1096 * DAY)}  # fmt: skip
    assert manager_api.post("/api/v1/notices/", sent, format="json").status_code == 201


# Pages bounded by what they show


def test_the_page_of_a_case_from_1500_to_2100_shows_four_weeks_at_a_time(
    manager, company_a, site_a
):
    case = observed(company_a, site_a, datetime.date(1500, 1, 1), datetime.date(2100, 12, 31))
    with schema_context(company_a.schema_name):
        TemperatureReading.objects.create(case=case, taken_on=today() - DAY, period="morning",
                                          temperature=Decimal("36.4"))  # fmt: skip
    response = manager.get(f"/isolation/{case.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert len(response.context["days"]) == 28
    assert response.context["days"][0]["day"] == today()
    assert "36.4 °C" in page
    assert len(response.content) < 200_000
    # Today's overdue readings at most, never one for each of 200,000 days.
    assert len(response.context["overdue"]) <= 2

    earlier = manager.get(f"/isolation/{case.pk}/", {"page": 2})
    assert [day["day"] for day in earlier.context["days"]][0] == today() - 28 * DAY
    assert len(earlier.context["days"]) == 28


def test_the_page_of_an_ended_long_case_stays_small(manager, company_a, site_a):
    case = observed(company_a, site_a, datetime.date(1500, 1, 1), today(),
                    status="finished", ended_on=today())  # fmt: skip
    response = manager.get(f"/isolation/{case.pk}/")
    assert len(response.context["days"]) == 28
    assert len(response.content) < 200_000
    listed = manager.get("/isolation/")
    assert listed.status_code == 200 and len(listed.content) < 200_000


def test_a_long_case_under_observation_lists_only_recent_overdue_readings(
    manager, company_a, site_a
):
    case = observed(company_a, site_a, datetime.date(1500, 1, 1), datetime.date(2100, 12, 31))
    with schema_context(company_a.schema_name):
        # Opened long ago: every reading since would be owed.
        IsolationCase.objects.filter(pk=case.pk).update(created_at=shanghai(2000, 1, 1))
    response = manager.get(f"/isolation/{case.pk}/")
    assert 54 <= len(response.context["overdue"]) <= 56
    assert len(response.content) < 200_000
    listed = manager.get("/isolation/")
    assert listed.status_code == 200 and len(listed.content) < 200_000


# The services check the same windows, for callers other than the API and the portal


def test_the_services_refuse_dates_at_the_ends_of_the_calendar(company_a, site_a, gate_a, person_a):
    from django.core.exceptions import ValidationError

    from tenants.gate.services.isolation import ObservationIn, place_under_observation
    from tenants.rosters.services.shifts import create_shift

    with schema_context(company_a.schema_name):
        with pytest.raises(ValidationError) as refused_case:
            place_under_observation(
                site_a,
                ObservationIn(name="刘阿姨", building="2", room="101", phone=PHONE,
                              starts_on=datetime.date(9999, 12, 31)),
                by=None,
            )  # fmt: skip
        with pytest.raises(ValidationError) as refused_shift:
            create_shift(by=None, gate=gate_a, person=person_a,
                         starts_at=shanghai(1, 1, 1, 8), ends_at=shanghai(1, 1, 1, 16))  # fmt: skip
    assert refused_case.value.message_dict == {"starts_on": [window(60, 0)]}
    assert set(refused_shift.value.message_dict) == {"starts_at", "ends_at"}
    assert count(company_a, IsolationCase) == count(company_a, Shift) == 0
