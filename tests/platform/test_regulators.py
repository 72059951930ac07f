"""Regulators read the companies in their jurisdiction and can change nothing, anywhere."""

import pytest
from axes.models import AccessLog
from django.db import InternalError
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django_tenants.utils import schema_context

from accounts.models import User
from guanjia.districts import District
from regulators.bookkeeping import after_read_only
from regulators.models import Regulator
from tenants.sites.models import Site, SiteKind
from tests.conftest import PASSWORD, PUBLIC_HOST, host_of, make_site


# Views only the tests below install (settings.PUBLIC_SCHEMA_URLCONF = __name__): they reach
# into a company's schema from the platform host, as the regulator area does.
def insert_a_site_into_alpha(request):
    with schema_context("alpha"):
        Site.objects.create(
            name="探针小区",
            kind=SiteKind.COMPOUND,
            district=District.CHANGNING,
            sub_district="天山路街道",
            address="探针路 1 号",
            households=1,
        )
    return HttpResponse("written")


def read_alpha_and_record_the_visit(request):
    with schema_context("alpha"):
        sites = Site.objects.count()
    after_read_only(request, lambda: Regulator.objects.create(name="查看记录", districts=[]))
    return HttpResponse(f"{sites} sites")


urlpatterns = [
    path("insert-site/", insert_a_site_into_alpha),
    path("read-and-record/", read_alpha_and_record_the_visit),
]


@pytest.fixture
def jurisdiction_sites(company_a, company_b):
    make_site(company_a, name="长宁的小区", district=District.CHANGNING, households=700)
    make_site(company_a, name="徐汇的小区", district=District.XUHUI, households=300)
    make_site(company_b, name="浦东的公寓", district=District.PUDONG, households=228)


def test_regulator_sees_companies_with_sites_in_its_districts(
    client_for, regulator_user, jurisdiction_sites
):
    page = client_for(None, regulator_user).get("/regulator/")
    assert page.status_code == 200
    assert "甲物业" in page.text
    assert "乙物业" not in page.text  # only has a site in Pudong, outside Changning


def test_regulator_sees_only_the_sites_inside_its_jurisdiction(
    client_for, regulator_user, jurisdiction_sites
):
    page = client_for(None, regulator_user).get("/regulator/companies/alpha/")
    assert page.status_code == 200
    assert "长宁的小区" in page.text
    assert "徐汇的小区" not in page.text


def test_regulator_gets_not_found_for_a_company_outside_its_jurisdiction(
    client_for, regulator_user, jurisdiction_sites
):
    assert client_for(None, regulator_user).get("/regulator/companies/beta/").status_code == 404


def test_regulator_with_two_districts_sees_both_companies(client_for, jurisdiction_sites):
    city = Regulator.objects.create(
        name="市房管局", districts=[District.CHANGNING, District.PUDONG]
    )
    user = User.objects.create_user("city@shfg.test", PASSWORD, regulator=city)
    page = client_for(None, user).get("/regulator/")
    assert "甲物业" in page.text and "乙物业" in page.text


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_company_staff_cannot_enter_the_regulator_area(client_for, make_member, company_a, role):
    user = make_member(company_a, role)
    assert client_for(None, user).get("/regulator/").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in_from_the_regulator_area(client_for, db):
    response = client_for(None).get("/regulator/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_regulator_cannot_use_a_company_portal_or_change_its_api(
    client_for, api_for, regulator_user, company_a, site_a
):
    assert client_for(company_a, regulator_user).get("/sites/").status_code == 403
    response = api_for(company_a, regulator_user).patch(
        f"/api/v1/sites/{site_a.pk}/", {"households": 1}, format="json"
    )
    assert response.status_code == 403


def test_database_refuses_a_write_made_during_a_regulator_request(
    client_for, regulator_user, settings
):
    settings.PUBLIC_SCHEMA_URLCONF = "tests.platform.write_probe_urls"
    with pytest.raises(InternalError, match="read-only transaction"):
        client_for(None, regulator_user).get("/write-probe/")
    assert not Regulator.objects.filter(name="写入探针").exists()


def test_the_same_write_succeeds_for_platform_staff(client_for, settings, db):
    settings.PUBLIC_SCHEMA_URLCONF = "tests.platform.write_probe_urls"
    staff = User.objects.create_user("ops@guanjia.test", PASSWORD, is_staff=True)
    assert client_for(None, staff).get("/write-probe/").text == "written"
    assert Regulator.objects.filter(name="写入探针").exists()


def test_database_refuses_a_regulator_request_that_inserts_into_a_company_table(
    client_for, regulator_user, company_a, settings
):
    settings.PUBLIC_SCHEMA_URLCONF = __name__
    with pytest.raises(InternalError, match="read-only transaction"):
        client_for(None, regulator_user).get("/insert-site/")
    with schema_context(company_a.schema_name):
        assert not Site.objects.filter(name="探针小区").exists()


def test_what_a_regulator_request_records_about_itself_is_kept_after_it_has_read(
    client_for, regulator_user, site_a, settings
):
    settings.PUBLIC_SCHEMA_URLCONF = __name__
    assert client_for(None, regulator_user).get("/read-and-record/").text == "1 sites"
    assert Regulator.objects.filter(name="查看记录").exists()


@pytest.mark.parametrize(
    ("on_company_host", "signed_in_page", "status"),
    # A company's host has no portal for a regulator, but it knows who is signed in.
    [(False, "/regulator/", 200), (True, "/accounts/", 403)],
    ids=["platform", "company"],
)
def test_a_regulator_signs_out(regulator_user, company_a, on_company_host, signed_in_page, status):
    browser = Client(HTTP_HOST=host_of(company_a) if on_company_host else PUBLIC_HOST)
    browser.post("/accounts/login/", {"username": regulator_user.email, "password": PASSWORD})
    assert browser.get(signed_in_page).status_code == status
    response = browser.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    after = browser.get(signed_in_page)
    assert after.status_code == 302
    assert after["Location"].startswith("/accounts/login/")
    assert AccessLog.objects.get(username=regulator_user.email).logout_time is not None
