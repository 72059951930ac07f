"""The entry policy as a table: every category × level × consent × filing × temperature × code.

The expected table below is written from the two 2020 Shanghai reports (see docs), not read
from the code's presets: if the presets drift from the rules the city published, this fails.
"""

import dataclasses
import datetime
import itertools
import json
from decimal import Decimal

import pytest
from django.utils import translation

from tenants.gate.policy import (
    FIELDS_BY_CATEGORY,
    REQUIRED_BY_CATEGORY,
    Category,
    Entrant,
    Policy,
    Readings,
    Reason,
    decide,
    preset,
    reason_text,
)

TODAY = datetime.date(2020, 4, 3)
NORMAL_TEMPERATURE = Decimal("37.2")
FEVER = Decimal("37.3")

CATEGORIES = (
    "resident",
    "returning",
    "visitor",
    "courier",
    "domestic",
    "repair",
    "agent",
    "renovation",
    "other",
)
LEVELS = ("level_1", "level_2", "level_3", "normal")
COLOURS = ("green", "yellow", "red", "none")

ALLOWED, CONSENT, FILING, REFUSED = "allowed", "consent", "filing", "refused"

# 24 March 2020: the seven categories of non-residents and each one's condition.
LEVEL_2 = {
    "resident": ALLOWED,
    "returning": ALLOWED,
    "visitor": CONSENT,
    "courier": ALLOWED,
    "domestic": CONSENT,
    "repair": CONSENT,
    "agent": CONSENT,
    "renovation": FILING,
    "other": CONSENT,
}
EXPECTED_RULES = {
    # February 2020: couriers, estate agents and renovation crews stay out.
    "level_1": {**LEVEL_2, "courier": REFUSED, "agent": REFUSED, "renovation": REFUSED},
    "level_2": LEVEL_2,
    "level_3": {
        **LEVEL_2,
        "visitor": ALLOWED,
        "domestic": ALLOWED,
        "repair": ALLOWED,
        "other": ALLOWED,
    },
    "normal": {category: ALLOWED for category in CATEGORIES} | {"renovation": FILING},
}
GREEN_CODE_REQUIRED = {"level_1": True, "level_2": True, "level_3": True, "normal": False}
RESIDENTS = {"resident", "returning"}


def expected_decision(level, category, consent, filed, temperature, colour):
    """What a guard following the published rules does, and what they tell the person."""
    problems = []
    rule = EXPECTED_RULES[level][category]
    if rule == REFUSED:
        problems.append("category_refused")
    elif rule == CONSENT and not consent:
        problems.append("no_consent")
    elif rule == FILING and not filed:
        problems.append("not_filed")
    if GREEN_CODE_REQUIRED[level] and category not in RESIDENTS and colour != "green":
        problems.append("no_green_code")
    if temperature >= FEVER:
        return "escalate", ["fever", *problems]
    if problems:
        return "refuse", problems
    return "admit", ["admitted", "temperature_normal"]


def table() -> list:
    cases = []
    for level, category, consent, filed, temperature, colour in itertools.product(
        LEVELS, CATEGORIES, (True, False), (True, False), (NORMAL_TEMPERATURE, FEVER), COLOURS
    ):
        case_id = "-".join(
            (
                level,
                category,
                "consent" if consent else "no-consent",
                "filed" if filed else "unfiled",
                f"{temperature}C",
                f"{colour}-code",
            )
        )
        cases.append(pytest.param(level, category, consent, filed, temperature, colour, id=case_id))
    return cases


@pytest.mark.parametrize(
    ("level", "category", "consent", "filed", "temperature", "colour"), table()
)
def test_every_entrant_gets_the_decision_the_published_rules_give(
    level, category, consent, filed, temperature, colour
):
    entrant = Entrant(category=category, consent=consent, filed=filed, health_code=colour)
    decision = decide(preset(level), entrant, Readings(temperature=temperature, today=TODAY))

    outcome, codes = expected_decision(level, category, consent, filed, temperature, colour)
    assert decision.outcome == outcome
    assert [reason.code for reason in decision.reasons] == codes
    assert len(decision.messages) == len(codes)


def test_the_table_covers_every_combination_once():
    assert len(table()) == 4 * 9 * 2 * 2 * 2 * 4
    assert {category.value for category in Category} == set(CATEGORIES)


def test_a_fever_is_never_admitted_even_for_a_resident_at_normal_level():
    decision = decide(
        preset("normal"),
        Entrant(category="resident"),
        Readings(temperature=Decimal("39.5"), today=TODAY),
    )
    assert decision.outcome == "escalate"
    assert decision.reasons[0] == Reason("fever", {"temperature": "39.5", "threshold": "37.3"})


# Travel, isolation and the fever line.

RESIDENT = Entrant(category="resident")
NORMAL_READING = Readings(temperature=Decimal("36.6"), today=TODAY)


def test_travel_in_a_key_region_is_reported_when_the_policy_asks_for_it():
    traveller = dataclasses.replace(RESIDENT, key_region_travel=True)
    decision = decide(preset("level_2"), traveller, NORMAL_READING)
    assert decision.outcome == "escalate"
    assert [reason.code for reason in decision.reasons] == ["travel"]


def test_travel_in_a_key_region_is_not_reported_when_the_policy_does_not_ask():
    traveller = dataclasses.replace(RESIDENT, key_region_travel=True)
    policy = dataclasses.replace(preset("level_2"), travel_reported=False)
    assert decide(policy, traveller, NORMAL_READING).outcome == "admit"


def test_a_resident_without_travel_is_admitted_when_travel_is_reported():
    assert decide(preset("level_2"), RESIDENT, NORMAL_READING).outcome == "admit"


@pytest.mark.parametrize(
    "isolation_until",
    [TODAY, TODAY + datetime.timedelta(days=5)],
    ids=["last-day-is-today", "ends-in-five-days"],
)
def test_a_returnee_still_under_home_isolation_is_reported(isolation_until):
    returnee = Entrant(category="returning", isolation_until=isolation_until)
    decision = decide(preset("level_2"), returnee, NORMAL_READING)
    assert decision.outcome == "escalate"
    assert decision.reasons == (Reason("isolating", {"date": isolation_until.isoformat()}),)


def test_a_returnee_whose_isolation_ended_yesterday_is_admitted():
    returnee = Entrant(category="returning", isolation_until=TODAY - datetime.timedelta(days=1))
    assert decide(preset("level_2"), returnee, NORMAL_READING).outcome == "admit"


def test_a_lower_fever_line_makes_37_1_a_fever():
    policy = dataclasses.replace(preset("level_2"), threshold=Decimal("37.0"))
    decision = decide(policy, RESIDENT, Readings(temperature=Decimal("37.1"), today=TODAY))
    assert decision.outcome == "escalate"
    assert decision.reasons[0] == Reason("fever", {"temperature": "37.1", "threshold": "37.0"})
    below = decide(policy, RESIDENT, Readings(temperature=Decimal("36.9"), today=TODAY))
    assert below.outcome == "admit"


def test_every_reason_to_report_and_refuse_is_listed_together_with_the_fever_first():
    entrant = Entrant(
        category="courier",
        health_code="red",
        key_region_travel=True,
        isolation_until=TODAY,
    )
    decision = decide(preset("level_1"), entrant, Readings(temperature=FEVER, today=TODAY))
    assert decision.outcome == "escalate"
    assert [reason.code for reason in decision.reasons] == [
        "fever",
        "travel",
        "isolating",
        "category_refused",
        "no_green_code",
    ]


def test_a_category_a_custom_policy_does_not_name_is_refused():
    policy = Policy(level="level_3", rules={"resident": ALLOWED, "courier": ALLOWED})
    visitor = Entrant(category="visitor", consent=True, filed=True, health_code="green")
    decision = decide(policy, visitor, NORMAL_READING)
    assert decision.outcome == "refuse"
    assert [reason.code for reason in decision.reasons] == ["category_refused"]
    assert decide(policy, RESIDENT, NORMAL_READING).outcome == "admit"


# Reasons are stored as codes and read in the reader's language.


def test_a_fever_reason_reads_in_english_with_the_temperature():
    with translation.override("en"):
        decision = decide(preset("level_2"), RESIDENT, Readings(temperature=FEVER, today=TODAY))
        (message,) = decision.messages
    assert "37.3" in message
    assert message.startswith("Temperature 37.3 °C")


def test_a_refusal_names_the_category_and_level_by_their_labels_not_their_codes():
    courier = Entrant(category="courier", health_code="green")
    with translation.override("en"):
        (message,) = decide(preset("level_1"), courier, NORMAL_READING).messages
    assert message == "Courier, food delivery or mover may not enter under Level 1 response."


def test_a_missing_health_code_is_named_in_words():
    visitor = Entrant(category="visitor", consent=True)
    with translation.override("en"):
        (message,) = decide(preset("level_2"), visitor, NORMAL_READING).messages
    assert message == "Only a green health code passes; shown: Not shown."


@pytest.mark.parametrize("language", ["en", "zh-hans", "ja", "ko"])
def test_a_stored_reason_reads_the_same_as_the_decision_that_made_it(language):
    entrant = Entrant(
        category="agent",
        health_code="yellow",
        key_region_travel=True,
        isolation_until=datetime.date(2020, 4, 14),
    )
    decision = decide(preset("level_1"), entrant, Readings(temperature=FEVER, today=TODAY))
    stored = json.loads(json.dumps([reason.as_dict() for reason in decision.reasons]))

    assert [item["code"] for item in stored] == [reason.code for reason in decision.reasons]
    with translation.override(language):
        assert [reason_text(item["code"], item["params"]) for item in stored] == decision.messages


def test_an_isolation_reason_shows_its_last_day_as_the_reader_writes_dates():
    reason = Reason("isolating", {"date": "2020-04-14"})
    with translation.override("en"):
        assert str(reason) == "Under home isolation until 04/14/2020: report to the site office."
    with translation.override("ja"):
        assert "2020/04/14" in str(reason)


# What the guard asks each category for.


def test_a_resident_is_asked_for_nothing_but_the_temperature():
    assert FIELDS_BY_CATEGORY["resident"] == ()
    assert REQUIRED_BY_CATEGORY["resident"] == frozenset()


def test_a_returning_resident_must_give_a_document_phone_and_address():
    assert "document" in FIELDS_BY_CATEGORY["returning"]
    assert {"name", "document", "phone", "building", "room"} <= REQUIRED_BY_CATEGORY["returning"]


def test_every_category_has_its_questions():
    assert set(FIELDS_BY_CATEGORY) == set(CATEGORIES)
    assert set(REQUIRED_BY_CATEGORY) == set(CATEGORIES)


@pytest.mark.parametrize("category", sorted(set(CATEGORIES) - RESIDENTS))
def test_every_non_resident_is_asked_for_a_health_code_and_key_region_travel(category):
    assert {"health_code", "key_region_travel", "phone"} <= set(FIELDS_BY_CATEGORY[category])


@pytest.mark.parametrize("category", ["visitor", "domestic", "repair", "agent", "other"])
def test_whoever_may_need_a_household_s_consent_is_asked_for_it(category):
    assert "consent" in FIELDS_BY_CATEGORY[category]


def test_a_renovation_crew_is_asked_whether_the_owner_filed():
    assert "filed" in FIELDS_BY_CATEGORY["renovation"]
