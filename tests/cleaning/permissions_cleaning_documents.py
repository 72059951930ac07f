"""Who may download cleaning's printed sheets and forms: rows of the permission table.

Whoever reads cleaning (managers, site managers at their sites, viewers) prints an area's
公示 sheet and the standard form; those who plan (managers and site managers) print the QR
labels that open areas on cleaners' phones. Cleaners and guards print none; the public
record itself is on the board, which needs no one.
"""

import datetime

from tests.project.permission_table import PORTAL_ANON, expect

TODAY = datetime.date.today().isoformat()

VIEW = expect(403, **PORTAL_ANON, manager=200, site_manager=200, viewer=200)
PLAN = expect(403, **PORTAL_ANON, manager=200, site_manager=200)

ROWS = [
    ("GET", "/cleaning/areas/{area}/notice.pdf", None, VIEW),
    ("GET", "/cleaning/labels.pdf?site={site}", None, PLAN),
    ("GET", f"/cleaning/form.pdf?site={{site}}&day={TODAY}", None, VIEW),
    ("GET", f"/cleaning/form.xlsx?site={{site}}&day={TODAY}", None, VIEW),
]  # fmt: skip
