"""What happens at a gate: the entry policy, entries, visitor passes, returnees and isolation."""

from tenants.gate.models.contacts import (
    CONTACT_NAME_MAX,
    MAX_CONTACTS,
    Contact,
    EscalationContacts,
)
from tenants.gate.models.entries import (
    Entry,
    EscalationCase,
    EscalationStatus,
)
from tenants.gate.models.isolation import (
    IsolationCase,
    IsolationChange,
    IsolationChangeKind,
    IsolationStatus,
    NeedKind,
    NeedRequest,
    NeedStatus,
    ReadingPeriod,
    Returnee,
    TemperatureReading,
)
from tenants.gate.models.passes import PassSource, VisitorPass
from tenants.gate.models.personal import PersonalData, PersonalDataView
from tenants.gate.models.policy import EntryPolicy, PolicyChange
from tenants.gate.models.rules import RulesVersion

__all__ = [
    "CONTACT_NAME_MAX",
    "MAX_CONTACTS",
    "Contact",
    "Entry",
    "EntryPolicy",
    "EscalationCase",
    "EscalationContacts",
    "EscalationStatus",
    "IsolationCase",
    "IsolationChange",
    "IsolationChangeKind",
    "IsolationStatus",
    "NeedKind",
    "NeedRequest",
    "NeedStatus",
    "PassSource",
    "PersonalData",
    "PersonalDataView",
    "PolicyChange",
    "ReadingPeriod",
    "Returnee",
    "RulesVersion",
    "TemperatureReading",
    "VisitorPass",
]
