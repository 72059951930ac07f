"""Every change of state writes one action log entry naming who made it, and the log keeps it.

The services are found by listing them: every public function under tenants/*/services that
takes `by`. Each needs a recipe in tests/history/action_log_recipes.py, so a new service cannot be added
without showing that it logs, and a service that stops logging fails here. A public service
function that writes (saves, updates, creates or deletes rows) must take `by`, unless it is one
of the few helpers listed in WRITES_WITHOUT_AN_ACTOR.
"""

import datetime
import inspect
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from accounts.access import Access
from accounts.roles import Role
from guanjia.actors import System
from partners.models import ApiKey
from tenants.gate.policy import Level
from tenants.gate.services import isolation, passes, policy
from tenants.gate.services.entries import record_entry
from tenants.gate.services.recording import record_entry_at
from tenants.history.actions import ACTIONS
from tenants.history.models import ActorKind, LogEntry
from tenants.history.services import log_action
from tenants.sites.services import gates
from tests.gate.gate_fixtures import VALID_ID
from tests.history.action_log_recipes import (
    RECIPES,
    SERVICES,
    WORLD,
    WRITES,
    WRITES_WITHOUT_AN_ACTOR,
    a_visit,
    public_services,
    resident,
    takes_an_actor,
)

pytestmark = pytest.mark.django_db


def test_every_service_that_takes_an_actor_has_a_recipe_here():
    assert sorted(set(SERVICES) - set(RECIPES)) == [], "add a recipe that calls it"
    assert sorted(set(RECIPES) - set(SERVICES)) == [], "a recipe for a service that is gone"


def test_every_service_that_writes_takes_an_actor():
    writing = {
        name
        for name, function in public_services().items()
        if not takes_an_actor(function) and WRITES.search(inspect.getsource(function))
    }
    assert sorted(writing - WRITES_WITHOUT_AN_ACTOR) == [], "give it `by=` and log"
    assert sorted(WRITES_WITHOUT_AN_ACTOR - writing) == [], "no longer writes without an actor"


@pytest.mark.parametrize("service", sorted(RECIPES))
def test_every_service_writes_one_log_entry_naming_the_person_who_acted(
    request, in_a, manager_a, service
):
    # Everything a recipe may use exists before counting: only the call itself may log.
    for name in WORLD:
        request.getfixturevalue(name)
    call = RECIPES[service](request.getfixturevalue)
    before = set(LogEntry.objects.values_list("pk", flat=True))
    with transaction.atomic():
        call(manager_a)
    new = list(LogEntry.objects.exclude(pk__in=before))
    assert len(new) == 1, [entry.action for entry in new]
    entry = new[0]
    assert (entry.actor_kind, entry.actor_user_id) == (ActorKind.USER, manager_a.pk)
    assert entry.actor_label == str(manager_a)
    assert entry.action in ACTIONS
    assert entry.object_label and entry.object_type


def test_a_partner_apps_change_is_logged_under_its_key(in_a, api_key_for, company_a, site_a):
    class PartnerApp:  # what api.authentication gives a request made with a key
        def __init__(self, api_key):
            self.api_key = api_key

    api_key_for(company_a, "read_write")
    with schema_context("public"):
        key = ApiKey.objects.filter(company=company_a).latest("pk")
    entry = log_action(site_a, "site.changed", by=PartnerApp(key))
    assert (entry.actor_kind, entry.actor_api_key_id) == (ActorKind.API_KEY, key.pk)
    assert entry.actor_label == key.name


def test_a_task_is_logged_under_its_own_name(in_a, gate_a):
    gates.change_gate_status(gate_a, "closed", by=System("gate_housekeeping"), reason="夜间")
    entry = LogEntry.objects.get(action="gate.status_changed")
    assert (entry.actor_kind, entry.actor_label) == (ActorKind.SYSTEM, "gate_housekeeping")
    assert entry.data == {"changes": {"status": ["open", "closed"]}, "reason": "夜间"}


def test_a_change_keeps_the_fields_before_and_after_and_the_names_at_the_time(
    in_a, manager_a, gate_a
):
    gates.update_gate(gate_a, by=manager_a, name="正门", minimum_on_duty=2)
    entry = LogEntry.objects.get(action="gate.changed")
    assert entry.data["changes"] == {"name": ["南门", "正门"], "minimum_on_duty": [1, 2]}
    assert (entry.object_type, entry.object_id, entry.object_label) == (
        "sites.gate",
        gate_a.pk,
        "正门",
    )
    assert entry.site_id == gate_a.site_id


def test_personal_numbers_are_masked_in_the_log(in_a, manager_a, returnee_a):
    entry = LogEntry.objects.get(action="returnee.registered")
    changes = entry.data["changes"]
    assert changes["phone"] == [None, "139****5678"]
    assert changes["document_number"] == [None, "110***********002X"]
    assert "13912345678" not in str(entry.data) and VALID_ID not in str(entry.data)


def test_an_entry_at_the_gate_is_logged_with_the_guard_and_the_entry(in_a, guard_a, gate_a):
    entry, _new = record_entry(gate_a, resident(), by=guard_a)
    logged = LogEntry.objects.get(action="entry.recorded")
    assert (logged.object_type, logged.object_id) == ("gate.entry", entry.pk)
    assert (logged.actor_user_id, logged.actor_label) == (guard_a.pk, str(guard_a))
    assert logged.site_id == gate_a.site_id
    # The entry is the record of what happened; its log row only says who recorded it.
    assert logged.data == {}


def test_an_entry_refused_for_changed_rules_leaves_no_log_entry(company_a, guard_a, gate_a):
    manager = Access(role=Role.MANAGER, user=guard_a)
    with schema_context(company_a.schema_name):
        record_entry_at(manager, gate_a.pk, resident(), by=guard_a, now=timezone.now())
        policy.switch_level([gate_a.site], Level.LEVEL_1, by=None)
        record_entry_at(manager, gate_a.pk, resident(), by=guard_a, now=timezone.now())
        recorded = LogEntry.objects.filter(action="entry.recorded").count()
    assert recorded == 2  # the second entry was decided again, once, and logged once


def test_the_log_refuses_to_be_changed_or_deleted_even_in_sql(in_a, manager_a, gate_a):
    gates.update_gate(gate_a, by=manager_a, name="正门")
    entry = LogEntry.objects.get(action="gate.changed")
    for change in (
        lambda: LogEntry.objects.filter(pk=entry.pk).update(actor_label="别人"),
        lambda: LogEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            change()
    assert LogEntry.objects.get(pk=entry.pk).actor_label == str(manager_a)


def test_a_new_company_cloned_from_the_template_refuses_changes_to_its_log_too(company_b, gate_b):
    with schema_context(company_b.schema_name):
        entry = LogEntry.objects.filter(action="gate.created").get()
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            LogEntry.objects.filter(pk=entry.pk).delete()


def test_another_companys_log_is_neither_seen_nor_changed_from_this_company(
    company_a, company_b, manager_a, gate_a, gate_b
):
    with schema_context(company_b.schema_name):
        gates.update_gate(gate_b, by=None, name="乙公司北门")
        theirs = set(LogEntry.objects.values_list("object_label", flat=True))
    with schema_context(company_a.schema_name):
        gates.update_gate(gate_a, by=manager_a, name="甲公司正门")
        ours = set(LogEntry.objects.values_list("object_label", flat=True))
        LogEntry.objects.create(actor_kind="system", action="gate.changed", object_type="x")
    assert "乙公司北门" in theirs and "乙公司北门" not in ours
    assert "甲公司正门" in ours and "甲公司正门" not in theirs
    with schema_context(company_b.schema_name):
        assert set(LogEntry.objects.values_list("object_label", flat=True)) == theirs


def test_only_known_actions_are_logged(in_a, gate_a):
    with pytest.raises(ValueError, match="gate.painted"):
        log_action(gate_a, "gate.painted", by=None)


def test_no_code_outside_the_tests_leaves_the_actor_out():
    """`by=None` is only for fixtures calling a service directly: everything else names who."""
    found = [
        f"{path}:{number}"
        for folder in ("api", "platform", "tasks", "tenants")
        for path in sorted((Path(settings.BASE_DIR) / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "by=None" in line and "/migrations/" not in str(path)
    ]
    assert found == []


def test_every_action_reads_in_every_language():
    for language in ("zh-hans", "en", "ja", "ko"):
        with translation.override(language):
            words = {code: str(phrase) for code, phrase in ACTIONS.items()}
        assert all(words.values())
        if language != "en":
            with translation.override("en"):
                english = {code: str(phrase) for code, phrase in ACTIONS.items()}
            assert all(words[code] != english[code] for code in ACTIONS), language


def test_a_nightly_run_logs_one_entry_with_its_counts_under_the_tasks_name(in_a, isolation_a):
    later = isolation_a.planned_end + datetime.timedelta(days=1)
    housekeeping = System("gate_housekeeping")
    assert isolation.finish_elapsed_isolations(later, by=housekeeping) == 1
    assert isolation.finish_elapsed_isolations(later, by=housekeeping) == 0
    runs = LogEntry.objects.filter(action="isolation.elapsed_finished").order_by("id")
    assert [(run.actor_kind, run.actor_label, run.data) for run in runs] == [
        (ActorKind.SYSTEM, "gate_housekeeping", {"count": 1}),
        (ActorKind.SYSTEM, "gate_housekeeping", {"count": 0}),
    ]


def test_a_pass_resent_with_the_same_id_is_logged_once(in_a, gate_a):
    visit = a_visit()
    for _ in range(2):
        passes.create_pass(gate_a, visit, source="form", by=System("visitor_form"))
    logged = LogEntry.objects.get(action="visitor_pass.created")
    assert (logged.actor_kind, logged.actor_label) == (ActorKind.SYSTEM, "visitor_form")
    # Neither the visitor's name and number nor the pass's code stay in the append-only log.
    assert "山田花子" not in str(logged.data) + logged.object_label
    assert "819012345678" not in str(logged.data)
