"""Who may do what, for every URL: this table is the specification (accounts.roles enforces it).

Each row is one URL and method; each column one kind of caller on company alpha's host.
An outsider is a manager of company beta; a partner is an API key; a regulator reads only
through the regulator area, never through a company's portal or API.
"""

import re

import pytest
from django_tenants.utils import schema_context

from accounts.roles import ApiScope, Role
from guanjia.actors import System
from partners.services import create_api_key
from tenants.history.services import log_action
from tests.cleaning.permissions_cleaning_api import ROWS as CLEANING_API_ROWS
from tests.cleaning.permissions_cleaning_documents import ROWS as CLEANING_DOCUMENT_ROWS
from tests.cleaning.permissions_cleaning_manager import ROWS as CLEANING_MANAGER_ROWS
from tests.cleaning.permissions_cleaning_phone import ROWS as CLEANING_PHONE_ROWS
from tests.gate.permissions_gate import API_ROWS as GATE_API_ROWS
from tests.gate.permissions_gate import PORTAL_ROWS as GATE_PORTAL_ROWS
from tests.history.permissions_history import ROWS as HISTORY_ROWS
from tests.notices.permissions_notices import API_ROWS as NOTICE_API_ROWS
from tests.notices.permissions_notices import PORTAL_ROWS as NOTICE_PORTAL_ROWS
from tests.platform.permissions_staff import ROWS as STAFF_ROWS
from tests.project.permission_table import API_ANON, CALLERS, MEMBERS, PORTAL_ANON, expect
from tests.rosters.permissions_rosters_api import ROWS as ROSTER_API_ROWS
from tests.rosters.permissions_rosters_portal import ROWS as ROSTER_PORTAL_ROWS

SITE_FORM = {
    "name": "新建小区",
    "kind": "compound",
    "district": "changning",
    "sub_district": "天山路街道",
    "address": "天山路 1 号",
    "households": "100",
}

TABLE = [
    # A guard's home is their shifts on the phone.
    ("GET", "/", None, expect(403, **PORTAL_ANON, **{**MEMBERS, "guard": 302, "cleaner": 302})),
    ("GET", "/sites/", None, expect(403, **PORTAL_ANON, manager=200, site_manager=200, viewer=200)),
    ("GET", "/sites/new/", None, expect(403, **PORTAL_ANON, manager=200)),
    ("POST", "/sites/new/", SITE_FORM, expect(403, **PORTAL_ANON, manager=302)),
    ("GET", "/sites/{site}/edit/", None, expect(403, **PORTAL_ANON, manager=200, site_manager=200)),
    ("POST", "/sites/{site}/edit/", SITE_FORM, expect(403, **PORTAL_ANON, manager=302, site_manager=302)),
    ("GET", "/api-keys/", None, expect(403, **PORTAL_ANON, manager=200)),
    ("POST", "/api-keys/", {"name": "储物柜", "scope": "read"}, expect(403, **PORTAL_ANON, manager=200)),
    ("POST", "/api-keys/{key}/revoke/", None, expect(403, **PORTAL_ANON, manager=302)),
    ("GET", "/api/v1/sites/", None, expect(403, **API_ANON, manager=200, site_manager=200, viewer=200,
                                           partner_read=200, partner_read_write=200)),
    ("POST", "/api/v1/sites/", {**SITE_FORM, "households": 100}, expect(403, **API_ANON, manager=201, partner_read_write=201)),
    ("GET", "/api/v1/sites/{site}/", None, expect(403, **API_ANON, manager=200, site_manager=200,
                                                  viewer=200, partner_read=200, partner_read_write=200)),
    ("PATCH", "/api/v1/sites/{site}/", {"households": 900},
     expect(403, **API_ANON, manager=200, site_manager=200, partner_read_write=200)),
    ("DELETE", "/api/v1/sites/{site}/", None, expect(403, **API_ANON)),
]  # fmt: skip
TABLE += ROSTER_PORTAL_ROWS + ROSTER_API_ROWS + NOTICE_PORTAL_ROWS + NOTICE_API_ROWS
TABLE += GATE_PORTAL_ROWS + GATE_API_ROWS + HISTORY_ROWS
TABLE += STAFF_ROWS
TABLE += CLEANING_PHONE_ROWS + CLEANING_MANAGER_ROWS + CLEANING_DOCUMENT_ROWS + CLEANING_API_ROWS
# Portal URLs the phone talks to in JSON.
JSON_PORTAL_URLS = {"/m/gate/entries/", "/m/gate/checks/", "/m/cleaning/logs/"}

CASES = [
    pytest.param(method, url, data, caller, expected[caller], id=f"{method} {url} {caller}")
    for method, url, data, expected in TABLE
    for caller in CALLERS
]


@pytest.fixture
def caller_client(company_a, company_b, site_a, make_member, outsider, regulator_user, api_for):
    """A client for company alpha's host acting as the named caller."""

    def make(caller):
        if caller == "anonymous":
            return api_for(company_a)
        if caller in Role.values:
            user = make_member(company_a, caller)
            # Site managers and cleaners work at alpha's site.
            if caller in (Role.SITE_MANAGER, Role.CLEANER):
                with schema_context(company_a.schema_name):
                    site_a.assigned_users.add(user)
            return api_for(company_a, user)
        if caller == "outsider":
            return api_for(company_a, outsider)
        if caller == "regulator":
            return api_for(company_a, regulator_user)
        if caller == "partner_of_other_company":
            key = create_api_key(company=company_b, name="乙", scope=ApiScope.READ_WRITE, by=None)
            return api_for(company_a, key=key.plaintext)
        scope = ApiScope.READ if caller == "partner_read" else ApiScope.READ_WRITE
        key = create_api_key(company=company_a, name=caller, scope=scope, by=None)
        return api_for(company_a, key=key.plaintext)

    return make


def url_object(request, company, name):
    """What a URL placeholder stands for: {gate} is the id of a gate of alpha's site, {board}
    the key of alpha's site's public board."""
    if name == "key":
        return create_api_key(company=company, name="门禁", scope=ApiScope.READ, by=None).api_key.pk
    if name == "board":
        return request.getfixturevalue("site_a").board_token
    if name == "visitortoken":
        return request.getfixturevalue("gate_a").visitor_token
    if name == "passcode":
        return request.getfixturevalue("visitorpass_a").code
    return request.getfixturevalue(f"{name}_a").pk


def fill(value, ids):
    """A row's data with its placeholders filled in, also inside lists (e.g. "sites": ["{site}"])."""
    if isinstance(value, str):
        whole = re.fullmatch(r"{(\w+)}", value)
        # An id alone stays a number, as JSON bodies send it.
        return ids[whole[1]] if whole else value.format(**ids)
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    return value


@pytest.fixture
def logentry_a(company_a, site_a):
    """An entry of alpha's action log about its site."""
    with schema_context(company_a.schema_name):
        return log_action(site_a, "site.changed", by=System("permission_table"))


@pytest.mark.parametrize(("method", "url", "data", "caller", "expected"), CASES)
def test_permission_table(request, caller_client, company_a, method, url, data, caller, expected):
    names = re.findall(r"{(\w+)}", url + " ".join(map(str, (data or {}).values())))
    ids = {name: url_object(request, company_a, name) for name in names}
    client = caller_client(caller)
    path = url.format(**ids)
    data = {key: fill(value, ids) for key, value in (data or {}).items()}
    send = getattr(client, method.lower())
    as_json = path.startswith("/api/") or path in JSON_PORTAL_URLS
    response = send(path, data, format="json" if as_json else "multipart")
    assert response.status_code == expected, response.content[:300]


def test_every_portal_and_api_url_is_in_the_table():
    """A new company URL without a row here fails: add it with who may use it."""
    from django.urls import get_resolver, resolve

    from guanjia import urls_tenant

    def names(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from names(pattern.url_patterns, inner)
            elif pattern.name:
                yield f"{namespace}{pattern.name}"

    # "not-found" answers any other address under /api/v1/ with a JSON 404 and reads nothing
    # (tests/api/test_api_contract.py).
    exempt = {"healthz", "set_language", "api-schema", "api-docs", "not-found"}
    every_url = {name for name in names(get_resolver(urls_tenant).url_patterns)}
    every_url = {n for n in every_url if n not in exempt and not n.startswith("accounts:")}
    in_table = {
        resolve(re.sub(r"{\w+}", "1", url.split("?")[0]), urlconf=urls_tenant).view_name
        for _m, url, _d, _e in TABLE
    }
    assert every_url - in_table == set()
