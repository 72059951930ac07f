"""/healthz tells load balancers whether the database and the broker answer."""

import pytest


@pytest.mark.parametrize("on_company_host", [False, True])
def test_health_is_ok_when_database_and_broker_answer(client_for, company_a, on_company_host):
    response = client_for(company_a if on_company_host else None).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_health_reports_an_unreachable_broker_with_503(client_for, db, settings):
    # Nothing listens on port 1 of this machine: a real refused connection.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client_for(None).get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert response.json()["database"] == "ok"
