"""A partner developer opens the API documentation (Swagger UI) in Chromium: it draws every
operation under the page's Content-Security-Policy, and the browser refuses nothing."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS

pytestmark = pytest.mark.browser

# Runs before the page's own scripts; the policy does not apply to what the browser injects.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI}`);
});
"""


def test_swagger_ui_shows_the_operations_with_nothing_refused_by_the_policy(
    chromium, browser_url, db
):
    context = chromium.new_context(base_url=browser_url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    problems = []
    try:
        page = context.new_page()
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
        page.on(
            "console",
            lambda message: problems.append(message.text) if message.type == "error" else None,
        )

        response = page.goto("/api/docs/")

        assert "script-src 'self'" in response.headers["content-security-policy"]
        sites = page.locator(".opblock", has_text="/api/v1/sites/")
        expect(sites.first).to_be_visible()
        expect(page.locator(".opblock-get").first).to_be_visible()
        assert page.locator(".opblock").count() > 20
        sites.first.locator(".opblock-summary").click()
        expect(page.locator(".opblock-body").first).to_be_visible()
        assert page.evaluate("window.cspViolations") == []
    finally:
        context.close()
    assert problems == []
