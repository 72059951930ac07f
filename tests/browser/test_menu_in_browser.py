"""The portal's menu in Chromium: one line on a laptop in every language, usable on a tablet
and a phone, by mouse and by keyboard."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LAPTOP_WIDTH = 1366
PHONE_WIDTH = 375
# The menu's buttons: a group's <summary>, or the plain link of a group of one page.
BUTTONS = ".portal-menu > li > a, .portal-menu > li > details > summary"


def open_home(page, browser_url, language):
    """The portal's home in `language`, chosen as the language switcher would (its cookie)."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": browser_url}]
    )
    page.goto(browser_url)
    expect(page.locator("html")).to_have_attribute("lang", language)


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def group(page, label):
    return page.locator(".portal-menu details", has=page.locator("summary", has_text=label))


@pytest.mark.parametrize("language", ["en", "ja", "zh-hans", "ko"])
def test_a_managers_menu_fits_on_one_line_of_a_laptop(
    language, browser_url, browser_manager, page_for
):
    page = page_for(browser_manager, width=LAPTOP_WIDTH)
    open_home(page, browser_url, language)

    boxes = [button.bounding_box() for button in page.locator(BUTTONS).all()]
    assert len(boxes) >= 5  # home, gate, rosters, residents, notices, company
    assert len({round(box["y"]) for box in boxes}) == 1, boxes
    assert max(box["x"] + box["width"] for box in boxes) <= LAPTOP_WIDTH
    assert page_width(page) <= LAPTOP_WIDTH


def test_a_group_opens_and_its_page_is_one_click_away(browser_url, browser_manager, page_for):
    page = page_for(browser_manager, width=LAPTOP_WIDTH)
    open_home(page, browser_url, "en")
    company = group(page, "Company")

    expect(company.get_by_role("link", name="Company log")).to_be_hidden()
    company.locator("summary").click()
    expect(company.get_by_role("link", name="Company log")).to_be_visible()
    # Opening another group closes this one, and so does a click elsewhere on the page.
    group(page, "Gate").locator("summary").click()
    expect(company.get_by_role("link", name="Company log")).to_be_hidden()
    page.locator("main").click()
    expect(group(page, "Gate").get_by_role("link", name="Entries")).to_be_hidden()

    company.locator("summary").click()
    with page.expect_navigation():
        company.get_by_role("link", name="Company log").click()
    assert page.url == f"{browser_url}log/"
    # The page read now is marked, and so is its group.
    expect(company.locator("summary")).to_have_class("menu-button current")
    expect(company.locator("a[aria-current=page]")).to_have_text("Company log")


def test_the_menu_works_from_the_keyboard(browser_url, browser_manager, page_for):
    page = page_for(browser_manager, width=LAPTOP_WIDTH)
    open_home(page, browser_url, "en")
    gate = group(page, "Gate")
    summary = gate.locator("summary")

    summary.focus()
    page.keyboard.press("Enter")
    expect(gate.get_by_role("link", name="Entries")).to_be_visible()
    page.keyboard.press("Escape")
    expect(gate.get_by_role("link", name="Entries")).to_be_hidden()
    expect(summary).to_be_focused()

    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(gate.get_by_role("link", name="Overrides")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{browser_url}entries/?overridden=1"


@pytest.mark.parametrize("width", [768, 1024])
def test_on_a_tablet_every_group_opens_inside_the_screen(
    width, browser_url, browser_manager, page_for
):
    page = page_for(browser_manager, width=width)
    open_home(page, browser_url, "en")

    for details in page.locator(".portal-menu details").all():
        details.locator("summary").click()
        panel = details.locator(".menu-panel")
        expect(panel).to_be_visible()
        box = panel.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page_width(page) <= width


def test_on_a_phone_the_menu_never_scrolls_the_page_sideways(
    browser_url, browser_manager, page_for
):
    page = page_for(browser_manager, width=PHONE_WIDTH)
    open_home(page, browser_url, "en")

    assert page_width(page) <= PHONE_WIDTH
    for details in page.locator(".portal-menu details").all():
        details.locator("summary").click()
        panel = details.locator(".menu-panel")
        expect(panel).to_be_visible()
        box = panel.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
        assert page_width(page) <= PHONE_WIDTH
    with page.expect_navigation():
        group(page, "Company").get_by_role("link", name="Sites").click()
    assert page.url == f"{browser_url}sites/"
