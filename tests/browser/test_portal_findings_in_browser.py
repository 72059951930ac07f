"""The coverage board's labels and the entries table as a manager sees them, in Chromium.

The board's week is the one of Monday 14 December 2026.
"""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.conftest import make_gate, make_person, make_shift, make_site, shanghai
from tests.gate.gate_fixtures import make_entry

pytestmark = pytest.mark.browser

# Whether an element shows all of its text: nothing scrolled away inside it, and its box
# inside `container`'s and inside the window.
SHOWN_WHOLE = """(element, container) => {
    const box = element.getBoundingClientRect(), outer = container.getBoundingClientRect();
    return {
        clipped: element.scrollWidth > element.clientWidth,
        inside: box.left >= outer.left - 0.5 && box.right <= outer.right + 0.5,
        onScreen: box.left >= 0 && box.right <= document.documentElement.clientWidth,
    };
}"""
# How many lines a cell's text takes: its text's height in line heights.
LINES = """cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lineHeight = parseFloat(getComputedStyle(cell).lineHeight);
    return Math.round(range.getBoundingClientRect().height / lineHeight);
}"""
PAGE_SCROLLS_SIDEWAYS = (
    "document.documentElement.scrollWidth > document.documentElement.clientWidth"
)


def in_chinese(message: str, **values) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message) % values


def shown_whole(element, container) -> dict:
    return element.evaluate(SHOWN_WHOLE, container.element_handle())


def late_week(browser_company, committed, tag: str):
    """Monday ends with a shift from 22:00 to midnight; Wednesday with a gap from 22:00.

    Its site and people are named with `tag`: committed rows last the whole module.
    """
    with committed():
        site = make_site(browser_company, name=f"夜班看板小区{tag}")
        gate = make_gate(browser_company, site, name="夜班东门")
        day, evening, night = (
            make_person(browser_company, name=f"{name}{tag}") for name in ("早班", "中班", "夜班")
        )
        make_shift(
            browser_company, gate, day, shanghai(2026, 12, 14, 6), shanghai(2026, 12, 14, 14)
        )
        make_shift(
            browser_company, gate, evening, shanghai(2026, 12, 14, 14), shanghai(2026, 12, 14, 22)
        )
        make_shift(browser_company, gate, night, shanghai(2026, 12, 14, 22), shanghai(2026, 12, 15))
        make_shift(browser_company, gate, day, shanghai(2026, 12, 16), shanghai(2026, 12, 16, 22))
    return site


@pytest.mark.parametrize("width", [1280, 375])
def test_the_labels_of_a_late_shift_and_a_late_gap_are_shown_whole(
    browser_company, browser_url, browser_manager, committed, page_for, width
):
    tag = {1280: "甲", 375: "乙"}[width]
    site = late_week(browser_company, committed, tag)
    page = page_for(browser_manager, width=width)
    page.goto(f"{browser_url}sites/{site.pk}/board/?week=2026-12-14")

    board = page.locator(".gate-board", has_text="夜班东门")
    monday = board.locator('.day[data-day="2026-12-14"]')
    wednesday = board.locator('.day[data-day="2026-12-16"]')
    late_shift = monday.locator(".shift", has_text=f"夜班{tag}")
    late_gap = wednesday.locator(".gap")
    expect(late_shift).to_have_text(f"夜班{tag} 22:00–00:00")
    expect(late_gap).to_have_text(
        in_chinese("Gap %(start)s–%(end)s: %(missing)s missing", start="22:00", end="00:00",
                   missing=1)
    )  # fmt: skip
    for label, day in ((late_shift, monday), (late_gap, wednesday)):
        expect(label).to_be_visible()
        assert shown_whole(label, day) == {"clipped": False, "inside": True, "onScreen": True}
    # The bar above the labels still shows where they lie: the night's part at the right end.
    segment = monday.locator(".segment-shift").last
    assert segment.get_attribute("style").startswith("left: 91.6")
    assert page.evaluate(PAGE_SCROLLS_SIDEWAYS) is False


def entries_at_a_long_named_site(browser_company, committed, name: str):
    with committed():
        site = make_site(browser_company, name=name)
        gate = make_gate(browser_company, site, name="东南角人行出入口")
        for number in range(3):
            make_entry(browser_company, gate, name=f"访客{number}")
        make_entry(browser_company, gate, name="发热访客", temperature="38.4")
    return site


def test_the_entries_table_uses_the_width_of_a_laptop_with_one_line_per_place_and_time(
    browser_company, browser_url, browser_manager, committed, page_for
):
    site = entries_at_a_long_named_site(browser_company, committed, "浦东新区陆家嘴滨江花园二期")
    page = page_for(browser_manager, width=1366)
    page.goto(f"{browser_url}entries/?site={site.pk}")

    rows = page.locator("table.entries tbody tr")
    expect(rows).to_have_count(4)
    table_width = page.locator("table.entries").bounding_box()["width"]
    assert table_width > 1200  # the page's width, not the 1,100 px of a form page
    for row in rows.all():
        time, place = row.locator("td").nth(0), row.locator("td").nth(1)
        expect(place).to_have_text("浦东新区陆家嘴滨江花园二期 · 东南角人行出入口")
        assert (time.evaluate(LINES), place.evaluate(LINES)) == (1, 1)
    scroller = page.locator(".table-scroll")
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth")  # no need to scroll
    assert page.evaluate(PAGE_SCROLLS_SIDEWAYS) is False
    expect(page.locator("#entry-totals")).to_be_visible()


def test_on_a_phone_the_entries_table_scrolls_in_its_box_and_the_page_does_not(
    browser_company, browser_url, browser_manager, committed, page_for
):
    site = entries_at_a_long_named_site(browser_company, committed, "浦东新区陆家嘴滨江花园三期")
    page = page_for(browser_manager, width=375)
    page.goto(f"{browser_url}entries/?site={site.pk}")

    expect(page.locator("table.entries tbody tr")).to_have_count(4)
    scroller = page.locator(".table-scroll")
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")
    assert page.evaluate(PAGE_SCROLLS_SIDEWAYS) is False
    # The place and time stay on one line each; the box scrolls to show the rest.
    first = page.locator("table.entries tbody tr").first
    assert first.locator("td").nth(1).evaluate(LINES) == 1
