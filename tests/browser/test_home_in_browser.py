"""The manager's home in Chromium: each of today's numbers opens a list of exactly that many."""

import pytest

from tests.conftest import make_gate, make_site
from tests.gate.gate_fixtures import make_entry, make_returnee

pytestmark = pytest.mark.browser

# The number a list page shows for all its rows: the entries' own totals, a list's "N in all",
# the home page's own gap list, or an empty list's nothing.
LISTED = """() => {
    if (location.hash === "#gap-alerts") {
        return document.querySelectorAll("#gap-alerts li").length;
    }
    const entries = document.querySelector("#entry-totals dd");
    if (entries) return Number(entries.textContent.trim());
    const total = document.querySelector(".list-total");
    if (total) return Number(total.dataset.total);
    return document.querySelector(".empty") ? 0 : null;
}"""


def test_every_number_of_the_day_opens_a_list_of_as_many(
    browser_company, browser_manager, committed, page_for
):
    with committed():
        north = make_site(browser_company, name="首页北区")
        south = make_site(browser_company, name="首页南区")
        make_entry(browser_company, make_gate(browser_company, north, name="首页北门"))
        make_entry(browser_company, make_gate(browser_company, south, name="首页南门"),
                   temperature="37.9")  # fmt: skip
        make_returnee(browser_company, south)

    page = page_for(browser_manager, width=1280)
    page.goto("/")
    links = page.locator(".glance-table tr.glance-total td.figure a")
    figures = [
        (link.get_attribute("href"), int(link.get_attribute("data-count"))) for link in links.all()
    ]
    assert len(figures) >= 7
    assert sum(count for _url, count in figures) >= 3  # an entry, a fever case, an isolation
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    for url, count in figures:
        page.goto(url)
        assert page.evaluate(LISTED) == count, url

    phone = page_for(browser_manager, width=375)
    phone.goto("/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
