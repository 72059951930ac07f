"""A Japanese, Korean or English reader never reads Chinese for want of a translation.

Django gives every language the catalog of LANGUAGE_CODE (zh-hans) as its fallback, so a message
that Django, DRF or another library translates into Chinese but not into Japanese or Korean
reached those readers in Chinese: a Japanese partner app sent a bad id and read "必须是有效的
UUID。". Here a missing translation falls back to the message as written (English), and the
messages callers meet are translated in the project's catalogs.
"""

import gettext
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import django
import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from django.utils.translation import to_locale
from django_tenants.utils import schema_context

from accounts.roles import ApiScope
from tenants.gate.models import Entry
from tests.conftest import make_gate

READERS = ("ja", "ko", "en")
# CJK ideographs (the unified blocks, extension A and the compatibility block).
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def locale_dirs() -> Iterator[Path]:
    """Where Django reads catalogs from: its own, each installed app's, then LOCALE_PATHS."""
    yield Path(django.__file__).parent / "conf" / "locale"
    for app_config in apps.get_app_configs():
        if (Path(app_config.path) / "locale").is_dir():
            yield Path(app_config.path) / "locale"
    yield from map(Path, settings.LOCALE_PATHS)


def compiled(language: str, folders: list[Path] | None = None) -> list[polib.MOFile]:
    """The catalogs Django merges for `language`, found as gettext finds them (ko: ko_KR too)."""
    return [
        polib.mofile(path)
        for folder in (folders if folders is not None else locale_dirs())
        for path in gettext.find("django", str(folder), [to_locale(language)], all=True)
    ]


Reading = tuple[str, Callable[[], str]]


def readings(entry: polib.MOEntry) -> Iterator[Reading]:
    """(source text, how the code reads it) for each form of a catalog entry."""
    msgid, plural, context = entry.msgid, entry.msgid_plural, entry.msgctxt
    if plural:
        for n in (1, 2, 5):
            source = msgid if n == 1 else plural
            if context:
                yield source, lambda n=n: translation.npgettext(context, msgid, plural, n)
            else:
                yield source, lambda n=n: translation.ngettext(msgid, plural, n)
    elif context:
        yield msgid, lambda: translation.pgettext(context, msgid)
    else:
        yield msgid, lambda: translation.gettext(msgid)


def chinese_messages() -> Iterator[Reading]:
    """Every message that Django, an installed app or the project translates into Chinese."""
    for catalog in compiled(settings.LANGUAGE_CODE):
        for entry in catalog:
            if entry.msgid:
                yield from readings(entry)


@pytest.mark.parametrize("language", READERS)
def test_no_message_reaches_a_reader_of_another_language_in_chinese(language):
    """Han characters only where the source has them or this language's own catalogs wrote them:
    Japanese writes kanji (区 for District), the Korean catalog the name 管家."""
    own = {
        text
        for catalog in compiled(language)
        for entry in catalog
        for text in (entry.msgstr, *entry.msgstr_plural.values())
    }
    with translation.override(language):
        read = [(source, text()) for source, text in chinese_messages()]
    chinese = [
        (source, text)
        for source, text in read
        if HAN.search(text) and not HAN.search(source) and text not in own
    ]
    assert len(read) > 1000  # Django's, DRF's, the admin's and the project's messages
    assert chinese == []


# Passed to gettext as a name, not a literal, so that `make messages` does not extract it.
ONLY_CHINESE = "Only Chinese has this."


@pytest.fixture
def chinese_only_catalog(tmp_path):
    """LOCALE_PATHS holding a message that only Chinese translates, as a library may ship one."""
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hans"}
    catalog.append(polib.POEntry(msgid=ONLY_CHINESE, msgstr="只有中文有这句。"))
    folder = tmp_path / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog.save_as_mofile(str(folder / "django.mo"))
    with override_settings(LOCALE_PATHS=[tmp_path]):  # also empties Django's catalog cache
        yield


def test_a_message_without_a_translation_falls_back_to_english_not_chinese(
    chinese_only_catalog,
):
    with translation.override("zh-hans"):
        assert translation.gettext(ONLY_CHINESE) == "只有中文有这句。"
    for language in READERS:
        with translation.override(language):
            assert translation.gettext(ONLY_CHINESE) == ONLY_CHINESE


@pytest.mark.parametrize("language", ["ja", "ko"])
@pytest.mark.parametrize("app_label", ["rest_framework", "auth", "admin"])
def test_what_an_api_caller_or_the_admin_reads_in_chinese_is_translated_for_them(
    app_label, language
):
    """DRF's field errors and schema, the password rules and the admin: whatever their Chinese
    catalog translates, a Japanese or Korean catalog (the library's or the project's) translates
    too. A library upgrade that adds a message fails here until platform/guanjia/
    library_messages.py and the catalogs carry it."""
    library = [Path(apps.get_app_config(app_label).path) / "locale"]
    chinese = {(e.msgctxt, e.msgid) for c in compiled("zh-hans", library) for e in c if e.msgid}
    own = {(e.msgctxt, e.msgid) for c in compiled(language) for e in c}
    assert chinese
    assert sorted(chinese - own, key=str) == []


BAD_UUID = {
    "ja": "有効なUUIDを指定してください。",
    "ko": "유효한 UUID 이어야 합니다.",
    "en": "Must be a valid UUID.",
    "zh-hans": "必须是有效的 UUID。",
}


@pytest.mark.parametrize("language", BAD_UUID)
def test_an_api_caller_reads_a_bad_id_refused_in_their_own_language(
    api_for, api_key_for, company_a, site_a, language
):
    gate = make_gate(company_a, site_a)
    writer = api_for(company_a, key=api_key_for(company_a, ApiScope.READ_WRITE))
    sent = {"uuid": "entry-1", "gate": gate.pk, "category": "resident", "temperature": 36.5}
    response = writer.post("/api/v1/entries/", sent, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400, response.content
    assert response["Content-Language"] == language
    assert response.json()["errors"] == {"uuid": [BAD_UUID[language]]}
    if language in ("ko", "en"):
        assert not HAN.search(response.content.decode())
    with schema_context(company_a.schema_name):
        assert not Entry.objects.exists()
