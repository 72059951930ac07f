"""Partner API keys: a manager issues a key, sees it once, and can revoke it at any time."""

import hashlib
import re

import pytest

from accounts.roles import ApiScope
from partners.models import ApiKey
from tests.conftest import make_site

NEW_KEY = re.compile(r'<code class="secret" id="new-key">([^<]+)</code>')


def issue_key(client, name="智能快递柜", scope=ApiScope.READ_WRITE) -> str:
    """Create a key on the API keys page as the signed-in manager; the full key the page shows."""
    response = client.post("/api-keys/", {"name": name, "scope": scope})
    assert response.status_code == 200
    found = NEW_KEY.search(response.text)
    assert found, "the page does not show the new key"
    return found.group(1)


def key_named(name: str) -> ApiKey:
    return ApiKey.objects.get(name=name)


def test_manager_creates_a_key_and_sees_it_once(client_for, company_a, manager_a):
    client = client_for(company_a, manager_a)
    key = issue_key(client)
    assert key.startswith("gj_")
    assert len(key) > 40
    reloaded = client.get("/api-keys/")
    assert reloaded.status_code == 200
    assert "智能快递柜" in reloaded.text
    assert key not in reloaded.text
    assert NEW_KEY.search(reloaded.text) is None


def test_only_a_hash_of_the_key_is_stored(client_for, company_a, manager_a):
    key = issue_key(client_for(company_a, manager_a))
    _gj, _prefix, secret = key.split("_", 2)
    row = key_named("智能快递柜")
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = " ".join(str(value) for value in ApiKey.objects.values_list())
    assert key not in stored
    assert secret not in stored


def test_a_new_key_reads_the_company_sites(client_for, api_for, company_a, manager_a, site_a):
    key = issue_key(client_for(company_a, manager_a))
    response = api_for(company_a, key=key).get("/api/v1/sites/")
    assert response.status_code == 200
    assert [site["name"] for site in response.json()["results"]] == [site_a.name]


def test_a_read_write_key_creates_a_site(client_for, api_for, company_a, manager_a):
    key = issue_key(client_for(company_a, manager_a), scope=ApiScope.READ_WRITE)
    site = {
        "name": "快递柜小区",
        "kind": "compound",
        "district": "xuhui",
        "sub_district": "徐家汇街道",
        "address": "漕溪北路 1 号",
        "households": 300,
    }
    response = api_for(company_a, key=key).post("/api/v1/sites/", site, format="json")
    assert response.status_code == 201
    assert response.json()["name"] == "快递柜小区"


def test_a_revoked_key_stops_working(client_for, api_for, company_a, manager_a):
    portal = client_for(company_a, manager_a)
    key = issue_key(portal)
    api = api_for(company_a, key=key)
    assert api.get("/api/v1/sites/").status_code == 200
    response = portal.post(f"/api-keys/{key_named('智能快递柜').pk}/revoke/", follow=True)
    assert response.status_code == 200
    assert "智能快递柜" in response.text
    assert api.get("/api/v1/sites/").status_code == 401


def test_revoking_twice_is_harmless(client_for, api_for, company_a, manager_a):
    portal = client_for(company_a, manager_a)
    key = issue_key(portal)
    url = f"/api-keys/{key_named('智能快递柜').pk}/revoke/"
    assert portal.post(url).status_code == 302
    revoked_at = key_named("智能快递柜").revoked_at
    assert portal.post(url).status_code == 302
    assert key_named("智能快递柜").revoked_at == revoked_at
    assert portal.get("/api-keys/").status_code == 200
    assert api_for(company_a, key=key).get("/api/v1/sites/").status_code == 401


def test_a_read_key_cannot_create_sites(api_for, api_key_for, company_a):
    key = api_key_for(company_a, ApiScope.READ)
    api = api_for(company_a, key=key)
    assert api.get("/api/v1/sites/").status_code == 200
    site = {"name": "偷偷加的", "kind": "compound", "district": "xuhui",
            "sub_district": "x", "address": "y", "households": 1}  # fmt: skip
    assert api.post("/api/v1/sites/", site, format="json").status_code == 403
    assert api.get("/api/v1/sites/").json()["count"] == 0


def test_a_read_key_cannot_change_sites(api_for, api_key_for, company_a, site_a):
    api = api_for(company_a, key=api_key_for(company_a, ApiScope.READ))
    response = api.patch(f"/api/v1/sites/{site_a.pk}/", {"households": 1}, format="json")
    assert response.status_code == 403
    assert api.get(f"/api/v1/sites/{site_a.pk}/").json()["households"] == 860


def test_another_company_key_does_not_work_on_this_company_host(
    api_for, api_key_for, company_a, company_b
):
    key = api_key_for(company_b, ApiScope.READ_WRITE)
    make_site(company_a, name="甲的小区")
    assert api_for(company_b, key=key).get("/api/v1/sites/").status_code == 200
    response = api_for(company_a, key=key).get("/api/v1/sites/")
    assert response.status_code == 401
    assert "甲的小区" not in response.text


@pytest.mark.parametrize(
    "header",
    [
        "Api-Key nonsense",
        "Api-Key gj_x_y",
        "Api-Key gj_",
        "Api-Key ",
        "Api-Key gj_000000000000_not-the-secret",
    ],
)
def test_a_malformed_or_unknown_key_is_refused(api_for, company_a, header):
    api = api_for(company_a)
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get("/api/v1/sites/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_a_key_with_the_right_prefix_but_a_wrong_secret_is_refused(api_for, api_key_for, company_a):
    key = api_key_for(company_a, ApiScope.READ)
    gj, prefix, _secret = key.split("_", 2)
    forged = f"{gj}_{prefix}_forged-secret"
    assert api_for(company_a, key=forged).get("/api/v1/sites/").status_code == 401
    assert api_for(company_a, key=key).get("/api/v1/sites/").status_code == 200


def test_a_key_without_a_name_is_refused_and_nothing_is_created(client_for, company_a, manager_a):
    client = client_for(company_a, manager_a)
    response = client.post("/api-keys/", {"name": "  ", "scope": ApiScope.READ})
    assert response.status_code == 400
    assert NEW_KEY.search(response.text) is None
    assert "gj_" not in response.text
    assert not ApiKey.objects.exists()


def test_a_key_with_an_unknown_scope_is_refused_and_nothing_is_created(
    client_for, company_a, manager_a
):
    client = client_for(company_a, manager_a)
    response = client.post("/api-keys/", {"name": "储物柜", "scope": "admin"})
    assert response.status_code == 400
    assert not ApiKey.objects.exists()


def test_the_key_list_shows_only_this_company_keys(
    client_for, api_key_for, company_a, company_b, manager_a
):
    client = client_for(company_a, manager_a)
    issue_key(client, name="甲的快递柜")
    api_key_for(company_b, ApiScope.READ)
    page = client.get("/api-keys/")
    assert "甲的快递柜" in page.text
    assert "read partner" not in page.text


def test_outsider_cannot_revoke_a_key_through_its_company_host(
    client_for, api_for, company_a, manager_a, outsider
):
    key = issue_key(client_for(company_a, manager_a))
    url = f"/api-keys/{key_named('智能快递柜').pk}/revoke/"
    assert client_for(company_a, outsider).post(url).status_code == 403
    assert key_named("智能快递柜").is_active
    assert api_for(company_a, key=key).get("/api/v1/sites/").status_code == 200


def test_outsider_cannot_revoke_a_key_through_their_own_host(
    client_for, api_for, company_a, company_b, manager_a, outsider
):
    key = issue_key(client_for(company_a, manager_a))
    url = f"/api-keys/{key_named('智能快递柜').pk}/revoke/"
    assert client_for(company_b, outsider).post(url).status_code == 404
    assert key_named("智能快递柜").is_active
    assert api_for(company_a, key=key).get("/api/v1/sites/").status_code == 200


def test_outsider_cannot_see_or_create_keys_on_another_company_host(
    client_for, company_a, manager_a, outsider
):
    issue_key(client_for(company_a, manager_a))
    client = client_for(company_a, outsider)
    page = client.get("/api-keys/")
    assert page.status_code == 403
    assert "智能快递柜" not in page.text
    assert client.post("/api-keys/", {"name": "外人", "scope": "read"}).status_code == 403
    assert list(ApiKey.objects.values_list("name", flat=True)) == ["智能快递柜"]
