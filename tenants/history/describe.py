"""A log entry in plain words, in the reader's language: who did what to which record, when."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from guanjia.actors import SYSTEM_ACTORS
from tenants.history.actions import ACTIONS
from tenants.history.models import ActorKind, LogEntry

# The kinds of record the log has entries about, for the company log's filter: a fixed list, so
# the filter's choices cost no query over the whole log.
KINDS = (
    "sites.site", "sites.building", "sites.gate", "sites.facility", "sites.responsibleunit",
    "rosters.dutyperson", "rosters.rota", "rosters.shift", "notices.notice", "gate.entry",
    "gate.escalationcase", "gate.returnee", "gate.isolationcase", "gate.temperaturereading",
    "gate.needrequest", "gate.entrypolicy", "gate.escalationcontacts", "cleaning.area",
    "cleaning.plantask", "cleaning.cleaninglog", "companies.company",
)  # fmt: skip

# Notes a service keeps next to the changes, shown after them in the sentence.
NOTES = ("reason", "note")
# Fields whose new value says what happened (a status, a response level, a need's kind): shown
# in the reader's words from the stored code.
STATES = ("status", "level", "kind")


def actor_of(entry: LogEntry) -> str:
    """Who acted, as a reader knows them: a person's name, a partner app's key, or a task."""
    if entry.actor_kind == ActorKind.API_KEY:
        return _("API key %(name)s") % {"name": entry.actor_label}
    if entry.actor_kind == ActorKind.SYSTEM:
        named = SYSTEM_ACTORS.get(entry.actor_label)
        return str(named) if named else entry.actor_label or _("the system")
    return entry.actor_label


def kind_of(object_type: str) -> str:
    """The kind of record in words (“gate”), from the model the entry is about."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def kind_choices() -> list[tuple[str, str]]:
    """(object_type, its name in the reader's language) for every kind of record in the log."""
    return [(kind, capfirst(kind_of(kind))) for kind in KINDS]


def _field(object_type: str, name: str):
    try:
        return apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def details_of(entry: LogEntry) -> list[str]:
    """The key details: a status's new value, the changed fields' names, a reason or a note."""
    details = []
    data = entry.data if isinstance(entry.data, dict) else {}
    changes = data.get("changes") if isinstance(data.get("changes"), dict) else {}
    for name in STATES:
        field = _field(entry.object_type, name) if name in changes else None
        if field is not None and field.choices:
            after = changes[name][-1] if isinstance(changes[name], list) else None
            details.append(str(dict(field.flatchoices).get(after, after)))
    # A new record's every field is "changed"; naming them all would say nothing.
    if entry.action.endswith(".changed") and changes:
        names = []
        for name in changes:
            field = _field(entry.object_type, name)
            names.append(str(field.verbose_name) if field is not None else name)
        details.append(_("changed %(fields)s") % {"fields": _(", ").join(names)})
    details += [str(data[key]) for key in NOTES if isinstance(data.get(key), str) and data[key]]
    return details


def when_of(entry: LogEntry) -> str:
    """The time in Shanghai, written the way the reader's language writes dates and times."""
    moment = timezone.localtime(entry.at, timezone.get_default_timezone())
    return formats.date_format(moment, "DATETIME_FORMAT")


def describe(entry: LogEntry) -> str:
    """One sentence: “王伟 opened, closed or sealed the gate 西门: Sealed, 装修, 3 Feb 14:02”."""
    verb = ACTIONS.get(entry.action, entry.action)
    sentence = _("%(actor)s %(verb)s %(record)s") % {
        "actor": actor_of(entry),
        "verb": verb,
        "record": entry.object_label,
    }
    details = details_of(entry)
    if details:
        sentence = _("%(sentence)s: %(details)s") % {
            "sentence": sentence,
            "details": _(", ").join(details),
        }
    return _("%(sentence)s, %(time)s") % {"sentence": sentence, "time": when_of(entry)}
