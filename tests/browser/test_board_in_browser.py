"""A site's public notice board, as residents read it in Chromium on their phones, signed out."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tenants.notices.board import board_path
from tests.browser.conftest import TIMEOUT_MS
from tests.conftest import NOTICE_TITLE, make_notice, make_site

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
CHINESE_ONLY_TITLE = {"zh-hans": "电梯停运通知"}
CHINESE_ONLY_BODY = {"zh-hans": "本周六上午电梯检修，请走楼梯。"}


@pytest.fixture
def open_board(chromium, browser_url):
    """open_board(site, locale="ko-KR", javascript=True): the board in a new, signed-out phone.

    Like `page_for`, fails the test afterwards if a page threw a JavaScript error or a
    stylesheet, script or image did not load.
    """
    contexts = []
    problems = []

    def note_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.url}")

    def note_failure(request):
        # A request cut short by the next navigation is no fault of the page.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"{request.failure} for {request.url}")

    def open_page(site, *, locale: str = "ko-KR", javascript: bool = True):
        context = chromium.new_context(
            base_url=browser_url,
            locale=locale,
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            timezone_id="Asia/Shanghai",
            java_script_enabled=javascript,
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
        page.on("response", note_response)
        page.on("requestfailed", note_failure)
        response = page.goto(board_path(site))
        if not response.ok:
            pytest.fail(f"The board {response.url} answered {response.status}")
        return page

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()
    if problems:
        pytest.fail("The browser saw problems:\n" + "\n".join(problems))


def test_a_korean_phone_shows_the_notice_in_korean_within_the_screen(
    browser_company, committed, open_board
):
    with committed():
        site = make_site(browser_company, name="韩语公告小区")
        make_notice(browser_company, site)

    page = open_board(site, locale="ko-KR")

    expect(page.locator("html")).to_have_attribute("lang", "ko")
    notice = page.locator("main article")
    expect(notice).to_have_count(1)
    expect(notice).to_have_attribute("lang", "ko")
    expect(notice.locator("h2")).to_have_text(NOTICE_TITLE["ko"])
    expect(notice).to_contain_text("반드시 마스크를 착용하십시오.")
    expect(notice.locator("li")).to_have_text(["출입구에서 체온 측정", "건강코드 제시"])
    expect(page.get_by_text(NOTICE_TITLE["zh-hans"])).to_have_count(0)
    expect(page.locator(".note")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_notice_without_korean_is_shown_in_chinese_with_a_note(
    browser_company, committed, open_board
):
    with committed():
        site = make_site(browser_company, name="仅中文公告小区")
        make_notice(browser_company, site, title=CHINESE_ONLY_TITLE, body=CHINESE_ONLY_BODY)

    page = open_board(site, locale="ko-KR")

    with translation.override("ko"):
        expected_note = translation.gettext(
            "This notice is not available in %(language)s; it is shown in Chinese."
        ) % {"language": "한국어"}
    notice = page.locator("main article")
    expect(notice).to_have_attribute("lang", "zh-hans")
    expect(notice.locator("h2")).to_have_text(CHINESE_ONLY_TITLE["zh-hans"])
    expect(notice).to_contain_text(CHINESE_ONLY_BODY["zh-hans"])
    note = notice.locator(".note")
    expect(note).to_be_visible()
    expect(note).to_have_text(expected_note)
    expect(note).to_have_attribute("lang", "ko")


def test_the_language_switcher_turns_the_board_to_japanese(
    browser_company, browser_url, committed, open_board
):
    with committed():
        site = make_site(browser_company, name="切换语言小区")
        make_notice(browser_company, site)

    page = open_board(site, locale="ko-KR")
    expect(page.locator("main h2")).to_have_text(NOTICE_TITLE["ko"])

    with page.expect_navigation():
        page.locator(".language-switcher select").select_option("ja")

    expect(page).to_have_url(browser_url.rstrip("/") + board_path(site))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("main h2")).to_have_text(NOTICE_TITLE["ja"])
    expect(page.locator("main article")).to_contain_text("マスクを必ず着用してください。")
    expect(page.locator(".language-switcher select")).to_have_value("ja")


def test_without_javascript_the_board_still_shows_the_notice(
    browser_company, committed, open_board
):
    with committed():
        site = make_site(browser_company, name="无脚本公告小区")
        make_notice(browser_company, site)

    page = open_board(site, locale="ko-KR", javascript=False)

    expect(page.locator("main h2")).to_have_text(NOTICE_TITLE["ko"])
    expect(page.locator("main article")).to_contain_text("반드시 마스크를 착용하십시오.")
    # The switcher's <noscript> button takes over from the select's change handler.
    page.locator(".language-switcher select").select_option("ja")
    with page.expect_navigation():
        page.locator(".language-switcher button[type=submit]").click()
    expect(page.locator("main h2")).to_have_text(NOTICE_TITLE["ja"])
