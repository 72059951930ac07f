"""The four languages notices are written in, and which of them a notice still lacks.

Pure functions on plain dicts ({language: text}), so the rules are tested without a database.
"""

from django.utils.translation import gettext_lazy as _

CHINESE = "zh-hans"
# Chinese first: it is the language every notice must have and the others are checked against.
NOTICE_LANGUAGES = (CHINESE, "en", "ja", "ko")
LANGUAGE_NAMES = {CHINESE: "简体中文", "en": "English", "ja": "日本語", "ko": "한국어"}

COMPLETE = "complete"
MISSING = "missing"
OUTDATED = "outdated"
STATE_LABELS = {
    COMPLETE: _("Up to date"),
    MISSING: _("Missing"),
    OUTDATED: _("Older than the Chinese text"),
}


def has_text(title: dict, body: dict, language: str) -> bool:
    """True when the language has both a title and a body."""
    return bool((title.get(language) or "").strip() and (body.get(language) or "").strip())


def language_state(title: dict, body: dict, revised_at: dict, language: str) -> str:
    """complete, missing, or outdated: written before the Chinese text last changed."""
    if not has_text(title, body, language):
        return MISSING
    if language != CHINESE:
        written, chinese_changed = revised_at.get(language), revised_at.get(CHINESE)
        # ISO 8601 times in UTC compare correctly as strings.
        if written and chinese_changed and written < chinese_changed:
            return OUTDATED
    return COMPLETE


def language_states(title: dict, body: dict, revised_at: dict) -> dict[str, str]:
    """The state of every notice language, Chinese first."""
    return {
        language: language_state(title, body, revised_at, language) for language in NOTICE_LANGUAGES
    }


def revise(
    old_title: dict, old_body: dict, revised_at: dict, title: dict, body: dict, at: str
) -> dict:
    """revised_at after an edit: each language whose title or body changed is stamped `at`."""
    stamped = dict(revised_at)
    for language in NOTICE_LANGUAGES:
        changed = (old_title.get(language, ""), old_body.get(language, "")) != (
            title.get(language, ""),
            body.get(language, ""),
        )
        if changed:
            stamped[language] = at
    return stamped


def reader_language(language_code: str | None) -> str:
    """The notice language nearest a reader's: zh-hant and zh-cn read Chinese, en-gb English."""
    code = (language_code or "").lower()
    for language in NOTICE_LANGUAGES:
        if code == language or code.split("-")[0] == language.split("-")[0]:
            return language
    return CHINESE
