"""Where a guard, a manager or a partner app may record entries, and the gate an entry is for.

A guard records at the gate a current shift puts them at (from half an hour before it until
half an hour after), or at the open gates of the sites they are assigned to; everyone else
where they may see the site. The gate each entry names is looked up in one statement and the
answer is kept in the process; the entry's INSERT checks that the rules it was found under are
still the company's, so anything they depend on, changed, reaches the very next entry.
"""

import datetime
import json
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.access import Access
from accounts.roles import ApiScope, Role, partner_role
from tenants.gate.models import Entry, EntryPolicy, EscalationCase, RulesVersion
from tenants.gate.policy import Category, Level, Outcome, Rule
from tenants.gate.services.entries import EntryIn, RulesChanged, record_entry
from tenants.gate.services.gates import gate_for_recording, gates_for_recording
from tenants.gate.services.policy import change_policy, policy_for, switch_level
from tenants.gate.services.recording import record_entry_at
from tenants.rosters.models import DutyPerson, DutyPersonKind, Shift
from tenants.rosters.services.shifts import delete_shift, mark_absent, update_shift
from tenants.sites.models import Gate, GateStatus, Site
from tenants.sites.services.gates import change_gate_status
from tenants.sites.services.sites import update_site
from tests.conftest import make_gate, make_person, make_shift, make_site, shanghai

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def rules(**changes) -> dict[str, str]:
    return {**{category: Rule.CONSENT for category in Category.values}, **changes}


NIGHT = shanghai(2026, 12, 1, 23)


@pytest.fixture
def sites_of_a_guard(company_a, guard_a):
    """A guard on a night shift at one gate, assigned to another site, strangers to a third."""
    shift_site = make_site(company_a, name="天山小区")
    assigned = make_site(company_a, name="湾流公寓")
    stranger = make_site(company_a, name="古北小区")
    gates = {
        "shift": make_gate(company_a, shift_site, name="天山南门"),
        "shift_site_other": make_gate(company_a, shift_site, name="天山北门"),
        "assigned": make_gate(company_a, assigned, name="湾流东门"),
        "assigned_closed": make_gate(company_a, assigned, name="湾流西门"),
        "stranger": make_gate(company_a, stranger, name="古北正门"),
    }
    person = make_person(company_a, name="陈保安", kind=DutyPersonKind.GUARD, user=guard_a)
    night = (shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6))
    make_shift(company_a, gates["shift"], person, *night)
    # The same night at the north gate, but marked absent: that shift gives no right to record.
    absent = make_shift(company_a, gates["shift_site_other"], person, *night)
    # And a colleague's shift at the stranger's gate: someone else's shift is not theirs.
    colleague = make_person(company_a, name="王保安", kind=DutyPersonKind.GUARD)
    make_shift(company_a, gates["stranger"], colleague, *night)
    with schema_context(company_a.schema_name):
        mark_absent(absent, by=None)
        assigned.assigned_users.add(guard_a)
        change_gate_status(gates["assigned_closed"], GateStatus.CLOSED, by=None, reason="小包围")
    return gates


def names_for(company, access, now=NIGHT) -> set[str]:
    with schema_context(company.schema_name):
        return {gate.name for gate in gates_for_recording(access, now)}


def test_a_guard_records_at_their_shifts_gate_and_at_the_open_gates_of_their_sites(
    company_a, guard_a, sites_of_a_guard
):
    assert names_for(company_a, Access(role=Role.GUARD, user=guard_a)) == {"天山南门", "湾流东门"}


def test_a_guard_off_shift_records_only_at_their_sites(company_a, guard_a, sites_of_a_guard):
    afternoon = shanghai(2026, 12, 2, 15)
    assert names_for(company_a, Access(role=Role.GUARD, user=guard_a), afternoon) == {"湾流东门"}


def test_a_guard_may_record_a_little_before_their_shift_starts(
    company_a, guard_a, sites_of_a_guard
):
    just_before = shanghai(2026, 12, 1, 21, 45)
    assert "天山南门" in names_for(company_a, Access(role=Role.GUARD, user=guard_a), just_before)


def test_a_guard_never_records_at_a_closed_gate_even_on_shift_there(
    company_a, guard_a, sites_of_a_guard
):
    with schema_context(company_a.schema_name):
        change_gate_status(sites_of_a_guard["shift"], GateStatus.CLOSED, by=None, reason="封闭")
    assert names_for(company_a, Access(role=Role.GUARD, user=guard_a)) == {"湾流东门"}


def test_another_guard_records_nowhere_without_a_shift_or_a_site(
    make_member, company_a, sites_of_a_guard
):
    other = make_member(company_a, Role.GUARD, email="other-guard@alpha.test")
    assert names_for(company_a, Access(role=Role.GUARD, user=other)) == set()


def test_a_manager_records_at_every_open_gate_of_the_company_only(
    company_a, company_b, manager_a, sites_of_a_guard
):
    make_gate(company_b, make_site(company_b, name="乙公司小区"), name="乙公司大门")
    found = names_for(company_a, Access(role=Role.MANAGER, user=manager_a))
    assert {"天山南门", "天山北门", "湾流东门", "古北正门"} <= found
    assert not found & {"湾流西门", "乙公司大门"}


def test_a_guard_never_records_at_another_companys_gates(
    company_a, company_b, guard_a, sites_of_a_guard
):
    # Beta assigned alpha's guard to its site by mistake and even rostered a gate of the same name.
    site_b = make_site(company_b, name="乙公司小区")
    make_gate(company_b, site_b, name="乙公司大门")
    make_gate(company_b, site_b, name="天山南门")
    with schema_context(company_b.schema_name):
        site_b.assigned_users.add(guard_a)
    found = names_for(company_a, Access(role=Role.GUARD, user=guard_a))
    assert found == {"天山南门", "湾流东门"}
    with schema_context(company_a.schema_name):
        assert not Gate.objects.filter(name="乙公司大门").exists()


def test_nobody_without_access_records_anywhere(company_a, sites_of_a_guard):
    assert names_for(company_a, None) == set()


MOMENTS = {
    "afternoon": shanghai(2026, 12, 1, 15),
    "before the shift's grace": shanghai(2026, 12, 1, 21, 29),
    "in the grace before": shanghai(2026, 12, 1, 21, 30),
    "on shift": shanghai(2026, 12, 1, 23),
    "in the grace after": shanghai(2026, 12, 2, 6, 29),
    "after the grace": shanghai(2026, 12, 2, 6, 30),
}


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize(
    "who", ["guard", "other guard", "site manager", "manager", "partner", "outsider"]
)
def test_the_one_gate_an_entry_is_sent_for_follows_the_same_rule(
    make_member, company_a, guard_a, manager_a, site_manager_a, sites_of_a_guard, who, moment
):
    """The entry endpoints ask for one gate in a statement of their own; the answer is the
    list's, for every gate, whoever asks and whenever."""
    other_guard = make_member(company_a, Role.GUARD, email="other-guard@alpha.test")
    with schema_context(company_a.schema_name):
        sites_of_a_guard["assigned"].site.assigned_users.add(site_manager_a)
    access = {
        "guard": Access(role=Role.GUARD, user=guard_a),
        "other guard": Access(role=Role.GUARD, user=other_guard),
        "site manager": Access(role=Role.SITE_MANAGER, user=site_manager_a),
        "manager": Access(role=Role.MANAGER, user=manager_a),
        "partner": Access(role=partner_role(ApiScope.READ_WRITE)),
        "outsider": None,
    }[who]
    now = MOMENTS[moment]
    with schema_context(company_a.schema_name):
        listed = {gate.pk for gate in gates_for_recording(access, now)}
        found = [gate_for_recording(access, gate.pk, now) for gate in Gate.objects.all()]
    assert {gate.pk for gate in found if gate is not None} == listed


def test_the_one_gate_comes_with_its_sites_own_policy(in_a, gate_a, manager_a):
    change_policy(
        gate_a.site,
        rules=rules(resident="allowed", returning="allowed", agent="refused"),
        threshold=Decimal("37.5"),
        green_code_required=False,
        travel_reported=True,
        by=manager_a,
    )
    manager = Access(role=Role.MANAGER, user=manager_a)
    found = gate_for_recording(manager, gate_a.pk, timezone.now())
    policy = policy_for(found.site).as_policy()
    assert (found.pk, found.name, found.site.name) == (gate_a.pk, gate_a.name, gate_a.site.name)
    assert policy == policy_for(Site.objects.get(pk=gate_a.site_id)).as_policy()
    assert (policy.rules[Category.AGENT], policy.threshold) == (Rule.REFUSED, Decimal("37.5"))
    assert found.site.households == gate_a.site.households  # the rest loads when asked


def test_a_site_without_a_policy_of_its_own_follows_the_default(in_a, gate_a, manager_a):
    manager = Access(role=Role.MANAGER, user=manager_a)
    found = gate_for_recording(manager, gate_a.pk, timezone.now())
    assert policy_for(found.site).as_policy() == EntryPolicy.default_for(gate_a.site).as_policy()


# The kept answer


def as_guard(guard) -> Access:
    return Access(role=Role.GUARD, user=guard)


def resident() -> EntryIn:
    return EntryIn(uuid=uuid.uuid4(), category=Category.RESIDENT, temperature=Decimal("36.5"))


def courier() -> EntryIn:
    return EntryIn(
        uuid=uuid.uuid4(),
        category=Category.COURIER,
        temperature=Decimal("36.5"),
        name="王快递",
        phone="13912345678",
        health_code="green",
    )


def record_at(company, access, gate, moment, sent=None) -> Entry | None:
    """An entry sent for the gate as the endpoints send it; None if it was not allowed."""
    with schema_context(company.schema_name):
        try:
            return record_entry_at(access, gate.pk, sent or resident(), by=None, now=moment)[0]
        except Gate.DoesNotExist:
            return None


def recorded(company) -> int:
    with schema_context(company.schema_name):
        return Entry.objects.count()


def test_entries_after_the_first_find_their_gate_without_a_statement_of_their_own(
    company_a, guard_a, sites_of_a_guard
):
    gate = sites_of_a_guard["shift"]
    assert record_at(company_a, as_guard(guard_a), gate, NIGHT) is not None
    with schema_context(company_a.schema_name), CaptureQueriesContext(connection) as sent:
        again = record_entry_at(as_guard(guard_a), gate.pk, resident(), by=None, now=NIGHT)[0]
    # Besides the company's search path, and the savepoint the test's own transaction needs:
    # one statement, which keeps the entry and its action log entry together.
    statements = [
        query["sql"]
        for query in sent.captured_queries
        if not query["sql"].startswith(("SET ", "SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) == 1
    assert 'INSERT INTO "gate_entry"' in statements[0]
    assert 'INSERT INTO "history_logentry"' in statements[0]
    assert (again.gate_id, again.site_id, again.outcome) == (gate.pk, gate.site_id, "admit")
    assert recorded(company_a) == 2


def test_a_kept_right_to_record_ends_with_the_shifts_grace(company_a, guard_a, sites_of_a_guard):
    gate = sites_of_a_guard["shift"]
    asked = [
        record_at(company_a, as_guard(guard_a), gate, moment) is not None
        for moment in (NIGHT, shanghai(2026, 12, 2, 6, 29), shanghai(2026, 12, 2, 6, 30))
    ]
    assert asked == [True, True, False]


def test_a_kept_right_to_record_does_not_reach_back_before_the_shift(
    company_a, guard_a, sites_of_a_guard
):
    gate = sites_of_a_guard["shift"]
    assert record_at(company_a, as_guard(guard_a), gate, NIGHT) is not None
    assert record_at(company_a, as_guard(guard_a), gate, shanghai(2026, 12, 1, 21)) is None


def night_shift(gate) -> Shift:
    return Shift.objects.get(gate=gate, absent=False)


CHANGES = {
    "the shift is marked absent": lambda gates, company: mark_absent(
        night_shift(gates["shift"]), by=None
    ),
    "the shift moves to the afternoon": lambda gates, company: update_shift(
        night_shift(gates["shift"]),
        by=None,
        starts_at=shanghai(2026, 12, 1, 14),
        ends_at=shanghai(2026, 12, 1, 20),
    ),
    "the shift is deleted": lambda gates, company: delete_shift(
        night_shift(gates["shift"]), by=None
    ),
    "the gate is closed": lambda gates, company: change_gate_status(
        gates["shift"], GateStatus.CLOSED, by=None, reason="小包围"
    ),
    # Writes that pass no service and send no model signal: the database renews the version.
    "the shift is cancelled with QuerySet.update()": lambda gates, company: Shift.objects.filter(
        pk=night_shift(gates["shift"]).pk
    ).update(absent=True),
    "the shift is deleted with raw SQL": lambda gates, company: raw_sql(
        "DELETE FROM rosters_shift WHERE id = %s", night_shift(gates["shift"]).pk
    ),
    "the gate is sealed with raw SQL": lambda gates, company: raw_sql(
        "UPDATE sites_gate SET status = 'sealed' WHERE id = %s", gates["shift"].pk
    ),
    "the person's account is unlinked with QuerySet.update()": lambda gates, company: (
        DutyPerson.objects.filter(name="陈保安").update(user=None)
    ),
}


def raw_sql(statement: str, *params) -> None:
    """A change another program makes: SQL on the company's schema, nothing else."""
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


@pytest.mark.parametrize("change", CHANGES)
def test_a_roster_or_gate_change_takes_the_right_to_record_away_at_once(
    company_a, guard_a, sites_of_a_guard, change
):
    gate = sites_of_a_guard["shift"]
    assert record_at(company_a, as_guard(guard_a), gate, NIGHT) is not None
    with schema_context(company_a.schema_name):
        CHANGES[change](sites_of_a_guard, company_a)
    assert record_at(company_a, as_guard(guard_a), gate, NIGHT + MINUTE) is None
    assert recorded(company_a) == 1


def test_a_guard_taken_off_a_site_by_raw_sql_records_there_no_more(
    company_a, guard_a, sites_of_a_guard
):
    gate = sites_of_a_guard["assigned"]
    assert record_at(company_a, as_guard(guard_a), gate, NIGHT) is not None
    with schema_context(company_a.schema_name):
        raw_sql("DELETE FROM sites_site_assigned_users WHERE user_id = %s", guard_a.pk)
    assert record_at(company_a, as_guard(guard_a), gate, NIGHT + MINUTE) is None
    assert recorded(company_a) == 1


def test_a_write_to_one_company_leaves_another_companys_kept_answers_alone(
    company_a, company_b, gate_a, gate_b
):
    with schema_context(company_b.schema_name):
        before = RulesVersion.objects.get().token
    with schema_context(company_a.schema_name):
        raw_sql("UPDATE sites_gate SET name = name WHERE id = %s", gate_a.pk)
    with schema_context(company_b.schema_name):
        assert RulesVersion.objects.get().token == before


def test_the_gate_page_opens_at_the_shift_about_to_start(client_for, company_a, guard_a):
    """Twenty minutes before the shift, its gate is chosen over the sites' other gates."""
    assigned = make_site(company_a, name="A 湾流公寓")
    make_gate(company_a, assigned, name="A 东门")
    shift_site = make_site(company_a, name="Z 天山小区")
    shift_gate = make_gate(company_a, shift_site, name="Z 南门")
    person = make_person(company_a, name="陈保安", kind=DutyPersonKind.GUARD, user=guard_a)
    soon = timezone.now() + datetime.timedelta(minutes=20)
    make_shift(company_a, shift_gate, person, soon, soon + datetime.timedelta(hours=8))
    with schema_context(company_a.schema_name):
        assigned.assigned_users.add(guard_a)

    response = client_for(company_a, guard_a).get("/m/gate/")

    assert response.context["gate"].pk == shift_gate.pk
    assert {gate.name for gate in response.context["gates"]} == {"A 东门", "Z 南门"}


def test_a_guard_taken_off_a_site_records_there_no_more(company_a, guard_a, sites_of_a_guard):
    gate = sites_of_a_guard["assigned"]
    assert record_at(company_a, as_guard(guard_a), gate, NIGHT) is not None
    with schema_context(company_a.schema_name):
        update_site(gate.site, by=None, company=company_a, assigned_users=[])
    assert record_at(company_a, as_guard(guard_a), gate, NIGHT + MINUTE) is None
    assert recorded(company_a) == 1


def test_a_level_switch_decides_the_next_entry_at_once(in_a, gate_a, guard_a, manager_a):
    gate_a.site.assigned_users.add(guard_a)
    now = timezone.now()
    before = record_at(in_a, as_guard(guard_a), gate_a, now, courier())
    switch_level([gate_a.site], Level.LEVEL_1, by=manager_a)
    after = record_at(in_a, as_guard(guard_a), gate_a, now + MINUTE, courier())
    assert (before.outcome, after.outcome) == (Outcome.ADMIT, Outcome.REFUSE)
    assert [reason["code"] for reason in after.reasons] == ["category_refused"]


def test_a_renamed_gate_is_named_anew(in_a, gate_a, manager_a):
    manager = Access(role=Role.MANAGER, user=manager_a)
    assert record_at(in_a, manager, gate_a, timezone.now()).gate.name == gate_a.name
    gate_a.name = "新南门"
    gate_a.save()
    assert record_at(in_a, manager, gate_a, timezone.now()).gate.name == "新南门"


def test_a_change_made_elsewhere_reaches_this_process_too(in_a, gate_a, manager_a):
    """Another worker changes the policy: this process learns it from the database alone."""
    manager = Access(role=Role.MANAGER, user=manager_a)
    assert record_at(in_a, manager, gate_a, timezone.now(), courier()).outcome == Outcome.ADMIT
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO gate_entrypolicy (site_id, level, rules, threshold, green_code_required,"
            " travel_reported, updated_at) VALUES (%s, %s, %s, 37.3, true, true, now())",
            [gate_a.site_id, Level.LEVEL_1, json.dumps(rules(courier=Rule.REFUSED))],
        )
    assert record_at(in_a, manager, gate_a, timezone.now(), courier()).outcome == Outcome.REFUSE


@pytest.mark.parametrize("temperature", ["36.5", "38.2"], ids=["plain", "opens a case"])
def test_an_entry_decided_under_older_rules_is_not_kept(in_a, gate_a, temperature):
    sent = EntryIn(uuid=uuid.uuid4(), category=Category.RESIDENT, temperature=Decimal(temperature))
    with pytest.raises(RulesChanged):
        record_entry(gate_a, sent, by=None, rules=uuid.uuid4())
    assert (Entry.objects.count(), EscalationCase.objects.count()) == (0, 0)
    entry, created = record_entry(gate_a, sent, by=None, rules=RulesVersion.objects.get().token)
    assert created and Entry.objects.get().pk == entry.pk


def test_a_kept_gate_belongs_to_its_company_alone(company_a, company_b, gate_a, gate_b):
    """Each company numbers its gates itself: the same number at beta is beta's own gate."""
    partner = Access(role=partner_role(ApiScope.READ_WRITE))
    assert record_at(company_a, partner, gate_a, timezone.now()).gate.name == gate_a.name
    with schema_context(company_b.schema_name):
        Gate.objects.filter(pk=gate_b.pk).update(id=gate_a.pk)
    entry = record_at(company_b, partner, gate_a, timezone.now())
    assert (entry.gate.name, entry.site_id) == (gate_b.name, gate_b.site_id)
    assert (recorded(company_a), recorded(company_b)) == (1, 1)
