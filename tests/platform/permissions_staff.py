"""Who may use the staff accounts pages (/staff/): rows of the permission table.

Managers run them; site managers only read the staff of their sites. Accepting an invitation
(/accounts/invitation/<token>/) is left out of the table with the other accounts: URLs: the
token is its only key, whoever asks, and tests/platform/test_staff.py covers it.
"""

from tests.project.permission_table import PORTAL_ANON, expect

MANAGER_GET = expect(403, **PORTAL_ANON, manager=200)
MANAGER_POST = expect(403, **PORTAL_ANON, manager=302)

INVITE_FORM = {"email": "new.guard@alpha.test", "full_name": "新保安", "role": "guard",
               "sites": ["{site}"]}  # fmt: skip

ROWS = [
    ("GET", "/staff/", None, expect(403, **PORTAL_ANON, manager=200, site_manager=200)),
    ("GET", "/staff/invite/", None, MANAGER_GET),
    ("POST", "/staff/invite/", INVITE_FORM, MANAGER_POST),
    ("POST", "/staff/{member}/role/", {"role": "cleaner"}, MANAGER_POST),
    ("POST", "/staff/{member}/password/", None, MANAGER_POST),
    ("POST", "/staff/{member}/deactivate/", None, MANAGER_POST),
    ("POST", "/staff/{member}/reactivate/", None, MANAGER_POST),
]

MOBILE_FORM = {"full_name": "王保安", "phone": "13800138000", "role": "guard", "sites": ["{site}"]}

# A login by mobile number: the manager is shown its one-time code (200), nobody else gets one.
# The code itself (/accounts/code/) is public, like an invitation, and is covered by
# tests/platform/test_mobile_logins.py.
ROWS += [
    ("GET", "/staff/mobile/", None, MANAGER_GET),
    ("POST", "/staff/mobile/", MOBILE_FORM, MANAGER_GET),
    ("POST", "/staff/{mobilemember}/code/", None, MANAGER_GET),
]

# Someone on the roster given a login in one step: the manager is shown its one-time code.
ROWS += [
    ("POST", "/people/{phoneperson}/login/", None, MANAGER_GET),
]
