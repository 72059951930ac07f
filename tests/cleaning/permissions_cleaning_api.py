"""Who may use the cleaning API: rows of the permission table.

Viewers and every partner key read areas, plans, slots and logs; managers, site managers and
read-write keys plan; cleaners record logs (at the sites they work at) but read none, and
correct only the logs they wrote themselves (the table's log is nobody's, so "not found").
A log is never changed or deleted: those who may read logs are told 405, others 403.
"""

import datetime

from tests.project.permission_table import API_ANON, expect

TODAY = datetime.date.today().isoformat()

READ = expect(403, **API_ANON, manager=200, site_manager=200, viewer=200, partner_read=200,
              partner_read_write=200)  # fmt: skip
# The table's log has no photo: whoever may read logs is told there is none.
READ_NO_PHOTO = expect(403, **API_ANON, manager=404, site_manager=404, viewer=404,
                       partner_read=404, partner_read_write=404)  # fmt: skip
NEVER_CHANGED = expect(403, **API_ANON, manager=405, site_manager=405, viewer=405,
                       partner_read=405, partner_read_write=405)  # fmt: skip
NOBODY = expect(403, **API_ANON)


def plan(code):
    """cleaning.plan: managers, site managers and read-write partner keys."""
    return expect(403, **API_ANON, manager=code, site_manager=code, partner_read_write=code)


def record(code, cleaner):
    """cleaning.record: cleaners too, who reach only what their sites and own logs allow."""
    return expect(403, **API_ANON, manager=code, site_manager=code, partner_read_write=code,
                  cleaner=cleaner)  # fmt: skip


LOG = {"uuid": "0f3c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b", "area": "{area}", "kind": "disinfect",
       "agent": "含氯消毒液", "concentration": "500 mg/L"}  # fmt: skip
CORRECTION = {"uuid": "6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d", "reason": "浓度写错",
              "concentration": "1000 mg/L"}  # fmt: skip
TASK = {"area": "{area}", "kind": "lift_film", "frequency": "daily", "agent": "75% 酒精"}

ROWS = [
    ("GET", "/api/v1/cleaning-areas/", None, READ),
    ("POST", "/api/v1/cleaning-areas/", {"site": "{site}", "kind": "lift", "name": "2号楼 电梯"}, plan(201)),
    ("POST", "/api/v1/cleaning-areas/", {"facility": "{facility}"}, plan(201)),
    ("GET", "/api/v1/cleaning-areas/{area}/", None, READ),
    ("PATCH", "/api/v1/cleaning-areas/{area}/", {"public": False}, plan(200)),
    ("DELETE", "/api/v1/cleaning-areas/{area}/", None, NOBODY),

    ("GET", "/api/v1/cleaning-tasks/", None, READ),
    ("POST", "/api/v1/cleaning-tasks/", TASK, plan(201)),
    ("GET", "/api/v1/cleaning-tasks/{plantask}/", None, READ),
    ("PATCH", "/api/v1/cleaning-tasks/{plantask}/", {"times": ["09:00", "15:00"]}, plan(200)),
    ("POST", "/api/v1/cleaning-tasks/{plantask}/end/", None, plan(200)),
    ("DELETE", "/api/v1/cleaning-tasks/{plantask}/", None, NOBODY),

    ("GET", "/api/v1/cleaning-slots/", {"site": "{site}", "from": TODAY, "to": TODAY}, READ),

    ("GET", "/api/v1/cleaning-logs/", None, READ),
    ("POST", "/api/v1/cleaning-logs/", LOG, record(201, cleaner=201)),
    ("GET", "/api/v1/cleaning-logs/{cleaninglog}/", None, READ),
    ("GET", "/api/v1/cleaning-logs/{cleaninglog}/photo/", None, READ_NO_PHOTO),
    ("POST", "/api/v1/cleaning-logs/{cleaninglog}/corrections/", CORRECTION, record(201, cleaner=404)),
    ("PUT", "/api/v1/cleaning-logs/{cleaninglog}/", {"note": "补写"}, NEVER_CHANGED),
    ("PATCH", "/api/v1/cleaning-logs/{cleaninglog}/", {"note": "补写"}, NEVER_CHANGED),
    ("DELETE", "/api/v1/cleaning-logs/{cleaninglog}/", None, NEVER_CHANGED),
]  # fmt: skip
