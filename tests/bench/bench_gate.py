"""Gate figures: entries a guard's phone posts per second over HTTP, and SQL per entry.

gunicorn (as in production: sync workers, one per core, DEBUG off) serves the portal on
127.0.0.1; several clients, each a guard signed in with their own session, post entries
at once, each with its own phone-made id. Beside it, in the same run and the same server,
a plain view behind the same middleware inserts one row into the same table
(bench_urls.py): the gate's goal is at least 0.9× of it. Then the SQL statements of
one entry, through the whole request and inside record_entry_at alone (goal: at most 3).

Run with `make bench` (fresh database, embedded servers), or this script alone with
`python -m devtools bench gate`. Prints figures; asserts nothing but that entries are made.
"""

import datetime
import os
import uuid
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanjia.settings")
django.setup()

from bench_urls import PLAIN_PATH  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402
from http_load import CLIENTS, WORKERS, Endpoint, run_side_by_side, session_headers  # noqa: E402

from accounts.access import Access  # noqa: E402
from accounts.models import Membership, User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from companies.services import create_company  # noqa: E402
from guanjia.districts import District  # noqa: E402
from partners.services import create_api_key  # noqa: E402
from tenants.gate.services.entries import EntryIn  # noqa: E402
from tenants.gate.services.recording import record_entry_at  # noqa: E402
from tenants.sites.models import SiteKind  # noqa: E402
from tenants.sites.services import create_site  # noqa: E402
from tenants.sites.services.gates import create_gate  # noqa: E402

SLUG = "gatebench"
HOST = f"{SLUG}.localhost"
GATE_PATH = "/m/gate/entries/"
API_PATH = "/api/v1/entries/"
EXTRA_REQUESTS = 400  # for the visitor and the partner API
RATIO_GOAL = 0.9
STATEMENTS_GOAL = 3
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "SET ")


# ---- set-up -------------------------------------------------------------------------------


def set_up():
    """A company with one site and gate, CLIENTS guards assigned to it, and a partner's key."""
    call_command("setup_database", verbosity=0)
    cache.clear()
    company = create_company(by=None, name="门岗物业", slug=SLUG, admin_email=f"m@{SLUG}.cn")
    guards = []
    for number in range(CLIENTS):
        # No password: hashing one costs ~0.3 s by design, and sessions are made directly.
        guard = User.objects.create_user(f"guard{number}@{SLUG}.cn", full_name=f"门卫{number}")
        Membership.objects.create(user=guard, company=company, role=Role.GUARD)
        guards.append(guard)
    with schema_context(company.schema_name):
        site = create_site(
            by=None,
            name="天山天义小区",
            kind=SiteKind.COMPOUND,
            district=District.CHANGNING,
            sub_district="天山路街道",
            address="天山路 1000 弄",
            households=860,
        )
        gate = create_gate(site, by=None, name="南门")
        site.assigned_users.add(*guards)
    key = create_api_key(company=company, name="门禁 app", scope="read_write", by=None).plaintext
    return company, site, gate, guards, key


def phone_clock() -> str:
    """`new Date().toISOString()`, as gate.js sends `recorded_at`."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def resident_entry(gate) -> dict:
    """A resident's entry exactly as gate.js's payload() builds it: three taps and a reading."""
    return {
        "uuid": str(uuid.uuid4()),
        "gate": gate.pk,
        "recorded_at": phone_clock(),
        "category": "resident",
        "temperature": "36.5",
        "override_outcome": "",
        "override_reason": "",
        "pass_code": "",
        "consent": False,
        "filed": False,
        "health_code": "none",
        "key_region_travel": False,
    }


def visitor_entry(gate) -> dict:
    """A visitor of a household: name and phone (encrypted, looked up for isolation)."""
    return {
        **resident_entry(gate),
        "category": "visitor",
        "name": "李访客",
        "phone": "13812345678",
        "building": "3",
        "room": "201",
        "consent": True,
        "health_code": "green",
    }


def http_figures(site, gate, guards, key) -> None:
    sessions = [session_headers(guard) for guard in guards]
    partner = [{"Authorization": f"Api-Key {key}"}] * CLIENTS

    def plain_body():
        return {"uuid": str(uuid.uuid4()), "site": site.pk, "gate": gate.pk, "temperature": "36.5"}

    def api_body():
        return {"uuid": str(uuid.uuid4()), "gate": gate.pk, "category": "resident",
                "temperature": 36.5, "recorded_at": phone_clock()}  # fmt: skip

    plain = Endpoint(
        HOST, f"plain view inserting one row {PLAIN_PATH}", PLAIN_PATH, sessions, plain_body
    )
    resident = Endpoint(HOST, f"gate entry, resident  {GATE_PATH}", GATE_PATH, sessions,
                        lambda: resident_entry(gate))  # fmt: skip
    # Extras, fewer posts to keep the run short: what personal data and the API add.
    visitor = Endpoint(HOST, f"gate entry, visitor   {GATE_PATH}", GATE_PATH, sessions,
                       lambda: visitor_entry(gate), requests=EXTRA_REQUESTS)  # fmt: skip
    api = Endpoint(HOST, f"partner API, resident {API_PATH}", API_PATH, partner, api_body,
                   requests=EXTRA_REQUESTS)  # fmt: skip
    endpoints = [plain, resident, visitor, api]
    run_side_by_side(endpoints)
    print(
        f"Entries over HTTP: gunicorn with {WORKERS} sync workers (DEBUG off) on this machine, "
        f"{CLIENTS} signed-in clients posting at once, each post a new entry:"
    )
    for endpoint in endpoints:
        print(endpoint.report(plain))
    print(
        f"  gate entry (resident) / plain insert: {resident.per_second / plain.per_second:.2f}× "
        f"(goal: at least {RATIO_GOAL}×)"
    )


# ---- SQL per entry ------------------------------------------------------------------------


class Statements:
    """What one request or call sends to PostgreSQL, with psycopg's BEGIN and the COMMIT.

    BEGIN, COMMIT and ROLLBACK bypass Django's cursor, so they are noted from the connection.
    """

    def __init__(self):
        self.sql: list[str] = []
        self.view_starts: int | None = None
        self.in_transaction = False

    def __call__(self, execute, sql, params, many, context):
        if not connection.get_autocommit() and not self.in_transaction:
            self.sql.append("BEGIN")  # psycopg sends it before the first statement
            self.in_transaction = True
        self.sql.append(sql)
        return execute(sql, params, many, context)

    def end(self, word: str) -> None:
        if self.in_transaction:
            self.sql.append(word)
        self.in_transaction = False

    @staticmethod
    def count(statements: list[str]) -> int:
        """Statements proper: no transaction control, no SET search_path."""
        return sum(not sql.startswith(TRANSACTION_CONTROL) for sql in statements)

    def summary(self) -> str:
        total, overhead = self.count(self.sql), len(self.sql) - self.count(self.sql)
        text = f"{total} statement{'s' * (total != 1)}"
        if self.view_starts is not None:
            before = self.count(self.sql[: self.view_starts])
            text += f" ({before} before the view, {total - before} in it)"
        if overhead:
            text += f", plus {overhead} BEGIN/COMMIT/ROLLBACK or SET search_path"
        return text

    def show(self, label: str) -> None:
        print(f"  {label}: {self.summary()}")
        for number, sql in enumerate(self.sql):
            if number == self.view_starts:
                print("      -- the view --")
            print(f"      {' '.join(sql.split())[:108]}")


current = Statements()


class MarkViewEntry:
    """Last middleware: note where the view's statements begin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        current.view_starts = len(current.sql)


@contextmanager
def recording():
    """Record into `current`, with the commits and rollbacks of the connection."""
    real_commit, real_rollback = connection._commit, connection._rollback

    def commit():
        current.end("COMMIT")
        return real_commit()

    def rollback():
        current.end("ROLLBACK")
        return real_rollback()

    connection._commit, connection._rollback = commit, rollback
    try:
        with connection.execute_wrapper(lambda *args: current(*args)):
            yield
    finally:
        del connection._commit, connection._rollback


def request_figures(site, gate, guard, key) -> None:
    client = Client(HTTP_HOST=HOST)
    client.force_login(guard)
    partner = Client(HTTP_HOST=HOST, headers={"Authorization": f"Api-Key {key}"})
    middleware = [*settings.MIDDLEWARE, f"{__name__}.MarkViewEntry"]

    def post(path, body, *, by=client) -> Statements:
        global current
        current = Statements()
        response = by.post(path, body, content_type="application/json")
        assert response.status_code == 201, response.content
        return current

    with override_settings(MIDDLEWARE=middleware, ROOT_URLCONF="bench_urls"), recording():
        # Fill the tenant and session caches, and each caller's kept gate.
        post(GATE_PATH, resident_entry(gate))
        post(API_PATH, {"uuid": str(uuid.uuid4()), "gate": gate.pk, "category": "resident",
                        "temperature": 36.5}, by=partner)  # fmt: skip
        plain = post(PLAIN_PATH, {"uuid": str(uuid.uuid4()), "site": site.pk, "gate": gate.pk,
                                  "temperature": "36.5"})  # fmt: skip
        resident = post(GATE_PATH, resident_entry(gate))
        visitor = post(GATE_PATH, visitor_entry(gate))
        api = post(API_PATH, {"uuid": str(uuid.uuid4()), "gate": gate.pk, "category": "resident",
                              "temperature": 36.5}, by=partner)  # fmt: skip
    print("SQL of one warm signed-in POST, whole request (test client, same middleware):")
    plain.show(f"plain view inserting one row {PLAIN_PATH}")
    resident.show(f"gate entry, resident {GATE_PATH}")
    visitor.show(f"gate entry, visitor {GATE_PATH}")
    api.show(f"partner API, resident {API_PATH}")


def service_figures(company, gate, guard) -> None:
    global current
    now = timezone.now()
    access = Access(role=Role.GUARD, user=guard)
    with schema_context(company.schema_name):
        resident = EntryIn(uuid=uuid.uuid4(), category="resident", temperature=Decimal("36.5"))
        visitor = EntryIn(uuid=uuid.uuid4(), category="visitor", temperature=Decimal("36.5"),
                          name="李访客", phone="13812345678", building="3", room="201",
                          consent=True, health_code="green")  # fmt: skip
        fever = EntryIn(uuid=uuid.uuid4(), category="resident", temperature=Decimal("38.2"))
        cases = [
            (
                "first entry of this process (looks its gate up)",
                replace(resident, uuid=uuid.uuid4()),
            ),
            ("resident", resident),
            ("visitor (phone: isolation look-up)", visitor),
            ("the resident's entry sent again (same uuid)", resident),
            ("resident at 38.2 °C (opens an escalation)", fever),
        ]
        print(f"SQL inside record_entry_at(), per entry (goal: at most {STATEMENTS_GOAL}):")
        with recording():
            for label, data in cases:
                current = Statements()
                record_entry_at(access, gate.pk, data, by=guard, now=now)
                current.show(label)


def main():
    company, site, gate, guards, key = set_up()
    connection.close()  # the server's workers have the database to themselves
    http_figures(site, gate, guards, key)
    request_figures(site, gate, guards[0], key)
    service_figures(company, gate, guards[1])  # one this process has not seen yet


if __name__ == "__main__":
    main()
