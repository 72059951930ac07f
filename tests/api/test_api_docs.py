"""Partner developers get a valid OpenAPI 3 schema and Swagger UI served from this machine."""

import re


def test_schema_is_openapi_3_and_describes_the_sites_endpoints(client_for, company_a):
    schema = client_for(company_a).get("/api/schema/", {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/sites/", "/api/v1/sites/{id}/"} <= set(schema["paths"])
    assert "ApiKeyAuth" in schema["components"]["securitySchemes"]


def test_swagger_ui_loads_its_assets_locally(client_for, company_a):
    page = client_for(company_a).get("/api/docs/")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert any("swagger-ui" in source for source in sources)
    assert all(source.startswith("/") for source in sources), sources


def test_api_errors_are_json_with_a_message(api_for, company_a):
    response = api_for(company_a).get("/api/v1/sites/")
    assert response.status_code == 401
    assert response.json()["detail"]


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_documents_its_errors_with_the_error_shape(client_for, company_a):
    schema = client_for(company_a).get("/api/schema/", {"format": "json"}).json()
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        assert {"400", "401", "403"} <= codes, (method, path)
        if "{id}" in path:
            assert "404" in codes, (method, path)
        for code in codes - {"200", "201", "204"}:
            assert operation["responses"][code]["content"]["application/json"]["schema"] == error
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail", "errors"}


def test_creates_that_take_a_client_id_document_the_409(client_for, company_a):
    schema = client_for(company_a).get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/entries/", "/api/v1/notices/", "/api/v1/visitor-passes/"):
        assert "409" in schema["paths"][path]["post"]["responses"], path


# A cleaning log may carry its photo: those two operations also take multipart.
WITH_A_PHOTO = {"/api/v1/cleaning-logs/", "/api/v1/cleaning-logs/{id}/corrections/"}


def test_the_schema_offers_json_and_no_put(client_for, company_a):
    schema = client_for(company_a).get("/api/schema/", {"format": "json"}).json()
    for path, method, operation in operations(schema):
        assert method != "put", path
        if "requestBody" in operation:
            multipart = {"multipart/form-data"} if path in WITH_A_PHOTO else set()
            expected = {"application/json"} | multipart
            assert set(operation["requestBody"]["content"]) == expected, path


def test_manager_only_operations_say_that_api_keys_get_403(client_for, company_a):
    schema = client_for(company_a).get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/entries/{id}/reveal/",
        "/api/v1/isolation-cases/{id}/reveal/",
        "/api/v1/sites/{id}/entry-policy/level/",
    ):
        assert "every API key gets 403" in schema["paths"][path]["post"]["description"], path


def test_an_entry_without_a_document_is_described_with_a_blank_document_kind(client_for, company_a):
    schema = client_for(company_a).get("/api/schema/", {"format": "json"}).json()
    kind = schema["components"]["schemas"]["Entry"]["properties"]["document_kind"]
    allowed = [choice for option in kind["oneOf"] for choice in resolve(schema, option)["enum"]]
    assert "" in allowed and "id_card" in allowed


def resolve(schema, option):
    if "$ref" not in option:
        return option
    return schema["components"]["schemas"][option["$ref"].rsplit("/", 1)[1]]
