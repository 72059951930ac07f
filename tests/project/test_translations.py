"""Every string a user reads is in the four catalogs under i18n/, translated, with its blanks.

The catalogs are checked against a fresh extraction from the source, so a string added
without `make messages` and its translations fails here rather than showing in English.
"""

import re

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

CATALOGS = {
    code: settings.BASE_DIR / "i18n" / code / "LC_MESSAGES" / "django.po"
    for code in ("zh_Hans", "en", "ja", "ko")
}
# %(name)s, %s and {name}: what the code fills in, which every translation must keep.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def keys(catalog: polib.POFile) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in catalog}


def blanks(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs; a plural's forms answer to the plural msgid, except
    English's singular, which answers to the singular one."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [
        (entry.msgid if index == 0 and len(entry.msgstr_plural) > 1 else entry.msgid_plural, text)
        for index, text in sorted(entry.msgstr_plural.items())
    ]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[tuple[str | None, str]]:
    """The strings the source marks for translation today (GNU xgettext through Django)."""
    folder = tmp_path_factory.mktemp("locale")
    with override_settings(LOCALE_PATHS=[folder]):
        call_command(
            "makemessages",
            locale=["ja"],
            ignore_patterns=[".venv/*", ".data/*"],
            no_obsolete=True,
            verbosity=0,
        )
    return keys(polib.pofile(str(folder / "ja" / "LC_MESSAGES" / "django.po")))


@pytest.mark.parametrize("code", CATALOGS)
def test_the_catalog_holds_every_string_of_the_source(code, extracted):
    committed = keys(polib.pofile(str(CATALOGS[code])))
    assert sorted(extracted - committed, key=str) == [], "run `make messages` and translate"
    assert sorted(committed - extracted, key=str) == [], "run `make messages`"


@pytest.mark.parametrize("code", CATALOGS)
def test_every_string_is_translated_and_none_is_a_guess(code):
    catalog = polib.pofile(str(CATALOGS[code]))
    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []


@pytest.mark.parametrize("code", CATALOGS)
def test_translations_keep_the_blanks_the_code_fills_in(code):
    catalog = polib.pofile(str(CATALOGS[code]))
    wrong = [
        (source, text)
        for entry in catalog.translated_entries()
        for source, text in translations(entry)
        if blanks(text) != blanks(source)
    ]
    assert wrong == []
