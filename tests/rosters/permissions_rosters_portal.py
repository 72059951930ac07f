"""Who may use the portal pages for gates, facilities and rosters: rows of the permission table.

Site pages need sites.view / sites.change, roster pages rosters.view / rosters.change
(managers, and site managers for their assigned sites); "my shifts" is the guard's own page.
"""

from tests.project.permission_table import PORTAL_ANON, expect

VIEW_SITE = expect(403, **PORTAL_ANON, manager=200, site_manager=200, viewer=200)
CHANGE_GET = expect(403, **PORTAL_ANON, manager=200, site_manager=200)
CHANGE_POST = expect(403, **PORTAL_ANON, manager=302, site_manager=302)
CHANGE_INVALID = expect(403, **PORTAL_ANON, manager=400, site_manager=400)

SHIFT_FORM = {"gate": "{gate}", "person": "{person}", "day": "2026-12-03", "start": "08:00",
              "end": "16:00"}  # fmt: skip
# People are named in a rota form; "_person" only makes the table create 李志愿 (person_a).
ROTA_FORM = {"name": "早晚班", "gates": "{gate}", "slots": "08:00-20:00, 20:00-08:00",
             "people": "李志愿", "starts_on": "2026-12-01", "_person": "{person}"}  # fmt: skip

ROWS = [
    ("GET", "/sites/{site}/", None, VIEW_SITE),
    ("GET", "/sites/{site}/buildings/new/", None, CHANGE_GET),
    ("POST", "/sites/{site}/buildings/new/", {"name": "2号楼", "units": "50"}, CHANGE_POST),
    ("GET", "/buildings/{building}/edit/", None, CHANGE_GET),
    ("POST", "/buildings/{building}/edit/", {"name": "1号楼", "units": "96"}, CHANGE_POST),
    ("GET", "/sites/{site}/gates/new/", None, CHANGE_GET),
    ("POST", "/sites/{site}/gates/new/", {"name": "北门", "minimum_on_duty": "1", "status": "open",
                                          "responsible": "on"}, CHANGE_POST),
    ("GET", "/gates/{gate}/edit/", None, CHANGE_GET),
    ("POST", "/gates/{gate}/edit/", {"name": "南门", "minimum_on_duty": "2", "responsible": "on"},
     CHANGE_POST),
    ("GET", "/gates/{gate}/status/", None, CHANGE_GET),
    ("POST", "/gates/{gate}/status/", {"status": "closed", "reason": "小包围"}, CHANGE_POST),
    ("GET", "/sites/{site}/facilities/new/", None, CHANGE_GET),
    ("POST", "/sites/{site}/facilities/new/", {"kind": "garage", "location": "地下车库"},
     CHANGE_POST),
    ("GET", "/facilities/{facility}/edit/", None, CHANGE_GET),
    ("POST", "/facilities/{facility}/edit/", {"kind": "lift", "location": "2号楼"}, CHANGE_POST),
    ("GET", "/sites/{site}/units/new/", None, CHANGE_GET),
    ("POST", "/sites/{site}/units/new/", {"name": "天义居委会", "kind": "neighbourhood_committee"},
     CHANGE_POST),
    ("GET", "/units/{unit}/edit/", None, CHANGE_GET),
    ("POST", "/units/{unit}/edit/", {"name": "天山路派出所", "kind": "police_station"},
     CHANGE_POST),
    ("GET", "/sites/{site}/board/", None, VIEW_SITE),
    ("GET", "/sites/{site}/shifts/new/", None, CHANGE_GET),
    ("POST", "/sites/{site}/shifts/new/", SHIFT_FORM, CHANGE_POST),
    ("GET", "/shifts/{shift}/edit/", None, CHANGE_GET),
    ("POST", "/shifts/{shift}/edit/", SHIFT_FORM, CHANGE_POST),
    ("POST", "/shifts/{shift}/delete/", None, CHANGE_POST),
    ("GET", "/shifts/{shift}/absent/", None, CHANGE_GET),
    ("POST", "/shifts/{shift}/absent/", {"note": "病假"}, CHANGE_POST),
    ("GET", "/shifts/{shift}/swap/", None, CHANGE_GET),
    ("POST", "/shifts/{shift}/swap/", {}, CHANGE_INVALID),
    ("GET", "/sites/{site}/rotas/", None, CHANGE_GET),
    ("GET", "/sites/{site}/rotas/new/", None, CHANGE_GET),
    ("POST", "/sites/{site}/rotas/new/", ROTA_FORM, CHANGE_POST),
    ("GET", "/rotas/{rota}/generate/", None, CHANGE_GET),
    ("POST", "/rotas/{rota}/generate/", {"first": "2026-12-01", "last": "2026-12-02"},
     CHANGE_POST),
    ("GET", "/sites/{site}/roster-import/", None, CHANGE_GET),
    ("POST", "/sites/{site}/roster-import/", {}, CHANGE_INVALID),
    ("GET", "/sites/{site}/roster-import/template.xlsx", None, CHANGE_GET),
    ("GET", "/people/", None, VIEW_SITE),
    ("GET", "/people/new/", None, CHANGE_GET),
    ("POST", "/people/new/", {"kind": "volunteer", "name": "新志愿者", "phone": "13800000000"},
     CHANGE_POST),
    ("GET", "/people/{person}/edit/", None, CHANGE_GET),
    ("POST", "/people/{person}/edit/", {"kind": "volunteer", "name": "李志愿", "active": "on"},
     CHANGE_POST),
    ("GET", "/m/shifts/", None, expect(403, **PORTAL_ANON, guard=200)),
]  # fmt: skip
