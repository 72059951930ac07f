"""The gate's API: entries, passes and escalations; home isolation."""

from api.views.gate.entries import EntryViewSet, EscalationViewSet, VisitorPassViewSet
from api.views.gate.isolation import (
    IsolationCaseViewSet,
    NeedViewSet,
    ReturneeViewSet,
    TemperatureReadingViewSet,
)

__all__ = [
    "EntryViewSet",
    "EscalationViewSet",
    "IsolationCaseViewSet",
    "NeedViewSet",
    "ReturneeViewSet",
    "TemperatureReadingViewSet",
    "VisitorPassViewSet",
]
