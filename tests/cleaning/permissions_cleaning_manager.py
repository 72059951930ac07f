"""Who may use the managers' cleaning pages: rows of the permission table.

Managers, site managers and viewers read the day, the week, the alerts, the areas and the
logs; managers and site managers plan (areas, tasks, built-in plans) and correct logs; only
managers change the company's setting. Cleaners and guards see none of it (a cleaner's round
is on the phone pages), nor does anyone from another company.
"""

from tests.project.permission_table import PORTAL_ANON, expect

VIEW = expect(403, **PORTAL_ANON, manager=200, site_manager=200, viewer=200)
PLAN = expect(403, **PORTAL_ANON, manager=200, site_manager=200)
SETTINGS = expect(403, **PORTAL_ANON, manager=200)


def plan(code):
    return expect(403, **PORTAL_ANON, manager=code, site_manager=code)


AREA_FORM = {"site": "{site}", "kind": "lift", "name": "2号楼 电梯", "public": "on"}
AREA_CHANGE = {"kind": "stairwell", "name": "3号楼 楼道 东", "opening_hours": "06:00-22:00",
               "public": "on", "active": "on"}  # fmt: skip
TASK_FORM = {"kind": "disinfect", "frequency": "fixed_times", "times": "08:00, 20:00",
             "grace_minutes": "60", "agent": "含氯消毒液", "concentration": "500 mg/L"}  # fmt: skip
WITHDRAW = {"uuid": "6a1f0c3e-2b4d-4e5f-8a9b-0c1d2e3f4a5b", "reason": "未做", "withdraw": "on"}

ROWS = [
    ("GET", "/cleaning/", None, VIEW),
    ("GET", "/cleaning/?site={site}&day=2026-11-16", None, VIEW),
    ("GET", "/cleaning/week/?site={site}", None, VIEW),
    ("GET", "/cleaning/alerts/", None, VIEW),
    ("GET", "/cleaning/alerts/?site={site}", None, VIEW),
    ("GET", "/cleaning/areas/?site={site}", None, VIEW),
    ("GET", "/cleaning/areas/new/?site={site}", None, PLAN),
    ("POST", "/cleaning/areas/new/", AREA_FORM, plan(302)),
    ("GET", "/cleaning/areas/{area}/", None, VIEW),
    ("GET", "/cleaning/areas/{area}/edit/", None, PLAN),
    ("POST", "/cleaning/areas/{area}/edit/", AREA_CHANGE, plan(302)),
    ("GET", "/cleaning/areas/{area}/tasks/new/", None, PLAN),
    ("POST", "/cleaning/areas/{area}/tasks/new/", TASK_FORM, plan(302)),
    ("GET", "/cleaning/tasks/{plantask}/edit/", None, PLAN),
    ("POST", "/cleaning/tasks/{plantask}/edit/", TASK_FORM, plan(302)),
    ("GET", "/cleaning/tasks/{plantask}/end/", None, PLAN),
    ("POST", "/cleaning/tasks/{plantask}/end/", None, plan(302)),
    ("GET", "/cleaning/builtin/?site={site}", None, PLAN),
    ("POST", "/cleaning/builtin/", {"site": "{site}", "kind": "stairwell"}, plan(302)),
    ("GET", "/cleaning/logs/{cleaninglog}/", None, VIEW),
    # Reading a log is cleaning.view; correcting it on the same address is cleaning.plan.
    ("POST", "/cleaning/logs/{cleaninglog}/", WITHDRAW, plan(302)),
    ("GET", "/cleaning/settings/", None, SETTINGS),
    ("POST", "/cleaning/settings/", {"late_record_hours": "3"}, expect(403, **PORTAL_ANON, manager=302)),
]  # fmt: skip
