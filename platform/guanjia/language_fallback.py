"""A Japanese, Korean or English reader never gets Chinese for a message missing in their language.

Django gives every language except English the catalog of LANGUAGE_CODE as its fallback
(`DjangoTranslation._add_fallback`). Here LANGUAGE_CODE is zh-hans, so a message that a library
translates into Chinese but not into Japanese or Korean — DRF's "Must be a valid UUID." — reached
a Japanese caller as "必须是有效的 UUID。". Django has no setting for this, so the fallback is kept
only for variants of the default language itself (a zh-hant reader still reads zh-hans before
English); every other language falls back to the message as written in the source, in English.
The messages callers meet are translated in the project's catalogs (see library_messages.py).
"""

from django.conf import settings
from django.utils.translation import trans_real

_add_fallback_of_django = trans_real.DjangoTranslation._add_fallback


def base_language(code: str) -> str:
    """The language without its script or region: zh for zh-hans, zh_Hant and zh."""
    return code.replace("_", "-").split("-")[0].lower()


def _add_fallback(self: trans_real.DjangoTranslation, localedirs=None) -> None:
    if base_language(self.language()) == base_language(settings.LANGUAGE_CODE):
        _add_fallback_of_django(self, localedirs)


def install() -> None:
    """Replace Django's fallback once, and drop translations built before with the old one."""
    if trans_real.DjangoTranslation._add_fallback is _add_fallback:
        return
    trans_real.DjangoTranslation._add_fallback = _add_fallback
    trans_real._translations.clear()
