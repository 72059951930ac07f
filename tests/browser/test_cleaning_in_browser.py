"""The cleaner's phone in Chromium at 375 × 812: an area's QR address logged with a photo whose
EXIF the server strips, two more areas logged without signal and sent once it returns, and the
public board in English showing the three times. Also the shared offline queue's promise to
the gate's phones: what they kept under the gate's old localStorage key is sent, once.
"""

import datetime
import io
import re
import uuid

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tenants.utils import schema_context
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Role
from tenants.cleaning.models import CleaningLog
from tenants.gate.models import Entry
from tenants.notices.board import board_path
from tests.browser.conftest import TIMEOUT_MS
from tests.cleaning.cleaning_fixtures import make_area
from tests.cleaning.test_cleaning_phone import daily, jpeg_with_gps
from tests.conftest import make_site

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
GPS = 0x8825


def waiting(count: int) -> re.Pattern:
    """The #pending text naming `count`, in whatever language it is written."""
    return re.compile(rf"(?<!\d){count}(?!\d)")


def logs_of(company) -> list[CleaningLog]:
    # The server has committed them; this test's own transaction sees committed rows.
    with schema_context(company.schema_name):
        return list(CleaningLog.objects.order_by("done_at", "pk"))


def photo_file(jpeg: bytes) -> dict:
    return {"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": jpeg}


def stored_image(log: CleaningLog) -> Image.Image:
    with default_storage.open(log.photo.name, "rb") as stored:
        image = Image.open(stored)
        image.load()
    return image


def test_a_cleaner_logs_one_area_with_a_photo_two_offline_and_the_english_board_shows_all(
    browser_company, browser_member, committed, page_for, chromium, browser_url
):
    cleaner = browser_member(Role.CLEANER)
    with committed():
        site = make_site(browser_company, name="保洁小区")
        site.assigned_users.add(cleaner)
        areas = [
            make_area(browser_company, site, name=name)
            for name in ("1号楼 楼道", "2号楼 楼道", "3号楼 楼道")
        ]
        for area in areas:
            daily(browser_company, area)
    jpeg = jpeg_with_gps()
    assert Image.open(io.BytesIO(jpeg)).getexif().get_ifd(GPS), "the test's photo has GPS"
    page = page_for(cleaner, width=375)
    send, pending = page.locator("#clean-send"), page.locator("#pending")

    # 1. The first area's QR label, scanned: its page, the task chosen, a photo, one tap.
    assert page.goto(f"/m/cleaning/areas/{areas[0].pk}/").ok
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(send).to_be_in_viewport()
    page.locator(f"#photo-{areas[0].pk}").set_input_files(files=[photo_file(jpeg)])
    expect(page.locator(".clean-photo-chosen")).to_be_visible()
    send.tap()
    expect(page.locator("#clean-result")).to_contain_text(areas[0].name)
    expect(pending).to_be_hidden()

    # 2. The server kept the photo without its EXIF: no GPS position, no camera.
    [first] = logs_of(browser_company)
    image = stored_image(first)
    assert len(image.getexif()) == 0
    assert "exif" not in image.info

    # 3. The round, then no signal in the stairwells: two more areas, kept on the phone.
    assert page.goto("/m/cleaning/").ok
    expect(page.locator(".clean-slot.state-done")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context = page.context
    context.set_offline(True)
    expect(page.locator("#network")).to_be_visible()
    for count, area in enumerate(areas[1:], start=1):
        page.locator(".clean-slot", has_text=area.name).locator("a").tap()
        expect(page.locator(f"#area-{area.pk}")).to_be_visible()
        expect(send).to_be_in_viewport()
        if count == 2:
            # A photo waits on the phone with its log.
            page.locator(f"#photo-{area.pk}").set_input_files(files=[photo_file(jpeg)])
        send.tap()
        expect(page.locator("#round")).to_be_visible()
        expect(pending).to_have_text(waiting(count))
    expect(page.locator(".clean-slot.state-queued")).to_have_count(2)
    assert len(logs_of(browser_company)) == 1  # the two wait on the phone

    context.set_offline(False)
    expect(pending).to_be_hidden()
    expect(page.locator(".clean-slot.state-done")).to_have_count(3)

    # 4. Exactly three logs, none marked late: the offline ones kept their queueing time.
    logs = logs_of(browser_company)
    assert len(logs) == 3
    assert {log.area_id for log in logs} == {area.pk for area in areas}
    assert {log.done_by_id for log in logs} == {cleaner.pk}
    assert not any(log.recorded_late for log in logs)
    assert all(log.queued_at is not None for log in logs)
    assert [bool(log.photo) for log in logs] == [True, False, True]
    assert len(stored_image(logs[2]).getexif()) == 0

    # 5. The public board, in English, shows the three times.
    board = chromium.new_context(
        base_url=browser_url,
        locale="en-US",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        timezone_id="Asia/Shanghai",
    )
    try:
        board.set_default_timeout(TIMEOUT_MS)
        resident = board.new_page()
        assert resident.goto(board_path(site)).ok
        expect(resident.locator("html")).to_have_attribute("lang", "en")
        record = resident.locator("#cleaning")
        for log in logs:
            expect(record).to_contain_text(timezone.localtime(log.done_at).strftime("%H:%M"))
    finally:
        board.close()


def test_entries_a_gate_phone_kept_under_the_old_key_are_sent_once_by_the_shared_queue(
    browser_company, at_the_gate
):
    visit = at_the_gate("升级小区")
    page = visit.page
    old_key = f"guanjia-gate-queue:{browser_company.schema_name}"
    # An entry as gate.js queued it in localStorage before the shared queue.
    entry = {
        "uuid": str(uuid.uuid4()),
        "gate": visit.gate.pk,
        "recorded_at": (timezone.now() - datetime.timedelta(minutes=5)).isoformat(),
        "category": "resident",
        "temperature": "36.5",
        "override_outcome": "",
        "override_reason": "",
        "pass_code": "",
        "consent": False,
        "filed": False,
        "health_code": "none",
        "key_region_travel": False,
    }
    page.evaluate(
        "([key, queue]) => localStorage.setItem(key, JSON.stringify(queue))",
        [old_key, [{"data": entry}]],
    )

    with page.expect_response(
        lambda response: (
            response.url.endswith("/m/gate/entries/") and response.request.method == "POST"
        )
    ) as answer:
        page.reload()

    assert answer.value.status == 201
    expect(page.locator("#pending")).to_be_hidden()
    # Moved, not copied: the old key is gone, and opening the page again sends nothing more.
    assert page.evaluate("key => localStorage.getItem(key)", old_key) is None
    page.reload()
    expect(page.locator("#pending")).to_be_hidden()
    with schema_context(browser_company.schema_name):
        assert list(Entry.objects.filter(gate=visit.gate).values_list("uuid", flat=True)) == [
            uuid.UUID(entry["uuid"])
        ]
