"""The company log and a record's history on a 375 px phone, in Chromium."""

import pytest
from django.utils import translation

from tenants.sites.services.gates import change_gate_status
from tests.conftest import make_gate, make_site

pytestmark = pytest.mark.browser


def test_a_manager_reads_the_company_log_on_a_phone_without_scrolling_sideways(
    browser_company, browser_url, browser_manager, committed, page_for
):
    with committed():
        site = make_site(browser_company, name="日志小区")
        gate = make_gate(browser_company, site, name="日志西门")
        change_gate_status(gate, "sealed", by=browser_manager, reason="装修封闭，请走南门")

    page = page_for(browser_manager, width=375)
    page.goto(f"{browser_url}log/")

    with translation.override("zh-hans"):
        verb = translation.gettext("opened, closed or sealed the gate")
    assert f"{browser_manager}{verb}“日志西门”" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.goto(f"{browser_url}gates/{gate.pk}/edit/")
    assert "装修封闭，请走南门" in page.inner_text("main")
