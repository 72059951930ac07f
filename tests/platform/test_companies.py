"""Creating a property company: its schema, portal address and first manager, or nothing at all.

Schema creation is transactional DDL in PostgreSQL, so each test's rollback removes the
schemas it made. Each creation clones the template schema (~0.2 s): keep them few.
"""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context, schema_exists

from accounts.models import Membership, Role, User
from companies.models import Company, Domain
from companies.services import create_company
from tenants.sites.models import Site
from tests.conftest import PASSWORD, PUBLIC_HOST, host_of, make_site


def schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT schema_name FROM information_schema.schemata")
        return {row[0] for row in cursor.fetchall()}


def everything() -> dict:
    """What creating a company could leave behind, to compare before and after a refusal."""
    return {
        "companies": set(Company.objects.values_list("slug", flat=True)),
        "domains": set(Domain.objects.values_list("domain", flat=True)),
        "users": set(User.objects.values_list("email", flat=True)),
        "memberships": Membership.objects.count(),
        "schemas": schemas(),
    }


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@guanjia.test", PASSWORD)


@pytest.fixture
def platform_admin(superuser):
    client = Client(HTTP_HOST=PUBLIC_HOST, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(superuser)
    return client


def test_a_new_company_gets_its_schema_portal_address_and_first_manager(db, client_for):
    company = create_company(
        by=None, name="丙物业", slug="gamma-wuye", admin_email="Boss@Gamma.test"
    )
    assert schema_exists("gamma_wuye")
    assert company.get_primary_domain().domain == "gamma-wuye.localhost"
    boss = User.objects.get(email="boss@gamma.test")
    assert Membership.objects.get(user=boss, company=company).role == Role.MANAGER
    make_site(company, name="丙的小区")
    with schema_context("gamma_wuye"):
        assert list(Site.objects.values_list("name", flat=True)) == ["丙的小区"]
    with schema_context("alpha"):
        assert not Site.objects.filter(name="丙的小区").exists()
    page = client_for(company, boss).get("/sites/")
    assert page.status_code == 200
    assert "丙物业" in page.text and "丙的小区" in page.text


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("A", "The short name must be 3 to 40 lower-case letters"),
        ("ab", "The short name must be 3 to 40 lower-case letters"),
        ("1abc", "The short name must be 3 to 40 lower-case letters"),
        ("has space", "The short name must be 3 to 40 lower-case letters"),
        ("ends-", "The short name must be 3 to 40 lower-case letters"),
        ("a" * 41, "The short name must be 3 to 40 lower-case letters"),
        ("public", "The short name “public” is reserved."),
        ("admin", "The short name “admin” is reserved."),
        ("pg-catalog", "The short name “pg-catalog” is reserved."),
        ("alpha", "The short name “alpha” is already taken."),
        ("ALPHA", "The short name “alpha” is already taken."),
    ],
)
def test_a_bad_slug_is_refused_with_a_clear_message_and_creates_nothing(db, slug, message):
    before = everything()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        create_company(by=None, name="新物业", slug=slug, admin_email="new-boss@example.test")
    assert any(message in text for text in refused.value.messages), refused.value.messages
    assert everything() == before


def test_a_company_without_a_name_is_refused_and_creates_nothing(db):
    before = everything()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        create_company(by=None, name="  ", slug="nameless", admin_email="new-boss@example.test")
    assert refused.value.messages == ["The company name is required."]
    assert everything() == before


def test_the_command_creates_a_company_for_an_existing_user_and_prints_its_address(manager_a):
    users_before = User.objects.count()
    out = StringIO()
    call_command(
        "create_company",
        name="戊物业",
        slug="epsilon",
        admin_email=manager_a.email.upper(),
        stdout=out,
    )
    company = Company.objects.get(slug="epsilon")
    assert schema_exists("epsilon")
    # The e-mail already had an account: the same person now manages both companies.
    assert User.objects.count() == users_before
    roles = dict(Membership.objects.filter(user=manager_a).values_list("company__slug", "role"))
    assert roles == {"alpha": Role.MANAGER, "epsilon": Role.MANAGER}
    printed = out.getvalue()
    assert "戊物业" in printed
    url = urlsplit(printed.split()[-1])
    assert (url.scheme, url.hostname, url.path) == (
        settings.PORTAL_SCHEME,
        "epsilon.localhost",
        "/",
    )
    assert company.get_primary_domain().domain == "epsilon.localhost"
    manager_a.refresh_from_db()
    assert manager_a.check_password(PASSWORD)


def test_the_command_refuses_a_bad_slug(db):
    before = everything()
    with translation.override("en"), pytest.raises(CommandError, match="is already taken"):
        call_command("create_company", name="重名物业", slug="beta", admin_email="x@example.test")
    with translation.override("en"), pytest.raises(CommandError, match="3 to 40"):
        call_command("create_company", name="坏名物业", slug="1abc", admin_email="x@example.test")
    assert everything() == before


def test_the_platform_admin_creates_a_company(platform_admin):
    form = platform_admin.get("/admin/companies/company/add/")
    assert form.status_code == 200
    response = platform_admin.post(
        "/admin/companies/company/add/",
        {"name": "己物业", "slug": "zeta", "admin_email": "boss@zeta.test", "_save": "Save"},
    )
    assert response.status_code == 302, response.text[:2000]
    company = Company.objects.get(slug="zeta")
    assert company.name == "己物业"
    assert schema_exists("zeta")
    assert company.get_primary_domain().domain == "zeta.localhost"
    boss = User.objects.get(email="boss@zeta.test")
    assert Membership.objects.get(user=boss, company=company).role == Role.MANAGER
    listing = platform_admin.get("/admin/companies/company/")
    assert "己物业" in listing.text


def test_the_platform_admin_shows_an_error_for_a_taken_slug(platform_admin):
    before = everything()
    response = platform_admin.post(
        "/admin/companies/company/add/",
        {"name": "重名物业", "slug": "alpha", "admin_email": "boss@dup.test", "_save": "Save"},
    )
    assert response.status_code == 200
    assert "The short name “alpha” is already taken." in response.text
    assert everything() == before


def test_the_platform_admin_shows_an_error_for_a_malformed_slug(platform_admin):
    before = everything()
    response = platform_admin.post(
        "/admin/companies/company/add/",
        {"name": "坏名物业", "slug": "1abc", "admin_email": "boss@bad.test", "_save": "Save"},
    )
    assert response.status_code == 200
    assert "The short name must be 3 to 40 lower-case letters" in response.text
    assert everything() == before


def test_company_staff_cannot_use_the_platform_admin(manager_a):
    client = Client(HTTP_HOST=PUBLIC_HOST)
    client.force_login(manager_a)
    response = client.get("/admin/companies/company/add/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_platform_admin_is_not_served_on_a_company_host(superuser, company_a):
    client = Client(HTTP_HOST=host_of(company_a))
    client.force_login(superuser)
    assert client.get("/admin/companies/company/add/").status_code == 404
