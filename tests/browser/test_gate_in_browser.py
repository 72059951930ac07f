"""The guard's phone at the gate, in Chromium at 375 px: entries are kept while the network is
down and sent once, and the phone's decision preview follows the server's rules."""

import datetime
import itertools
import re
import time
from decimal import Decimal

import pytest
from django.utils import translation
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from tenants.gate.models import Entry, EscalationCase
from tenants.gate.policy import (
    Category,
    Entrant,
    HealthCode,
    Level,
    Outcome,
    Readings,
    decide,
    preset,
)

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375


def record_resident(page: Page, temperature: str) -> None:
    """Three taps and a temperature: the resident tile, the reading, Record."""
    page.locator(".gate-tile:has(input[value='resident'])").tap()
    page.locator("#f-temperature").fill(temperature)
    page.locator("button.gate-record").tap()


def waiting(count: int) -> re.Pattern:
    """The #pending text naming `count`, in whatever language it is written."""
    return re.compile(rf"(?<!\d){count}(?!\d)")


def outcome_class(outcome: str) -> re.Pattern:
    return re.compile(rf"(^|\s)outcome-{outcome}(\s|$)")


def gate_queue(company) -> str:
    """The name of the gate's queue in the phone pages' shared offline queue (offline-queue.js)."""
    return f"gate:{company.schema_name}"


def queued_on_the_phone(page: Page, company) -> list[dict]:
    return page.evaluate("name => GuanjiaQueue.open(name).items()", gate_queue(company))


def entries_eventually(company, gate, count: int) -> list[Entry]:
    """The gate's entries once the server holds `count` of them (at most 10 s): the phone
    shows its decision before its queue has sent the entry."""
    deadline = time.monotonic() + 10
    while len(entries := entries_at(company, gate)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return entries


def until_sent(page: Page, company) -> None:
    """Wait until the phone's queue of gate entries is empty (at most 10 s)."""
    page.evaluate(
        """name => new Promise((resolve, reject) => {
            const queue = GuanjiaQueue.open(name);
            const deadline = Date.now() + 10000;
            const check = () => queue.count().then((count) => {
                if (count === 0) resolve();
                else if (Date.now() > deadline) reject(new Error(count + " still queued"));
                else setTimeout(check, 50);
            });
            check();
        })""",
        gate_queue(company),
    )


def put_back(page: Page, company, item: dict) -> None:
    """Put an entry in the phone's queue again, as it was or changed."""
    page.evaluate(
        "([name, item]) => GuanjiaQueue.open(name).enqueue(item)", [gate_queue(company), item]
    )


def entries_at(company, gate) -> list[Entry]:
    # The server has committed them; this test's own transaction sees committed rows.
    with schema_context(company.schema_name):
        return list(Entry.objects.filter(gate=gate))


def test_a_guard_records_four_entries_across_a_network_drop_and_the_server_keeps_four(
    browser_company, at_the_gate
):
    visit = at_the_gate("断网小区")
    page, context = visit.page, visit.page.context
    pending = page.locator("#pending")
    result = page.locator("#result")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    record_resident(page, "36.5")
    expect(result).to_have_class(outcome_class(Outcome.ADMIT))
    # The decision shows at once; "Recorded." once the server has the entry.
    with translation.override("zh-hans"):
        recorded = translation.gettext("Recorded.")
    expect(page.locator("#result .gate-note")).to_have_text(recorded)
    expect(pending).to_be_hidden()

    context.set_offline(True)
    expect(page.locator("#network")).to_be_visible()
    for count in (1, 2, 3):
        record_resident(page, "36.6")
        expect(pending).to_have_text(waiting(count))
    # The count is what is checked; its wording is the translations' tests' to check.
    expect(pending).to_be_visible()
    expect(result).to_be_visible()
    expect(result).to_have_class(outcome_class(Outcome.ADMIT))
    assert len(entries_at(browser_company, visit.gate)) == 1  # the three wait on the phone

    context.set_offline(False)
    expect(pending).to_be_hidden()

    entries = entries_at(browser_company, visit.gate)
    assert len(entries) == 4
    assert len({entry.uuid for entry in entries}) == 4
    assert {entry.recorded_by_id for entry in entries} == {visit.guard.pk}
    assert {entry.outcome for entry in entries} == {Outcome.ADMIT}


def test_a_resent_entry_is_never_recorded_twice(browser_company, at_the_gate):
    visit = at_the_gate("重发小区")
    page, context = visit.page, visit.page.context
    pending = page.locator("#pending")

    context.set_offline(True)
    record_resident(page, "36.4")
    expect(pending).to_have_text(waiting(1))
    [queued] = queued_on_the_phone(page, browser_company)
    context.set_offline(False)
    expect(pending).to_be_hidden()
    [sent] = entries_at(browser_company, visit.gate)

    # As if the answer had been lost: the phone still holds the entry and sends it again.
    with page.expect_response(
        lambda response: (
            response.url.endswith("/m/gate/entries/") and response.request.method == "POST"
        )
    ) as answer:
        put_back(page, browser_company, queued)
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
    assert answer.value.status == 200  # the first record, not a new one
    until_sent(page, browser_company)
    expect(pending).to_be_hidden()
    assert [entry.uuid for entry in entries_at(browser_company, visit.gate)] == [sent.uuid]


def phone_policy(level: str) -> dict:
    """A preset as the gate page hands it to the phone."""
    policy = preset(level)
    return {
        "level": str(policy.level),
        "rules": dict(policy.rules),
        "threshold": str(policy.threshold),
        "greenCodeRequired": policy.green_code_required,
        "travelReported": policy.travel_reported,
    }


def test_the_phone_previews_the_same_decision_as_the_server_for_every_case(at_the_gate):
    page = at_the_gate("规则对照小区").page
    policies = {level: phone_policy(level) for level in Level.values}
    today = datetime.date(2026, 12, 1)
    cases = []
    expected = []
    for level, category, consent, filed, colour, travel, temperature in itertools.product(
        Level.values,
        Category.values,
        (False, True),
        (False, True),
        HealthCode.values,
        (False, True),
        ("37.2", "37.3"),
    ):
        entrant = {
            "category": category,
            "consent": consent,
            "filed": filed,
            "health_code": colour,
            "key_region_travel": travel,
        }
        cases.append({"entrant": entrant, "temperature": float(temperature), "policy": level})
        decision = decide(preset(level), Entrant(**entrant), Readings(Decimal(temperature), today))
        expected.append(
            {
                "outcome": str(decision.outcome),
                "reasons": [[reason.code, dict(reason.params)] for reason in decision.reasons],
            }
        )

    previews = page.evaluate(
        """([cases, policies]) => cases.map(
            ({entrant, temperature, policy}) =>
                window.guanjiaDecide(entrant, temperature, policies[policy])
        )""",
        [cases, policies],
    )

    disagreements = [
        f"{case['policy']} {case['entrant']} {case['temperature']}: phone {phone}, server {server}"
        for case, phone, server in zip(cases, previews, expected, strict=True)
        if phone != server
    ]
    assert not disagreements, f"{len(disagreements)} of {len(cases)} differ:\n" + "\n".join(
        disagreements[:20]
    )


def test_a_fever_shows_escalate_and_opens_an_escalation_case_once_sent(
    browser_company, at_the_gate
):
    visit = at_the_gate("发热小区")
    page = visit.page
    result = page.locator("#result")

    record_resident(page, "37.8")

    expect(result).to_be_visible()
    expect(result).to_have_class(outcome_class(Outcome.ESCALATE))
    expect(result.locator(".gate-reasons")).to_contain_text("37.8")
    # The decision shows at once; the server's answer follows when it has the entry.
    [entry] = entries_eventually(browser_company, visit.gate, 1)
    expect(page.locator("#pending")).to_be_hidden()
    expect(result).to_have_class(outcome_class(Outcome.ESCALATE))  # the server agrees
    assert entry.outcome == Outcome.ESCALATE
    with schema_context(browser_company.schema_name):
        case = EscalationCase.objects.get(entry=entry)
    assert case.temperature == Decimal("37.8")
    assert case.gate_id == visit.gate.pk


def test_an_entry_whose_id_was_used_for_another_entry_leaves_the_queue_with_a_message(
    browser_company, at_the_gate
):
    visit = at_the_gate("冲突小区")
    page, context = visit.page, visit.page.context

    context.set_offline(True)
    record_resident(page, "36.4")
    [queued] = queued_on_the_phone(page, browser_company)
    context.set_offline(False)
    expect(page.locator("#pending")).to_be_hidden()
    [sent] = entries_at(browser_company, visit.gate)

    # The same id with another entry (a phone's bug, a tampered queue) can never be recorded.
    context.set_offline(True)
    queued["data"]["temperature"] = "36.9"
    put_back(page, browser_company, queued)
    page.close()
    context.set_offline(False)
    # The guard opens the gate page again; its 409 is expected, unlike in page_for's pages.
    reopened = context.new_page()
    errors = []
    reopened.on("pageerror", lambda error: errors.append(error))
    with reopened.expect_response(
        lambda response: (
            response.url.endswith("/m/gate/entries/") and response.request.method == "POST"
        )
    ) as answer:
        reopened.goto("/m/gate/")
    assert answer.value.status == 409
    until_sent(reopened, browser_company)
    expect(reopened.locator("#pending")).to_be_hidden()
    expect(reopened.locator("#problems")).to_contain_text(str(sent.uuid))
    assert not errors
    assert [entry.uuid for entry in entries_at(browser_company, visit.gate)] == [sent.uuid]
