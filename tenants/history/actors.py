"""Who made a change: a person, a partner app's API key, or one of the platform's own tasks."""

from dataclasses import dataclass


@dataclass(frozen=True)
class System:
    """The platform itself acting: a task or a command, named by what it is (gate_housekeeping)."""

    name: str

    def __str__(self):
        return self.name


def user_of(by):
    """The person behind an actor, for the `…_by` columns records keep: none for a key or a task."""
    return by if getattr(by, "pk", None) is not None and hasattr(by, "email") else None
