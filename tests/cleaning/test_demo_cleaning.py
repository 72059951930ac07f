"""The demo's cleaning: what 天山物业's and 北华置业's people see after `make run`."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from companies.models import Company
from devtools import demo
from tenants.cleaning.models import Area, CleaningLog, OverdueAlert
from tenants.cleaning.reading import slots_of_areas, tasks_for_person
from tenants.sites.models import FacilityKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    assert demo.load()
    return Company.objects.get(slug="tianshan"), Company.objects.get(slug="beihua")


def test_tianyi_cleans_its_stairwells_lifts_rubbish_room_and_garage(loaded):
    tianshan, _beihua = loaded
    with tenant_context(tianshan):
        kinds = set(
            Area.objects.filter(site__name="天山天义小区", tasks__isnull=False).values_list(
                "kind", flat=True
            )
        )
    assert kinds == {
        FacilityKind.STAIRWELL,
        FacilityKind.LIFT,
        FacilityKind.RUBBISH_ROOM,
        FacilityKind.GARAGE,
    }


def test_last_nights_rubbish_room_round_was_missed_and_alerts(loaded):
    tianshan, _beihua = loaded
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with tenant_context(tianshan):
        alert = OverdueAlert.objects.open().get()
        assert alert.area.kind == FacilityKind.RUBBISH_ROOM
        assert timezone.localtime(alert.due).date() == yesterday
        assert timezone.localtime(alert.due).hour == 20
        assert CleaningLog.objects.filter(recorded_late=True).count() == 1


def test_the_shared_kitchen_is_due_twice_a_day(loaded):
    _tianshan, beihua = loaded
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with tenant_context(beihua):
        kitchen = Area.objects.get(kind=FacilityKind.SHARED_KITCHEN)
        slots = slots_of_areas([kitchen], yesterday, yesterday)
    assert [timezone.localtime(slot.due).strftime("%H:%M") for slot in slots] == ["12:30", "20:00"]
    assert all(slot.log_id is not None for slot in slots)


def test_the_cleaner_has_a_round_today(loaded):
    tianshan, _beihua = loaded
    cleaner = User.objects.get(email="cleaner@tianshan.demo")
    today = timezone.localdate()
    with tenant_context(tianshan):
        tasks = tasks_for_person(cleaner)
        areas = Area.objects.filter(tasks__in=tasks).distinct()
        assert len(slots_of_areas(areas, today, today)) > 10
