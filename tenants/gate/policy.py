"""Entry policy: who may enter a site at which response level, decided by one pure function.

Nothing here touches the database: a policy, an entrant and the readings taken at the gate go
in, a decision with its reasons comes out. The gate view, the API and the tests all call
`decide()`, so a guard's phone and a partner's app can never disagree about the rules.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy


class Category(models.TextChoices):
    RESIDENT = "resident", gettext_lazy("Resident")
    RETURNING = "returning", gettext_lazy("Returning resident or tenant")
    VISITOR = "visitor", gettext_lazy("Visitor of a household")
    COURIER = "courier", gettext_lazy("Courier, food delivery or mover")
    DOMESTIC = "domestic", gettext_lazy("Domestic or care worker")
    REPAIR = "repair", gettext_lazy("Utility repair")
    AGENT = "agent", gettext_lazy("Estate agent and client")
    RENOVATION = "renovation", gettext_lazy("Renovation crew")
    OTHER = "other", gettext_lazy("Other")


# Residents live here: they show no health code and need nobody's consent.
RESIDENT_CATEGORIES = frozenset({Category.RESIDENT, Category.RETURNING})


class Rule(models.TextChoices):
    ALLOWED = "allowed", gettext_lazy("Allowed")
    CONSENT = "consent", gettext_lazy("Allowed with the household's consent")
    FILING = "filing", gettext_lazy("Allowed after filing")
    REFUSED = "refused", gettext_lazy("Refused")


class Level(models.TextChoices):
    LEVEL_1 = "level_1", gettext_lazy("Level 1 response")
    LEVEL_2 = "level_2", gettext_lazy("Level 2 response")
    LEVEL_3 = "level_3", gettext_lazy("Level 3 response")
    NORMAL = "normal", gettext_lazy("Normal")


class HealthCode(models.TextChoices):
    GREEN = "green", gettext_lazy("Green")
    YELLOW = "yellow", gettext_lazy("Yellow")
    RED = "red", gettext_lazy("Red")
    NOT_SHOWN = "none", gettext_lazy("Not shown")


class Outcome(models.TextChoices):
    ADMIT = "admit", gettext_lazy("Admit")
    REFUSE = "refuse", gettext_lazy("Refuse")
    ESCALATE = "escalate", gettext_lazy("Do not admit: report")


ABNORMAL_TEMPERATURE = Decimal("37.3")


@dataclass(frozen=True)
class Policy:
    """A site's entry rules: a rule for every category, the fever line and the two checks."""

    level: str
    rules: Mapping[str, str]
    threshold: Decimal = ABNORMAL_TEMPERATURE
    green_code_required: bool = True
    travel_reported: bool = True

    def rule_for(self, category: str) -> str:
        # A category the policy does not name is refused: a gap in the rules never opens the gate.
        return self.rules.get(category, Rule.REFUSED)


def _rules(**overrides: str) -> dict[str, str]:
    """The level-2 rules of 24 March 2020 with some categories changed."""
    rules = {
        Category.RESIDENT: Rule.ALLOWED,
        Category.RETURNING: Rule.ALLOWED,
        Category.VISITOR: Rule.CONSENT,
        Category.COURIER: Rule.ALLOWED,
        Category.DOMESTIC: Rule.CONSENT,
        Category.REPAIR: Rule.CONSENT,
        Category.AGENT: Rule.CONSENT,
        Category.RENOVATION: Rule.FILING,
        Category.OTHER: Rule.CONSENT,
    }
    rules.update({Category(name): rule for name, rule in overrides.items()})
    return {str(category): str(rule) for category, rule in rules.items()}


PRESETS: dict[str, Policy] = {
    # February 2020: couriers and estate agents barred; renovation was suspended until the
    # level-2 rules of March let crews in after filing.
    Level.LEVEL_1: Policy(
        Level.LEVEL_1, _rules(courier=Rule.REFUSED, agent=Rule.REFUSED, renovation=Rule.REFUSED)
    ),
    # 24 March 2020: the seven categories of non-residents, each with its condition.
    Level.LEVEL_2: Policy(Level.LEVEL_2, _rules()),
    # Level 3: visitors and workers come in freely; the health code and the fever line stay.
    Level.LEVEL_3: Policy(
        Level.LEVEL_3,
        _rules(
            visitor=Rule.ALLOWED, domestic=Rule.ALLOWED, repair=Rule.ALLOWED, other=Rule.ALLOWED
        ),
    ),
    Level.NORMAL: Policy(
        Level.NORMAL,
        _rules(
            visitor=Rule.ALLOWED,
            domestic=Rule.ALLOWED,
            repair=Rule.ALLOWED,
            agent=Rule.ALLOWED,
            other=Rule.ALLOWED,
        ),
        green_code_required=False,
    ),
}


def preset(level: str) -> Policy:
    """The built-in policy of a response level."""
    return PRESETS[Level(level)]


@dataclass(frozen=True)
class Entrant:
    """Who stands at the gate, as the guard or the visitor's own form described them."""

    category: str
    consent: bool = False
    filed: bool = False
    health_code: str = HealthCode.NOT_SHOWN
    key_region_travel: bool = False
    # For a known returnee: the last day of their home isolation, if it has not ended.
    isolation_until: datetime.date | None = None


@dataclass(frozen=True)
class Readings:
    """What the guard measured now."""

    temperature: Decimal
    today: datetime.date


# Each reason is kept as a code and parameters, so a record made in Chinese reads in Japanese
# for a Japanese manager. Parameters named here are shown by their label, not their code.
_LABELS = {"category": Category, "level": Level, "colour": HealthCode}

REASON_TEXTS = {
    "fever": gettext_lazy(
        "Temperature %(temperature)s °C is at or above %(threshold)s °C: "
        "do not admit, report and hand over."
    ),
    "travel": gettext_lazy(
        "Travel in a key region in the last 14 days: report for health management."
    ),
    "isolating": gettext_lazy("Under home isolation until %(date)s: report to the site office."),
    "category_refused": gettext_lazy("%(category)s may not enter under %(level)s."),
    "no_green_code": gettext_lazy("Only a green health code passes; shown: %(colour)s."),
    "no_consent": gettext_lazy("%(category)s may enter only with the household's consent."),
    "not_filed": gettext_lazy(
        "Renovation crews may enter only after the owner's filing and commitment letter."
    ),
    "admitted": gettext_lazy("%(category)s: may enter."),
    "temperature_normal": gettext_lazy("Temperature normal: %(temperature)s °C."),
}


@dataclass(frozen=True)
class Reason:
    """One reason for a decision: a code and its parameters, read in the current language."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return reason_text(self.code, self.params)

    def as_dict(self) -> dict:
        return {"code": self.code, "params": dict(self.params)}


def reason_text(code: str, params: Mapping[str, str]) -> str:
    """A stored reason in the current language."""
    values = {}
    for name, value in params.items():
        if name in _LABELS:
            values[name] = _LABELS[name](value).label
        elif name == "date":
            values[name] = date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        else:
            values[name] = value
    return str(REASON_TEXTS[code]) % values


@dataclass(frozen=True)
class Decision:
    """Admit, refuse or escalate, with every reason that led there."""

    outcome: str
    reasons: tuple[Reason, ...]

    @property
    def messages(self) -> list[str]:
        return [str(reason) for reason in self.reasons]


def decide(policy: Policy, entrant: Entrant, readings: Readings) -> Decision:
    """Check one entrant against a site's policy: the gate's whole rule book in one place.

    Every failed check is listed, so the guard can explain all of them at once. A reason to
    report (fever, travel, isolation) outranks a refusal: the person must not walk away
    unreported.
    """
    category = Category(entrant.category)
    temperature = f"{readings.temperature:.1f}"
    escalations: list[Reason] = []
    refusals: list[Reason] = []

    if readings.temperature >= policy.threshold:
        escalations.append(
            Reason("fever", {"temperature": temperature, "threshold": f"{policy.threshold:.1f}"})
        )
    if policy.travel_reported and entrant.key_region_travel:
        escalations.append(Reason("travel"))
    if entrant.isolation_until is not None and entrant.isolation_until >= readings.today:
        escalations.append(Reason("isolating", {"date": entrant.isolation_until.isoformat()}))

    rule = policy.rule_for(category)
    if rule == Rule.REFUSED:
        refusals.append(Reason("category_refused", {"category": category, "level": policy.level}))
    elif rule == Rule.CONSENT and not entrant.consent:
        refusals.append(Reason("no_consent", {"category": category}))
    elif rule == Rule.FILING and not entrant.filed:
        refusals.append(Reason("not_filed"))
    if (
        policy.green_code_required
        and category not in RESIDENT_CATEGORIES
        and entrant.health_code != HealthCode.GREEN
    ):
        refusals.append(Reason("no_green_code", {"colour": entrant.health_code}))

    if escalations:
        return Decision(Outcome.ESCALATE, tuple(escalations + refusals))
    if refusals:
        return Decision(Outcome.REFUSE, tuple(refusals))
    return Decision(
        Outcome.ADMIT,
        (
            Reason("admitted", {"category": category}),
            Reason("temperature_normal", {"temperature": temperature}),
        ),
    )


# What the guard asks each category for, beyond the temperature (always taken). A resident
# needs nothing else: their entry is three taps and a temperature.
_NON_RESIDENT = ("name", "phone", "health_code", "key_region_travel")
_HOUSEHOLD = ("building", "room")
FIELDS_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    Category.RESIDENT: (),
    Category.RETURNING: ("name", "document", "phone", "building", "room", "key_region_travel"),
    Category.VISITOR: (*_NON_RESIDENT, *_HOUSEHOLD, "consent"),
    Category.COURIER: (*_NON_RESIDENT, "vehicle_plate"),
    Category.DOMESTIC: (*_NON_RESIDENT, *_HOUSEHOLD, "consent"),
    Category.REPAIR: (*_NON_RESIDENT, *_HOUSEHOLD, "consent"),
    Category.AGENT: (*_NON_RESIDENT, *_HOUSEHOLD, "consent"),
    Category.RENOVATION: (*_NON_RESIDENT, *_HOUSEHOLD, "filed", "vehicle_plate"),
    Category.OTHER: (*_NON_RESIDENT, *_HOUSEHOLD, "consent"),
}
# Of those, the ones an entry cannot be recorded without (the yes/no questions default to no).
REQUIRED_BY_CATEGORY: dict[str, frozenset[str]] = {
    category: frozenset(fields) & {"name", "document", "phone", "building", "room"}
    for category, fields in FIELDS_BY_CATEGORY.items()
}
