"""Recording entries at a gate, the policy behind them, and the escalations they open.

Everyone's temperature is taken; 37.3 °C and above is reported, handed over and followed up,
and nobody with an abnormal reading is let in. Who else may enter depends on the response level.
"""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.access import Access
from accounts.roles import Role
from tenants.gate.models import (
    Entry,
    EscalationCase,
    EscalationStatus,
    PolicyChange,
)
from tenants.gate.policy import Category, Rule
from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.services.escalations import close_escalation, hand_over
from tenants.gate.services.gates import gates_for_recording
from tenants.gate.services.isolation import ObservationIn, place_under_observation
from tenants.gate.services.policy import change_policy, policy_for, switch_level
from tenants.sites.models import Gate
from tests.conftest import make_site
from tests.gate.gate_fixtures import VALID_ID

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

OTHER_ID = "310104198001011239"
BAD_CHECK_DIGIT = "110105194912310021"  # VALID_ID with a wrong last character
PHONE = "13812345678"


def arrival(category=Category.RESIDENT, temperature="36.5", **fields) -> EntryIn:
    """Someone at the gate as the guard's phone describes them."""
    return EntryIn(
        uuid=fields.pop("uuid", None) or uuid.uuid4(),
        category=category,
        temperature=Decimal(temperature),
        **fields,
    )


def visitor(**fields) -> EntryIn:
    values = {
        "name": "李访客",
        "phone": PHONE,
        "building": "3",
        "room": "201",
        "consent": True,
        "health_code": "green",
        **fields,
    }
    return arrival(Category.VISITOR, **values)


def courier(**fields) -> EntryIn:
    values = {"name": "王快递", "phone": "13912345678", "health_code": "green", **fields}
    return arrival(Category.COURIER, **values)


def codes(entry) -> list[str]:
    return [reason["code"] for reason in entry.reasons]


def fresh(gate) -> Gate:
    """The gate as the next request loads it, with its site's current policy."""
    return gates_for_recording(Access(role=Role.MANAGER), timezone.now()).get(pk=gate.pk)


# One record per entry


def test_an_entry_sent_twice_is_recorded_once(in_a, gate_a, guard_a):
    sent = arrival()
    first, created = record_entry(gate_a, sent, by=guard_a)
    again, created_again = record_entry(gate_a, sent, by=guard_a)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Entry.objects.filter(site=gate_a.site).count() == 1


def test_an_entry_resent_with_a_fever_opens_only_one_escalation(in_a, gate_a):
    sent = arrival(temperature="38.0")
    record_entry(gate_a, sent, by=None)
    record_entry(gate_a, sent, by=None)
    assert EscalationCase.objects.filter(site=gate_a.site).count() == 1


# What the policy decides


def test_a_resident_at_a_normal_temperature_is_admitted_with_the_reasons(in_a, gate_a, guard_a):
    entry, _created = record_entry(gate_a, arrival(temperature="36.5"), by=guard_a)
    assert (entry.decision, entry.outcome) == ("admit", "admit")
    assert codes(entry) == ["admitted", "temperature_normal"]
    assert "36.5" in entry.reason_texts[1]
    assert entry.recorded_by == guard_a
    assert entry.site == gate_a.site


def test_a_visitor_without_the_households_consent_is_refused(in_a, gate_a):
    entry, _created = record_entry(gate_a, visitor(consent=False), by=None)
    assert (entry.decision, entry.outcome) == ("refuse", "refuse")
    assert codes(entry) == ["no_consent"]
    assert not EscalationCase.objects.filter(entry=entry).exists()


def test_a_visitor_without_a_green_health_code_is_refused(in_a, gate_a):
    entry, _created = record_entry(gate_a, visitor(health_code="yellow"), by=None)
    assert entry.outcome == "refuse"
    assert codes(entry) == ["no_green_code"]


def test_a_temperature_of_37_3_opens_one_escalation_linked_to_the_entry(in_a, gate_a, guard_a):
    entry, _created = record_entry(gate_a, visitor(temperature="37.3"), by=guard_a)
    assert (entry.decision, entry.outcome) == ("escalate", "escalate")
    assert "fever" in codes(entry)
    cases = EscalationCase.objects.filter(site=gate_a.site)
    assert [case.entry_id for case in cases] == [entry.pk]
    case = cases.get()
    assert case.status == EscalationStatus.REPORTED
    assert (case.gate, case.temperature, case.person_name) == (gate_a, Decimal("37.3"), "李访客")
    assert case.reported_by == guard_a and case.reported_at is not None


def test_a_temperature_of_37_2_is_normal_and_opens_no_escalation(in_a, gate_a):
    entry, _created = record_entry(gate_a, arrival(temperature="37.2"), by=None)
    assert entry.outcome == "admit"
    assert not EscalationCase.objects.filter(site=gate_a.site).exists()


def test_travel_in_a_key_region_is_reported_even_at_a_normal_temperature(in_a, gate_a):
    entry, _created = record_entry(gate_a, visitor(key_region_travel=True), by=None)
    assert entry.outcome == "escalate"
    assert codes(entry) == ["travel"]
    assert entry.escalation.status == EscalationStatus.REPORTED


# A guard overriding the decision


def test_letting_in_someone_the_policy_refuses_needs_a_written_reason(in_a, gate_a):
    with pytest.raises(ValidationError) as refused:
        record_entry(gate_a, visitor(consent=False, override_outcome="admit"), by=None)
    assert "override_reason" in refused.value.message_dict
    assert not Entry.objects.filter(site=gate_a.site).exists()


def test_an_override_keeps_the_decision_and_records_the_outcome_and_its_reason(in_a, gate_a):
    sent = visitor(consent=False, override_outcome="admit", override_reason="  住户电话确认同意  ")
    entry, _created = record_entry(gate_a, sent, by=None)
    entry.refresh_from_db()
    assert (entry.decision, entry.outcome) == ("refuse", "admit")
    assert entry.override_reason == "住户电话确认同意"
    assert entry.overridden
    assert list(Entry.objects.overridden()) == [entry]


def test_asking_for_the_decision_the_policy_made_is_no_override(in_a, gate_a):
    entry, _created = record_entry(gate_a, visitor(override_outcome="admit"), by=None)
    assert (entry.decision, entry.outcome, entry.override_reason) == ("admit", "admit", "")


@pytest.mark.parametrize("wanted", ["admit", "refuse"])
def test_someone_to_be_reported_cannot_be_let_in_or_sent_away(in_a, gate_a, wanted):
    sent = visitor(temperature="38.2", override_outcome=wanted, override_reason="家属担保体温正常")
    with pytest.raises(ValidationError) as refused:
        record_entry(gate_a, sent, by=None)
    assert "override_outcome" in refused.value.message_dict
    assert not Entry.objects.filter(site=gate_a.site).exists()
    assert not EscalationCase.objects.filter(site=gate_a.site).exists()


# What is stored


def test_a_resident_entry_keeps_no_personal_data_it_was_given(in_a, gate_a):
    sent = arrival(
        name="张居民",
        phone=PHONE,
        document=VALID_ID,
        building="1",
        room="101",
        vehicle_plate="沪A12345",
        consent=True,
        health_code="red",
    )
    entry, _created = record_entry(gate_a, sent, by=None)
    stored = Entry.objects.values().get(pk=entry.pk)
    for field in (
        "name",
        "document_kind",
        "document_number",
        "document_hash",
        "phone",
        "phone_hash",
        "building",
        "room",
        "vehicle_plate",
    ):
        assert stored[field] == "", field
    assert (stored["consent"], stored["health_code"]) == (False, "none")
    assert entry.outcome == "admit"


def test_a_courier_entry_keeps_the_plate_but_no_household(in_a, gate_a):
    entry, _created = record_entry(
        gate_a, courier(building="3", room="201", vehicle_plate=" 沪B54321 "), by=None
    )
    entry.refresh_from_db()
    assert (entry.building, entry.room, entry.vehicle_plate) == ("", "", "沪B54321")
    assert entry.phone == "+8613912345678"


def test_an_entry_without_its_required_fields_names_every_one_and_saves_nothing(in_a, gate_a):
    with pytest.raises(ValidationError) as refused:
        record_entry(gate_a, arrival(Category.VISITOR, consent=True), by=None)
    assert set(refused.value.message_dict) == {"name", "phone", "building", "room"}
    assert not Entry.objects.filter(site=gate_a.site).exists()


def test_a_returning_resident_needs_an_id_or_passport_number(in_a, gate_a):
    sent = arrival(Category.RETURNING, name="王归沪", phone=PHONE, building="5", room="302")
    with pytest.raises(ValidationError) as refused:
        record_entry(gate_a, sent, by=None)
    assert set(refused.value.message_dict) == {"document"}


def test_an_id_card_number_with_a_wrong_check_digit_is_refused(in_a, gate_a):
    sent = arrival(
        Category.RETURNING,
        name="王归沪",
        document=BAD_CHECK_DIGIT,
        phone=PHONE,
        building="5",
        room="302",
    )
    with pytest.raises(ValidationError) as refused:
        record_entry(gate_a, sent, by=None)
    assert list(refused.value.message_dict) == ["document"]
    assert not Entry.objects.filter(site=gate_a.site).exists()


@pytest.mark.parametrize("phone", ["12345678901", "021-62345678", "not a phone"])
def test_an_invalid_mobile_number_is_refused(in_a, gate_a, phone):
    with pytest.raises(ValidationError) as refused:
        record_entry(gate_a, visitor(phone=phone), by=None)
    assert list(refused.value.message_dict) == ["phone"]


@pytest.mark.parametrize("temperature", ["30.0", "45.0"])
def test_an_impossible_temperature_is_refused(in_a, gate_a, temperature):
    with pytest.raises(ValidationError) as refused:
        record_entry(gate_a, arrival(temperature=temperature), by=None)
    assert list(refused.value.message_dict) == ["temperature"]


def test_an_unknown_category_is_refused(in_a, gate_a):
    with pytest.raises(ValidationError) as refused:
        record_entry(gate_a, arrival("tourist"), by=None)
    assert list(refused.value.message_dict) == ["category"]


# When it happened


def test_an_entry_kept_offline_is_dated_when_it_happened(in_a, gate_a):
    now = timezone.now()
    earlier = now - datetime.timedelta(hours=3)
    entry, _created = record_entry(gate_a, arrival(recorded_at=earlier), by=None, now=now)
    assert entry.recorded_at == earlier


@pytest.mark.parametrize("ahead", [datetime.timedelta(minutes=3), datetime.timedelta(minutes=60)])
def test_a_phone_clock_ahead_of_the_server_never_dates_an_entry_in_the_future(in_a, gate_a, ahead):
    now = timezone.now()
    entry, _created = record_entry(gate_a, arrival(recorded_at=now + ahead), by=None, now=now)
    entry.refresh_from_db()
    assert entry.recorded_at == now


def test_an_entry_dated_hours_ahead_is_refused_and_not_recorded(in_a, gate_a):
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        record_entry(
            gate_a, arrival(recorded_at=now + datetime.timedelta(hours=2)), by=None, now=now
        )
    assert list(refused.value.message_dict) == ["recorded_at"]
    assert not Entry.objects.exists()


# The three checks on a known person


def test_someone_under_home_isolation_is_reported_when_they_come_to_the_gate(in_a, site_a, gate_a):
    today = timezone.localdate()
    case = place_under_observation(
        site_a,
        ObservationIn(
            name="王归沪",
            building="5",
            room="302",
            phone="13912345678",
            starts_on=today - datetime.timedelta(days=3),
            document=VALID_ID,
        ),
        by=None,
    )
    sent = arrival(
        Category.RETURNING,
        name="王归沪",
        document=VALID_ID.lower(),
        phone="13700001111",
        building="5",
        room="302",
    )
    entry, _created = record_entry(gate_a, sent, by=None)
    assert entry.outcome == "escalate"
    assert codes(entry) == ["isolating"]
    assert entry.reasons[0]["params"] == {"date": case.planned_end.isoformat()}
    assert entry.escalation.status == EscalationStatus.REPORTED


def test_someone_else_coming_back_is_not_taken_for_the_isolated_person(in_a, site_a, gate_a):
    place_under_observation(
        site_a,
        ObservationIn(
            name="王归沪",
            building="5",
            room="302",
            phone="13912345678",
            starts_on=timezone.localdate(),
            document=VALID_ID,
        ),
        by=None,
    )
    sent = arrival(
        Category.RETURNING, name="赵归沪", document=OTHER_ID, phone=PHONE, building="6", room="101"
    )
    entry, _created = record_entry(gate_a, sent, by=None)
    assert entry.outcome == "admit"


# Response levels and the site's rules


def test_a_site_follows_the_level_2_rules_until_a_manager_sets_a_level(in_a, site_a, gate_a):
    assert policy_for(site_a).level == "level_2"
    entry, _created = record_entry(gate_a, courier(), by=None)
    assert entry.outcome == "admit"


def test_switching_to_level_1_refuses_couriers_at_once_and_records_who_switched(
    in_a, site_a, gate_a, manager_a
):
    changes = switch_level([site_a], "level_1", by=manager_a)
    assert [(c.site, c.from_level, c.to_level, c.changed_by) for c in changes] == [
        (site_a, "level_2", "level_1", manager_a)
    ]
    assert PolicyChange.objects.filter(site=site_a).count() == 1
    assert changes[0].policy["rules"]["courier"] == "refused"

    entry, _created = record_entry(fresh(gate_a), courier(), by=None)
    assert entry.outcome == "refuse"
    assert codes(entry) == ["category_refused"]
    assert entry.reasons[0]["params"] == {"category": "courier", "level": "level_1"}


def test_switching_several_sites_records_a_change_for_each(in_a, company_a, site_a, manager_a):
    other = make_site(company_a, name="中紫小区")
    changes = switch_level([site_a, other], "level_3", by=manager_a)
    assert sorted(c.site.name for c in changes) == sorted([site_a.name, other.name])
    assert {c.to_level for c in changes} == {"level_3"}


def test_switching_to_the_level_a_site_is_on_records_nothing(in_a, site_a, manager_a):
    switch_level([site_a], "level_1", by=manager_a)
    assert switch_level([site_a], "level_1", by=manager_a) == []
    assert PolicyChange.objects.filter(site=site_a).count() == 1


def test_an_unknown_level_is_refused(in_a, site_a, manager_a):
    with pytest.raises(ValidationError) as refused:
        switch_level([site_a], "level_9", by=manager_a)
    assert list(refused.value.message_dict) == ["level"]
    assert not PolicyChange.objects.filter(site=site_a).exists()


def rules(**changes) -> dict[str, str]:
    return {**{category: Rule.CONSENT for category in Category.values}, **changes}


def test_a_manager_refuses_estate_agents_at_one_site_and_the_change_is_recorded(
    in_a, site_a, gate_a, manager_a
):
    change = change_policy(
        site_a,
        rules=rules(resident="allowed", returning="allowed", agent="refused"),
        threshold=Decimal("37.3"),
        green_code_required=True,
        travel_reported=True,
        by=manager_a,
    )
    assert (change.from_level, change.to_level, change.changed_by) == (
        "level_2",
        "level_2",
        manager_a,
    )
    agent = arrival(
        Category.AGENT,
        name="链家张",
        phone=PHONE,
        building="3",
        room="201",
        consent=True,
        health_code="green",
    )
    entry, _created = record_entry(fresh(gate_a), agent, by=None)
    assert codes(entry) == ["category_refused"]


def test_a_lower_fever_line_reports_lower_temperatures(in_a, site_a, gate_a, manager_a):
    change_policy(
        site_a,
        rules=rules(resident="allowed"),
        threshold=Decimal("37.0"),
        green_code_required=True,
        travel_reported=True,
        by=manager_a,
    )
    entry, _created = record_entry(fresh(gate_a), arrival(temperature="37.1"), by=None)
    assert entry.outcome == "escalate"


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(
            {category: "allowed" for category in Category.values if category != "agent"},
            id="a category missing",
        ),
        pytest.param(rules(agent="sometimes"), id="an unknown rule"),
        pytest.param({**rules(), "tourist": "allowed"}, id="an unknown category"),
    ],
)
def test_rules_that_do_not_cover_every_category_are_refused(in_a, site_a, manager_a, given):
    with pytest.raises(ValidationError) as refused:
        change_policy(
            site_a,
            rules=given,
            threshold=Decimal("37.3"),
            green_code_required=True,
            travel_reported=True,
            by=manager_a,
        )
    assert list(refused.value.message_dict) == ["rules"]
    assert not PolicyChange.objects.filter(site=site_a).exists()


def test_an_unreasonable_fever_line_is_refused(in_a, site_a, manager_a):
    with pytest.raises(ValidationError) as refused:
        change_policy(
            site_a,
            rules=rules(),
            threshold=Decimal("40.0"),
            green_code_required=True,
            travel_reported=True,
            by=manager_a,
        )
    assert "threshold" in refused.value.message_dict
    assert not PolicyChange.objects.filter(site=site_a).exists()


# Escalations: report, hand over, close


@pytest.fixture
def escalation(in_a, gate_a, guard_a):
    entry, _created = record_entry(gate_a, visitor(temperature="38.1"), by=guard_a)
    return entry.escalation


def test_a_handover_says_to_whom(escalation, site_manager_a):
    with pytest.raises(ValidationError) as refused:
        hand_over(escalation, to="   ", by=site_manager_a)
    assert list(refused.value.message_dict) == ["handed_over_to"]
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.REPORTED


def test_a_case_is_handed_over_and_closed_with_times_and_people_recorded(
    escalation, site_manager_a, manager_a
):
    before = timezone.now()
    case = hand_over(escalation, to="天山社区卫生服务中心", by=site_manager_a)
    case = close_escalation(case, note="核酸阴性，已回家", by=manager_a)
    case.refresh_from_db()
    assert case.status == EscalationStatus.CLOSED
    assert (case.handed_over_to, case.handed_over_by) == ("天山社区卫生服务中心", site_manager_a)
    assert (case.closing_note, case.closed_by) == ("核酸阴性，已回家", manager_a)
    assert before <= case.handed_over_at <= case.closed_at <= timezone.now()
    assert list(EscalationCase.objects.open()) == []


def test_a_case_is_handed_over_before_it_is_closed(escalation, manager_a):
    with pytest.raises(ValidationError):
        close_escalation(escalation, note="已处理", by=manager_a)
    escalation.refresh_from_db()
    assert (escalation.status, escalation.closed_at) == (EscalationStatus.REPORTED, None)


def test_closing_a_case_needs_a_note(escalation, manager_a):
    case = hand_over(escalation, to="120", by=manager_a)
    with pytest.raises(ValidationError) as refused:
        close_escalation(case, note="", by=manager_a)
    assert list(refused.value.message_dict) == ["closing_note"]
    case.refresh_from_db()
    assert case.status == EscalationStatus.HANDED_OVER


def test_a_case_is_handed_over_and_closed_only_once(escalation, manager_a):
    case = hand_over(escalation, to="120", by=manager_a)
    with pytest.raises(ValidationError):
        hand_over(case, to="居委会", by=manager_a)
    close_escalation(case, note="已送医", by=manager_a)
    with pytest.raises(ValidationError):
        close_escalation(case, note="再次关闭", by=manager_a)
    case.refresh_from_db()
    assert (case.handed_over_to, case.closing_note) == ("120", "已送医")
