"""Each company is its own schema; requests and connections never cross between them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from companies.models import Domain
from tenants.sites.models import Site
from tests.conftest import host_of, make_site


def test_a_company_sees_only_its_own_sites(client_for, company_a, company_b, make_member):
    make_site(company_a, name="甲的小区")
    make_site(company_b, name="乙的小区")
    page_a = client_for(company_a, make_member(company_a, "manager")).get("/sites/")
    page_b = client_for(company_b, make_member(company_b, "manager")).get("/sites/")
    assert "甲的小区" in page_a.text and "乙的小区" not in page_a.text
    assert "乙的小区" in page_b.text and "甲的小区" not in page_b.text


def test_sites_live_in_the_company_schema(company_a, company_b):
    make_site(company_a, name="甲的小区")
    with schema_context(company_a.schema_name):
        assert Site.objects.filter(name="甲的小区").exists()
    with schema_context(company_b.schema_name):
        assert not Site.objects.filter(name="甲的小区").exists()


def test_unknown_host_gets_not_found_and_no_company(client, db):
    assert client.get("/sites/", HTTP_HOST="nobody.localhost").status_code == 404


def test_warm_tenant_resolution_costs_no_query(client_for, company_a):
    from companies.middleware import CachedTenantMiddleware

    middleware = CachedTenantMiddleware(lambda request: None)
    host = host_of(company_a)
    client_for(company_a).get("/healthz")  # warms the cache
    with CaptureQueriesContext(connection) as queries:
        tenant = middleware.get_tenant(Domain, host)
    assert tenant.schema_name == company_a.schema_name
    assert len(queries) == 0


def test_changing_a_domain_takes_effect_at_once(client_for, company_a, manager_a):
    client = client_for(company_a, manager_a)
    assert client.get("/").status_code == 200
    domain = company_a.get_primary_domain()
    domain.domain = "alpha-renamed.localhost"
    domain.save()
    assert client.get("/").status_code == 404
    renamed = client_for(None, manager_a)
    renamed.defaults["HTTP_HOST"] = "alpha-renamed.localhost"
    assert renamed.get("/").status_code == 200


def current_search_path() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        return cursor.fetchone()[0]


def test_a_request_does_not_leave_its_schema_on_the_connection(client_for, company_a, company_b):
    client_for(company_a).get("/healthz")
    assert company_a.schema_name in current_search_path()
    client_for(company_b).get("/healthz")
    path = current_search_path()
    assert company_b.schema_name in path and company_a.schema_name not in path
    client_for(None).get("/healthz")
    assert current_search_path() == "public"


@pytest.mark.parametrize("host_company", ["alpha", "beta"])
def test_api_lists_only_the_host_company_sites(
    api_for, make_member, host_company, company_a, company_b
):
    make_site(company_a, name="甲的小区")
    make_site(company_b, name="乙的小区")
    company = company_a if host_company == "alpha" else company_b
    response = api_for(company, make_member(company, "manager")).get("/api/v1/sites/")
    names = [site["name"] for site in response.json()["results"]]
    assert names == (["甲的小区"] if host_company == "alpha" else ["乙的小区"])
