"""Who may read the action log: rows of the permission table.

Managers and site managers read the company log (site managers their sites' entries, which
the table's site manager is assigned); partner keys read it through the API; guards, cleaners,
viewers and outsiders do not. Nobody writes to it through a URL: the services do.
"""

from tests.project.permission_table import API_ANON, PORTAL_ANON, expect

PORTAL = expect(403, **PORTAL_ANON, manager=200, site_manager=200)
API = expect(403, **API_ANON, manager=200, site_manager=200, partner_read=200,
             partner_read_write=200)  # fmt: skip

ROWS = [
    ("GET", "/log/", None, PORTAL),
    ("GET", "/log/?site={site}&from=2020-01-01", None, PORTAL),
    ("GET", "/api/v1/log/", None, API),
    ("GET", "/api/v1/log/?site={site}", None, API),
    ("GET", "/api/v1/log/{logentry}/", None, API),
    ("POST", "/api/v1/log/", {"action": "site.changed"}, expect(403, **API_ANON)),
    ("PATCH", "/api/v1/log/{logentry}/", {"action": "site.changed"}, expect(403, **API_ANON)),
    ("DELETE", "/api/v1/log/{logentry}/", None, expect(403, **API_ANON)),
]
