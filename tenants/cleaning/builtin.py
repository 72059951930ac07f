"""Built-in cleaning plans per kind of area, from the city's epidemic rules: public areas
disinfected several times a day, lift-button film replaced daily, bins washed daily, a bin of
its own for used masks, and the shared kitchen disinfected twice a day while it is open."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from tenants.cleaning.models import FrequencyChoice, TaskKind
from tenants.sites.models import FacilityKind

# Stored in the language of the manager who applies the plan, like anything they type.
CHLORINE = _("Chlorine disinfectant")
CHLORINE_500 = "500 mg/L"


@dataclass(frozen=True)
class BuiltinTask:
    """One task of a built-in plan."""

    kind: str
    frequency: str
    times: tuple[str, ...] = ()
    every_hours: int | None = None
    agent: str = ""  # a lazy translation, made text when the plan is applied
    concentration: str = ""
    contact_minutes: int | None = None
    grace_minutes: int = 60


def _disinfect(*times: str) -> BuiltinTask:
    return BuiltinTask(
        TaskKind.DISINFECT,
        FrequencyChoice.FIXED_TIMES,
        times=times,
        agent=CHLORINE,
        concentration=CHLORINE_500,
        contact_minutes=30,
    )


def _daily(kind: str, **extra) -> BuiltinTask:
    return BuiltinTask(kind, FrequencyChoice.DAILY, grace_minutes=0, **extra)


@dataclass(frozen=True)
class BuiltinPlan:
    """The tasks every area of one kind is given, and how the plan is described."""

    area_kind: str
    summary: str
    tasks: tuple[BuiltinTask, ...] = field(default_factory=tuple)


BUILTIN_PLANS = {
    plan.area_kind: plan
    for plan in (
        BuiltinPlan(
            FacilityKind.STAIRWELL,
            _("Disinfected three times a day (08:00, 14:00, 20:00)."),
            (_disinfect("08:00", "14:00", "20:00"),),
        ),
        BuiltinPlan(
            FacilityKind.LIFT,
            _("Disinfected four times a day; the button film replaced daily."),
            (
                _disinfect("08:00", "12:00", "16:00", "20:00"),
                _daily(TaskKind.LIFT_FILM),
            ),
        ),
        BuiltinPlan(
            FacilityKind.RUBBISH_ROOM,
            _("Disinfected twice a day; bins washed and the used-mask bin emptied daily."),
            (
                _disinfect("08:00", "20:00"),
                _daily(TaskKind.WASH_BINS),
                _daily(TaskKind.MASK_BIN),
            ),
        ),
        BuiltinPlan(
            FacilityKind.GARAGE,
            _("Disinfected twice a day (09:00, 21:00) and ventilated daily."),
            (_disinfect("09:00", "21:00"), _daily(TaskKind.VENTILATE)),
        ),
        BuiltinPlan(
            FacilityKind.SHARED_KITCHEN,
            _("Disinfected after every 4 hours open: twice a day for a kitchen open 8 hours."),
            (
                BuiltinTask(
                    TaskKind.DISINFECT,
                    FrequencyChoice.EVERY_N_HOURS,
                    every_hours=4,
                    agent=CHLORINE,
                    concentration=CHLORINE_500,
                    contact_minutes=30,
                ),
            ),
        ),
        BuiltinPlan(
            FacilityKind.PARCEL_POINT,
            _("Disinfected twice a day (09:00, 15:00)."),
            (_disinfect("09:00", "15:00"),),
        ),
    )
}
