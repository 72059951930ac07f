"""Who may use the cleaner's phone pages: rows of the permission table.

Cleaners have their round; cleaners, managers and site managers record (the table's cleaner
and site manager work at alpha's site, where {area} is); guards and viewers record nothing.
A log's photo is streamed to the company's staff who read cleaning and to its taker only: the
table's log ({cleaninglog}) has no photo, so it is "not found" for every member, and refused
to everyone outside the company (tests/cleaning/test_cleaning_phone.py shows a real photo).
"""

from tests.project.permission_table import PORTAL_ANON, expect

# The log endpoint takes JSON (or multipart, with a photo): these fields read the same either
# way. No time is sent: the work is dated when it arrives.
LOG = {"uuid": "3f2b8c1e-6a4d-4e5f-9b7a-1c2d3e4f5a6b", "area": "{area}", "task": "{plantask}"}

RECORD = expect(403, **PORTAL_ANON, manager=200, site_manager=200, cleaner=200)

ROWS = [
    ("GET", "/m/cleaning/", None, expect(403, **PORTAL_ANON, cleaner=200)),
    ("GET", "/m/cleaning/areas/{area}/", None, RECORD),
    ("POST", "/m/cleaning/logs/", LOG, expect(403, **PORTAL_ANON, manager=201, site_manager=201,
                                              cleaner=201)),
    ("GET", "/cleaning/photos/{cleaninglog}/", None, expect(404, **PORTAL_ANON, outsider=403,
                                                            regulator=403)),
]  # fmt: skip
