"""Who may use the gate's pages and API: rows of the permission table.

Guards, managers and site managers record at the gate (a guard only where a shift or an
assignment puts them: the table's guard has neither, so alpha's gate is "not found" for
them); viewers and partner keys read; read-write keys record and follow up cases; only
managers see full personal numbers. Visitors' forms and passes need no one at all.
"""

import datetime

from tenants.gate.policy import Category
from tests.project.permission_table import API_ANON, PORTAL_ANON, expect

TODAY = datetime.date.today().isoformat()
# An extension's new last day: within 12 weeks of the isolation's first day.
IN_A_MONTH = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
RECORD_GET = expect(403, **PORTAL_ANON, manager=200, site_manager=200, guard=200)
VIEW = expect(403, **PORTAL_ANON, manager=200, site_manager=200, viewer=200)
READ = expect(403, **API_ANON, manager=200, site_manager=200, viewer=200, partner_read=200,
              partner_read_write=200)  # fmt: skip
REVEAL = expect(403, **API_ANON, manager=200)
# The managers' gate pages: viewers read; managers and site managers act; only managers reveal.
POLICY = expect(403, **PORTAL_ANON, manager=200, site_manager=200)
PORTAL_REVEAL = expect(403, **PORTAL_ANON, manager=200)


def portal_change(code):
    return expect(403, **PORTAL_ANON, manager=code, site_manager=code)


def change(code, guard=403):
    return expect(403, **API_ANON, manager=code, site_manager=code, partner_read_write=code,
                  guard=guard)  # fmt: skip


def portal_record(code, guard):
    return expect(403, **PORTAL_ANON, manager=code, site_manager=code, guard=guard)


ENTRY_JSON = {"uuid": "7d0c5a52-1f3e-4c39-9d0e-2f1b1b7a9c01", "gate": "{gate}",
              "category": "resident", "temperature": "36.5"}  # fmt: skip
RETURNEE_FORM = {"uuid": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "site": "{site}", "name": "张归沪",
                 "document_kind": "id_card", "document": "11010519491231002X",
                 "phone": "13812345678", "building": "1", "room": "101", "came_from": "温州",
                 "arrived_on": TODAY}  # fmt: skip
VISITOR_FORM = {"uuid": "5f0b6c1e-8d2a-4f7e-9a3b-6c4d2e1f0a9b", "category": "visitor",
                "name": "山田花子", "phone": "+81 90-1234-5678", "building": "3", "room": "201",
                "health_code": "green"}  # fmt: skip

PORTAL_ROWS = [
    ("GET", "/m/gate/", None, RECORD_GET),
    ("POST", "/m/gate/entries/", ENTRY_JSON, portal_record(201, guard=404)),
    ("POST", "/m/gate/checks/", {"gate": "{gate}", "phone": "13812345678"}, portal_record(200, guard=404)),
    ("GET", "/m/gate/pass/?code=ab-cdef", None, portal_record(302, guard=302)),
    ("GET", "/m/gate/pass/{passcode}/", None, portal_record(200, guard=404)),
    ("GET", "/m/gate/returnees/new/", None, RECORD_GET),
    # A guard's own entries of today; the table's entry was recorded by none of them.
    ("GET", "/m/gate/today/", None, RECORD_GET),
    ("POST", "/m/gate/today/{entry}/void/", {"reason": "重复登记"}, portal_record(404, guard=404)),
    # The table's guard may record at no site: the site they chose is refused.
    ("POST", "/m/gate/returnees/new/", RETURNEE_FORM, portal_record(302, guard=400)),
    ("GET", "/gates/{gate}/visitor-poster.pdf", None, VIEW),
    # Visitors need nothing but the poster's address.
    ("GET", "/visit/{visitortoken}/", None, expect(200)),
    ("POST", "/visit/{visitortoken}/", VISITOR_FORM, expect(302, regulator=403)),
    ("GET", "/visit/{visitortoken}/pass/{passcode}/", None, expect(200)),
]  # fmt: skip

POLICY_FORM = {**{f"rule_{category}": "allowed" for category in Category.values},
               "threshold": "37.3", "green_code_required": "on"}  # fmt: skip
OBSERVATION_FORM = {"site": "{site}", "name": "刘观察", "building": "2", "room": "202",
                    "phone": "13812345678", "document_kind": "id_card", "starts_on": TODAY}  # fmt: skip

PORTAL_ROWS += [
    ("GET", "/sites/{site}/entry-policy/", None, VIEW),
    ("GET", "/sites/{site}/entry-policy/level/", None, POLICY),
    ("POST", "/sites/{site}/entry-policy/level/", {"level": "level_1"}, portal_change(302)),
    ("GET", "/sites/{site}/entry-policy/edit/", None, POLICY),
    ("POST", "/sites/{site}/entry-policy/edit/", POLICY_FORM, portal_change(302)),
    ("GET", "/entry-policy/level/", None, POLICY),
    ("POST", "/entry-policy/level/", {"level": "level_3"}, portal_change(302)),
    ("GET", "/entries/", None, VIEW),
    ("GET", "/entries/?overridden=1", None, VIEW),
    ("GET", "/entries/{entry}/", None, VIEW),
    ("POST", "/entries/{entry}/reveal/", None, PORTAL_REVEAL),
    ("POST", "/entries/{entry}/void/", {"reason": "重复登记"}, portal_change(302)),
    ("GET", "/escalations/", None, VIEW),
    ("GET", "/escalations/{escalation}/", None, VIEW),
    ("POST", "/escalations/{escalation}/hand-over/", {"handed_over_to": "社区卫生服务中心"}, portal_change(302)),
    # Closing needs a hand-over first: the callers who may close are told so.
    ("POST", "/escalations/{escalation}/close/", {"closing_note": "已送医"}, portal_change(400)),
    ("GET", "/isolation/", None, VIEW),
    ("GET", "/isolation/new/", None, POLICY),
    ("POST", "/isolation/new/", OBSERVATION_FORM, portal_change(302)),
    ("GET", "/isolation/{isolation}/", None, VIEW),
    ("POST", "/isolation/{isolation}/reveal/", None, PORTAL_REVEAL),
    ("POST", "/isolation/{isolation}/readings/", {"on": TODAY, "period": "morning", "temperature": "36.4"}, portal_change(302)),
    ("POST", "/isolation/{isolation}/extend/", {"until": IN_A_MONTH, "reason": "家人发热"}, portal_change(302)),
    ("POST", "/isolation/{isolation}/end/", {"on": TODAY, "reason": "转运隔离点", "transferred": "on"}, portal_change(302)),
    ("POST", "/isolation/{isolation}/committee/", {"committee_registered_on": TODAY}, portal_change(302)),
    ("POST", "/isolation/{isolation}/needs/new/", {"uuid": "4e5f6071-8293-4a4b-9c5d-6e7f80910a1b", "kind": "water"}, portal_change(302)),
    ("GET", "/needs/", None, VIEW),
    ("POST", "/needs/{need}/assign/", {"assigned_to": "{person}"}, portal_change(302)),
    ("POST", "/needs/{need}/close/", {"closing_note": "已送两桶水"}, portal_change(302)),
    ("GET", "/gate-settings/", None, expect(403, **PORTAL_ANON, manager=200)),
    ("POST", "/gate-settings/", {"isolation_days": "14", "retention_days": "28"}, expect(403, **PORTAL_ANON, manager=302)),
]  # fmt: skip

API_ENTRY = {**ENTRY_JSON, "uuid": "0e8b7d6c-5a4f-4e3d-8c2b-1a0f9e8d7c6b", "temperature": 36.5}
API_PASS = {"uuid": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "gate": "{gate}", "category": "visitor",
            "name": "金民秀", "phone_number": "+82 10-1234-5678", "health_code": "green"}  # fmt: skip
API_RETURNEE = {"uuid": "3c2b1a09-8f7e-4d6c-9b5a-4a3f2e1d0c9b", "site": "{site}", "name": "陈归沪",
                "document_kind": "id_card", "document_number": "11010519491231002X",
                "phone_number": "13812345678", "building": "1", "room": "101",
                "came_from": "东京", "arrived_on": TODAY}  # fmt: skip
API_CASE = {"site": "{site}", "name": "刘观察", "phone_number": "13812345678", "building": "2",
            "room": "202", "starts_on": TODAY}  # fmt: skip

API_ROWS = [
    ("GET", "/api/v1/entries/", None, READ),
    ("POST", "/api/v1/entries/", API_ENTRY, change(201, guard=400)),
    ("GET", "/api/v1/entries/{entry}/", None, READ),
    ("POST", "/api/v1/entries/{entry}/reveal/", None, REVEAL),
    ("GET", "/api/v1/visitor-passes/", None, READ),
    ("POST", "/api/v1/visitor-passes/", API_PASS, change(201, guard=400)),
    ("GET", "/api/v1/visitor-passes/{visitorpass}/", None, READ),
    ("GET", "/api/v1/returnees/", None, READ),
    ("POST", "/api/v1/returnees/", API_RETURNEE, change(201, guard=400)),
    ("GET", "/api/v1/returnees/{returnee}/", None, READ),
    ("POST", "/api/v1/returnees/{returnee}/reveal/", None, REVEAL),
    ("GET", "/api/v1/isolation-cases/", None, READ),
    ("POST", "/api/v1/isolation-cases/", API_CASE, change(201)),
    ("GET", "/api/v1/isolation-cases/{isolation}/", None, READ),
    ("POST", "/api/v1/isolation-cases/{isolation}/extend/", {"until": IN_A_MONTH, "reason": "家人发热"}, change(200)),
    ("POST", "/api/v1/isolation-cases/{isolation}/end/", {"on": TODAY, "reason": "转运隔离点", "transferred": True}, change(200)),
    ("POST", "/api/v1/isolation-cases/{isolation}/reveal/", None, REVEAL),
    ("GET", "/api/v1/temperature-readings/", None, READ),
    ("POST", "/api/v1/temperature-readings/", {"case": "{isolation}", "taken_on": TODAY, "period": "morning", "temperature": 36.4}, change(201)),
    ("GET", "/api/v1/needs/", None, READ),
    ("POST", "/api/v1/needs/", {"uuid": "2d3e4f50-6172-4839-8a4b-5c6d7e8f9012", "case": "{isolation}", "kind": "groceries"}, change(201)),
    ("GET", "/api/v1/needs/{need}/", None, READ),
    ("POST", "/api/v1/needs/{need}/assign/", {"assigned_to": "{person}"}, change(200)),
    ("POST", "/api/v1/needs/{need}/close/", {"note": "已送两桶水"}, change(200)),
    ("GET", "/api/v1/escalations/", None, READ),
    ("GET", "/api/v1/escalations/{escalation}/", None, READ),
    ("POST", "/api/v1/escalations/{escalation}/hand-over/", {"to": "社区卫生服务中心"}, change(200)),
    # Closing needs a hand-over first: the callers who may close are told so.
    ("POST", "/api/v1/escalations/{escalation}/close/", {"note": "已送医"}, change(400)),
    ("GET", "/api/v1/sites/{site}/entry-policy/", None, READ),
    ("POST", "/api/v1/sites/{site}/entry-policy/level/", {"level": "level_1"},
     expect(403, **API_ANON, manager=200, site_manager=200)),
    ("DELETE", "/api/v1/entries/{entry}/", None, expect(403, **API_ANON)),
]  # fmt: skip
