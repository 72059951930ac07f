"""A visitor registers on their own phone in Japanese; the guard opens the pass by its code and
admits them. Both phones are Chromium at 375 px against the live server."""

import io
import re

import pytest
import zxingcpp
from django.utils import translation
from django_tenants.utils import schema_context
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Role
from tenants.gate.models import Entry, VisitorPass
from tenants.gate.policy import Category, Outcome
from tests.browser.conftest import HEIGHTS, TIMEOUT_MS
from tests.conftest import make_gate, make_site

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375
VISITOR = {"name": "山田花子", "phone": "+81 90-1234-5678", "building": "5号楼", "room": "1201"}
# The Japanese visitor's phone number as the guard's form shows it, masked, and as recorded.
VISITOR_PHONE_SHOWN = "+81******5678"
VISITOR_PHONE_RECORDED = "+819012345678"


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


@pytest.fixture
def phone_for(chromium, browser_url):
    """phone_for(locale): a phone with no one signed in whose browser asks for `locale`.

    Fails the test afterwards if a page threw a JavaScript error or one of its resources
    did not load.
    """
    contexts = []
    problems = []

    def note_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.url}")

    def open_phone(locale: str):
        context = chromium.new_context(
            base_url=browser_url,
            viewport={"width": PHONE_WIDTH, "height": HEIGHTS[PHONE_WIDTH]},
            is_mobile=True,
            has_touch=True,
            locale=locale,
            timezone_id="Asia/Shanghai",
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
        page.on("response", note_response)
        return page

    yield open_phone
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("The browser saw problems:\n" + "\n".join(problems))


def qr_text(image) -> list[str]:
    """What a phone's camera reads from a picture (PNG bytes) of a QR code."""
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(image)))]


def open_pass(page, code: str):
    """The guard types a pass code on the gate page and opens it; the page's response."""
    assert page.goto("/m/gate/").ok
    page.locator("#pass-code").fill(code)
    with page.expect_navigation() as opened:
        page.locator(".gate-pass-lookup button[type=submit]").tap()
    return opened.value


def test_a_visitor_registers_in_japanese_and_the_guard_admits_them_by_the_pass_code(
    browser_company, browser_url, browser_member, committed, page_for, phone_for
):
    guard = browser_member(Role.GUARD)
    with committed():
        site = make_site(browser_company, name="访客小区")
        site.assigned_users.add(guard)
        gate = make_gate(browser_company, site, name="访客小区南门")
    # What the visitor's pages said, checked last: a Japanese text still being written then
    # fails the test without hiding what the rest of the visit shows.
    shown = {}

    # The visitor scans the poster: a phone set to Japanese, nobody signed in.
    visitor = phone_for("ja-JP")
    response = visitor.goto(f"/visit/{gate.visitor_token}/")
    assert response.ok, f"The visitor form answered {response.status}"
    expect(visitor.locator("html")).to_have_attribute("lang", "ja")
    assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    shown["Visitor registration"] = visitor.locator("main h1").inner_text()
    shown["Get my pass"] = visitor.locator("button.send").inner_text()

    form = visitor.locator("main form")
    form.locator(f"input[name=category][value={Category.VISITOR}]").check()
    form.locator("input[name=building]").fill(VISITOR["building"])
    form.locator("input[name=room]").fill(VISITOR["room"])
    form.locator("input[name=name]").fill(VISITOR["name"])
    form.locator("input[name=phone]").fill(VISITOR["phone"])
    form.locator("input[name=health_code][value=green]").check()
    form.locator("input[name=key_region_travel]").uncheck()  # not in a key region
    with visitor.expect_navigation():
        form.locator("button.send").tap()

    assert re.search(rf"/visit/{gate.visitor_token}/pass/\w+/$", visitor.url), visitor.url
    code = visitor.locator("#pass-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{6}", code), code
    expect(visitor.locator("html")).to_have_attribute("lang", "ja")
    shown["Your visitor pass"] = visitor.locator("main h1").inner_text()
    qr = visitor.locator("img.qr")
    expect(qr).to_be_visible()
    assert qr_text(qr.screenshot()) == [f"{browser_url}m/gate/pass/{code}/"]

    # The guard types the code the visitor reads out.
    page = page_for(guard, width=PHONE_WIDTH)
    assert open_pass(page, code).ok
    assert page.url.endswith(f"/m/gate/pass/{code}/"), page.url
    expect(page.locator(".guard-gate")).to_contain_text(gate.name)
    expect(page.locator(".gate-pass-banner")).to_contain_text(code)
    expect(page.locator(f"input[name=category][value={Category.VISITOR}]")).to_be_checked()
    expect(page.locator("#f-name")).to_have_value(VISITOR["name"])
    expect(page.locator("#f-phone")).to_have_value(VISITOR_PHONE_SHOWN)
    expect(page.locator("#f-phone")).not_to_be_editable()
    expect(page.locator("#f-building")).to_have_value(VISITOR["building"])
    expect(page.locator("#f-room")).to_have_value(VISITOR["room"])
    expect(page.locator("input[name=health_code][value=green]")).to_be_checked()
    expect(page.locator("input[name=key_region_travel]")).not_to_be_checked()

    # At the default response level a household's visitor comes in with its consent.
    page.locator("input[name=consent]").check()
    page.locator("#f-temperature").fill("36.5")
    with page.expect_response(
        lambda r: r.url.endswith("/m/gate/entries/") and r.request.method == "POST"
    ) as answer:
        page.locator("button.gate-record").tap()
    assert answer.value.status == 201

    result = page.locator("#result")
    expect(result).to_have_class(re.compile(rf"(^|\s)outcome-{Outcome.ADMIT}(\s|$)"))
    with translation.override("zh-hans"):
        admit = str(Outcome.ADMIT.label)
    expect(result.locator(".gate-outcome")).to_have_text(admit)
    # The server's decision has arrived and agrees with the phone's.
    expect(result.locator(".gate-note")).to_have_text(in_language("zh-hans", "Recorded."))
    # The pass is spent: the banner goes and the next visitor's code can be typed at once.
    expect(page.locator(".gate-pass-banner")).to_have_count(0)
    expect(page.locator("#pass-code")).to_be_visible()

    with schema_context(browser_company.schema_name):
        visitor_pass = VisitorPass.objects.get(gate=gate, code=code)
        entries = list(Entry.objects.filter(gate=gate))
        used = Entry.objects.filter(visitor_pass=visitor_pass).exists()
    assert visitor_pass.name == VISITOR["name"]
    assert visitor_pass.language == "ja"
    [entry] = entries
    assert entry.visitor_pass_id == visitor_pass.pk
    assert entry.outcome == Outcome.ADMIT
    assert entry.name == VISITOR["name"]
    assert entry.phone == VISITOR_PHONE_RECORDED  # the pass's number, taken on the server
    assert entry.recorded_by_id == guard.pk
    assert used

    # The same code again: the pass has been used.
    assert open_pass(page, code).status == 410
    expect(page.locator(".message.error")).to_have_text(
        in_language("zh-hans", "This pass has already been used.")
    )
    expect(page.locator(".gate-pass-banner")).to_have_count(0)
    expect(page.locator("#f-name")).to_have_value("")
    # And the visitor's own pass no longer shows a code to use.
    visitor.reload()
    expect(visitor.locator(".pass.expired")).to_be_visible()
    expect(visitor.locator("#pass-code")).to_have_count(0)

    for msgid, text in shown.items():
        japanese = in_language("ja", msgid)
        # Untranslated, it would be the English msgid (or the Chinese, were that the fallback).
        assert japanese not in {msgid, in_language("zh-hans", msgid)}, f"No Japanese {msgid!r}"
        assert text.strip() == japanese, msgid
