"""Recipes for the cleaning services (see action_log_recipes.py, which imports this module)."""

import datetime
import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tenants.cleaning.services import alerts, areas, logs, plans, retention
from tenants.cleaning.services import settings as cleaning_settings
from tenants.sites.services import places
from tests.history.action_log_recipes import recipe


def stairwell(get, name="9号楼 楼道"):
    """A stairwell planned three times a day since yesterday, never cleaned."""
    area = areas.create_area(get("site_a"), by=None, kind="stairwell", name=name)
    task = plans.add_task(
        area, by=None, now=timezone.now() - datetime.timedelta(days=1), kind="disinfect",
        frequency="fixed_times", times=["08:00", "14:00", "20:00"],
    )  # fmt: skip
    return area, task


def a_log(area, task, **fields):
    return logs.LogIn(uuid=uuid.uuid4(), area=area, task=task, **fields)


@recipe("areas.create_area")
def _(get):
    return lambda by: areas.create_area(get("site_a"), by=by, kind="lift", name="8号楼 电梯")


@recipe("areas.area_for_facility")
def _(get):
    facility = places.create_facility(get("site_a"), by=None, kind="garage", location="B1")
    return lambda by: areas.area_for_facility(facility, by=by)


@recipe("areas.change_area")
def _(get):
    area, _task = stairwell(get)
    return lambda by: areas.change_area(area, by=by, public=False)


@recipe("plans.add_task")
def _(get):
    area, _task = stairwell(get)
    return lambda by: plans.add_task(area, by=by, kind="lift_film", frequency="daily")


@recipe("plans.change_task")
def _(get):
    _area, task = stairwell(get)
    return lambda by: plans.change_task(task, by=by, times=["09:00", "21:00"])


@recipe("plans.end_task")
def _(get):
    _area, task = stairwell(get)
    return lambda by: plans.end_task(task, by=by)


@recipe("plans.apply_builtin_plan")
def _(get):
    places.create_facility(get("site_a"), by=None, kind="rubbish_room", location="南门")
    return lambda by: plans.apply_builtin_plan(get("site_a"), "rubbish_room", by=by)


@recipe("logs.record_log")
def _(get):
    area, task = stairwell(get)
    return lambda by: logs.record_log(a_log(area, task), by=by)


@recipe("logs.correct_log")
def _(get):
    area, task = stairwell(get)
    original, _created = logs.record_log(a_log(area, task), by=None)
    return lambda by: logs.correct_log(original, a_log(area, task), by=by, reason="记错了楼")


@recipe("alerts.record_overdue_alerts")
def _(get):
    stairwell(get)
    return lambda by: alerts.record_overdue_alerts(by=by)


@recipe("settings.change_cleaning_settings")
def _(get):
    return lambda by: cleaning_settings.change_cleaning_settings(
        get("company_a"), late_record_hours=3, by=by
    )


@recipe("retention.remove_old_photos")
def _(get):
    area, task = stairwell(get)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, "JPEG")
    photo = SimpleUploadedFile("old.jpg", out.getvalue(), content_type="image/jpeg")
    logs.record_log(a_log(area, task, done_at=long_ago), by=None, photo=photo, now=long_ago)
    return lambda by: retention.remove_old_photos(by=by)
