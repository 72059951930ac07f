"""Cleaning and disinfection for partner apps: areas and their plans, slots, logs."""

from api.views.cleaning.logs import CleaningLogViewSet
from api.views.cleaning.plans import AreaViewSet, PlanTaskViewSet
from api.views.cleaning.slots import SlotViewSet

__all__ = ["AreaViewSet", "CleaningLogViewSet", "PlanTaskViewSet", "SlotViewSet"]
