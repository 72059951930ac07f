"""The guard's phone at 375 × 812 in Chromium: after a fever the screen says where to hold the
person and whom to call, with numbers to tap; a mistaken entry is voided with a reason from
"My entries today", and stays there, marked."""

import re

import pytest
from django.utils import translation
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from accounts.models import Role
from tenants.gate.models import Entry
from tenants.gate.policy import Category, Outcome
from tenants.gate.services.settings import change_escalation_contacts
from tests.conftest import make_gate, make_site

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375
PLACE = "南门内 临时留观点"
CENTRE = "天山社区卫生服务中心"


def in_chinese(msgid: str, **values) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(msgid) % values


def outcome_class(outcome: str) -> re.Pattern:
    return re.compile(rf"(^|\s)outcome-{outcome}(\s|$)")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_a_fever_shows_the_next_steps_and_a_mistake_is_voided_from_my_entries_today(
    browser_company, browser_manager, browser_member, committed, page_for
):
    guard = browser_member(Role.GUARD)
    with committed():
        site = make_site(browser_company, name="留观小区")
        site.assigned_users.add(guard)
        gate = make_gate(browser_company, site, name="留观小区南门")
        change_escalation_contacts(
            browser_company,
            holding_place=PLACE,
            contacts=[{"name": CENTRE, "phone": "021-62590000"}, {"name": "急救", "phone": "120"}],
            by=browser_manager,
        )
    page = page_for(guard, width=PHONE_WIDTH)
    assert page.goto("/m/gate/").ok
    next_steps = page.locator("#next-steps")
    expect(next_steps).to_be_hidden()

    # A fever: the result says to report, and the next steps say where and whom to call.
    page.locator(f".gate-tile:has(input[value='{Category.RESIDENT}'])").tap()
    page.locator("#f-temperature").fill("38.2")
    page.locator("button.gate-record").tap()
    expect(page.locator("#result")).to_have_class(outcome_class(Outcome.ESCALATE))
    expect(next_steps).to_be_visible()
    expect(next_steps).to_contain_text(
        in_chinese("Hold the person at %(place)s, away from others.", place=PLACE)
    )
    centre = next_steps.locator('a[href="tel:+862162590000"]')
    expect(centre).to_be_visible()
    expect(centre).to_contain_text(CENTRE)
    expect(centre).to_contain_text("021 6259 0000")
    expect(next_steps.locator('a[href="tel:120"]')).to_be_visible()
    assert no_sideways_scroll(page)
    # On the screen at once, above the bar with Record: nothing to scroll to find the numbers.
    last_call = next_steps.locator('a[href="tel:120"]').bounding_box()
    bar = page.locator(".gate-actions").bounding_box()
    assert page.locator("#result").bounding_box()["y"] >= 0
    assert last_call["y"] + last_call["height"] <= bar["y"]

    # The next person makes the panel go; a mistyped temperature is recorded.
    page.locator(f".gate-tile:has(input[value='{Category.RESIDENT}'])").tap()
    expect(next_steps).to_be_hidden()
    page.locator("#f-temperature").fill("35.0")
    page.locator("button.gate-record").tap()
    expect(page.locator("#result")).to_have_class(outcome_class(Outcome.ADMIT))
    expect(next_steps).to_be_hidden()
    expect(page.locator("#pending")).to_be_hidden()

    # My entries today: newest first, each with Void, which asks for the reason.
    page.locator(".gate-links a", has_text=in_chinese("My entries today")).click()
    expect(page).to_have_url(re.compile(r"/m/gate/today/$"))
    cards = page.locator("article.today-entry")
    expect(cards).to_have_count(2)
    mistaken = cards.first
    expect(mistaken).to_contain_text("35.0")
    mistaken.locator("summary").tap()
    reason = mistaken.locator("textarea[name=reason]")
    expect(reason).to_be_visible()
    assert no_sideways_scroll(page)
    reason.fill("体温输错，复测 36.5")
    button = mistaken.locator("button[type=submit]")
    assert button.bounding_box()["x"] + button.bounding_box()["width"] <= PHONE_WIDTH
    button.tap()

    expect(page.locator(".message")).to_have_text(
        in_chinese("The entry is voided: it stays listed and no longer counts.")
    )
    voided = page.locator("article.today-entry.voided")
    expect(voided).to_have_count(1)
    expect(voided).to_contain_text("体温输错，复测 36.5")
    expect(voided.locator("summary")).to_have_count(0)  # voided once, no second Void
    expect(page.locator("article.today-entry")).to_have_count(2)  # kept, not deleted

    with schema_context(browser_company.schema_name):
        entries = {str(entry.temperature): entry for entry in Entry.objects.filter(gate=gate)}
    assert entries["35.0"].voided_by_id == guard.pk
    assert entries["38.2"].voided_at is None  # the fever stands, and so does its case
