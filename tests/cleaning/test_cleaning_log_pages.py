"""A log's page as a manager reads and corrects it, and the company's cleaning setting.

A log keeps its times and its late mark; a correction is a new log with a reason that counts
in its place; "the work was not done" withdraws it, and its slot reads as missed again.
"""

import datetime
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.cleaning.models import CleaningLog
from tests.cleaning.cleaning_fixtures import make_area, make_log, make_task
from tests.cleaning.cleaning_page_helpers import (
    PAST_DAY,
    PLANNED_FROM,
    at,
    day_url,
    page_after,
    state,
    states_on,
    zh,
)
from tests.sites.site_helpers import error_is_shown_on

pytestmark = pytest.mark.django_db


def correction(**fields) -> dict:
    return {"uuid": str(uuid.uuid4()), "reason": "记错了时间", **fields}


def logs_of(company) -> list[CleaningLog]:
    with schema_context(company.schema_name):
        return list(CleaningLog.objects.order_by("pk"))


@pytest.fixture
def late_log(company_a, site_a, cleaner_a):
    """A log of PAST_DAY's 08:00 slot, sent three hours after the work."""
    area = make_area(company_a, site_a)
    task = make_task(company_a, area, valid_from=PLANNED_FROM)
    return make_log(
        company_a, area, task=task, by=cleaner_a, done_at=at(8, 5), now=at(11, 5),
        agent="过氧乙酸", concentration="0.2%", note="楼道已通风",
    )  # fmt: skip


def test_the_log_page_shows_its_times_its_late_mark_who_and_with_what(manager, late_log, cleaner_a):
    page = manager.get(f"/cleaning/logs/{late_log.pk}/").content.decode()
    assert "2026-11-16 08:05" in page
    assert timezone.localtime(late_log.received_at).strftime("%Y-%m-%d %H:%M") in page
    assert 'id="recorded-late"' in page and zh("Recorded late") in page
    assert cleaner_a.full_name in page
    assert "过氧乙酸 · 0.2%" in page and "楼道已通风" in page
    assert 'id="correct"' in page


def test_a_correction_needs_a_reason_and_changes_nothing_without_one(
    manager, company_a, cleaninglog_a
):
    before = state(company_a)
    response = manager.post(f"/cleaning/logs/{cleaninglog_a.pk}/", correction(reason=" "))
    assert response.status_code == 400
    assert error_is_shown_on("correction_reason", response.content.decode())
    assert state(company_a) == before


def test_a_correction_counts_in_the_logs_place_and_both_pages_say_so(
    manager, company_a, cleaninglog_a
):
    done_at = timezone.localtime(cleaninglog_a.done_at) - datetime.timedelta(minutes=20)
    data = correction(done_at=done_at.strftime("%Y-%m-%dT%H:%M"), agent="含氯消毒液",
                      concentration="1000 mg/L")  # fmt: skip
    response = manager.post(f"/cleaning/logs/{cleaninglog_a.pk}/", data)
    original, new = logs_of(company_a)
    assert response["Location"] == f"/cleaning/logs/{new.pk}/"
    assert (new.corrects_id, new.correction_reason, new.withdrawn) == (
        original.pk,
        "记错了时间",
        False,
    )
    assert (new.concentration, new.done_at) == (
        "1000 mg/L",
        done_at.replace(second=0, microsecond=0),
    )
    page = page_after(manager, response)
    assert "记错了时间" in page and f"/cleaning/logs/{original.pk}/" in page
    old_page = manager.get(f"/cleaning/logs/{original.pk}/").content.decode()
    assert 'id="corrected"' in old_page and f"/cleaning/logs/{new.pk}/" in old_page
    # Only the latest version is corrected: the old one has no form any more.
    assert 'id="correct"' not in old_page


@pytest.mark.parametrize("withdraw", ["", "on"])
def test_the_same_correction_sent_twice_is_made_once(manager, company_a, cleaninglog_a, withdraw):
    data = correction(withdraw=withdraw)
    first = manager.post(f"/cleaning/logs/{cleaninglog_a.pk}/", data)
    again = manager.post(f"/cleaning/logs/{cleaninglog_a.pk}/", data)
    assert first["Location"] == again["Location"]
    assert len(logs_of(company_a)) == 2


def test_withdrawing_a_log_leaves_its_slot_missed_on_the_day_view(
    manager, company_a, site_a, late_log
):
    assert states_on(manager.get(day_url(site_a, PAST_DAY)).content.decode())[0] == (
        "08:00",
        "done",
    )
    response = manager.post(f"/cleaning/logs/{late_log.pk}/", correction(withdraw="on"))
    assert zh("The log is withdrawn: it no longer counts.") in page_after(manager, response)
    assert logs_of(company_a)[-1].withdrawn
    page = manager.get(day_url(site_a, PAST_DAY)).content.decode()
    assert states_on(page)[0] == ("08:00", "missed")


def test_old_work_is_corrected_at_its_own_time_but_not_moved_days_earlier(
    manager, company_a, late_log
):
    # PAST_DAY is more than a week ago: a correction keeps to the day of the log it corrects.
    before = state(company_a)
    earlier = timezone.localtime(late_log.done_at) - datetime.timedelta(days=2)
    response = manager.post(
        f"/cleaning/logs/{late_log.pk}/",
        correction(done_at=earlier.strftime("%Y-%m-%d %H:%M")),
    )
    assert response.status_code == 400
    assert error_is_shown_on("correction_done_at", response.content.decode())
    assert state(company_a) == before
    response = manager.post(f"/cleaning/logs/{late_log.pk}/", correction(note="补充说明"))
    assert response.status_code == 302
    corrected = logs_of(company_a)[-1]
    assert (corrected.corrects_id, corrected.done_at) == (late_log.pk, late_log.done_at)


def test_a_viewer_reads_a_log_but_cannot_correct_it(viewer, company_a, cleaninglog_a):
    page = viewer.get(f"/cleaning/logs/{cleaninglog_a.pk}/").content.decode()
    assert 'id="log-facts"' in page and 'id="correct"' not in page
    before = state(company_a)
    response = viewer.post(f"/cleaning/logs/{cleaninglog_a.pk}/", correction(withdraw="on"))
    assert response.status_code == 403
    assert state(company_a) == before


def test_an_outsider_finds_no_log_of_alpha(
    client_for, company_a, company_b, outsider, cleaninglog_a
):
    before = state(company_a)
    here = client_for(company_a, outsider)
    assert here.get(f"/cleaning/logs/{cleaninglog_a.pk}/").status_code == 403
    assert here.post(f"/cleaning/logs/{cleaninglog_a.pk}/", correction()).status_code == 403
    home = client_for(company_b, outsider)
    assert home.get(f"/cleaning/logs/{cleaninglog_a.pk}/").status_code == 404
    assert home.post(f"/cleaning/logs/{cleaninglog_a.pk}/", correction()).status_code == 404
    assert state(company_a) == before


# The setting.


def test_a_manager_sets_the_hours_after_which_a_log_is_recorded_late(manager, company_a):
    form = manager.get("/cleaning/settings/").content.decode()
    assert 'name="late_record_hours"' in form and 'value="2"' in form
    response = manager.post("/cleaning/settings/", {"late_record_hours": "4"})
    assert response["Location"] == "/cleaning/settings/"
    assert state(company_a)["late_hours"] == 4


def test_the_setting_refuses_hours_out_of_range_and_site_managers(manager, site_manager, company_a):
    before = state(company_a)
    for hours in ("0", "73", "two"):
        response = manager.post("/cleaning/settings/", {"late_record_hours": hours})
        assert response.status_code == 400
        assert error_is_shown_on("late_record_hours", response.content.decode())
    assert site_manager.get("/cleaning/settings/").status_code == 403
    assert site_manager.post("/cleaning/settings/", {"late_record_hours": "8"}).status_code == 403
    assert state(company_a) == before
