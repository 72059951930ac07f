"""A manager gives a guard a login by mobile number; the guard enrols on a 375 px phone with the
one-time code, records an entry, and the manager reads who did it, in real Chromium."""

import pytest
from django.contrib.sessions.models import Session
from django.utils import translation
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from accounts.models import User
from tenants.gate.models import Entry
from tests.browser.conftest import HEIGHTS, TIMEOUT_MS
from tests.conftest import make_gate, make_person, make_site

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375
GUARD_NAME = "手机门卫"
GUARD_PHONE = "+8613700137999"
PIN = "482913"


@pytest.fixture
def forget_the_guard(committed):
    """The guard's account has no e-mail, so the module's clean-up would not find it."""
    yield
    with committed():
        user = User.objects.filter(phone=GUARD_PHONE).first()
        if user is not None:
            for session in Session.objects.all():
                if session.get_decoded().get("_auth_user_id") == str(user.pk):
                    session.delete()
            user.delete()


def test_a_guard_enrolled_by_code_records_an_entry_and_the_manager_reads_who_did_it(
    browser_company, browser_url, browser_manager, committed, page_for, chromium, forget_the_guard
):
    with committed():
        site = make_site(browser_company, name="手机登录小区")
        gate = make_gate(browser_company, site, name="手机登录南门")

    # The manager, at a desk: a login by mobile number for a guard of that site.
    desk = page_for(browser_manager, width=1280)
    desk.goto("/staff/mobile/")
    desk.locator("input[name=full_name]").fill(GUARD_NAME)
    desk.locator("input[name=phone]").fill("137 0013 7999")
    desk.locator("select[name=role]").select_option("guard")
    desk.get_by_label(site.name).check()
    desk.locator("main button[type=submit]").click()
    code = desk.locator(".code").inner_text()
    assert len(code.replace(" ", "")) == 8

    # The guard, on the gate's phone: the number and the code, then a PIN of their own.
    context = chromium.new_context(
        base_url=browser_url,
        viewport={"width": PHONE_WIDTH, "height": HEIGHTS[PHONE_WIDTH]},
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        phone = context.new_page()
        phone.goto("/accounts/code/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
        phone.locator("input[name=phone]").fill("13700137999")
        phone.locator("input[name=code]").fill(code.lower())
        phone.locator("input[name=password1]").fill(PIN)
        phone.locator("input[name=password2]").fill(PIN)
        expect(phone.locator("main button[type=submit]")).to_be_in_viewport()
        phone.locator("main button[type=submit]").tap()
        expect(phone.locator(".guard-gate")).to_contain_text(gate.name)

        phone.locator(".gate-tile:has(input[value='resident'])").tap()
        phone.locator("#f-temperature").fill("36.5")
        phone.locator("button.gate-record").tap()
        expect(phone.locator("#result")).to_be_visible()
        expect(phone.locator("#pending")).to_be_hidden()
    finally:
        context.close()

    with schema_context(browser_company.schema_name):
        entry = Entry.objects.get(gate=gate)
    assert entry.recorded_by_id == User.objects.get(phone=GUARD_PHONE).pk

    with translation.override("zh-hans"):
        verb = translation.gettext("recorded the entry")
    desk.goto(f"/entries/{entry.pk}/")
    expect(desk.locator("main")).to_contain_text(f"{GUARD_NAME}{verb}")
    desk.goto("/log/")
    expect(desk.locator("main")).to_contain_text(f"{GUARD_NAME}{verb}")


def test_a_manager_gives_someone_on_the_roster_a_login_from_a_phone(
    browser_company, browser_manager, committed, page_for, forget_the_guard
):
    with committed():
        make_person(browser_company, name=GUARD_NAME, phone="13700137999")

    page = page_for(browser_manager, width=PHONE_WIDTH)
    page.goto("/people/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    row = page.locator("tr", has_text=GUARD_NAME)
    row.locator("button[type=submit]").tap()

    expect(page.locator(".code")).to_be_visible()
    expect(page.locator(".sign-in-code img")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    page.locator("main a.button").tap()
    expect(page.locator("tr", has_text=GUARD_NAME)).to_contain_text(GUARD_PHONE)
