"""Cleaning through its services: areas and plans, logs that keep when they were written,
corrections instead of changes, and one alert per missed slot."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import tenant_context

from guanjia.idempotency import ReusedIdConflict
from tenants.cleaning.models import CleaningLog, OverdueAlert, PlanTask, TaskKind
from tenants.cleaning.reading import slots_of_areas
from tenants.cleaning.services.alerts import record_overdue_alerts
from tenants.cleaning.services.logs import LogIn, correct_log, record_log
from tenants.cleaning.services.plans import apply_builtin_plan, change_task
from tenants.cleaning.slots import SlotState
from tenants.sites.models import FacilityKind
from tenants.sites.services.places import create_facility
from tests.cleaning.cleaning_fixtures import make_area, make_log, make_task
from tests.conftest import shanghai

MORNING = shanghai(2026, 12, 3, 9, 30)


@pytest.fixture
def stairwell(company_a, site_a):
    area = make_area(company_a, site_a)
    task = make_task(company_a, area, valid_from=shanghai(2026, 12, 1))
    return area, task


def states(company, area, day, now):
    with tenant_context(company):
        return [
            (slot.due.strftime("%H:%M"), slot.state)
            for slot in slots_of_areas([area], day, day, now)
        ]


def test_a_log_in_time_fills_the_slot_and_the_rest_of_the_day_waits(company_a, stairwell):
    area, task = stairwell
    make_log(company_a, area, task=task, done_at=shanghai(2026, 12, 3, 8, 10), now=MORNING)
    assert states(company_a, area, MORNING.date(), MORNING) == [
        ("08:00", SlotState.DONE),
        ("14:00", SlotState.DUE),
        ("20:00", SlotState.UPCOMING),
    ]


def test_a_log_sent_again_is_the_first_and_a_reused_id_is_refused(company_a, stairwell):
    area, task = stairwell
    key = uuid.uuid4()
    first = make_log(
        company_a, area, task=task, uuid=key, done_at=shanghai(2026, 12, 3, 8, 10), now=MORNING
    )
    again = make_log(
        company_a, area, task=task, uuid=key, done_at=shanghai(2026, 12, 3, 8, 10), now=MORNING
    )
    assert again.pk == first.pk
    with pytest.raises(ReusedIdConflict):
        make_log(
            company_a, area, task=task, uuid=key, done_at=shanghai(2026, 12, 3, 8, 20), now=MORNING
        )
    with tenant_context(company_a):
        assert CleaningLog.objects.count() == 1


def test_a_log_received_three_hours_after_the_work_is_marked_late(company_a, stairwell):
    area, task = stairwell
    late = make_log(
        company_a,
        area,
        task=task,
        done_at=shanghai(2026, 12, 3, 8, 0),
        now=shanghai(2026, 12, 3, 11, 0),
    )
    queued = make_log(
        company_a,
        area,
        task=task,
        done_at=shanghai(2026, 12, 3, 8, 5),
        queued_at=shanghai(2026, 12, 3, 8, 6),
        now=shanghai(2026, 12, 3, 11, 0),
    )
    assert late.recorded_late is True
    assert queued.recorded_late is False


def test_work_in_the_future_or_a_week_ago_is_refused(company_a, stairwell):
    area, task = stairwell
    for done_at in (MORNING + datetime.timedelta(hours=1), MORNING - datetime.timedelta(days=8)):
        with pytest.raises(ValidationError) as error:
            make_log(company_a, area, task=task, done_at=done_at, now=MORNING)
        assert "done_at" in error.value.message_dict


def test_postgresql_refuses_to_change_or_delete_a_log(company_a, cleaninglog_a):
    with tenant_context(company_a):
        for statement in (
            "UPDATE cleaning_cleaninglog SET note = 'rewritten' WHERE id = %s",
            "DELETE FROM cleaning_cleaninglog WHERE id = %s",
        ):
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement, [cleaninglog_a.pk])
        assert CleaningLog.objects.get(pk=cleaninglog_a.pk).note == ""


def test_a_correction_replaces_a_log_without_changing_it(company_a, stairwell, manager_a):
    area, task = stairwell
    wrong = make_log(company_a, area, task=task, done_at=shanghai(2026, 12, 3, 8, 10), now=MORNING)
    with tenant_context(company_a):
        data = LogIn(uuid=uuid.uuid4(), area=area, task=task, done_at=shanghai(2026, 12, 3, 8, 10))
        with pytest.raises(ValidationError):
            correct_log(wrong, data, by=manager_a, reason=" ", now=MORNING)
        correct_log(wrong, data, by=manager_a, reason="记错了楼层", withdraw=True, now=MORNING)
    assert states(company_a, area, MORNING.date(), MORNING)[0] == ("08:00", SlotState.MISSED)
    with tenant_context(company_a):
        assert CleaningLog.objects.count() == 2


def test_a_plan_changed_at_noon_keeps_the_mornings_slots(company_a, stairwell):
    area, task = stairwell
    with tenant_context(company_a):
        change_task(task, by=None, now=shanghai(2026, 12, 3, 12, 0), times=["10:00", "16:00"])
    assert [
        due for due, _ in states(company_a, area, MORNING.date(), shanghai(2026, 12, 3, 12))
    ] == [
        "08:00",
        "16:00",
    ]


def test_a_built_in_plan_reaches_every_area_of_its_kind(company_a, site_a):
    with tenant_context(company_a):
        for location in ("1号楼", "2号楼"):
            create_facility(site_a, by=None, kind=FacilityKind.RUBBISH_ROOM, location=location)
        tasks = apply_builtin_plan(site_a, FacilityKind.RUBBISH_ROOM, by=None)
        assert len(tasks) == 6
        assert apply_builtin_plan(site_a, FacilityKind.RUBBISH_ROOM, by=None) == tasks
        assert set(PlanTask.objects.current().values_list("kind", flat=True)) == {
            TaskKind.DISINFECT,
            TaskKind.WASH_BINS,
            TaskKind.MASK_BIN,
        }


def test_a_missed_slot_alerts_once_until_a_late_log_clears_it(company_a, stairwell):
    area, task = stairwell
    noon = shanghai(2026, 12, 3, 12, 0)
    with tenant_context(company_a):
        assert record_overdue_alerts(by=None, now=noon)[0] >= 1
        assert record_overdue_alerts(by=None, now=noon) == (0, 0)
        today = OverdueAlert.objects.open().filter(due=shanghai(2026, 12, 3, 8))
        assert today.count() == 1
        record_log(LogIn(uuid=uuid.uuid4(), area=area, task=task, done_at=noon), by=None, now=noon)
        assert not OverdueAlert.objects.open().filter(due=shanghai(2026, 12, 3, 8)).exists()
