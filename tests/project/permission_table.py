"""The vocabulary of the permission table (tests/project/test_permissions.py): callers and their codes.

Each row is (method, URL, data, expected status by caller). URL placeholders such as {site},
{gate} or {shift} are filled with an object of company alpha made by the fixture `<name>_a`.
"""

CALLERS = [
    "anonymous", "manager", "site_manager", "guard", "cleaner", "viewer",
    "outsider", "regulator", "partner_read", "partner_read_write", "partner_of_other_company",
]  # fmt: skip


def expect(default, **by_caller):
    return {caller: by_caller.get(caller, default) for caller in CALLERS}


PORTAL_ANON = {"anonymous": 302, "partner_read": 302, "partner_read_write": 302,
               "partner_of_other_company": 302}  # fmt: skip
MEMBERS = {"manager": 200, "site_manager": 200, "guard": 200, "cleaner": 200, "viewer": 200}
API_ANON = {"anonymous": 401, "partner_of_other_company": 401}
