"""The guard's phone held in one hand, in Chromium at 375 × 812: a resident is recorded without
scrolling, the health-code choices read on one line in every language, a visitor's entry asks for
the household's consent before anything else, and the language switcher names each language in
its own language."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from accounts.models import Role
from tenants.gate.models import Entry, PassSource
from tenants.gate.policy import REASON_TEXTS, Category, HealthCode, Outcome
from tenants.gate.services.passes import PassIn, create_pass
from tenants.rosters.services.people import create_duty_person
from tests.browser.conftest import HEIGHTS
from tests.conftest import make_gate, make_shift, make_site

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375
PHONE_HEIGHT = HEIGHTS[PHONE_WIDTH]
# A phone's on-screen keyboard for numbers takes about this much of the screen's height.
KEYBOARD_HEIGHT = 336
LANGUAGES = {"zh-hans": "简体中文", "en": "English", "ja": "日本語", "ko": "한국어"}


def in_chinese(msgid: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def box(page: Page, selector: str) -> dict:
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def within_screen(page: Page, selector: str) -> bool:
    """Wholly inside what the phone shows now, without scrolling."""
    found = box(page, selector)
    height = page.viewport_size["height"]
    return found["y"] >= 0 and found["y"] + found["height"] <= height


def above(page: Page, upper: str, lower: str) -> bool:
    """`upper` ends where `lower` begins or higher: nothing of it is hidden under `lower`."""
    return box(page, upper)["y"] + box(page, upper)["height"] <= box(page, lower)["y"]


def scrolled(page: Page) -> float:
    return page.evaluate("window.scrollY")


def outcome_class(outcome: str) -> re.Pattern:
    return re.compile(rf"(^|\s)outcome-{outcome}(\s|$)")


def entries_at(company, gate) -> list[Entry]:
    with schema_context(company.schema_name):
        return list(Entry.objects.filter(gate=gate))


def test_a_resident_is_recorded_with_a_tile_a_temperature_and_a_button_without_scrolling(
    browser_company, at_the_gate
):
    visit = at_the_gate("单手小区")
    page = visit.page
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    for person, temperature in enumerate(("36.5", "36.7")):
        # The second person too, with the first one's result still on the screen.
        assert within_screen(page, "button.gate-record"), person
        assert within_screen(page, ".gate-tile:has(input[value='resident'])"), person
        assert within_screen(page, "#f-temperature"), person
        page.locator(".gate-tile:has(input[value='resident'])").tap()
        page.locator("#f-temperature").fill(temperature)
        expect(page.locator("#preview")).to_have_class(outcome_class(Outcome.ADMIT))
        assert within_screen(page, "button.gate-record"), person
        assert above(page, "#f-temperature", ".gate-actions"), person
        assert scrolled(page) == 0, person
        page.locator("button.gate-record").tap()
        expect(page.locator("#result")).to_have_class(outcome_class(Outcome.ADMIT))
        expect(page.locator("#result .gate-note")).to_have_text(in_chinese("Recorded."))
        assert scrolled(page) == 0, person
    assert len(entries_at(browser_company, visit.gate)) == 2


def test_with_the_keyboard_open_record_is_just_below_the_temperature(browser_company, at_the_gate):
    visit = at_the_gate("键盘小区")
    page = visit.page
    page.locator(".gate-tile:has(input[value='resident'])").tap()
    page.locator("#f-temperature").tap()
    # The keyboard takes the lower part of the screen (resizes-content: the page shrinks).
    page.set_viewport_size({"width": PHONE_WIDTH, "height": PHONE_HEIGHT - KEYBOARD_HEIGHT})
    page.keyboard.type("36.6")

    assert within_screen(page, "#f-temperature")
    assert within_screen(page, "button.gate-record")
    assert above(page, "#f-temperature", ".gate-actions")
    page.locator("button.gate-record").tap()
    expect(page.locator("#result")).to_have_class(outcome_class(Outcome.ADMIT))
    # The decision shows at once; "Recorded." only once the server has the entry.
    expect(page.locator("#result .gate-note")).to_have_text(in_chinese("Recorded."))
    expect(page.locator("#pending")).to_be_hidden()
    [entry] = entries_at(browser_company, visit.gate)
    assert entry.temperature == Decimal("36.6")


def one_line_labels(page: Page, selector: str) -> list[str]:
    """Labels under `selector` whose text takes more than one line or is cut off."""
    return page.evaluate(
        """selector => [...document.querySelectorAll(selector)].filter((label) => label.offsetParent).filter((label) => {
            const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
            const lines = new Set();
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (!node.textContent.trim()) continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                for (const rect of range.getClientRects()) {
                    if (rect.width > 0) lines.add(Math.round(rect.bottom));
                }
            }
            // One line, all of it shown, and the button no taller than a finger's target.
            return lines.size !== 1 || label.scrollWidth > label.clientWidth
                || label.getBoundingClientRect().height > 56;
        }).map((label) => label.textContent.trim())""",
        selector,
    )


def test_the_health_code_choices_each_read_on_one_line_in_all_four_languages(at_the_gate):
    page = at_the_gate("健康码小区").page
    for language in LANGUAGES:
        with page.expect_navigation():
            page.locator(".language-switcher select").select_option(language)
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.locator(f".gate-tile:has(input[value='{Category.VISITOR}'])").tap()
        colours = page.locator(".gate-colours label")
        expect(colours).to_have_count(len(HealthCode.values))
        assert one_line_labels(page, ".gate-segmented label") == [], language
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, language


def test_a_visitors_pass_asks_for_the_households_consent_before_showing_a_decision(
    browser_company, committed, at_the_gate
):
    visit = at_the_gate("同意小区")
    page = visit.page
    with committed():
        visitor_pass = create_pass(
            visit.gate,
            PassIn(
                uuid=uuid.uuid4(),
                category=Category.VISITOR,
                name="王访客",
                phone="13912345678",
                building="3号楼",
                room="1201",
                health_code=HealthCode.GREEN,
            ),
            source=PassSource.FORM,
            by=None,
        )
    assert page.goto(f"/m/gate/pass/{visitor_pass.code}/").ok
    question = page.locator("[data-field=consent]")

    # The question is the first thing to answer, at the top of the screen.
    expect(question).to_be_visible()
    assert within_screen(page, "[data-field=consent]")
    assert above(page, "[data-field=consent]", "#f-temperature")
    assert above(page, "[data-field=consent]", "#f-name")
    assert scrolled(page) == 0
    page.locator("#f-temperature").fill("36.5")
    # No refusal before the household is asked, and nothing recorded without its answer.
    expect(page.locator("#preview")).to_be_hidden()
    page.locator("button.gate-record").tap()
    expect(page.locator("[data-error-for=consent]")).to_have_text(
        in_chinese("Needed for this kind of entrant.")
    )
    expect(page.locator("#result")).to_be_hidden()

    question.locator("input[name=consent_no]").check()
    expect(page.locator("#preview")).to_have_class(outcome_class(Outcome.REFUSE))
    expect(page.locator("[data-error-for=consent]")).to_be_hidden()
    question.locator("input[name=consent]").check()
    expect(question.locator("input[name=consent_no]")).not_to_be_checked()
    expect(page.locator("#preview")).to_have_class(outcome_class(Outcome.ADMIT))
    assert within_screen(page, "button.gate-record")
    page.locator("button.gate-record").tap()
    expect(page.locator("#result .gate-note")).to_have_text(in_chinese("Recorded."))
    [entry] = entries_at(browser_company, visit.gate)
    assert (entry.outcome, entry.consent) == (Outcome.ADMIT, True)


def test_a_fever_shows_before_the_household_is_asked_and_no_refusal_with_it(at_the_gate):
    page = at_the_gate("先发热小区").page
    page.locator(f".gate-tile:has(input[value='{Category.DOMESTIC}'])").tap()
    assert within_screen(page, "[data-field=consent]")
    page.locator("#f-temperature").fill("38.0")
    preview = page.locator("#preview")
    expect(preview).to_have_class(outcome_class(Outcome.ESCALATE))
    expect(preview).to_contain_text("38.0")
    with translation.override("zh-hans"):
        no_consent = str(REASON_TEXTS["no_consent"]) % {"category": Category.DOMESTIC.label}
    expect(preview).not_to_contain_text(no_consent)


def test_the_switcher_names_each_language_in_its_own_language_on_a_chinese_page(at_the_gate):
    page = at_the_gate("语言名小区").page
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    options = page.locator(".language-switcher option")
    expect(options).to_have_text(list(LANGUAGES.values()))
    for code in LANGUAGES:
        expect(page.locator(f".language-switcher option[value={code}]")).to_have_attribute(
            "lang", code
        )
    expect(page.locator(".language-switcher option[value=ja]")).to_have_text("日本語")


def test_sign_out_is_in_the_top_bar_and_the_gate_and_my_shifts_link_to_each_other(
    browser_company, browser_member, committed, page_for
):
    guard = browser_member(Role.GUARD)
    now = timezone.now()
    with committed():
        site = make_site(browser_company, name="互链小区")
        site.assigned_users.add(guard)
        gate = make_gate(browser_company, site, name="互链小区北门")
        person = create_duty_person(by=None, company=browser_company, user=guard, name="互链保安")
        make_shift(
            browser_company, gate, person,
            now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=7),
        )  # fmt: skip
    page = page_for(guard, width=PHONE_WIDTH)
    assert page.goto("/m/gate/").ok

    sign_out = page.locator(".guard-bar .guard-signout button")
    expect(sign_out).to_have_text(in_chinese("Sign out"))
    assert sign_out.bounding_box()["height"] >= 48
    expect(page.locator(".gate-actions button")).to_have_count(1)  # Record alone at the bottom
    assert (
        box(page, ".guard-bar")["y"] + box(page, ".guard-bar")["height"]
        <= box(page, ".gate-categories")["y"]
    )

    page.locator(".guard-nav a", has_text=in_chinese("My shifts")).click()
    expect(page).to_have_url(re.compile(r"/m/shifts/$"))
    expect(page.locator(".guard-card.now")).to_contain_text(gate.name)
    page.locator(".guard-card.now a.guard-button").click()
    expect(page).to_have_url(re.compile(rf"/m/gate/\?gate={gate.pk}$"))
    expect(page.locator(".guard-gate")).to_contain_text(gate.name)
    expect(page.locator(".guard-signout button")).to_have_count(1)
