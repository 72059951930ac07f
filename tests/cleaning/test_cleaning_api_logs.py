"""Cleaning logs through the API, as a partner developer meets them.

A log is made with the app's own id: sent again it is the first log (200), the same id with
another log is a conflict (409). A photo travels as multipart and is kept scaled, without EXIF.
A log is never changed: a correction is a new log that points to it. Outsiders see nothing;
read-only keys write nothing.
"""

import datetime
import io
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from PIL import ExifTags, Image

from tenants.cleaning.models import CleaningLog
from tenants.cleaning.reading import slots_of_areas
from tests.api_helpers import field_errors, listed, refused
from tests.cleaning.cleaning_fixtures import make_area, make_log
from tests.conftest import shanghai

LOGS = "/api/v1/cleaning-logs/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DAY = datetime.timedelta(days=1)


def logs_of(company) -> list[dict]:
    with schema_context(company.schema_name):
        return list(CleaningLog.objects.order_by("pk").values())


def stored(company, pk) -> CleaningLog:
    with schema_context(company.schema_name):
        return CleaningLog.objects.get(pk=pk)


def gps_jpeg(width=3000, height=2000) -> io.BytesIO:
    """A phone's photo: a JPEG larger than 1600 px, with the place it was taken in its EXIF."""
    image = Image.new("RGB", (width, height), (200, 220, 240))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "GuanjiaPhone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 13.0, 22.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (121.0, 24.0, 51.0)
    data = io.BytesIO()
    image.save(data, "JPEG", exif=exif)
    data.seek(0)
    with Image.open(data) as sent:
        assert sent.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test photo carries GPS"
    data.seek(0)
    data.name = "IMG_0001.jpg"
    return data


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def a_log(area, **fields) -> dict:
    return {"uuid": str(uuid.uuid4()), "area": area.pk, "kind": "disinfect", **fields}


# Creating logs


def test_a_log_is_recorded_once_however_often_the_app_resends_it(writer, company_a, area_a):
    sent = a_log(area_a, agent="含氯消毒液", concentration="500 mg/L", note="3楼有积水")
    first = writer.post(LOGS, sent, format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["uuid"], body["site"], body["area"], body["kind"]) == (
        sent["uuid"], area_a.site_id, area_a.pk, "disinfect"
    )  # fmt: skip
    assert (body["recorded_late"], body["photo"], body["corrected_by"]) == (False, None, None)
    again = writer.post(LOGS, sent, format="json")
    assert (again.status_code, again.json()) == (200, body)
    assert [log["uuid"] for log in logs_of(company_a)] == [uuid.UUID(sent["uuid"])]


def test_the_same_id_with_another_log_is_a_conflict_and_records_nothing(writer, company_a, area_a):
    sent = a_log(area_a)
    assert writer.post(LOGS, sent, format="json").status_code == 201
    other = writer.post(LOGS, {**sent, "note": "另一条"}, format="json", **EN)
    assert other.status_code == 409
    assert list(other.json()["errors"]) == ["uuid"]
    assert "already used with different data" in other.json()["detail"]
    assert len(logs_of(company_a)) == 1


def test_a_log_for_a_task_takes_the_plans_agent_and_one_sent_late_is_marked(
    writer, company_a, area_a, plantask_a
):
    three_hours_ago = timezone.now() - datetime.timedelta(hours=3)
    sent = {"uuid": str(uuid.uuid4()), "area": area_a.pk, "task": plantask_a.pk,
            "done_at": three_hours_ago.isoformat()}  # fmt: skip
    body = writer.post(LOGS, sent, format="json").json()
    assert (body["kind"], body["agent"], body["concentration"]) == (
        "disinfect", "含氯消毒液", "500 mg/L"
    )  # fmt: skip
    assert body["recorded_late"] is True
    queued = {**sent, "uuid": str(uuid.uuid4()), "queued_at": three_hours_ago.isoformat()}
    assert writer.post(LOGS, queued, format="json").json()["recorded_late"] is False


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"done_at": "{tomorrow}"}, "done_at", id="done tomorrow"),
        pytest.param({"done_at": "{last_month}"}, "done_at", id="a month ago"),
        pytest.param({"kind": "polish"}, "kind", id="unknown kind"),
        pytest.param({"kind": None}, "kind", id="no kind and no task"),
        pytest.param({"uuid": "log-1"}, "uuid", id="not a uuid"),
        pytest.param({"note": 12}, "note", id="a number for a note"),
        pytest.param({"note": "x" * 501}, "note", id="a note too long"),
        pytest.param({"concentraton": "500 mg/L"}, "concentraton", id="misspelt field"),
        pytest.param({"received_at": "{tomorrow}"}, "received_at", id="set by the server"),
        pytest.param({"area": 999999}, "area", id="no such area"),
    ],
)
def test_a_bad_log_names_the_field_and_records_nothing(writer, company_a, area_a, change, field):
    moments = {"tomorrow": (timezone.now() + DAY).isoformat(),
               "last_month": (timezone.now() - 30 * DAY).isoformat()}  # fmt: skip
    change = {key: value.format(**moments) if isinstance(value, str) else value
              for key, value in change.items()}  # fmt: skip
    sent = {key: value for key, value in {**a_log(area_a), **change}.items() if value is not None}
    assert list(field_errors(writer.post(LOGS, sent, format="json"))) == [field]
    assert logs_of(company_a) == []


def test_a_task_of_another_area_or_kind_is_refused(writer, company_a, site_a, area_a, plantask_a):
    lift = make_area(company_a, site_a, kind="lift", name="2号楼 电梯")
    elsewhere = {**a_log(lift), "task": plantask_a.pk}
    del elsewhere["kind"]
    assert list(field_errors(writer.post(LOGS, elsewhere, format="json"))) == ["task"]
    other_kind = {**a_log(area_a), "task": plantask_a.pk, "kind": "wash_bins"}
    assert list(field_errors(writer.post(LOGS, other_kind, format="json"))) == ["kind"]
    assert logs_of(company_a) == []


# Photos


def test_a_photo_sent_as_multipart_is_kept_small_and_without_exif(
    writer, reader, company_a, area_a, media
):
    sent = {**a_log(area_a), "photo": gps_jpeg()}
    response = writer.post(LOGS, sent, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["photo"].endswith(f"{LOGS}{body['id']}/photo/")

    log = stored(company_a, body["id"])
    with log.photo.open("rb") as kept, Image.open(kept) as image:
        assert image.format == "JPEG"
        assert max(image.size) <= 1600 and image.size == (1600, 1067)
        assert not image.getexif() and "exif" not in image.info
    with log.photo.open("rb") as kept:
        content = kept.read()
    assert b"GuanjiaPhone" not in content

    fetched = reader.get(f"{LOGS}{body['id']}/photo/", HTTP_ACCEPT="image/jpeg")
    assert fetched.status_code == 200
    assert fetched["Content-Type"] == "image/jpeg"
    assert b"".join(fetched.streaming_content) == content


def test_a_resent_photo_log_is_the_first_and_another_photo_is_a_conflict(
    writer, company_a, area_a, media
):
    sent = a_log(area_a)
    first = writer.post(LOGS, {**sent, "photo": gps_jpeg()}, format="multipart")
    again = writer.post(LOGS, {**sent, "photo": gps_jpeg()}, format="multipart")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    other = writer.post(LOGS, {**sent, "photo": gps_jpeg(800, 600)}, format="multipart")
    assert other.status_code == 409
    assert len(logs_of(company_a)) == 1
    assert len(list((media / "cleaning").rglob("*.jpg"))) == 1


def test_a_file_that_is_no_photo_is_refused_and_nothing_is_kept(writer, company_a, area_a, media):
    text = io.BytesIO(b"%PDF-1.4 not a photo")
    text.name = "report.pdf"
    response = writer.post(LOGS, {**a_log(area_a), "photo": text}, format="multipart", **EN)
    assert field_errors(response) == {"photo": ["Send a photo: JPEG, PNG or HEIC."]}
    assert logs_of(company_a) == []
    assert not (media / "cleaning").exists()


def test_a_photo_larger_than_the_limit_is_refused_before_it_is_read(
    writer, settings, company_a, area_a, media
):
    settings.CLEANING_PHOTO_MAX_BYTES = 1_000_000
    big = io.BytesIO(b"\xff" * 2_100_000)
    big.name = "big.jpg"
    response = writer.post(LOGS, {**a_log(area_a), "photo": big}, format="multipart", **EN)
    refused(response, 413)
    assert response.json()["detail"] == "The photo is too large: at most 1 MB."
    assert logs_of(company_a) == []


def test_a_form_reads_its_yes_and_no_and_refuses_a_field_it_does_not_take(
    writer, company_a, cleaninglog_a, media
):
    form = {"uuid": str(uuid.uuid4()), "reason": "拍照补充", "withdraw": "false",
            "photo": gps_jpeg(400, 300)}  # fmt: skip
    response = writer.post(f"{LOGS}{cleaninglog_a.pk}/corrections/", form, format="multipart")
    assert response.status_code == 201, response.content
    assert (response.json()["withdrawn"], response.json()["photo"] is not None) == (False, True)
    typo = {"uuid": str(uuid.uuid4()), "area": cleaninglog_a.area_id, "kind": "disinfect",
            "foto": gps_jpeg(400, 300)}  # fmt: skip
    assert list(field_errors(writer.post(LOGS, typo, format="multipart"))) == ["foto"]
    yes = {**typo, "withdraw": "yes"}
    del yes["foto"]
    assert list(field_errors(writer.post(LOGS, yes, format="multipart"))) == ["withdraw"]


def test_a_log_without_a_photo_has_none_to_fetch(reader, cleaninglog_a):
    refused(reader.get(f"{LOGS}{cleaninglog_a.pk}/photo/"), 404)


# Reading and filtering


def test_logs_are_filtered_by_site_area_day_period_and_late_mark(
    manager_api, company_a, site_a, other_site, area_a
):
    now = timezone.now()
    # Two days ago just before midnight, sent from the phone's queue at the time: not late.
    before = timezone.localdate() - 2 * DAY
    night = shanghai(before.year, before.month, before.day, 23, 50)
    in_time = make_log(company_a, area_a)
    late = make_log(company_a, area_a, done_at=now - datetime.timedelta(hours=3))
    at_night = make_log(company_a, area_a, done_at=night, queued_at=night)
    elsewhere = make_log(company_a, make_area(company_a, other_site, name="紫云 楼道"))

    def ids(**query):
        return sorted(listed(manager_api.get(LOGS, query)))

    assert ids(site=site_a.pk) == sorted([in_time.pk, late.pk, at_night.pk])
    assert ids(site=other_site.pk) == [elsewhere.pk]
    assert ids(area=area_a.pk) == sorted([in_time.pk, late.pk, at_night.pk])
    assert ids(day=before) == [at_night.pk]
    assert ids(**{"from": before, "to": before}) == [at_night.pk]
    assert at_night.pk not in ids(**{"from": before + DAY})
    assert ids(recorded_late="true") == [late.pk]
    assert late.pk not in ids(recorded_late="false")
    newest = max([in_time, late, elsewhere], key=lambda log: log.done_at)
    assert listed(manager_api.get(LOGS))[0] == newest.pk
    yesterday = timezone.localdate() - DAY
    backwards = manager_api.get(LOGS, {"from": timezone.localdate(), "to": yesterday})
    assert list(field_errors(backwards)) == ["to"]
    assert list(field_errors(manager_api.get(LOGS, {"day": "1999-01-01"}))) == ["day"]
    assert list(field_errors(manager_api.get(LOGS, {"corrected": "maybe"}))) == ["corrected"]


def test_asking_logs_for_a_slot_state_says_where_states_are(manager_api, cleaninglog_a):
    errors = field_errors(manager_api.get(LOGS, {"state": "missed"}, **EN))
    assert "/api/v1/cleaning-slots/" in errors["state"][0]


def test_a_site_manager_reads_only_their_sites_logs(
    api_for, company_a, site_manager, other_site, cleaninglog_a
):
    theirs = make_log(company_a, make_area(company_a, other_site, name="紫云 楼道"))
    assert listed(site_manager.get(LOGS)) == [cleaninglog_a.pk]
    refused(site_manager.get(f"{LOGS}{theirs.pk}/"), 404)
    refused(site_manager.post(f"{LOGS}{theirs.pk}/corrections/", {}, format="json"), 404)


# Corrections


def test_a_correction_is_a_new_log_and_the_corrected_one_no_longer_counts(
    writer, company_a, area_a, plantask_a, cleaninglog_a
):
    sent = {"uuid": str(uuid.uuid4()), "reason": "浓度写错", "concentration": "1000 mg/L"}
    url = f"{LOGS}{cleaninglog_a.pk}/corrections/"
    response = writer.post(url, sent, format="json")
    assert response.status_code == 201, response.content
    correction = response.json()
    assert (correction["corrects"], correction["correction_reason"]) == (
        cleaninglog_a.pk,
        "浓度写错",
    )
    assert (correction["task"], correction["kind"], correction["agent"]) == (
        plantask_a.pk, "disinfect", "含氯消毒液"
    )  # fmt: skip
    assert correction["concentration"] == "1000 mg/L"
    assert correction["done_at"] == writer.get(f"{LOGS}{cleaninglog_a.pk}/").json()["done_at"]
    assert writer.post(url, sent, format="json").json() == correction  # resent: the same
    original = writer.get(f"{LOGS}{cleaninglog_a.pk}/").json()
    assert (original["corrected_by"], original["concentration"]) == (correction["id"], "500 mg/L")
    assert listed(writer.get(LOGS, {"corrected": "true"})) == [cleaninglog_a.pk]
    assert listed(writer.get(LOGS, {"corrected": "false"})) == [correction["id"]]

    twice = writer.post(url, {**sent, "uuid": str(uuid.uuid4())}, format="json", **EN)
    assert twice.status_code == 400
    assert "already corrected" in twice.json()["errors"]["non_field_errors"][0]
    assert len(logs_of(company_a)) == 2


def test_a_withdrawal_leaves_the_slot_empty_again(writer, company_a, area_a, cleaninglog_a):
    sent = {"uuid": str(uuid.uuid4()), "reason": "未实际消毒", "withdraw": True}
    response = writer.post(f"{LOGS}{cleaninglog_a.pk}/corrections/", sent, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["withdrawn"] is True
    today = timezone.localdate()
    with schema_context(company_a.schema_name):
        assert all(slot.log_id is None for slot in slots_of_areas([area_a], today, today))


def test_a_correction_needs_a_reason_and_keeps_to_the_logs_area(writer, company_a, cleaninglog_a):
    url = f"{LOGS}{cleaninglog_a.pk}/corrections/"
    no_reason = writer.post(url, {"uuid": str(uuid.uuid4()), "reason": " "}, format="json")
    assert list(field_errors(no_reason)) == ["reason"]
    moved = {"uuid": str(uuid.uuid4()), "reason": "地点写错", "area": cleaninglog_a.area_id}
    assert list(field_errors(writer.post(url, moved, format="json"))) == ["area"]
    assert len(logs_of(company_a)) == 1


def test_a_log_is_never_changed_or_deleted(writer, manager_api, company_a, cleaninglog_a):
    before = logs_of(company_a)
    url = f"{LOGS}{cleaninglog_a.pk}/"
    for api in (writer, manager_api):
        refused(api.put(url, {"note": "补写"}, format="json"), 405)
        refused(api.patch(url, {"note": "补写"}, format="json"), 405)
        refused(api.delete(url), 405)
    assert logs_of(company_a) == before


# Cleaners, read-only keys and outsiders


def test_a_cleaner_records_and_corrects_their_own_logs_only(
    cleaner_a, api_for, company_a, area_a, cleaninglog_a
):
    api = api_for(company_a, cleaner_a)
    mine = api.post(LOGS, a_log(area_a), format="json")
    assert mine.status_code == 201, mine.content
    assert mine.json()["done_by"] == cleaner_a.pk
    correction = {"uuid": str(uuid.uuid4()), "reason": "写错区域的备注", "note": "已更正"}
    fixed = api.post(f"{LOGS}{mine.json()['id']}/corrections/", correction, format="json")
    assert fixed.status_code == 201, fixed.content
    others = {**correction, "uuid": str(uuid.uuid4())}
    refused(api.post(f"{LOGS}{cleaninglog_a.pk}/corrections/", others, format="json"), 404)
    refused(api.get(LOGS), 403)
    refused(api.get(f"{LOGS}{mine.json()['id']}/"), 403)
    assert len(logs_of(company_a)) == 3


def test_a_cleaner_records_only_at_the_sites_they_work_at(
    cleaner_a, api_for, company_a, other_site
):
    elsewhere = make_area(company_a, other_site, name="紫云 楼道")
    response = api_for(company_a, cleaner_a).post(LOGS, a_log(elsewhere), format="json")
    assert list(field_errors(response)) == ["area"]
    assert logs_of(company_a) == []


def test_a_read_key_reads_logs_but_records_and_corrects_nothing(
    reader, company_a, area_a, cleaninglog_a
):
    assert listed(reader.get(LOGS)) == [cleaninglog_a.pk]
    refused(reader.post(LOGS, a_log(area_a), format="json"), 403)
    correction = {"uuid": str(uuid.uuid4()), "reason": "浓度写错"}
    refused(reader.post(f"{LOGS}{cleaninglog_a.pk}/corrections/", correction, format="json"), 403)
    refused(reader.patch(f"{LOGS}{cleaninglog_a.pk}/", {"note": "x"}, format="json"), 405)
    assert [log["id"] for log in logs_of(company_a)] == [cleaninglog_a.pk]


def test_another_company_sees_and_records_nothing_here_or_from_home(
    api_for, company_a, company_b, outsider, area_a
):
    log = make_log(company_a, area_a)
    before = logs_of(company_a)
    here = api_for(company_a, outsider)
    for url in (LOGS, f"{LOGS}{log.pk}/", f"{LOGS}{log.pk}/photo/"):
        refused(here.get(url), 403)
    refused(here.post(LOGS, a_log(area_a), format="json"), 403)
    home = api_for(company_b, outsider)
    assert listed(home.get(LOGS)) == []
    refused(home.get(f"{LOGS}{log.pk}/"), 404)
    refused(home.get(f"{LOGS}{log.pk}/photo/"), 404)
    correction = {"uuid": str(uuid.uuid4()), "reason": "浓度写错"}
    refused(home.post(f"{LOGS}{log.pk}/corrections/", correction, format="json"), 404)
    # Alpha's area id names nothing at beta.
    assert list(field_errors(home.post(LOGS, a_log(area_a), format="json"))) == ["area"]
    assert logs_of(company_a) == before


def test_an_id_used_at_another_site_is_a_conflict_that_reveals_nothing(
    company_a, site_manager, other_site, area_a
):
    theirs = make_log(company_a, make_area(company_a, other_site, name="紫云 楼道"), note="紫云")
    response = site_manager.post(LOGS, {**a_log(area_a), "uuid": str(theirs.uuid)}, format="json")
    assert response.status_code == 409
    assert "紫云" not in response.content.decode()
    assert len(logs_of(company_a)) == 1
