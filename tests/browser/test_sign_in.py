"""Signing in with a real browser on a phone-sized screen, on a company's own address."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accounts.models import Role
from companies.models import Company
from tests.conftest import make_site

pytestmark = pytest.mark.browser

# Rows committed in the company's schema last until the end of the module: one name a test.
MANAGERS_SITE = "天山天义小区"
HIDDEN_SITE = "湾流国际共享社区"
BRAND_GREEN = "rgb(11, 110, 79)"  # --brand in guanjia.css: the stylesheet has loaded


def test_a_manager_signs_in_on_a_phone_and_finds_the_company_sites(
    browser_company, browser_url, browser_manager, committed, page_for
):
    with committed():
        make_site(browser_company, name=MANAGERS_SITE, households=512)

    page = page_for(browser_manager, width=375)

    assert page.url == browser_url  # the portal's home, on the company's own address
    expect(page.locator("main h1")).to_have_text(browser_company.name)
    expect(page.locator(".brand")).to_have_css("color", BRAND_GREEN)
    # The sites are under the menu's company group: open it, then follow the link.
    page.locator(".mainnav details:has(a[href='/sites/']) > summary").click()
    page.locator(".mainnav a[href='/sites/']").click()
    expect(page).to_have_url(re.compile(r"/sites/$"))
    row = page.locator("table.list tbody tr", has_text=MANAGERS_SITE)
    expect(row).to_be_visible()
    expect(row).to_contain_text("512")


def test_a_member_of_another_company_sees_none_of_its_sites(
    browser_company, committed, browser_member, page_for
):
    with committed():
        make_site(browser_company, name=HIDDEN_SITE)
    outsider = browser_member(Role.MANAGER, company=Company.objects.get(slug="alpha"))

    page = page_for(outsider, width=375)

    with translation.override("zh-hans"):
        refusal = translation.gettext("Your account does not belong to this company.")
    expect(page.locator("main")).to_contain_text(refusal)
    expect(page.locator("body")).not_to_contain_text(HIDDEN_SITE)
    response = page.goto("/sites/")
    assert response.status == 403
    expect(page.locator("body")).not_to_contain_text(HIDDEN_SITE)
    response = page.goto("/")
    assert response.status == 403
    expect(page.locator("body")).not_to_contain_text(HIDDEN_SITE)
