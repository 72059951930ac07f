"""Real Chromium against a live server that serves a company's host, e.g. browser.localhost.

The rest of the suite rolls every test back inside one connection, which a server thread
cannot see. pytest-django's `live_server` would need `transactional_db`, whose flush empties
the public schema (the companies and users the whole session shares). So these fixtures commit
their own company (slug `browser`) and users on a connection of their own, serve them from a
threaded server on 127.0.0.1 (static files included), and at the end of the module delete
exactly what they made: the users, their sessions and sign-in records, and the company, whose
schema is dropped.

Fixtures:
  browser_company  the committed Company, served at `browser_url` (http://browser.localhost:N/)
  browser_manager  its first manager (password PASSWORD)
  browser_member   make(role, company=None, email=None): a committed member, deleted after the test
  committed        `with committed(): make_site(browser_company, ...)`: committed rows in the
                   company's schema, which the server sees
  page_for         page_for(user, width=375|1280): a Chromium page signed in through the form

Each test also gets `db`: ORM calls made directly in a test run inside its rolled-back
transaction, which the server cannot see. Rows committed in the company's schema last until the
end of the module (then the schema is dropped): give each test's rows their own names. Commit
nothing to other companies' schemas or to public tables other than through `browser_member`.
"""

import contextlib
import os
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import ProtectedError
from django.test import override_settings
from django.test.testcases import LiveServerThread
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import Page, expect

from accounts.models import Membership, Role, User
from companies.models import Company
from companies.services import create_company
from devtools.system import CHROMIUM
from tenants.sites.models import Gate
from tests.conftest import PASSWORD, make_gate, make_site

SLUG = "browser"
COMPANY_NAME = "浏览器测试物业"
MANAGER_EMAIL = f"manager@{SLUG}.test"
MEMBER_DOMAIN = ".browser.test"
# Debian's Chromium (`playwright install` is never run): no sandbox as root, nothing fetched.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# A phone held upright, and a laptop.
HEIGHTS = {375: 812, 1280: 800}
TIMEOUT_MS = 10_000
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass(frozen=True)
class BrowserServer:
    company: Company
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"


@contextlib.contextmanager
def committing(django_db_blocker, schema: str):
    """Run the block on a database connection of its own, which commits at once, in `schema`.

    The test's own connection stays inside the transaction that `db` rolls back afterwards.
    In a company's schema the public tables stay visible (search path "<schema>, public").
    """
    original = connections[DEFAULT_DB_ALIAS]
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = own
    try:
        with django_db_blocker.unblock(), schema_context(schema):
            yield
    finally:
        connections[DEFAULT_DB_ALIAS] = original
        own.close()


def delete_users(emails, *, leave_protected: bool = False) -> None:
    """Delete users with their sessions and sign-in records; run it in the company's schema.

    There the deletion also finds the company's rows that point at the users (e.g. site
    assignments); in the public schema alone those tables do not exist. Records that prove
    work (cleaning logs) protect their author, and PostgreSQL refuses to delete them: with
    `leave_protected`, such a user stays, to go once the company's schema is dropped.
    """
    emails = list(emails)
    if leave_protected:
        for email in emails:
            try:
                with transaction.atomic():
                    delete_users([email])
            except ProtectedError:
                pass
        return
    users = User.objects.filter(email__in=emails)
    ids = {str(pk) for pk in users.values_list("pk", flat=True)}
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") in ids:
            session.delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=emails).delete()
    users.delete()


def made_here(email: str) -> bool:
    """Users these fixtures create: the company's manager and `browser_member`'s people."""
    return email == MANAGER_EMAIL or email.endswith(MEMBER_DOMAIN)


def delete_company(company: Company) -> None:
    """Drop its schema, then delete the users made for it (others only lose their membership).

    The schema goes first: the records in it that protect their authors go with it. The users
    are then deleted in the empty template schema, where the deletion finds the company tables
    it looks for, and nothing in them.
    """
    with schema_context(company.schema_name):
        members = Membership.objects.filter(company=company).values_list("user__email", flat=True)
        emails = [email for email in members if made_here(email)]
    with schema_context(get_public_schema_name()):
        company.delete()  # auto_drop_schema: DROP SCHEMA ... CASCADE
    with schema_context(settings.TENANT_BASE_SCHEMA):
        delete_users(emails)


@pytest.fixture(scope="module")
def browser_server(django_db_setup, django_db_blocker):
    server = LiveServerThread("127.0.0.1", StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    overrides = override_settings(
        PASSWORD_HASHERS=FAST_HASHERS,
        # Portal links the app writes (e.g. the handoff from the platform host) use this server.
        PORTAL_SCHEME="http",
        PORTAL_PORT=str(server.port),
    )
    overrides.enable()
    try:
        with committing(django_db_blocker, get_public_schema_name()):
            stale = Company.objects.filter(slug=SLUG).first()  # left by an interrupted run
            if stale is not None:
                delete_company(stale)
            company = create_company(
                by=None, name=COMPANY_NAME, slug=SLUG, admin_email=MANAGER_EMAIL
            )
            manager = User.objects.get(email=MANAGER_EMAIL)
            manager.full_name = f"{COMPANY_NAME} 经理"
            manager.set_password(PASSWORD)
            manager.save()
            host = company.get_primary_domain().domain
        yield BrowserServer(company=company, host=host, port=server.port)
    finally:
        server.terminate()
        try:
            with committing(django_db_blocker, get_public_schema_name()):
                company = Company.objects.filter(slug=SLUG).first()
                if company is not None:
                    delete_company(company)
        finally:
            overrides.disable()


# The server's threads reach the database only while a test holds `db` (pytest-django blocks
# it otherwise), so every fixture a browser test uses asks for it.


@pytest.fixture
def browser_company(browser_server, db) -> Company:
    return browser_server.company


@pytest.fixture
def browser_url(browser_server, db) -> str:
    return browser_server.url


@pytest.fixture
def browser_manager(browser_server, db) -> User:
    return User.objects.get(email=MANAGER_EMAIL)


@pytest.fixture
def committed(browser_server, django_db_blocker, db):
    """`with committed(): ...`: writes in the browser company's schema that the server sees."""
    return lambda: committing(django_db_blocker, browser_server.company.schema_name)


@pytest.fixture
def browser_member(browser_server, django_db_blocker, db):
    """make(role, company=None, email=None): a committed user with PASSWORD and a membership."""
    emails = []

    def make(role: str, *, company: Company | None = None, email: str | None = None) -> User:
        company = company or browser_server.company
        # Unique in the module: a member whose work is on record stays until its end.
        email = email or f"{role}-{uuid.uuid4().hex[:8]}@{company.slug}{MEMBER_DOMAIN}"
        with committing(django_db_blocker, get_public_schema_name()):
            user = User.objects.create_user(email, PASSWORD, full_name=f"{company.name} {role}")
            Membership.objects.create(user=user, company=company, role=role)
        emails.append(email)
        return user

    yield make
    with committing(django_db_blocker, browser_server.company.schema_name):
        delete_users(emails, leave_protected=True)


@pytest.fixture(scope="module")
def chromium(browser_server):
    """One headless Chromium for the module (asks for the server, so it closes first)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}. The browser tests need Debian's "
            "package: run `make test` (it installs it), or `python3 platform/devtools/system.py`."
        )
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio loop running on this thread meanwhile, so
        # Django would refuse ORM calls here (SynchronousOnlyOperation), needlessly.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            # With a loop running, Django keeps this thread's connections apart from its usual
            # ones (asgiref's per-context storage): close them now, or they outlive the run
            # and PostgreSQL refuses to drop the test database.
            connections.close_all()
            browser.close()


@pytest.fixture
def page_for(chromium, browser_server, db):
    """page_for(user, width=375): a new browser, signed in through the company's sign-in form.

    Fails the test if the sign-in is refused. After the test, fails it too if a page threw a
    JavaScript error or one of its stylesheets, scripts or images did not load (pages
    themselves may answer 403 or 404: tests check those).
    """
    contexts = []
    problems = []

    def note_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.url}")

    def note_failure(request):
        # A request cut short by the next navigation is no fault of the page.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"{request.failure} for {request.url}")

    def open_page(user: User, width: int = 375, *, password: str = PASSWORD):
        mobile = width < 768
        context = chromium.new_context(
            base_url=browser_server.url,
            viewport={"width": width, "height": HEIGHTS.get(width, 800)},
            is_mobile=mobile,
            has_touch=mobile,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
        page.on("response", note_response)
        page.on("requestfailed", note_failure)
        response = page.goto("/accounts/login/")
        if not response.ok:
            pytest.fail(f"The sign-in page {response.url} answered {response.status}")
        form = page.locator("main form")
        form.locator("input[name=username]").fill(user.email)
        form.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        if urlsplit(page.url).path == "/accounts/login/":
            shown = page.locator(".errors").all_inner_texts() or [page.title()]
            pytest.fail(f"{user.email} could not sign in at {browser_server.url}: {shown}")
        return page

    yield open_page
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("The browser saw problems:\n" + "\n".join(problems))


@dataclass(frozen=True)
class AtTheGate:
    page: Page
    gate: Gate
    guard: User


@pytest.fixture
def at_the_gate(browser_company, browser_member, committed, page_for):
    """at_the_gate(site_name): a new guard assigned to a new site, on its gate page at 375 px."""

    def open_gate(site_name: str) -> AtTheGate:
        guard = browser_member(Role.GUARD)
        with committed():
            site = make_site(browser_company, name=site_name)
            site.assigned_users.add(guard)
            gate = make_gate(browser_company, site, name=f"{site_name}南门")
        page = page_for(guard, width=375)
        response = page.goto("/m/gate/")
        assert response.ok, f"The gate page answered {response.status}"
        expect(page.locator(".guard-gate")).to_contain_text(gate.name)
        return AtTheGate(page=page, gate=gate, guard=guard)

    return open_gate
