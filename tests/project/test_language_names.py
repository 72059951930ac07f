"""Every language is offered by its own name (English, 日本語, 한국어 on a Chinese page), so a reader
finds theirs without reading the page's language: on the public board, the visitor's form and the
guard's phone."""

import re

import pytest

# What each language calls itself, in the switcher's order (settings.LANGUAGES).
OWN_NAMES = {"zh-hans": "简体中文", "en": "English", "ja": "日本語", "ko": "한국어"}
# The names a Chinese or Korean page would otherwise give them.
TRANSLATED_NAMES = ("英语", "日语", "韩语", "영어", "일본어", "중국어")
OPTION = re.compile(r'<option value="([^"]+)" lang="([^"]+)"[^>]*>([^<]*)</option>')


def offered(page: str) -> list[tuple[str, str, str]]:
    """The switcher's options: (value, lang, shown name)."""
    switcher = page[page.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</form>")]
    return [(value, lang, name.strip()) for value, lang, name in OPTION.findall(switcher)]


def assert_own_names(page: str) -> None:
    assert offered(page) == [(code, code, name) for code, name in OWN_NAMES.items()]
    for name in TRANSLATED_NAMES:
        assert name not in page


@pytest.mark.parametrize("accept", ["zh-hans", "ko"])
def test_the_board_names_each_language_in_its_own_language(client_for, company_a, site_a, accept):
    response = client_for(company_a).get(
        f"/board/{site_a.board_token}/", HTTP_ACCEPT_LANGUAGE=accept
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{accept}">' in page
    assert_own_names(page)


def test_the_visitors_form_in_chinese_names_each_language_in_its_own_language(
    client_for, company_a, gate_a
):
    response = client_for(company_a).get(
        f"/visit/{gate_a.visitor_token}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert_own_names(page)


@pytest.mark.parametrize("path", ["/m/gate/", "/m/shifts/"])
def test_the_guards_phone_in_chinese_names_each_language_in_its_own_language(
    client_for, company_a, guard_a, path
):
    response = client_for(company_a, guard_a).get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert_own_names(response.content.decode())
