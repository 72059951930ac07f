"""The staff accounts page as a manager sees it on a phone, in Chromium."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375


def test_a_manager_reads_the_staff_and_reaches_the_invitation_on_a_phone(
    browser_url, browser_manager, browser_member, page_for
):
    guard = browser_member(Role.GUARD)
    page = page_for(browser_manager, width=PHONE_WIDTH)
    page.goto(f"{browser_url}staff/")

    card = page.locator(".member", has_text=guard.email)
    expect(card).to_be_visible()
    expect(card.locator("select[name=role]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    page.locator("a[href='/staff/invite/']").first.click()
    expect(page.locator("input[name=email]")).to_be_visible()
    expect(page.locator("button.primary")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
