"""The services that take an actor (`by`) and a recipe calling each, for tests/history/test_action_log.py.

The services are found by listing them: every public function under tenants/*/services that
takes `by`. Each needs a recipe here, so a new service cannot be added without showing that it
logs: `@recipe("module.function")` on a function that, given a way to get fixtures by name
(`get("site_a")`), sets up what the service needs and returns `call(by)`. The walking test
makes the fixtures in WORLD, runs the recipe, and only then starts counting: `call(manager)`
must write exactly one log entry naming the manager.
"""

import datetime
import importlib
import inspect
import pkgutil
import re
import uuid
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

import tenants
from accounts.access import Access
from accounts.roles import Role
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
from tenants.notices.services import notices, templates
from tenants.reports.services import produce_daily_report
from tenants.rosters.services import alerts, people, rotas, shifts
from tenants.sites.services import gates, places, sites
from tests.conftest import make_person, make_shift, shanghai
from tests.gate.gate_fixtures import VALID_ID


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


# The cleaning services' recipes live in their own module, which registers them here.
import tests.history.action_log_recipes_cleaning  # noqa: E402, F401

SERVICES = services_that_take_an_actor()
WORLD = ("company_a", "site_a", "gate_a", "person_a", "shift_a", "escalation_a", "returnee_a",
         "isolation_a", "need_a")  # fmt: skip
