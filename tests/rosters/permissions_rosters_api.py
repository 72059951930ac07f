"""Who may use the roster and gate API: rows of the permission table.

Buildings, gates, facilities and responsible units follow the site permissions (a site manager
changes those of their own sites); people, shifts and coverage the roster permissions. Nothing
but a shift is deleted: gates are closed, people made inactive.
"""

from tests.project.permission_table import API_ANON, expect

READERS = {"manager": 200, "site_manager": 200, "viewer": 200, "partner_read": 200,
           "partner_read_write": 200}  # fmt: skip


def read(**codes):
    """sites.view / rosters.view: managers, site managers, viewers and every partner key."""
    return expect(403, **API_ANON, **READERS, **codes)


def change(code):
    """sites.change / rosters.change: managers, site managers and read-write partner keys."""
    return expect(403, **API_ANON, manager=code, site_manager=code, partner_read_write=code)


NOBODY = expect(403, **API_ANON)

SHIFT = {"gate": "{gate}", "person": "{person}",
         "starts_at": "2026-12-02T06:00:00+08:00", "ends_at": "2026-12-02T14:00:00+08:00"}  # fmt: skip

ROWS = [
    ("GET", "/api/v1/buildings/", None, read()),
    ("POST", "/api/v1/buildings/", {"site": "{site}", "name": "2号楼", "units": 80}, change(201)),
    ("GET", "/api/v1/buildings/{building}/", None, read()),
    ("PATCH", "/api/v1/buildings/{building}/", {"units": 130}, change(200)),
    ("DELETE", "/api/v1/buildings/{building}/", None, NOBODY),

    ("GET", "/api/v1/gates/", None, read()),
    ("POST", "/api/v1/gates/", {"site": "{site}", "name": "东门",
                                "staffing_rules": [{"from": "22:00", "until": "06:00", "minimum": 2}]},
     change(201)),
    ("GET", "/api/v1/gates/{gate}/", None, read()),
    ("PATCH", "/api/v1/gates/{gate}/", {"opening_hours": [["06:00", "22:00"]]}, change(200)),
    ("DELETE", "/api/v1/gates/{gate}/", None, NOBODY),
    ("POST", "/api/v1/gates/{gate}/status/", {"status": "closed", "reason": "封闭管理"}, change(200)),
    ("GET", "/api/v1/gates/{gate}/status/", None, NOBODY),

    ("GET", "/api/v1/facilities/", None, read()),
    ("POST", "/api/v1/facilities/", {"site": "{site}", "kind": "rubbish_room", "location": "2号楼 北侧"},
     change(201)),
    ("GET", "/api/v1/facilities/{facility}/", None, read()),
    ("PATCH", "/api/v1/facilities/{facility}/", {"location": "1号楼 西侧"}, change(200)),
    ("DELETE", "/api/v1/facilities/{facility}/", None, NOBODY),

    ("GET", "/api/v1/responsible-units/", None, read()),
    ("POST", "/api/v1/responsible-units/", {"site": "{site}", "name": "天山路街道办事处",
                                            "kind": "sub_district_office"}, change(201)),
    ("GET", "/api/v1/responsible-units/{unit}/", None, read()),
    ("PATCH", "/api/v1/responsible-units/{unit}/", {"contact": "王警官 13812345678"}, change(200)),
    ("DELETE", "/api/v1/responsible-units/{unit}/", None, NOBODY),

    ("GET", "/api/v1/people/", None, read()),
    ("POST", "/api/v1/people/", {"kind": "volunteer", "name": "赵志愿", "phone": "13812345678"},
     change(201)),
    ("GET", "/api/v1/people/{person}/", None, read()),
    ("PATCH", "/api/v1/people/{person}/", {"phone": "13900001111"}, change(200)),
    ("DELETE", "/api/v1/people/{person}/", None, NOBODY),

    ("GET", "/api/v1/shifts/", {"gate": "{gate}", "from": "2026-12-01", "to": "2026-12-07"}, read()),
    ("POST", "/api/v1/shifts/", SHIFT, change(201)),
    ("GET", "/api/v1/shifts/{shift}/", None, read()),
    ("PATCH", "/api/v1/shifts/{shift}/", {"note": "早到十分钟"}, change(200)),
    ("DELETE", "/api/v1/shifts/{shift}/", None, change(204)),

    ("GET", "/api/v1/sites/{site}/coverage/", {"from": "2026-12-01", "to": "2026-12-07"}, read()),
]  # fmt: skip
