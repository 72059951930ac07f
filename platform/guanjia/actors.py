"""Who made a change: a person, a partner app's API key, or one of the platform's own tasks."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The platform's own tasks and forms, as a history page names them in the reader's language.
# The log keeps the task's name (the actor label); a name not listed here is shown as it is.
SYSTEM_ACTORS = {
    "create_company": _("The platform"),
    "cleaning_housekeeping": _("The nightly removal of old photos"),
    "cleaning_overdue": _("The cleaning check every 15 minutes"),
    "gate_housekeeping": _("The nightly clean-up"),
    "load_demo": _("The demo data"),
    "produce_daily_report": _("The daily report"),
    "refresh_gap_alerts": _("The hourly roster check"),
    "sign_in_code_tries": _("The sign-in code check"),
    "visitor_form": _("A visitor (public form)"),
}


@dataclass(frozen=True)
class System:
    """The platform itself acting: a task or a command, named by what it is (gate_housekeeping)."""

    name: str

    def __str__(self):
        return self.name


def user_of(by):
    """The person behind an actor, for the `…_by` columns records keep: none for a key or a task."""
    return by if getattr(by, "pk", None) is not None and hasattr(by, "email") else None
