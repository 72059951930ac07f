"""The coverage board and the guard's "my shifts", as people see them in Chromium."""

import datetime

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.models import Role
from tenants.rosters.services.people import create_duty_person
from tests.conftest import make_gate, make_person, make_shift, make_site, shanghai

pytestmark = pytest.mark.browser

GAP_RED = "rgb(254, 228, 226)"  # .timeline .gap in guanjia.css


def in_chinese(message: str, **values) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message) % values


def test_the_board_marks_unstaffed_nights_in_red_and_counts_the_hours(
    browser_company, browser_url, browser_manager, committed, page_for
):
    with committed():
        site = make_site(browser_company, name="看板小区")
        gate = make_gate(browser_company, site, name="看板南门")
        day_guard = make_person(browser_company, name="白班保安")
        for day in range(7, 14):  # Monday 7 to Sunday 13 December 2026, 06:00-22:00 only
            make_shift(
                browser_company,
                gate,
                day_guard,
                shanghai(2026, 12, day, 6),
                shanghai(2026, 12, day, 22),
            )

    page = page_for(browser_manager, width=1280)
    page.goto(f"{browser_url}sites/{site.pk}/board/?week=2026-12-09")

    board = page.locator(".gate-board", has_text="看板南门")
    expect(board.locator(".shift")).to_have_count(7)
    expect(board.locator(".shift").first).to_contain_text("白班保安")
    # Every night is uncovered: 00:00-06:00 and 22:00-24:00 on each of the seven days.
    gaps = board.locator(".gap")
    expect(gaps).to_have_count(14)
    expect(gaps.first).to_be_visible()
    expect(gaps.first).to_have_css("background-color", GAP_RED)
    expect(gaps.first).to_contain_text("00:00")
    expect(page.locator("#uncovered-total")).to_contain_text(
        in_chinese("%(hours)s uncovered hours this week", hours="56")
    )


def test_a_guard_sees_the_current_shift_first_on_a_phone(
    browser_company, browser_url, browser_member, committed, page_for
):
    guard = browser_member(Role.GUARD)
    now = timezone.localtime()
    with committed():
        site = make_site(browser_company, name="值班小区")
        north = make_gate(browser_company, site, name="值班北门")
        south = make_gate(browser_company, site, name="值班南门")
        person = create_duty_person(by=None, company=browser_company, user=guard, name="手机保安")
        # Made before the current one, and later in time: the current shift still comes first.
        make_shift(
            browser_company, north, person,
            now + datetime.timedelta(days=1), now + datetime.timedelta(days=1, hours=8),
        )  # fmt: skip
        make_shift(
            browser_company, south, person,
            now - datetime.timedelta(hours=2), now + datetime.timedelta(hours=6),
        )  # fmt: skip
        make_shift(  # beyond the 14 days ahead
            browser_company, north, person,
            now + datetime.timedelta(days=20), now + datetime.timedelta(days=20, hours=8),
        )  # fmt: skip

    page = page_for(guard, width=375)  # signing in lands a guard at their gate
    assert page.url == f"{browser_url}m/gate/"
    page.goto(f"{browser_url}m/shifts/")

    cards = page.locator(".guard-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("值班南门")
    expect(cards.first).to_contain_text(in_chinese("On duty now"))
    expect(cards.nth(1)).to_contain_text("值班北门")
    # One-handed on a small phone: nothing wider than the screen, large touch targets.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    sign_out = page.locator(".guard-signout button")
    assert sign_out.bounding_box()["height"] >= 48
