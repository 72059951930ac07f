"""Every change of state writes one action log entry naming who made it, and the log keeps it.

The services are found by listing them: every public function under tenants/*/services that
takes `by`. Each needs a recipe below, so a new service cannot be added without showing that
it logs, and a service that stops logging fails here. A public service function that writes
(saves, updates, creates or deletes rows) must take `by`, unless it is one of the few helpers
listed in WRITES_WITHOUT_AN_ACTOR.
"""

import datetime
import importlib
import inspect
import pkgutil
import re
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django_tenants.utils import schema_context

import tenants
from accounts.access import Access
from accounts.roles import Role
from partners.models import ApiKey
from tenants.gate.policy import Category, Level, Rule
from tenants.gate.services import (
    escalations,
    isolation,
    needs,
    passes,
    personal_data,
    policy,
    retention,
    voids,
)
from tenants.gate.services import settings as gate_settings
from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.services.recording import record_entry_at
from tenants.history.actions import ACTIONS
from tenants.history.actors import System
from tenants.history.models import ActorKind, LogEntry
from tenants.history.services import log_action
from tenants.notices.services import notices, templates
from tenants.reports.services import produce_daily_report
from tenants.rosters.services import alerts, people, rotas, shifts
from tenants.sites.services import gates, places, sites
from tests.conftest import make_person, make_shift, shanghai
from tests.gate_fixtures import VALID_ID

pytestmark = pytest.mark.django_db


def service_modules():
    """(short name, module) of every tenants/*/services package module or services.py."""
    for app in Path(tenants.__file__).parent.iterdir():
        if app.name == "history":  # the log itself: its helpers take the actor they write down
            continue
        folder = app / "services"
        if folder.is_dir():
            for module_info in pkgutil.iter_modules([str(folder)]):
                name = f"tenants.{app.name}.services.{module_info.name}"
                yield module_info.name, importlib.import_module(name)
        elif (app / "services.py").is_file():
            yield app.name, importlib.import_module(f"tenants.{app.name}.services")


def public_services() -> dict[str, object]:
    """Every public function defined in a service module, as "module.function"."""
    found = {}
    for short, module in service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found[f"{short}.{name}"] = function
    return found


def takes_an_actor(function) -> bool:
    return "by" in inspect.signature(function).parameters


def services_that_take_an_actor() -> dict[str, object]:
    """Every public function of every tenants/*/services module with a `by` parameter."""
    return {
        name: function for name, function in public_services().items() if takes_an_actor(function)
    }


# A call that writes rows, as a service's own source shows it.
WRITES = re.compile(
    r"\.(save|update|create|delete|bulk_create|bulk_update|update_or_create|get_or_create)\("
)
# Public functions that write without an actor, each for a reason: nothing else may.
WRITES_WITHOUT_AN_ACTOR = {
    # The save shared by create_shift, update_shift and swap_shifts, which log the change.
    "shifts.save_shift",
}


RECIPES = {}


def recipe(name):
    """A way to call one service: given the fixtures, set up and return `call(by)`."""

    def register(prepare):
        RECIPES[name] = prepare
        return prepare

    return register


def today():
    return timezone.localdate()


@recipe("sites.create_site")
def _(get):
    fields = {"name": "新小区", "kind": "compound", "district": "xuhui",
              "sub_district": "湖南路街道", "address": "武康路 1 号", "households": 10}  # fmt: skip
    return lambda by: sites.create_site(by=by, **fields)


@recipe("sites.update_site")
def _(get):
    return lambda by: sites.update_site(get("site_a"), by=by, households=321)


@recipe("places.create_building")
def _(get):
    return lambda by: places.create_building(get("site_a"), by=by, name="9号楼", units=2)


@recipe("places.update_building")
def _(get):
    building = places.create_building(get("site_a"), by=None, name="9号楼", units=2)
    return lambda by: places.update_building(building, by=by, units=4)


@recipe("places.create_facility")
def _(get):
    return lambda by: places.create_facility(get("site_a"), by=by, kind="lift", location="3号楼")


@recipe("places.update_facility")
def _(get):
    facility = places.create_facility(get("site_a"), by=None, kind="lift", location="3号楼")
    return lambda by: places.update_facility(facility, by=by, location="4号楼")


@recipe("places.create_responsible_unit")
def _(get):
    site = get("site_a")
    return lambda by: places.create_responsible_unit(site, by=by, name="派出所", kind="company")


@recipe("places.update_responsible_unit")
def _(get):
    unit = places.create_responsible_unit(get("site_a"), by=None, name="派出所", kind="company")
    return lambda by: places.update_responsible_unit(unit, by=by, contact="王警官")


@recipe("gates.create_gate")
def _(get):
    return lambda by: gates.create_gate(get("site_a"), by=by, name="东门")


@recipe("gates.update_gate")
def _(get):
    return lambda by: gates.update_gate(get("gate_a"), by=by, minimum_on_duty=2)


@recipe("gates.change_gate_status")
def _(get):
    return lambda by: gates.change_gate_status(get("gate_a"), "sealed", by=by, reason="装修")


@recipe("gates.close_gate")
def _(get):
    return lambda by: gates.close_gate(get("gate_a"), by=by, reason="小包围")


@recipe("people.create_duty_person")
def _(get):
    company = get("company_a")
    return lambda by: people.create_duty_person(by=by, company=company, kind="guard", name="赵")


@recipe("people.update_duty_person")
def _(get):
    person, company = get("person_a"), get("company_a")
    return lambda by: people.update_duty_person(person, by=by, company=company, name="李四")


@recipe("people.give_login")
def _(get):
    person, company = get("phoneperson_a"), get("company_a")
    return lambda by: people.give_login(person, company=company, by=by)


def make_rota(get, by):
    return rotas.create_rota(
        get("site_a"), by=by, name="南门三班", gates=[get("gate_a")],
        slots=[["08:00", "20:00", 1]], people=[get("person_a")], starts_on=today(),
    )  # fmt: skip


@recipe("rotas.create_rota")
def _(get):
    return lambda by: make_rota(get, by)


@recipe("rotas.generate_shifts")
def _(get):
    rota = make_rota(get, None)
    return lambda by: rotas.generate_shifts(rota, by=by, first=today(), last=today())


@recipe("shifts.create_shift")
def _(get):
    gate, person = get("gate_a"), get("person_a")
    start = shanghai(2026, 12, 3, 8)
    return lambda by: shifts.create_shift(
        by=by,
        gate=gate,
        person=person,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
    )


@recipe("shifts.update_shift")
def _(get):
    return lambda by: shifts.update_shift(get("shift_a"), by=by, note="提前十分钟")


@recipe("shifts.delete_shift")
def _(get):
    return lambda by: shifts.delete_shift(get("shift_a"), by=by)


@recipe("shifts.swap_shifts")
def _(get):
    other = make_person(get("company_a"), name="王五")
    second = make_shift(
        get("company_a"), get("gate_a"), other, shanghai(2026, 12, 2, 6), shanghai(2026, 12, 2, 14)
    )
    return lambda by: shifts.swap_shifts(get("shift_a"), second, by=by)


@recipe("shifts.mark_absent")
def _(get):
    return lambda by: shifts.mark_absent(get("shift_a"), by=by, note="病假")


def a_notice(by, site):
    return notices.create_notice(
        by=by, kind="prevention", title={"zh-hans": "通知"}, body={"zh-hans": "戴口罩"},
        sites=[site],
    )  # fmt: skip


@recipe("notices.create_notice")
def _(get):
    return lambda by: a_notice(by, get("site_a"))


@recipe("notices.update_notice")
def _(get):
    notice = a_notice(None, get("site_a"))
    return lambda by: notices.update_notice(notice, by=by, body={"zh-hans": "勤洗手"})


@recipe("notices.publish_notice")
def _(get):
    notice = a_notice(None, get("site_a"))
    return lambda by: notices.publish_notice(notice, by=by)


@recipe("notices.withdraw_notice")
def _(get):
    notice = notices.publish_notice(a_notice(None, get("site_a")), by=None)
    return lambda by: notices.withdraw_notice(notice, by=by)


@recipe("templates.start_notice_from_template")
def _(get):
    site = get("site_a")
    return lambda by: templates.start_notice_from_template("prevention", by=by, site=site)


def resident():
    return EntryIn(uuid=uuid.uuid4(), category=Category.RESIDENT, temperature=Decimal("36.5"))


@recipe("entries.record_entry")
def _(get):
    return lambda by: record_entry(get("gate_a"), resident(), by=by)


@recipe("recording.record_entry_at")
def _(get):
    access = Access(role=Role.MANAGER, user=get("manager_a"))
    gate = get("gate_a")
    return lambda by: record_entry_at(access, gate.pk, resident(), by=by, now=timezone.now())


@recipe("escalations.open_escalation")
def _(get):
    return lambda by: escalations.open_escalation(site=get("site_a"), by=by, reasons=[])


@recipe("escalations.hand_over")
def _(get):
    return lambda by: escalations.hand_over(get("escalation_a"), to="120", by=by)


@recipe("escalations.close_escalation")
def _(get):
    case = escalations.hand_over(get("escalation_a"), to="120", by=None)
    return lambda by: escalations.close_escalation(case, note="已排除", by=by)


@recipe("isolation.register_returnee")
def _(get):
    data = isolation.ReturneeIn(
        uuid=uuid.uuid4(), name="王归沪", document_kind="id_card", document=VALID_ID,
        phone="13912345678", building="5", room="302", came_from="武汉",
        arrived_on=today() - datetime.timedelta(days=2),
    )  # fmt: skip
    return lambda by: isolation.register_returnee(get("site_a"), data, by=by)


@recipe("isolation.record_committee_registration")
def _(get):
    returnee = get("returnee_a")
    return lambda by: isolation.record_committee_registration(returnee, today(), by=by)


@recipe("isolation.place_under_observation")
def _(get):
    data = isolation.ObservationIn(
        name="邻居", building="5", room="301", phone="13912345670", starts_on=today()
    )
    return lambda by: isolation.place_under_observation(get("site_a"), data, by=by)


@recipe("isolation.extend_isolation")
def _(get):
    case = get("isolation_a")
    until = case.planned_end + datetime.timedelta(days=7)
    return lambda by: isolation.extend_isolation(case, until=until, reason="家属发热", by=by)


@recipe("isolation.end_isolation")
def _(get):
    case = get("isolation_a")
    return lambda by: isolation.end_isolation(
        case, on=today(), reason="转运", transferred=True, by=by
    )


@recipe("isolation.record_reading")
def _(get):
    case = get("isolation_a")
    return lambda by: isolation.record_reading(
        case, on=today(), period="morning", temperature=Decimal("36.4"), by=by
    )


@recipe("needs.open_need")
def _(get):
    case = get("isolation_a")
    return lambda by: needs.open_need(case, uuid=uuid.uuid4(), kind="water", details="", by=by)


@recipe("needs.assign_need")
def _(get):
    return lambda by: needs.assign_need(get("need_a"), to=get("person_a"), by=by)


@recipe("needs.close_need")
def _(get):
    return lambda by: needs.close_need(get("need_a"), note="已送达", by=by)


@recipe("personal_data.reveal")
def _(get):
    return lambda by: personal_data.reveal(get("returnee_a"), by=by)


@recipe("policy.switch_level")
def _(get):
    return lambda by: policy.switch_level([get("site_a")], Level.LEVEL_1, by=by)


@recipe("policy.change_policy")
def _(get):
    rules = {category: Rule.CONSENT for category in Category.values}
    return lambda by: policy.change_policy(
        get("site_a"), rules=rules, threshold=Decimal("37.5"), green_code_required=False,
        travel_reported=True, by=by,
    )  # fmt: skip


@recipe("settings.change_gate_settings")
def _(get):
    company = get("company_a")
    return lambda by: gate_settings.change_gate_settings(
        company, isolation_days=21, retention_days=30, by=by
    )


@recipe("settings.change_escalation_contacts")
def _(get):
    company = get("company_a")
    return lambda by: gate_settings.change_escalation_contacts(
        company,
        holding_place="南门内 临时留观点",
        contacts=[{"name": "急救", "phone": "120"}],
        by=by,
    )


@recipe("voids.void_entry")
def _(get):
    entry, _new = record_entry(get("gate_a"), resident(), by=None)
    return lambda by: voids.void_entry(entry, reason="重复登记", by=by)


@recipe("isolation.finish_elapsed_isolations")
def _(get):
    later = get("isolation_a").planned_end + datetime.timedelta(days=1)
    return lambda by: isolation.finish_elapsed_isolations(later, by=by)


@recipe("retention.remove_expired_personal_data")
def _(get):
    return lambda by: retention.remove_expired_personal_data(by=by)


@recipe("alerts.refresh_gap_alerts")
def _(get):
    return lambda by: alerts.refresh_gap_alerts(by=by)


def a_visit():
    return passes.PassIn(
        uuid=uuid.uuid4(), category=Category.VISITOR, name="山田花子", phone="+819012345678"
    )


@recipe("passes.create_pass")
def _(get):
    return lambda by: passes.create_pass(get("gate_a"), a_visit(), source="api", by=by)


@recipe("reports.produce_daily_report")
def _(get):
    return lambda by: produce_daily_report(today(), by=by)


SERVICES = services_that_take_an_actor()
WORLD = ("company_a", "site_a", "gate_a", "person_a", "shift_a", "escalation_a", "returnee_a",
         "isolation_a", "need_a")  # fmt: skip


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
