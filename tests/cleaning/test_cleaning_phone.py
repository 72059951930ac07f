"""The cleaner's phone: the round of today, an area's page with the due task chosen, the log
endpoint the offline queue sends to (resends, conflicts, refusals, the late mark), and photos
that only the company's staff and their taker see.

The pages read the clock, so plans are chosen whose states do not depend on the hour: a task
at 00:00 with no grace is missed from midnight on, a daily task is due all day.
"""

import datetime
import io
import json
import re
import uuid

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_tenants.utils import schema_context
from PIL import Image

from accounts.models import Role
from tenants.cleaning.models import CleaningLog, FrequencyChoice, TaskKind
from tenants.cleaning.services.areas import change_area
from tests.cleaning.cleaning_fixtures import make_area, make_log, make_task
from tests.conftest import make_site
from tests.sites.site_helpers import assign, in_language

pytestmark = pytest.mark.django_db

POST = "/m/cleaning/logs/"
ROUND = "/m/cleaning/"
SLOT = re.compile(
    r'<li class="clean-slot state-(\w+)".*?<span class="clean-where">([^<]+?)\s*(?:<|</span>)', re.S
)
CHECKED_TASK = re.compile(r'<input type="radio" name="task" value="(\d+)"[^>]*\schecked>')


def jpeg_with_gps(width=2400, height=1800) -> bytes:
    """A phone's photo: a JPEG whose EXIF names the camera and where it was taken."""
    image = Image.new("RGB", (width, height), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Guanjia Test Phone"
    exif[0x8825] = {1: "N", 2: (31.0, 12.0, 30.0), 3: "E", 4: (121.0, 26.0, 10.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def missed_at_midnight(company, area, **fields):
    """A task due at 00:00 with no grace: missed from the first second of the day."""
    return make_task(company, area, times=["00:00"], grace_minutes=0, **fields)


def daily(company, area, kind=TaskKind.DISINFECT, **fields):
    """A task done at any time of the day: due all day."""
    return make_task(company, area, kind=kind, frequency=FrequencyChoice.DAILY, times=[], **fields)


def logs(company) -> list[CleaningLog]:
    with schema_context(company.schema_name):
        return list(CleaningLog.objects.order_by("pk"))


def log_json(area, **fields) -> dict:
    return {"uuid": str(uuid.uuid4()), "area": area.pk, **fields}


def iso(moment: datetime.datetime) -> str:
    return moment.isoformat()


def test_the_round_lists_the_cleaners_slots_of_today_in_time_order_and_no_one_elses(
    cleaner, company_a, site_a, cleaner_a, make_member, other_site
):
    stairs = make_area(company_a, site_a, name="1号楼 楼道")
    lift = make_area(company_a, site_a, name="2号楼 电梯")
    rubbish = make_area(company_a, site_a, name="垃圾房")
    # Nobody is assigned: it is the work of every cleaner of the site.
    missed_at_midnight(company_a, stairs)
    daily(company_a, lift, kind=TaskKind.LIFT_FILM, users=[cleaner_a])
    done = daily(company_a, rubbish)
    make_log(company_a, rubbish, task=done, by=cleaner_a)
    # Another cleaner's task, and a task at a site this cleaner does not work at.
    colleague = make_member(company_a, Role.CLEANER, email="colleague@alpha.test")
    daily(company_a, make_area(company_a, site_a, name="地下车库"), users=[colleague])
    daily(company_a, make_area(company_a, other_site, name="紫云 楼道"))

    page = cleaner.get(ROUND)

    assert page.status_code == 200
    html = page.content.decode()
    assert SLOT.findall(html) == [
        ("missed", "1号楼 楼道"),
        ("due", "2号楼 电梯"),
        ("done", "垃圾房"),
    ]
    assert "地下车库" not in html and "紫云 楼道" not in html
    assert 'class="clean-missed-count"' in html
    # Each slot is one tap from its area's log form, which is in the page already.
    assert f'href="/m/cleaning/areas/{stairs.pk}/?task=' in html
    assert f'id="log-{stairs.pk}"' in html


def test_a_cleaner_with_nothing_planned_sees_an_empty_round_not_an_error(cleaner):
    page = cleaner.get(ROUND)
    assert page.status_code == 200
    assert SLOT.findall(page.content.decode()) == []


def test_the_round_shows_how_many_logs_wait_on_the_phone(cleaner, company_a, site_a):
    daily(company_a, make_area(company_a, site_a))
    html = cleaner.get(ROUND).content.decode()
    # The count is the queue's, on the phone: the page has its place and its words.
    assert 'id="pending"' in html
    assert 'src="/static/js/offline-queue.js"' in html
    config = json.loads(re.search(r'id="cleaning-config"[^>]*>(.*?)</script>', html, re.S)[1])
    with translation.override("zh-hans"):
        waiting = ngettext(
            "%(count)s log is waiting to be sent.", "%(count)s logs are waiting to be sent.", 2
        )
    assert config["text"]["pendingMany"] == waiting


def test_an_areas_page_chooses_the_earliest_task_due_or_missed(cleaner, company_a, site_a):
    area = make_area(company_a, site_a, name="3号楼 电梯")
    film = daily(company_a, area, kind=TaskKind.LIFT_FILM)
    disinfect = missed_at_midnight(company_a, area)
    path = f"/m/cleaning/areas/{area.pk}/"

    assert CHECKED_TASK.findall(cleaner.get(path).content.decode()) == [str(disinfect.pk)]
    # A slot of the round names its task.
    chosen = cleaner.get(f"{path}?task={film.pk}").content.decode()
    assert CHECKED_TASK.findall(chosen) == [str(film.pk)]
    # Nonsense in the address is ignored.
    for wanted in ("abc", "9" * 40, "-1"):
        page = cleaner.get(f"{path}?task={wanted}")
        assert CHECKED_TASK.findall(page.content.decode()) == [str(disinfect.pk)]


def test_an_area_with_nothing_left_to_do_chooses_its_first_task(
    cleaner, company_a, site_a, cleaner_a
):
    area = make_area(company_a, site_a, name="5号楼 楼道")
    disinfect = daily(company_a, area)
    film = daily(company_a, area, kind=TaskKind.LIFT_FILM)
    for task in (disinfect, film):
        make_log(company_a, area, task=task, by=cleaner_a)
    page = cleaner.get(f"/m/cleaning/areas/{area.pk}/").content.decode()
    assert CHECKED_TASK.findall(page) == [str(disinfect.pk)]
    # The plan shows through what the cleaner leaves empty.
    assert 'placeholder="含氯消毒液"' in page


def test_an_area_without_a_plan_asks_what_was_done(cleaner, company_a, site_a):
    area = make_area(company_a, site_a, name="新 楼道")
    page = cleaner.get(f"/m/cleaning/areas/{area.pk}/").content.decode()
    kinds = re.findall(r'<input type="radio" name="kind" value="(\w+)"', page)
    assert kinds == TaskKind.values
    assert CHECKED_TASK.findall(page) == []


def test_a_log_is_recorded_once_and_its_resend_is_answered_with_it(
    cleaner, company_a, site_a, cleaner_a
):
    area = make_area(company_a, site_a)
    task = daily(company_a, area)
    sent = log_json(area, task=task.pk, done_at=iso(timezone.now()))

    first = cleaner.post(POST, sent, content_type="application/json")
    again = cleaner.post(POST, sent, content_type="application/json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == {**again.json(), "created": True}
    assert first.json()["state"] == "done"
    assert first.json()["recorded_late"] is False
    [log] = logs(company_a)
    assert str(log.uuid) == sent["uuid"]
    assert log.done_by_id == cleaner_a.pk
    # Nothing differed from the plan: the log says what the plan says.
    assert (log.agent, log.concentration) == ("含氯消毒液", "500 mg/L")


def test_an_id_used_again_for_another_log_is_a_conflict_and_changes_nothing(
    cleaner, company_a, site_a
):
    area = make_area(company_a, site_a)
    task = daily(company_a, area)
    sent = log_json(area, task=task.pk, note="正常")
    assert cleaner.post(POST, sent, content_type="application/json").status_code == 201

    reused = cleaner.post(POST, {**sent, "note": "另一条"}, content_type="application/json")

    assert reused.status_code == 409
    assert sent["uuid"] in reused.json()["detail"]
    assert [log.note for log in logs(company_a)] == ["正常"]


def bad_logs(area, task, other_task):
    now = timezone.now()
    return {
        "future": (
            {"done_at": iso(now + datetime.timedelta(hours=1))},
            "done_at",
            "The work cannot be done in the future.",
        ),
        "too old": (
            {"done_at": iso(now - datetime.timedelta(days=8))},
            "done_at",
            "Record work of the last 7 days only.",
        ),
        "queued before the work": (
            {"done_at": iso(now), "queued_at": iso(now - datetime.timedelta(hours=1))},
            "queued_at",
            "A log cannot be queued before the work was done.",
        ),
        "not a time": ({"done_at": "yesterday"}, "done_at", "Enter a valid date/time."),
        "year one": (
            {"done_at": "0001-01-01T00:00:00+14:00"},
            "done_at",
            "Record work of the last 7 days only.",
        ),
        "year 9999": (
            {"done_at": iso(now), "queued_at": "9999-12-31T23:59:59-12:00"},
            "queued_at",
            "A log cannot be queued in the future.",
        ),
        "not an id": ({"uuid": "12"}, "uuid", "Enter a valid UUID."),
        "area as text": ({"area": "abc"}, "area", "This value has the wrong type."),
        "no area": ({"area": None}, "area", "This field is required."),
        "another area's task": ({"task": other_task.pk}, "task", "Choose a task of this area."),
        "no task, no kind": ({"task": None, "kind": ""}, "kind", "Choose what was done."),
        # Django's own words, with the limit in them.
        "a long note": ({"note": "很" * 501}, "note", None),
    }


CASES = [
    "future",
    "too old",
    "queued before the work",
    "not a time",
    "year one",
    "year 9999",
    "not an id",
    "area as text",
    "no area",
    "another area's task",
    "no task, no kind",
    "a long note",
]


@pytest.mark.parametrize("case", CASES)
def test_a_log_the_service_refuses_is_answered_400_in_chinese_and_nothing_is_saved(
    cleaner, company_a, site_a, case
):
    area = make_area(company_a, site_a)
    task = daily(company_a, area)
    other_task = daily(company_a, make_area(company_a, site_a, name="别处"))
    changes, field, message = bad_logs(area, task, other_task)[case]

    sent = {**log_json(area, task=task.pk), **changes}
    response = cleaner.post(POST, sent, "application/json")

    assert response.status_code == 400
    shown = " ".join(response.json()["errors"][field])
    assert in_language("zh-hans", message) in shown if message else "500" in shown
    assert logs(company_a) == []


def test_a_body_that_is_not_a_log_is_refused(cleaner, company_a):
    for body in ("[1, 2]", "{not json", '"text"'):
        response = cleaner.post(POST, body, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["errors"]
    assert logs(company_a) == []


def test_a_log_received_three_hours_after_the_work_is_marked_late_unless_it_was_queued_then(
    cleaner, company_a, site_a
):
    area = make_area(company_a, site_a)
    task = daily(company_a, area)
    work = timezone.now() - datetime.timedelta(hours=3)

    late = cleaner.post(POST, log_json(area, task=task.pk, done_at=iso(work)), "application/json")
    # The phone had no signal: it queued the log a minute after the work and sends it now.
    queued = cleaner.post(
        POST,
        log_json(
            area,
            task=task.pk,
            done_at=iso(work),
            queued_at=iso(work + datetime.timedelta(minutes=1)),
        ),
        "application/json",
    )

    assert (late.status_code, queued.status_code) == (201, 201)
    assert (late.json()["recorded_late"], queued.json()["recorded_late"]) == (True, False)
    assert [log.recorded_late for log in logs(company_a)] == [True, False]


def test_a_cleaner_cannot_log_at_or_open_an_area_of_another_site_or_company(
    cleaner, company_a, company_b, other_site, site_b
):
    elsewhere = make_area(company_a, other_site, name="紫云 楼道")
    daily(company_a, elsewhere)
    other_company = make_area(company_b, site_b, name="乙公司 楼道")

    assert cleaner.get(f"/m/cleaning/areas/{elsewhere.pk}/").status_code == 404
    assert cleaner.get(f"/m/cleaning/areas/{other_company.pk}/").status_code == 404
    refused = cleaner.post(POST, log_json(elsewhere, kind="disinfect"), "application/json")
    assert refused.status_code == 403
    assert refused.json()["errors"]["area"]
    assert logs(company_a) == logs(company_b) == []


def test_another_companys_manager_sees_and_records_nothing(
    client_for, company_a, site_a, outsider, cleaner_a
):
    area = make_area(company_a, site_a)
    task = daily(company_a, area)
    log = make_log(company_a, area, task=task, by=cleaner_a)
    client = client_for(company_a, outsider)

    for path in (ROUND, f"/m/cleaning/areas/{area.pk}/", f"/cleaning/photos/{log.pk}/"):
        assert client.get(path).status_code == 403
    sent = client.post(POST, log_json(area, task=task.pk), "application/json")
    assert sent.status_code == 403
    assert len(logs(company_a)) == 1


def test_a_retired_areas_label_says_so(cleaner, company_a, site_a, manager_a):
    area = make_area(company_a, site_a, name="旧 楼道")
    with schema_context(company_a.schema_name):
        change_area(area, by=manager_a, active=False)
    page = cleaner.get(f"/m/cleaning/areas/{area.pk}/")
    assert page.status_code == 410
    assert "旧 楼道" in page.content.decode()


# ---- photos ----


@pytest.fixture
def photo_log(cleaner, company_a, site_a):
    """A log sent by the cleaner of site_a with a JPEG that has GPS in its EXIF."""
    area = make_area(company_a, site_a)
    task = daily(company_a, area)
    photo = io.BytesIO(jpeg_with_gps())
    photo.name = "IMG_0001.jpg"
    sent = {"uuid": str(uuid.uuid4()), "area": area.pk, "task": task.pk, "photo": photo}
    response = cleaner.post(POST, sent)  # multipart, as the queue sends a photo
    assert response.status_code == 201, response.content
    [log] = logs(company_a)
    return log


def test_a_photo_is_stored_scaled_and_without_exif(photo_log):
    with default_storage.open(photo_log.photo.name, "rb") as stored:
        image = Image.open(stored)
        image.load()
    assert max(image.size) == 1600
    assert len(image.getexif()) == 0
    assert "exif" not in image.info


def test_a_photo_resent_with_its_log_is_not_stored_twice(cleaner, company_a, photo_log):
    photo = io.BytesIO(jpeg_with_gps())
    photo.name = "IMG_0001.jpg"
    sent = {"uuid": str(photo_log.uuid), "area": photo_log.area_id, "task": photo_log.task_id}
    again = cleaner.post(POST, {**sent, "photo": photo})
    assert again.status_code == 200
    assert [log.photo.name for log in logs(company_a)] == [photo_log.photo.name]


def test_a_file_that_is_not_a_photo_is_refused(cleaner, company_a, site_a):
    area = make_area(company_a, site_a)
    task = daily(company_a, area)
    fake = io.BytesIO(b"%PDF-1.4 not a photo")
    fake.name = "photo.jpg"
    response = cleaner.post(POST, {**log_json(area, task=task.pk), "photo": fake})
    assert response.status_code == 400
    assert in_language("zh-hans", "Send a photo: JPEG, PNG or HEIC.") in str(
        response.json()["errors"]["photo"]
    )
    assert logs(company_a) == []


def test_the_photo_is_shown_to_the_companys_staff_and_its_taker(
    photo_log, cleaner, manager, viewer, site_manager
):
    path = f"/cleaning/photos/{photo_log.pk}/"
    for client in (cleaner, manager, viewer, site_manager):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"].startswith("private")
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_the_photo_is_not_found_by_anyone_else_and_asks_strangers_to_sign_in(
    photo_log, client_for, company_a, make_member, other_site, guard_a
):
    path = f"/cleaning/photos/{photo_log.pk}/"
    colleague = make_member(company_a, Role.CLEANER, email="colleague@alpha.test")
    elsewhere = make_member(company_a, Role.SITE_MANAGER, email="ziyun@alpha.test")
    assign(company_a, other_site, elsewhere)
    for user in (colleague, elsewhere, guard_a):
        assert client_for(company_a, user).get(path).status_code == 404
    anonymous = client_for(company_a).get(path)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_a_log_without_a_photo_has_no_photo_to_show(manager, company_a, cleaninglog_a):
    assert manager.get(f"/cleaning/photos/{cleaninglog_a.pk}/").status_code == 404


def test_a_manager_may_log_at_any_site_of_the_company(manager, company_a):
    area = make_area(company_a, make_site(company_a, name="远处小区"))
    response = manager.post(POST, log_json(area, kind="ventilate"), "application/json")
    assert response.status_code == 201
    assert response.json()["state"] is None  # no plan: extra work, no slot filled
