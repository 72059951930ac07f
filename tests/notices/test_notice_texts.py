"""The rules of notice texts, without a database: language states, formatting, templates."""

import pytest

from tenants.notices.builtin_templates import BUILTIN_TEMPLATES, builtin_template
from tenants.notices.formatting import body_html
from tenants.notices.languages import (
    COMPLETE,
    MISSING,
    NOTICE_LANGUAGES,
    OUTDATED,
    language_states,
    reader_language,
    revise,
)
from tenants.notices.models import NoticeKind

EARLY, LATE = "2026-11-20T01:00:00+00:00", "2026-11-21T01:00:00+00:00"
FULL_TITLE = {"zh-hans": "通知", "en": "Notice", "ja": "お知らせ", "ko": "안내"}
FULL_BODY = {"zh-hans": "正文", "en": "Text", "ja": "本文", "ko": "본문"}


def test_languages_written_together_are_all_up_to_date():
    revised = dict.fromkeys(NOTICE_LANGUAGES, EARLY)
    assert language_states(FULL_TITLE, FULL_BODY, revised) == dict.fromkeys(
        NOTICE_LANGUAGES, COMPLETE
    )


def test_a_language_without_title_or_without_body_is_missing():
    title = {**FULL_TITLE, "ja": ""}
    body = {**FULL_BODY, "ko": "   "}
    states = language_states(title, body, dict.fromkeys(NOTICE_LANGUAGES, EARLY))
    assert states["ja"] == MISSING and states["ko"] == MISSING
    assert states["en"] == COMPLETE


def test_translations_written_before_the_chinese_changed_are_outdated():
    revised = {"zh-hans": LATE, "en": EARLY, "ja": LATE, "ko": EARLY}
    states = language_states(FULL_TITLE, FULL_BODY, revised)
    assert states == {"zh-hans": COMPLETE, "en": OUTDATED, "ja": COMPLETE, "ko": OUTDATED}


def test_chinese_is_never_outdated_and_a_missing_language_is_missing_not_outdated():
    revised = {"zh-hans": EARLY, "en": LATE}
    states = language_states(FULL_TITLE, {**FULL_BODY, "en": ""}, revised)
    assert states["zh-hans"] == COMPLETE
    assert states["en"] == MISSING


def test_an_edit_stamps_only_the_languages_it_changed():
    revised = dict.fromkeys(NOTICE_LANGUAGES, EARLY)
    stamped = revise(
        FULL_TITLE, FULL_BODY, revised, FULL_TITLE, {**FULL_BODY, "zh-hans": "新正文"}, LATE
    )
    assert stamped == {**revised, "zh-hans": LATE}


@pytest.mark.parametrize(
    ("browser", "language"),
    [("ko", "ko"), ("ko-kr", "ko"), ("ja", "ja"), ("en-gb", "en"), ("zh-hans", "zh-hans"),
     ("zh-hant", "zh-hans"), ("fr", "zh-hans"), ("", "zh-hans"), (None, "zh-hans")],
)  # fmt: skip
def test_readers_get_the_nearest_notice_language_or_chinese(browser, language):
    assert reader_language(browser) == language


def test_bodies_keep_paragraphs_lists_and_bold():
    html = body_html("第一段 **重要**\n第二行\n\n- 一\n- 二\n\n1. 甲\n2. 乙")
    assert "<p>第一段 <strong>重要</strong><br>\n第二行</p>" in html
    assert "<ul>\n<li>一</li>\n<li>二</li>\n</ul>" in html
    assert "<ol>\n<li>甲</li>\n<li>乙</li>\n</ol>" in html


@pytest.mark.parametrize(
    "attack",
    ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "[点我](javascript:alert(1))",
     "![](http://evil.example/x.png)", "<http://evil.example>"],
)  # fmt: skip
def test_nothing_a_company_writes_becomes_markup_a_link_or_an_image(attack):
    html = body_html(f"请注意 {attack}")
    assert "<script" not in html and "<img" not in html and "<a " not in html


def test_script_in_a_body_is_shown_as_the_text_that_was_typed():
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body_html("<script>alert(1)</script>")


@pytest.mark.parametrize("key", BUILTIN_TEMPLATES)
def test_every_builtin_template_is_written_in_all_four_languages(key):
    template = builtin_template(key)
    assert template.kind in NoticeKind.values
    for language in NOTICE_LANGUAGES:
        assert template.title[language].strip(), (key, language)
        assert len(template.body[language]) > 100, (key, language)


@pytest.mark.parametrize("key", BUILTIN_TEMPLATES)
def test_builtin_templates_fill_in_the_site_and_gate_names_everywhere(key):
    title, body = builtin_template(key).filled(site="天山天义小区", gate="西门", open_gate="南门")
    for language in NOTICE_LANGUAGES:
        assert "{" not in title[language] + body[language]
        assert "天山天义小区" in body[language], (key, language)
    if key == "gate_closure":
        assert all("西门" in title[code] and "南门" in body[code] for code in NOTICE_LANGUAGES)


def test_the_level_2_entry_rules_list_the_seven_categories_in_every_language():
    _title, body = builtin_template("entry_rules_level2").filled(site="天山天义小区")
    for language in NOTICE_LANGUAGES:
        assert str(body_html(body[language])).count("<li>") == 7, language
        assert "37.3" in body[language]
