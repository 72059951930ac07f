"""The managers' cleaning pages as a manager reads them: the day grid of a site, the week's
totals, the overdue alerts the home page counts, and who sees which site.

Past days are fixed (PAST_DAY) and every log gives its own `now`, so nothing is frozen; the
slots due now or later are checked on today and tomorrow with plans made to fit the clock.
"""

import datetime
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context
from PIL import Image

from accounts.access import Access
from accounts.roles import Role
from guanjia.actors import System
from tenants.cleaning import home
from tenants.cleaning.models import OverdueAlert, TaskKind
from tenants.cleaning.services.alerts import record_overdue_alerts
from tenants.cleaning.services.logs import LogIn, record_log
from tenants.sites.models import Site
from tests.cleaning.cleaning_fixtures import make_area, make_log, make_task
from tests.cleaning.cleaning_page_helpers import (
    PAST_DAY,
    PLANNED_FROM,
    at,
    day_url,
    slots_on,
    states_on,
    week_counts,
    zh,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stairwell(company_a, site_a):
    """A stairwell disinfected at 08:00, 14:00 and 20:00 since two weeks before PAST_DAY."""
    area = make_area(company_a, site_a)
    return area, make_task(company_a, area, valid_from=PLANNED_FROM)


@pytest.fixture
def lift(company_a, site_a):
    area = make_area(company_a, site_a, kind="lift", name="2号楼 电梯")
    return area, make_task(company_a, area, valid_from=PLANNED_FROM, times=["09:00"])


# The day.


def test_the_day_view_marks_each_slot_done_late_or_missed(
    manager, company_a, site_a, stairwell, cleaner_a
):
    area, task = stairwell
    make_log(company_a, area, task=task, by=cleaner_a, done_at=at(8, 10), now=at(8, 15))
    make_log(company_a, area, task=task, by=cleaner_a, done_at=at(15, 30), now=at(15, 35))
    page = manager.get(day_url(site_a, PAST_DAY)).content.decode()
    assert states_on(page, area) == [("08:00", "done"), ("14:00", "late"), ("20:00", "missed")]
    done, late, missed = slots_on(page, area)
    # The state reads in words too, with the cleaner's name and the log's time.
    assert zh("Done") in done["text"] and "08:10" in done["text"]
    assert cleaner_a.full_name in done["text"]
    assert zh("Done late") in late["text"] and "15:30" in late["text"]
    assert zh("Missed") in missed["text"]
    assert zh("Recorded late") not in page
    # Each filled slot links to its log.
    assert any(link.startswith("/cleaning/logs/") for link in done["links"])


def test_a_log_written_three_hours_after_its_work_is_marked_late_on_the_day_view(
    manager, company_a, site_a, stairwell
):
    area, task = stairwell
    log = make_log(company_a, area, task=task, done_at=at(8, 5), now=at(11, 5))
    assert log.recorded_late
    page = manager.get(day_url(site_a, PAST_DAY)).content.decode()
    morning = slots_on(page, area)[0]
    # Done in time, as the phone said, but written down three hours later (补录), and when.
    assert morning["state"] == "done"
    assert zh("Recorded late") in morning["text"]
    assert timezone.localtime(log.received_at).strftime("%m-%d %H:%M") in morning["text"]


def test_today_shows_the_slot_due_now_and_tomorrow_shows_slots_not_yet_due(
    manager, company_a, site_a
):
    now = timezone.localtime()
    area = make_area(company_a, site_a, name="车库")
    # Due this very minute, with the longest grace: due now whatever the time of day.
    make_task(
        company_a,
        area,
        valid_from=now - datetime.timedelta(days=1),
        times=[now.strftime("%H:%M")],
        grace_minutes=720,
    )
    today = manager.get(day_url(site_a, now.date())).content.decode()
    assert states_on(today, area) == [(now.strftime("%H:%M"), "due")]
    assert zh("Due now") in slots_on(today, area)[0]["text"]
    tomorrow = now.date() + datetime.timedelta(days=1)
    later = manager.get(day_url(site_a, tomorrow)).content.decode()
    assert states_on(later, area) == [(now.strftime("%H:%M"), "upcoming")]
    assert zh("Not yet due") in slots_on(later, area)[0]["text"]


def test_the_day_view_puts_areas_down_the_side_and_due_times_across_in_time_order(
    manager, site_a, stairwell, lift
):
    page = manager.get(day_url(site_a, PAST_DAY)).content.decode()
    heads = page.split('id="day-grid"')[1].split("</thead>")[0]
    assert [time for time in ("08:00", "09:00", "14:00", "20:00") if time in heads] == [
        "08:00",
        "09:00",
        "14:00",
        "20:00",
    ]
    assert heads.index("08:00") < heads.index("09:00") < heads.index("14:00")
    assert states_on(page, lift[0]) == [("09:00", "missed")]
    # A row per area (lifts before stairwells, as areas are ordered by kind), in time order.
    assert [(slot["area"], slot["due"]) for slot in slots_on(page)] == [
        (str(lift[0].pk), "09:00"),
        *[(str(stairwell[0].pk), time) for time in ("08:00", "14:00", "20:00")],
    ]


def test_a_daily_task_sits_in_the_end_of_day_column(manager, company_a, site_a, stairwell):
    area, _task = stairwell
    make_task(company_a, area, valid_from=PLANNED_FROM, kind=TaskKind.WASH_BINS,
              frequency="daily", times=[])  # fmt: skip
    make_log(company_a, area, kind=TaskKind.WASH_BINS, done_at=at(17, 0), now=at(17, 1))
    page = manager.get(day_url(site_a, PAST_DAY)).content.decode()
    assert zh("By the end of the day") in page
    assert ("00:00", "done") in states_on(page, area)


def test_the_day_view_links_to_the_days_around_the_week_and_the_downloads(manager, site_a):
    page = manager.get(day_url(site_a, PAST_DAY)).content.decode()
    assert f"/cleaning/?site={site_a.pk}&amp;day=2026-11-15" in page
    assert f"/cleaning/?site={site_a.pk}&amp;day=2026-11-17" in page
    assert f"/cleaning/week/?site={site_a.pk}&amp;day=2026-11-16" in page
    assert f"/cleaning/alerts/?site={site_a.pk}" in page


def test_the_day_view_opens_on_the_first_site_and_today(manager, company_a, site_a, stairwell):
    page = manager.get("/cleaning/").content.decode()
    assert site_a.name in page
    assert timezone.localdate().isoformat() in page
    assert len(states_on(page, stairwell[0])) == 3


def test_a_day_out_of_the_records_window_is_refused_in_words_and_today_shown(manager, site_a):
    response = manager.get(day_url(site_a, "1999-01-01"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error"' in page
    assert timezone.localdate().isoformat() in page
    assert manager.get(day_url(site_a, "not-a-day")).status_code == 200


def test_the_day_lists_its_logs_with_corrections_marked(manager, company_a, site_a, stairwell):
    area, task = stairwell
    log = make_log(company_a, area, task=task, done_at=at(8, 10), now=at(8, 15))
    page = manager.get(day_url(site_a, PAST_DAY)).content.decode()
    section = page.split('id="day-logs"')[1]
    assert f"/cleaning/logs/{log.pk}/" in section and "08:10" in section


# The week.


def test_the_week_view_totals_each_area_and_day(manager, company_a, site_a, stairwell, lift):
    area, task = stairwell
    make_log(company_a, area, task=task, done_at=at(8, 10), now=at(8, 15))
    make_log(company_a, area, task=task, done_at=at(15, 30), now=at(15, 35))
    tuesday = PAST_DAY + datetime.timedelta(days=1)
    make_log(company_a, area, task=task, done_at=at(8, 5, tuesday), now=at(8, 6, tuesday))
    page = manager.get(f"/cleaning/week/?site={site_a.pk}&day=2026-11-18").content.decode()
    assert week_counts(page, area, "2026-11-16") == {"done": 1, "late": 1, "missed": 1}
    assert week_counts(page, area, "2026-11-17") == {"done": 1, "missed": 2}
    assert week_counts(page, area, "2026-11-22") == {"missed": 3}
    assert week_counts(page, lift[0], "2026-11-16") == {"missed": 1}
    assert week_counts(page, None, "2026-11-16") == {"done": 1, "late": 1, "missed": 2}
    # Each day links to its day view.
    assert f"/cleaning/?site={site_a.pk}&amp;day=2026-11-20" in page


# Overdue alerts.


@pytest.fixture
def missed(company_a, site_a, stairwell):
    """Alerts for the slots missed on PAST_DAY and the day before (the check looks back a day)."""
    area, task = stairwell
    make_log(company_a, area, task=task, done_at=at(8, 10), now=at(8, 15))
    with tenant_context(company_a):
        record_overdue_alerts(by=System("test"), now=at(23, 0))
        return list(OverdueAlert.objects.open().order_by("due"))


def test_the_alerts_list_counts_as_many_as_are_open_and_as_the_home_figure(
    manager, manager_a, company_a, site_a, missed
):
    page = manager.get(f"/cleaning/alerts/?site={site_a.pk}").content.decode()
    assert len(missed) == 5  # three the day before, 14:00 and 20:00 on PAST_DAY
    assert f'data-total="{len(missed)}"' in page
    with tenant_context(company_a):
        access = Access(role=Role.MANAGER, user=manager_a)
        figure = home.overdue(access, Site.objects.visible_to(access), timezone.now())
    assert figure == {site_a.pk: len(missed)}
    everywhere = manager.get("/cleaning/alerts/").content.decode()
    assert f'data-total="{len(missed)}"' in everywhere


def test_the_alerts_are_listed_oldest_first_with_how_long_overdue(manager, site_a, missed):
    page = manager.get("/cleaning/alerts/").content.decode()
    positions = [page.index(f'data-alert="{alert.pk}"') for alert in missed]
    assert positions == sorted(positions)
    assert "2026-11-15 08:00" in page and "2026-11-16 20:00" in page
    assert page.count('class="overdue"') == len(missed)
    assert f"/cleaning/?site={site_a.pk}&amp;day=2026-11-15" in page


def test_a_late_log_clears_its_alert_from_the_list(manager, company_a, stairwell, missed):
    area, task = stairwell
    make_log(company_a, area, task=task, done_at=at(16, 0), now=at(23, 30))
    page = manager.get("/cleaning/alerts/").content.decode()
    assert f'data-total="{len(missed) - 1}"' in page


# Who sees what.


@pytest.fixture
def elsewhere(company_a, other_site):
    """An area of alpha's second site, which the site manager does not work at."""
    area = make_area(company_a, other_site, name="紫云 楼道")
    return area, make_task(company_a, area, valid_from=PLANNED_FROM)


def test_a_site_manager_sees_only_their_sites(
    site_manager, company_a, site_a, other_site, stairwell, elsewhere
):
    area, task = elsewhere
    log = make_log(company_a, area, task=task, done_at=at(8, 0), now=at(8, 1))
    page = site_manager.get("/cleaning/").content.decode()
    assert site_a.name in page and other_site.name not in page
    for url in (
        day_url(other_site, PAST_DAY),
        f"/cleaning/week/?site={other_site.pk}",
        f"/cleaning/areas/?site={other_site.pk}",
        f"/cleaning/alerts/?site={other_site.pk}",
        f"/cleaning/areas/{area.pk}/",
        f"/cleaning/tasks/{task.pk}/edit/",
        f"/cleaning/logs/{log.pk}/",
    ):
        assert site_manager.get(url).status_code == 404, url
    with tenant_context(company_a):
        record_overdue_alerts(by=System("test"), now=at(23, 0))
    alerts = site_manager.get("/cleaning/alerts/").content.decode()
    assert "紫云 楼道" not in alerts and stairwell[0].name in alerts


def test_a_viewer_reads_the_pages_without_their_buttons(viewer, site_a, stairwell):
    area, task = stairwell
    day = viewer.get(day_url(site_a, PAST_DAY))
    assert day.status_code == 200
    areas = viewer.get(f"/cleaning/areas/?site={site_a.pk}").content.decode()
    assert area.name in areas
    assert "/cleaning/areas/new/" not in areas and "/cleaning/builtin/" not in areas
    page = viewer.get(f"/cleaning/areas/{area.pk}/").content.decode()
    assert f"/cleaning/tasks/{task.pk}/edit/" not in page


def test_an_outsider_sees_nothing_here_nor_from_their_own_company(
    client_for, company_a, company_b, outsider, site_a, stairwell
):
    here = client_for(company_a, outsider)
    for url in (day_url(site_a, PAST_DAY), "/cleaning/week/", "/cleaning/alerts/"):
        assert here.get(url).status_code == 403, url
    home_host = client_for(company_b, outsider)
    assert home_host.get(day_url(site_a, PAST_DAY)).status_code == 404
    # Beta's own pages open, with nothing of alpha's on them.
    page = home_host.get("/cleaning/").content.decode()
    assert site_a.name not in page and stairwell[0].name not in page


# Photos.


def a_photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (30, 140, 90)).save(out, "JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), "image/jpeg")


def test_a_slot_with_a_photo_shows_it_on_demand_without_loading_it(
    manager, settings, tmp_path, company_a, site_a, stairwell
):
    settings.MEDIA_ROOT = str(tmp_path)
    area, task = stairwell
    with tenant_context(company_a):
        log, _created = record_log(
            LogIn(uuid=uuid.uuid4(), area=area, task=task, done_at=at(8, 10)),
            by=None,
            photo=a_photo(),
            now=at(8, 12),
        )
    page = manager.get(day_url(site_a, PAST_DAY)).content.decode()
    photo_url = reverse("portal:cleaning-photo", args=[log.pk])
    morning = slots_on(page, area)[0]
    # A tap opens it, a hover previews it, a link opens it whole; nothing loads it before.
    assert photo_url in morning["links"]
    assert zh("Photo") in morning["text"]
    assert f"--photo:url('{photo_url}')" in page
    assert "<img" not in page
    # The slots without a photo have none.
    assert all(photo_url not in slot["links"] for slot in slots_on(page, area)[1:])
