"""Notices we wrote in all four languages, for a manager to start from and edit.

The texts live in builtin/<key>.toml, one file per template, so they read and review as
prose. Placeholders ({site}, {gate}, {open_gate}) are filled in when a notice is started.
"""

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from tenants.notices.languages import NOTICE_LANGUAGES

FOLDER = Path(__file__).with_name("builtin")

# key -> what the manager picks from; in the order they are offered.
BUILTIN_TEMPLATES = {
    "prevention": _("Prevention reminders (防疫温馨提示)"),
    "entry_rules_level2": _("Entry rules at response level 2 (from 24 March 2020)"),
    "gate_closure": _("Gate closure, with the nearest open gate"),
    "home_isolation": _("Home-isolation instructions"),
    "rubbish": _("Rubbish and used-mask rules"),
}
NEEDS_GATES = {"gate_closure"}


@dataclass(frozen=True)
class BuiltinTemplate:
    """One built-in notice: its kind and its title and body in every notice language."""

    key: str
    kind: str
    title: dict[str, str]
    body: dict[str, str]

    def filled(self, **names: str) -> tuple[dict[str, str], dict[str, str]]:
        """Title and body with the site's (and gates') names put in."""
        return (
            {language: text.format_map(names) for language, text in self.title.items()},
            {language: text.format_map(names) for language, text in self.body.items()},
        )


@functools.cache
def builtin_template(key: str) -> BuiltinTemplate:
    if key not in BUILTIN_TEMPLATES:
        raise KeyError(key)
    data = tomllib.loads((FOLDER / f"{key}.toml").read_text(encoding="utf-8"))
    return BuiltinTemplate(
        key=key,
        kind=data["kind"],
        title={language: data[language]["title"].strip() for language in NOTICE_LANGUAGES},
        body={language: data[language]["body"].strip() for language in NOTICE_LANGUAGES},
    )
