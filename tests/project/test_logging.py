"""An expected refusal (403, 404) is one line in the log; a real error (500) keeps its traceback."""

import logging

import pytest
from django.test import Client
from django.urls import path

from accounts.models import Role
from guanjia.urls_tenant import urlpatterns as tenant_urlpatterns
from tests.conftest import host_of


def broken_view(request):
    raise RuntimeError("the report template is missing")


# A company's URLs plus one page that fails for real, as a bug would.
urlpatterns = [path("broken/", broken_view), *tenant_urlpatterns]


def request_lines(caplog, status: int) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name.startswith("django.") and getattr(record, "status_code", None) == status
    ]


def assert_one_line_without_traceback(caplog, status: int, path: str) -> None:
    lines = request_lines(caplog, status)
    assert len(lines) == 1, [record.getMessage() for record in lines]
    assert path in lines[0].getMessage()
    assert lines[0].exc_info is None
    assert "Traceback" not in caplog.text


@pytest.fixture
def viewer_a(make_member, company_a):
    return make_member(company_a, Role.VIEWER)


def test_a_portal_page_refused_to_a_viewer_is_one_line_in_the_log(
    caplog, client_for, company_a, viewer_a
):
    with caplog.at_level(logging.INFO):
        response = client_for(company_a, viewer_a).get("/sites/new/")
    assert response.status_code == 403
    assert_one_line_without_traceback(caplog, 403, "/sites/new/")


def test_a_portal_page_that_does_not_exist_is_one_line_in_the_log(
    caplog, client_for, company_a, manager_a
):
    with caplog.at_level(logging.INFO):
        response = client_for(company_a, manager_a).get("/sites/999999/edit/")
    assert response.status_code == 404
    assert_one_line_without_traceback(caplog, 404, "/sites/999999/edit/")


def test_an_api_call_refused_to_a_read_key_is_one_line_in_the_log(
    caplog, api_for, api_key_for, company_a
):
    client = api_for(company_a, key=api_key_for(company_a, "read"))
    with caplog.at_level(logging.INFO):
        response = client.post("/api/v1/sites/", {"name": "新建小区"}, format="json")
    assert response.status_code == 403
    assert_one_line_without_traceback(caplog, 403, "/api/v1/sites/")


def test_an_api_record_that_does_not_exist_is_one_line_in_the_log(
    caplog, api_for, company_a, manager_a
):
    with caplog.at_level(logging.INFO):
        response = api_for(company_a, manager_a).get("/api/v1/sites/999999/")
    assert response.status_code == 404
    assert_one_line_without_traceback(caplog, 404, "/api/v1/sites/999999/")


def test_a_real_error_still_logs_its_traceback(caplog, settings, company_a):
    settings.ROOT_URLCONF = __name__
    client = Client(HTTP_HOST=host_of(company_a), raise_request_exception=False)
    with caplog.at_level(logging.INFO):
        response = client.get("/broken/")
    assert response.status_code == 500
    (line,) = request_lines(caplog, 500)
    assert line.exc_info is not None
    assert "Traceback" in caplog.text
    assert "RuntimeError: the report template is missing" in caplog.text
