"""The disinfection record (公示) on a site's public board, as a resident reads it signed out.

The board is read the way residents get it: a plain GET with their browser's language, no
JavaScript. Slots of earlier days are over whatever the hour the tests run at, so the board's
checks are on yesterday; today's states are checked on the record itself at a fixed time.
"""

import datetime
import html
import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_tenants.utils import tenant_context
from PIL import Image

from accounts.models import Membership
from tenants.cleaning.board import disinfection_record
from tenants.cleaning.models import FrequencyChoice, TaskKind
from tenants.cleaning.services.areas import change_area
from tenants.cleaning.services.logs import LogIn, record_log
from tenants.notices.board import board_sections
from tenants.sites.models import FacilityKind
from tests.cleaning.cleaning_fixtures import make_area, make_log, make_task
from tests.conftest import make_site, shanghai

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def board(client, site, **headers) -> str:
    response = client.get(f"/board/{site.board_token}/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def text(fragment: str) -> str:
    """What a reader sees of some HTML: its text, tags dropped, spaces squeezed."""
    inline = re.sub(r"</?(?:strong|span|time|a)\b[^>]*>", "", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def area_block(page: str, area) -> str:
    start = page.rindex("<div", 0, page.index(f'id="area-{area.pk}"'))
    end = page.find('<div class="area"', start + 1)
    return page[start : end if end > 0 else len(page)]


def day_rows(page: str, area) -> list[str]:
    """The text of the area's rows, today first, then yesterday and so on."""
    rows = re.findall(r'<tr class="day[^"]*">(.*?)</tr>', area_block(page, area), re.DOTALL)
    return [text(row) for row in rows]


@pytest.fixture
def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def stairwell(company_a, site_a):
    """A public stairwell disinfected at 08:00, 14:00 and 20:00, planned for over a week."""
    area = make_area(company_a, site_a)
    task = make_task(company_a, area, valid_from=timezone.now() - datetime.timedelta(days=9))
    return area, task


@pytest.fixture
def worked_yesterday(company_a, stairwell, cleaner_a, yesterday):
    """Yesterday: 08:00 done at 08:05; 14:00 missed; 20:00 done at 20:05 but written at 23:10."""
    area, task = stairwell
    make_log(company_a, area, task=task, by=cleaner_a, done_at=at(yesterday, 8, 5),
             now=at(yesterday, 8, 10))  # fmt: skip
    late = make_log(company_a, area, task=task, by=cleaner_a, done_at=at(yesterday, 20, 5),
                    now=at(yesterday, 23, 10))  # fmt: skip
    assert late.recorded_late
    return area


def test_the_english_board_shows_the_areas_kind_frequency_and_todays_times(
    client_for, company_a, site_a, worked_yesterday
):
    page = board(client_for(company_a), site_a, **ENGLISH)

    block = text(area_block(page, worked_yesterday))
    assert "3号楼 楼道" in block
    assert "Stairwell" in block
    assert "Disinfect: 3 times a day (08:00, 14:00, 20:00)" in block
    assert "含氯消毒液 500 mg/L" in block
    today = day_rows(page, worked_yesterday)[0]
    assert today.startswith("Today")
    for time in ("08:00", "14:00", "20:00"):
        assert time in today


def test_yesterday_shows_the_work_done_the_slot_missed_and_the_log_recorded_late(
    client_for, company_a, site_a, worked_yesterday, yesterday
):
    page = board(client_for(company_a), site_a, **ENGLISH)

    row = day_rows(page, worked_yesterday)[1]
    assert row.startswith(yesterday.strftime("%m-%d"))
    assert re.search(r"08:05 done( No\. \d+)?\b", row)
    assert "14:00 missed" in row
    assert re.search(r"20:05 done recorded late", row)
    # Only the log written three hours later carries the mark.
    assert row.count("recorded late") == 1


def test_a_slot_done_after_its_grace_period_says_done_late_and_when_it_was_due(
    client_for, company_a, site_a, stairwell, yesterday
):
    area, task = stairwell
    make_log(company_a, area, task=task, done_at=at(yesterday, 9, 30), now=at(yesterday, 9, 31))
    row = day_rows(board(client_for(company_a), site_a, **ENGLISH), area)[1]
    assert "09:30 done late (due 08:00)" in row
    assert "recorded late" not in row


def test_the_board_names_no_cleaner_and_shows_no_photo_only_a_staff_number(
    client_for, company_a, site_a, stairwell, cleaner_a, yesterday
):
    area, task = stairwell
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(photo, "JPEG")
    data = LogIn(uuid=uuid.uuid4(), area=area, task=task, done_at=at(yesterday, 8, 5))
    upload = SimpleUploadedFile("p.jpg", photo.getvalue(), content_type="image/jpeg")
    with tenant_context(company_a):
        record_log(data, by=cleaner_a, photo=upload, now=at(yesterday, 8, 6))

    page = board(client_for(company_a), site_a, **ENGLISH)

    assert cleaner_a.full_name not in page
    assert cleaner_a.email not in page
    assert "<img" not in page and "/cleaning/photos/" not in page
    number = Membership.objects.get(user=cleaner_a, company=company_a).pk
    assert f"08:05 done No. {number}" in day_rows(page, area)[1]


def test_the_board_needs_no_javascript_and_prints(client_for, company_a, site_a, worked_yesterday):
    page = board(client_for(company_a), site_a, **ENGLISH)

    assert '<section id="cleaning"' in page
    assert "Disinfection record" in page
    assert "<script" not in page
    assert "@media print" in page and ".cleaning .area" in page
    # The 公示 sheet's QR code points here.
    assert f'id="area-{worked_yesterday.pk}"' in page


def test_the_kind_and_words_follow_the_readers_language_and_the_area_name_does_not(
    client_for, company_a, site_a, worked_yesterday
):
    page = board(client_for(company_a), site_a, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    block = text(area_block(page, worked_yesterday))
    assert "3号楼 楼道" in block
    assert in_language("zh-hans", "Stairwell") in block
    if in_language("zh-hans", "Stairwell") != "Stairwell":
        assert "Stairwell" not in block


def test_a_private_area_is_not_on_the_board(client_for, company_a, site_a, worked_yesterday):
    store = make_area(company_a, site_a, name="物业仓库", public=False)
    make_task(company_a, store)

    page = board(client_for(company_a), site_a, **ENGLISH)

    assert "物业仓库" not in page
    assert f'id="area-{store.pk}"' not in page


def test_a_retired_area_leaves_the_board(client_for, company_a, site_a, worked_yesterday):
    with tenant_context(company_a):
        change_area(worked_yesterday, by=None, active=False)
    page = board(client_for(company_a), site_a, **ENGLISH)
    assert 'id="cleaning"' not in page
    assert "3号楼 楼道" not in page


def test_another_companys_areas_never_appear(
    client_for, company_a, company_b, site_a, site_b, worked_yesterday, area_b
):
    make_task(company_b, area_b)

    alpha = board(client_for(company_a), site_a, **ENGLISH)
    beta = board(client_for(company_b), site_b, **ENGLISH)

    assert "乙公司 楼道" not in alpha and f'id="area-{area_b.pk}"' in beta
    assert "3号楼 楼道" not in beta
    assert client_for(company_b).get(f"/board/{site_a.board_token}/").status_code == 404


def test_a_site_of_the_same_company_shows_only_its_own_areas(
    client_for, company_a, site_a, worked_yesterday
):
    other = make_site(company_a, name="紫云小区")
    make_area(company_a, other, name="紫云 电梯", kind=FacilityKind.LIFT)

    page = board(client_for(company_a), site_a, **ENGLISH)

    assert "紫云 电梯" not in page


def test_a_site_without_public_areas_keeps_its_board_as_it_was(client_for, company_a, site_a):
    page = board(client_for(company_a), site_a, **ENGLISH)
    assert 'id="cleaning"' not in page
    assert "No notices are in force at this site today." in page


def test_an_area_without_a_plan_says_so(client_for, company_a, site_a):
    area = make_area(company_a, site_a, name="5号楼 楼道")
    page = board(client_for(company_a), site_a, **ENGLISH)
    assert "No cleaning plan." in text(area_block(page, area))


# The record itself, at a fixed time.

NOON = shanghai(2026, 11, 18, 14, 30)


@pytest.fixture
def kitchen(company_a, site_a):
    """A shared kitchen with a disinfection at 08:00 and 14:00 and the bins washed daily."""
    area = make_area(company_a, site_a, name="共享厨房", kind=FacilityKind.SHARED_KITCHEN)
    since = shanghai(2026, 11, 1)
    disinfect = make_task(company_a, area, valid_from=since, times=["08:00", "14:00"])
    make_task(company_a, area, valid_from=since, kind=TaskKind.WASH_BINS,
              frequency=FrequencyChoice.DAILY, times=[])  # fmt: skip
    return area, disinfect


def marks_of(record, back: int) -> dict[str, list[tuple[str, str]]]:
    return {
        group.kind: [(mark.time, mark.state) for mark in group.marks]
        for group in record.days[back].kinds
    }


def test_today_shows_what_is_done_due_now_and_not_yet_due(company_a, site_a, kitchen):
    area, disinfect = kitchen
    make_log(company_a, area, task=disinfect, done_at=shanghai(2026, 11, 18, 7, 50), now=NOON)
    with tenant_context(company_a):
        [record] = disinfection_record(site_a, now=NOON)

    assert record.days[0].is_today and record.days[0].day == NOON.date()
    assert marks_of(record, 0) == {
        "disinfect": [("07:50", "done"), ("14:00", "due")],
        # Open since midnight, but its time has not come: not yet due, to a resident.
        "wash_bins": [("end of day", "upcoming")],
    }
    assert marks_of(record, 1)["wash_bins"] == [("end of day", "missed")]
    assert record.many_kinds
    assert len(record.days) == 7


def test_extra_work_outside_the_plan_is_shown_as_done(company_a, site_a, kitchen):
    area, disinfect = kitchen
    # 07:00 fills the 08:00 slot, 09:00 the 14:00 one (open since 08:00); 10:00 fills none.
    for hour in (7, 9, 10):
        make_log(company_a, area, task=disinfect, done_at=shanghai(2026, 11, 18, hour), now=NOON)
    with tenant_context(company_a):
        [record] = disinfection_record(site_a, now=NOON)
    assert marks_of(record, 0)["disinfect"] == [
        ("07:00", "done"),
        ("09:00", "done"),
        ("10:00", "extra"),
    ]


def test_the_record_reads_the_same_few_queries_for_one_area_or_many(company_a, site_a, kitchen):
    area, disinfect = kitchen
    make_log(company_a, area, task=disinfect, done_at=shanghai(2026, 11, 18, 8), now=NOON)

    def queries() -> int:
        with tenant_context(company_a), CaptureQueriesContext(connection) as captured:
            disinfection_record(site_a, now=NOON)
        return len(captured)

    one = queries()
    for number in range(4):
        more = make_area(company_a, site_a, name=f"{number}号楼 楼道")
        task = make_task(company_a, more, valid_from=shanghai(2026, 11, 1))
        make_log(company_a, more, task=task, done_at=shanghai(2026, 11, 17, 8), now=NOON)
    assert queries() == one <= 6


def test_the_section_is_registered_with_the_board_once(company_a, site_a, kitchen):
    from django.apps import apps

    apps.get_app_config("cleaning").ready()  # as if the app were readied twice
    with tenant_context(company_a):
        sections = board_sections(site_a, language="en", now=NOON)
    assert [section.html.count('id="cleaning"') for section in sections] == [1]
