"""What outside testing broke in the API and the guard's phone: each answer is a clear 400 (or the
status that says what happened) in one shape, in the caller's language, and nothing is written."""

import json

import pytest
from django_tenants.utils import schema_context

from accounts.roles import ApiScope
from tenants.notices.models import Notice
from tenants.sites.models import Gate, Site
from tests.conftest import NOTICE_BODY, NOTICE_TITLE
from tests.sites.site_helpers import SITE_FORM

SITE_JSON = {**SITE_FORM, "households": 420}

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


def post_raw(client, path, raw: str, language="zh-hans", content_type="application/json"):
    return client.generic(
        "POST", path, raw.encode("utf-8", "surrogatepass"), content_type,
        HTTP_ACCEPT_LANGUAGE=language,
    )  # fmt: skip


def notice_body(**title) -> str:
    # ensure_ascii writes "\u0000" and "\ud800" as JSON escapes, as a client library would.
    return json.dumps(
        {
            "kind": "prevention",
            "title": {**NOTICE_TITLE, **title},
            "body": NOTICE_BODY,
            "sites": [],
            "valid_from": "2026-12-01",
        }  # fmt: skip
    )


def count(company, model) -> int:
    with schema_context(company.schema_name):
        return model.objects.count()


@pytest.mark.parametrize("bad", ["x\u0000y", "x\ud800y"], ids=["nul", "lone-surrogate"])
def test_text_postgresql_cannot_store_is_a_400_naming_the_field_and_writes_nothing(
    writer, company_a, site_a, bad
):
    response = post_raw(writer, "/api/v1/notices/", notice_body(en=bad), language="en")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some of the data is not valid.",
        "errors": {"title.en": ["Text may not contain a NUL character or a lone surrogate."]},
    }
    assert count(company_a, Notice) == 0


def test_a_body_nested_a_hundred_thousand_deep_is_a_400_in_the_callers_language(writer, company_a):
    response = post_raw(writer, "/api/v1/sites/", DEEP, language="ja")
    assert response.status_code == 400
    assert response.json() == {"detail": "リクエストの本文の入れ子が深すぎます。", "errors": {}}
    assert count(company_a, Site) == 0


def test_a_body_that_is_not_json_is_a_400_that_says_where_in_the_callers_language(writer):
    response = post_raw(writer, "/api/v1/sites/", '{"name": ', language="zh-hans")
    assert response.status_code == 400
    assert response.json()["detail"] == "请求的内容不是有效的 JSON（第 1 行，第 10 列）。"


def test_a_body_larger_than_the_limit_is_a_413_in_the_error_shape(writer, settings, company_a):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = post_raw(writer, "/api/v1/sites/", json.dumps({"name": "x" * 2000}), "en")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is larger than 1 KiB.", "errors": {}}
    assert count(company_a, Site) == 0


def test_a_notice_sent_as_a_form_is_refused_with_415_because_its_texts_need_json(writer, company_a):
    response = writer.post("/api/v1/notices/", {"kind": "prevention"}, format="multipart")
    assert response.status_code == 415
    assert set(response.json()) == {"detail", "errors"}
    assert count(company_a, Notice) == 0


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/no-such-thing/", 404),
        ("/api/v1/sites/0.5/", 404),
        ("/api/v1/gates/999999/", 404),
    ],
)
def test_an_address_that_names_nothing_answers_json_in_the_error_shape(writer, path, status):
    response = writer.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "errors": {}}


def test_no_credentials_and_a_read_only_key_get_the_error_shape(
    api_for, api_key_for, company_a, site_a
):
    anonymous = api_for(company_a).get("/api/v1/sites/", HTTP_ACCEPT_LANGUAGE="en")
    reader = api_for(company_a, key=api_key_for(company_a, ApiScope.READ))
    refused = reader.post("/api/v1/sites/", {"name": "x"}, format="json")
    assert anonymous.status_code == 401 and set(anonymous.json()) == {"detail", "errors"}
    assert refused.status_code == 403
    assert refused.json() == {"detail": "您无权执行此操作。", "errors": {}}


def test_a_number_is_not_a_gate_name_and_the_gate_keeps_its_name(writer, company_a, gate_a):
    response = writer.patch(f"/api/v1/gates/{gate_a.pk}/", {"name": 0}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["name"]
    with schema_context(company_a.schema_name):
        assert Gate.objects.get(pk=gate_a.pk).name == "南门"


def test_put_is_not_offered_so_a_change_without_the_site_cannot_be_accepted(writer, gate_a):
    response = writer.put(f"/api/v1/gates/{gate_a.pk}/", {"name": "北门"}, format="json")
    assert response.status_code == 405
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize("hours", [{}, "06:00-22:00", [["06:00"]], [[6, 22]]])
def test_opening_hours_that_are_not_pairs_of_times_are_refused(writer, company_a, gate_a, hours):
    response = writer.patch(f"/api/v1/gates/{gate_a.pk}/", {"opening_hours": hours}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["opening_hours"]
    with schema_context(company_a.schema_name):
        assert Gate.objects.get(pk=gate_a.pk).opening_hours == gate_a.opening_hours


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("recorded_before=", "recorded_before"),
        ("overridden=null", "overridden"),
        ("page_size=null", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
        ("page=abc", "page"),
    ],
)
def test_a_bad_query_value_is_a_400_naming_the_parameter(writer, entry_a, query, parameter):
    response = writer.get(f"/api/v1/entries/?{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]


def test_a_temperature_is_a_number_and_more_places_are_rounded(writer, company_a, gate_a):
    sent = {"uuid": "6f1d3b0e-8a57-4f1e-9a51-2a4f0c7e9b11", "gate": gate_a.pk,
            "category": "resident", "health_code": "green"}  # fmt: skip
    as_text = writer.post("/api/v1/entries/", {**sent, "temperature": "36.6"}, format="json")
    as_number = writer.post("/api/v1/entries/", {**sent, "temperature": 36.64}, format="json")
    assert as_text.status_code == 400 and list(as_text.json()["errors"]) == ["temperature"]
    assert as_number.status_code == 201
    assert as_number.json()["temperature"] == "36.6"


CHECKS = "/m/gate/checks/"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"gate": "²"}, "gate"),
        ({"gate": "{gate}", "document": 12345}, "document"),
        ({"gate": "{gate}", "phone": ["138"]}, "phone"),
        ({"gate": 2**70}, "gate"),
        ({"gate": True}, "gate"),
    ],
)
def test_the_known_person_check_names_a_value_of_the_wrong_type(phone, gate_a, body, field):
    body = {key: gate_a.pk if value == "{gate}" else value for key, value in body.items()}
    response = phone.post(CHECKS, body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_the_known_person_check_refuses_a_body_nested_too_deeply(phone):
    response = post_raw(phone, CHECKS, DEEP)
    assert response.status_code == 400
    assert response.json()["errors"] == {"__all__": ["请求的内容嵌套过深。"]}


def test_the_guards_entry_refuses_a_lone_surrogate_and_records_nothing(phone, company_a, gate_a):
    from tenants.gate.models import Entry

    body = json.dumps({"uuid": "0b8f7f7e-3c1a-4c9b-8d0c-6a2b1e9f4d21", "gate": gate_a.pk,
                       "category": "visitor", "temperature": "36.5", "name": "x\ud800"})  # fmt: skip
    response = post_raw(phone, "/m/gate/entries/", body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["name"]
    assert count(company_a, Entry) == 0


@pytest.mark.parametrize("name", ["\u001d", "\ufeff", " \u3000 "])
def test_a_name_of_invisible_spaces_is_blank_as_the_schema_says(writer, company_a, name):
    response = writer.post("/api/v1/sites/", {**SITE_JSON, "name": name}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["name"]
    assert count(company_a, Site) == 0
