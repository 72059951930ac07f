"""Returnees and their home isolation, temperatures twice a day, and the needs of their households.

Isolation counts from the day the neighbourhood committee registered the returnee (from the
arrival until then) for the company's number of days; it is extended with a reason and ended
between its start and today. Temperatures are taken twice a day and a fever opens an
escalation; needs are opened once, assigned to someone on duty and closed saying what was done.
"""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tenants.gate.models import (
    EscalationCase,
    EscalationStatus,
    IsolationCase,
    IsolationChange,
    IsolationStatus,
    NeedRequest,
    NeedStatus,
    Returnee,
    TemperatureReading,
)
from tenants.gate.services.isolation import (
    ObservationIn,
    ReturneeIn,
    end_isolation,
    extend_isolation,
    finish_elapsed_isolations,
    place_under_observation,
    record_committee_registration,
    record_reading,
    register_returnee,
)
from tenants.gate.services.needs import assign_need, close_need, open_need
from tests.conftest import make_person
from tests.gate.gate_fixtures import VALID_ID

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DAY = datetime.timedelta(days=1)


# Returnees


def returnee_in(**fields) -> ReturneeIn:
    key = fields.pop("uuid", None) or uuid.uuid4()
    values = {
        "name": "王归沪",
        "document_kind": "id_card",
        "document": VALID_ID,
        "phone": "13912345678",
        "building": "5",
        "room": "302",
        "came_from": "武汉",
        "arrived_on": timezone.localdate() - 2 * DAY,
        **fields,
    }
    return ReturneeIn(uuid=key, **values)


def register(site, **fields):
    returnee, _created = register_returnee(site, returnee_in(**fields), by=None)
    return returnee


def case_of(returnee) -> IsolationCase:
    return IsolationCase.objects.get(returnee=returnee)


def test_isolation_counts_fourteen_days_from_the_committees_registration(in_a, site_a, today):
    returnee = register(site_a, arrived_on=today - 3 * DAY, committee_registered_on=today - 2 * DAY)
    case = case_of(returnee)
    assert (case.starts_on, case.planned_end) == (today - 2 * DAY, today - 2 * DAY + 13 * DAY)
    assert case.status == IsolationStatus.OBSERVING
    assert (case.name, case.document_number, case.phone) == ("王归沪", VALID_ID, "+8613912345678")
    assert (case.building, case.room, case.site) == ("5", "302", site_a)


def test_a_night_arrival_isolates_from_the_arrival_until_the_committee_registers_them(
    in_a, site_a, today
):
    returnee = register(site_a, arrived_on=today - DAY)
    case = case_of(returnee)
    assert returnee.committee_registered_on is None
    assert (case.starts_on, case.planned_end) == (today - DAY, today + 12 * DAY)


def test_the_committees_registration_moves_the_last_day_and_the_change_is_recorded(
    in_a, site_a, today, manager_a
):
    returnee = register(site_a, arrived_on=today - DAY)
    before = case_of(returnee).planned_end
    returnee = record_committee_registration(returnee, today, by=manager_a)
    case = case_of(returnee)
    assert returnee.committee_registered_on == today
    assert (case.starts_on, case.planned_end) == (today, today + 13 * DAY)
    change = IsolationChange.objects.get(case=case)
    assert (change.previous_end, change.new_end, change.changed_by) == (
        before,
        today + 13 * DAY,
        manager_a,
    )
    assert change.reason


def test_a_committee_date_that_keeps_the_last_day_records_no_extension(in_a, site_a, today):
    returnee = register(site_a, arrived_on=today - 2 * DAY)
    case = case_of(returnee)
    extend_isolation(case, until=today + 30 * DAY, reason="家人发热", by=None)
    record_committee_registration(returnee, today - DAY, by=None)
    case = case_of(returnee)
    assert (case.starts_on, case.planned_end) == (today - DAY, today + 30 * DAY)
    assert [change.reason for change in IsolationChange.objects.filter(case=case)] == ["家人发热"]


@pytest.mark.parametrize("offset", [-3, 1])
def test_the_committee_registers_between_the_arrival_and_today(in_a, site_a, today, offset):
    returnee = register(site_a, arrived_on=today - 2 * DAY)
    with pytest.raises(ValidationError) as refused:
        record_committee_registration(returnee, today + offset * DAY, by=None)
    assert list(refused.value.message_dict) == ["committee_registered_on"]
    assert not IsolationChange.objects.exists()
    assert case_of(returnee).planned_end == today - 2 * DAY + 13 * DAY


def test_the_companys_days_of_isolation_set_the_length(in_a, company_a, site_a, today):
    company_a.isolation_days = 7
    company_a.save()
    case = case_of(register(site_a, arrived_on=today - DAY, committee_registered_on=today))
    assert case.planned_end == today + 6 * DAY


def test_the_companys_days_of_isolation_apply_to_the_committees_registration(
    in_a, company_a, site_a, today
):
    returnee = register(site_a, arrived_on=today - DAY)
    company_a.isolation_days = 21
    company_a.save()
    record_committee_registration(returnee, today, by=None)
    assert case_of(returnee).planned_end == today + 20 * DAY


def test_a_returnee_sent_twice_is_registered_once(in_a, site_a):
    sent = returnee_in()
    first, created = register_returnee(site_a, sent, by=None)
    again, created_again = register_returnee(site_a, sent, by=None)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Returnee.objects.count() == 1
    assert IsolationCase.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"document": "110105194912310021"}, "document"),
        ({"phone": "021-62345678"}, "phone"),
        ({"came_from": ""}, "came_from"),
        ({"arrived_on": timezone.localdate() + DAY}, "arrived_on"),
        ({"committee_registered_on": timezone.localdate() - 5 * DAY}, "committee_registered_on"),
    ],
)
def test_a_bad_returnee_is_refused_and_starts_no_isolation(in_a, site_a, fields, field):
    with pytest.raises(ValidationError) as refused:
        register(site_a, **fields)
    assert list(refused.value.message_dict) == [field]
    assert not Returnee.objects.exists()
    assert not IsolationCase.objects.exists()


def test_a_returnee_with_a_passport_is_registered(in_a, site_a):
    returnee = register(
        site_a,
        name="Tanaka Kenji",
        document_kind="passport",
        document="tz 123 4567",
        phone="+81 90 1234 5678",
    )
    assert (returnee.document_kind, returnee.document_number) == ("passport", "TZ1234567")
    assert case_of(returnee).document_number == "TZ1234567"


# Changing an isolation


@pytest.fixture
def case(in_a, site_a):
    return case_of(register(site_a, arrived_on=timezone.localdate() - 2 * DAY))


def test_an_isolation_is_extended_to_a_later_day_with_a_reason(case, manager_a):
    before = case.planned_end
    extended = extend_isolation(case, until=before + 7 * DAY, reason="同住人发热", by=manager_a)
    assert extended.planned_end == before + 7 * DAY
    change = IsolationChange.objects.get(case=case)
    assert (change.kind, change.previous_end, change.new_end, change.reason) == (
        "extended",
        before,
        before + 7 * DAY,
        "同住人发热",
    )


@pytest.mark.parametrize("days", [0, -1])
def test_an_extension_ends_after_the_current_last_day(case, manager_a, days):
    before = case.planned_end
    with pytest.raises(ValidationError) as refused:
        extend_isolation(case, until=before + days * DAY, reason="等待核酸结果", by=manager_a)
    assert list(refused.value.message_dict) == ["until"]
    case.refresh_from_db()
    assert case.planned_end == before
    assert not IsolationChange.objects.exists()


def test_an_extension_needs_a_reason(case, manager_a):
    with pytest.raises(ValidationError) as refused:
        extend_isolation(case, until=case.planned_end + DAY, reason=" ", by=manager_a)
    assert list(refused.value.message_dict) == ["reason"]
    assert not IsolationChange.objects.exists()


def test_an_isolation_released_early_is_finished_on_that_day(case, manager_a, today):
    ended = end_isolation(
        case, on=today, reason="社区卫生中心解除", transferred=False, by=manager_a
    )
    ended.refresh_from_db()
    assert (ended.status, ended.ended_on, ended.planned_end) == ("finished", today, today)
    assert IsolationChange.objects.get(case=case).kind == "ended_early"


def test_a_transferred_person_ends_their_home_isolation(case, manager_a, today):
    ended = end_isolation(case, on=today, reason="转集中隔离点", transferred=True, by=manager_a)
    ended.refresh_from_db()
    assert (ended.status, ended.ended_on) == (IsolationStatus.TRANSFERRED, today)
    assert IsolationChange.objects.get(case=case).kind == "transferred"


@pytest.mark.parametrize("offset", [-3, 1])
def test_an_isolation_ends_between_its_start_and_today(case, manager_a, today, offset):
    with pytest.raises(ValidationError) as refused:
        end_isolation(case, on=today + offset * DAY, reason="解除", transferred=False, by=manager_a)
    assert list(refused.value.message_dict) == ["on"]
    case.refresh_from_db()
    assert case.status == IsolationStatus.OBSERVING


def test_an_ended_isolation_is_neither_extended_nor_ended_again(case, manager_a, today):
    end_isolation(case, on=today, reason="解除", transferred=False, by=manager_a)
    with pytest.raises(ValidationError):
        extend_isolation(case, until=today + 10 * DAY, reason="再次隔离", by=manager_a)
    with pytest.raises(ValidationError):
        end_isolation(case, on=today, reason="转运", transferred=True, by=manager_a)
    case.refresh_from_db()
    assert (case.status, case.planned_end) == (IsolationStatus.FINISHED, today)


def test_only_isolations_past_their_last_day_are_finished(in_a, site_a, today):
    past = case_of(register(site_a, arrived_on=today - 14 * DAY))  # last day yesterday
    last_day_today = case_of(register(site_a, arrived_on=today - 13 * DAY, name="赵归沪"))
    assert finish_elapsed_isolations(today, by=None) == 1
    past.refresh_from_db()
    last_day_today.refresh_from_db()
    assert (past.status, past.ended_on) == (IsolationStatus.FINISHED, today - DAY)
    assert (last_day_today.status, last_day_today.ended_on) == (IsolationStatus.OBSERVING, None)
    assert finish_elapsed_isolations(today, by=None) == 0


def test_someone_placed_under_observation_isolates_for_the_companys_days(in_a, site_a, today):
    case = place_under_observation(
        site_a,
        ObservationIn(
            name="李密接", building="2", room="501", phone="13700001111", starts_on=today
        ),
        by=None,
    )
    assert (case.starts_on, case.planned_end, case.returnee) == (today, today + 13 * DAY, None)


# Temperatures twice a day


def reading(case, on, temperature="36.6", period="morning", by=None):
    return record_reading(case, on=on, period=period, temperature=Decimal(temperature), by=by)


def test_a_reading_sent_twice_is_kept_once(case, today, guard_a):
    first, created = reading(case, today, by=guard_a)
    again, created_again = reading(case, today, by=guard_a)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert TemperatureReading.objects.filter(case=case).count() == 1


def test_a_different_temperature_for_a_period_already_read_is_refused(case, today):
    reading(case, today, "36.6")
    with pytest.raises(ValidationError):
        reading(case, today, "36.9")
    assert [r.temperature for r in TemperatureReading.objects.filter(case=case)] == [
        Decimal("36.6")
    ]


def test_the_morning_and_the_evening_are_two_readings(case, today):
    reading(case, today, "36.6", "morning")
    reading(case, today, "36.8", "evening")
    assert TemperatureReading.objects.filter(case=case).count() == 2


def test_no_reading_is_taken_after_the_last_day(in_a, site_a, today):
    case = case_of(register(site_a, arrived_on=today - 20 * DAY))
    with pytest.raises(ValidationError) as refused:
        reading(case, case.planned_end + DAY)
    assert list(refused.value.message_dict) == ["on"]
    reading(case, case.planned_end)
    assert TemperatureReading.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("offset", [-3, 1])
def test_no_reading_is_taken_before_the_start_or_in_the_future(case, today, offset):
    with pytest.raises(ValidationError) as refused:
        reading(case, today + offset * DAY)
    assert list(refused.value.message_dict) == ["on"]


def test_no_reading_is_taken_once_the_isolation_ended(case, today, manager_a):
    case = end_isolation(case, on=today, reason="解除", transferred=False, by=manager_a)
    with pytest.raises(ValidationError):
        reading(case, today)
    assert not TemperatureReading.objects.exists()


def test_a_fever_at_home_opens_an_escalation_linked_to_the_reading(case, today, guard_a):
    fever, _created = reading(case, today, "37.3", by=guard_a)
    escalation = EscalationCase.objects.get(reading=fever)
    assert escalation.status == EscalationStatus.REPORTED
    assert (escalation.isolation_case, escalation.site) == (case, case.site)
    assert (escalation.temperature, escalation.person_name) == (Decimal("37.3"), "王归沪")
    assert [reason["code"] for reason in escalation.reasons] == ["fever"]


def test_a_normal_temperature_at_home_opens_no_escalation(case, today):
    reading(case, today, "37.2")
    reading(case, today, "37.2")
    assert not EscalationCase.objects.exists()


def test_a_fever_sent_twice_opens_one_escalation(case, today):
    reading(case, today, "38.5", "evening")
    reading(case, today, "38.5", "evening")
    assert EscalationCase.objects.count() == 1


# Needs of households in isolation


@pytest.fixture
def volunteer(company_a):
    return make_person(company_a, name="张志愿")


def test_a_need_is_opened_assigned_and_closed(case, volunteer, guard_a, manager_a):
    need, created = open_need(case, uuid=uuid.uuid4(), kind="water", details="两桶水", by=guard_a)
    assert created and (need.status, need.opened_by) == (NeedStatus.OPEN, guard_a)
    need = assign_need(need, to=volunteer, by=manager_a)
    assert (need.status, need.assigned_to) == (NeedStatus.ASSIGNED, volunteer)
    assert need.assigned_at is not None
    need = close_need(need, note="已送到门口", by=manager_a)
    need.refresh_from_db()
    assert (need.status, need.closing_note, need.closed_by) == ("closed", "已送到门口", manager_a)
    assert need.closed_at >= need.assigned_at
    assert not NeedRequest.objects.unfinished().exists()


def test_a_need_is_closed_without_being_assigned(case, manager_a):
    need, _created = open_need(case, uuid=uuid.uuid4(), kind="rubbish", details="", by=None)
    need = close_need(need, note="已收走", by=manager_a)
    assert need.status == NeedStatus.CLOSED


def test_another_kind_of_need_says_what_is_needed(case):
    with pytest.raises(ValidationError) as refused:
        open_need(case, uuid=uuid.uuid4(), kind="other", details="  ", by=None)
    assert list(refused.value.message_dict) == ["details"]
    need, _created = open_need(case, uuid=uuid.uuid4(), kind="other", details="取药", by=None)
    assert need.details == "取药"


def test_an_unknown_kind_of_need_is_refused(case):
    with pytest.raises(ValidationError) as refused:
        open_need(case, uuid=uuid.uuid4(), kind="pizza", details="", by=None)
    assert list(refused.value.message_dict) == ["kind"]
    assert not NeedRequest.objects.exists()


def test_a_closed_need_is_not_closed_or_assigned_again(case, volunteer, manager_a):
    need, _created = open_need(case, uuid=uuid.uuid4(), kind="parcels", details="", by=None)
    close_need(need, note="已送达", by=manager_a)
    with pytest.raises(ValidationError):
        close_need(need, note="再次送达", by=manager_a)
    with pytest.raises(ValidationError):
        assign_need(need, to=volunteer, by=manager_a)
    need.refresh_from_db()
    assert (need.status, need.closing_note, need.assigned_to) == ("closed", "已送达", None)


def test_closing_a_need_says_what_was_done(case, manager_a):
    need, _created = open_need(case, uuid=uuid.uuid4(), kind="repairs", details="水龙头", by=None)
    with pytest.raises(ValidationError) as refused:
        close_need(need, note="", by=manager_a)
    assert list(refused.value.message_dict) == ["closing_note"]
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_a_need_is_not_given_to_someone_no_longer_on_duty(case, company_a, manager_a):
    gone = make_person(company_a, name="离职保安", active=False)
    need, _created = open_need(case, uuid=uuid.uuid4(), kind="groceries", details="", by=None)
    with pytest.raises(ValidationError) as refused:
        assign_need(need, to=gone, by=manager_a)
    assert list(refused.value.message_dict) == ["assigned_to"]


def test_a_need_sent_twice_is_opened_once(case):
    key = uuid.uuid4()
    first, created = open_need(case, uuid=key, kind="emotional", details="想聊聊", by=None)
    again, created_again = open_need(case, uuid=key, kind="emotional", details="想聊聊", by=None)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert NeedRequest.objects.count() == 1


def test_no_need_is_opened_for_an_ended_isolation(case, manager_a, today):
    end_isolation(case, on=today, reason="解除", transferred=False, by=manager_a)
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        open_need(case, uuid=uuid.uuid4(), kind="water", details="", by=None)
    assert not NeedRequest.objects.exists()
