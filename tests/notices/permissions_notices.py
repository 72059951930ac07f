"""Who may use the notice pages and API: rows of the permission table.

Managers and site managers (for notices at their sites) write and publish; viewers and
every partner key read; read-write keys write. The public board needs no one at all.
"""

from tests.project.permission_table import API_ANON, PORTAL_ANON, expect

VIEW = expect(403, **PORTAL_ANON, manager=200, site_manager=200, viewer=200)
CHANGE_GET = expect(403, **PORTAL_ANON, manager=200, site_manager=200)
CHANGE_POST = expect(403, **PORTAL_ANON, manager=302, site_manager=302)

NOTICE_FORM = {"kind": "prevention", "sites": "{site}", "valid_from": "2026-12-01",
               "title_zh_hans": "电梯消毒公告", "body_zh_hans": "电梯每天消毒四次。"}  # fmt: skip

READ = expect(403, **API_ANON, manager=200, site_manager=200, viewer=200, partner_read=200,
              partner_read_write=200)  # fmt: skip


def change(code):
    return expect(403, **API_ANON, manager=code, site_manager=code, partner_read_write=code)


NOTICE_JSON = {"kind": "prevention", "sites": ["{site}"], "title": {"zh-hans": "电梯消毒公告"},
               "body": {"zh-hans": "电梯每天消毒四次。", "en": "Lifts are disinfected four times a day."},
               "valid_from": "2026-12-01"}  # fmt: skip

PORTAL_ROWS = [
    ("GET", "/notices/", None, VIEW),
    ("GET", "/notices/new/", None, CHANGE_GET),
    ("POST", "/notices/new/", NOTICE_FORM, CHANGE_POST),
    ("GET", "/notices/new/from-template/", None, CHANGE_GET),
    ("POST", "/notices/new/from-template/", {"template": "prevention", "site": "{site}"}, CHANGE_POST),
    ("GET", "/notices/{notice}/", None, VIEW),
    ("GET", "/notices/{notice}/edit/", None, CHANGE_GET),
    ("POST", "/notices/{notice}/edit/", NOTICE_FORM, CHANGE_POST),
    ("GET", "/notices/{notice}/publish/", None, CHANGE_GET),
    ("POST", "/notices/{notice}/publish/", None, CHANGE_POST),
    ("GET", "/notices/{notice}/withdraw/", None, CHANGE_GET),
    ("POST", "/notices/{notice}/withdraw/", None, CHANGE_POST),
    ("GET", "/notices/{notice}/history/", None, VIEW),
    ("GET", "/notices/{notice}/poster.pdf?language=ko", None, VIEW),
    # Residents read the board without signing in: everyone gets it, from anywhere.
    ("GET", "/board/{board}/", None, expect(200)),
]  # fmt: skip

API_ROWS = [
    ("GET", "/api/v1/notices/", None, READ),
    ("POST", "/api/v1/notices/", NOTICE_JSON, change(201)),
    ("GET", "/api/v1/notices/{notice}/", None, READ),
    ("PATCH", "/api/v1/notices/{notice}/", {"title": {"en": "Prevention"}}, change(200)),
    ("POST", "/api/v1/notices/{notice}/publish/", None, change(200)),
    ("POST", "/api/v1/notices/{notice}/withdraw/", None, change(200)),
    ("GET", "/api/v1/notices/{notice}/versions/", None, READ),
    ("DELETE", "/api/v1/notices/{notice}/", None, expect(403, **API_ANON)),
    ("GET", "/api/v1/sites/{site}/board/", None, READ),
]  # fmt: skip
