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
