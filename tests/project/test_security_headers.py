"""Every page carries a Content-Security-Policy that only this host's scripts and styles satisfy,
and production answers plain HTTP with a redirect to HTTPS, except for the health check."""

import base64
import hashlib
import re

import pytest
from django.conf import settings as django_settings

from tests.conftest import PUBLIC_HOST

TEMPLATES = django_settings.BASE_DIR / "templates"
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[^>]*>", re.IGNORECASE)


def policy_of(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def assert_strict(policy: dict[str, list[str]]) -> None:
    """Scripts from this host only, nothing inline but what is hashed or nonced."""
    assert policy["default-src"] == ["'self'"]
    assert "'self'" in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]


def test_portal_pages_carry_a_strict_content_security_policy(client_for, company_a, manager_a):
    client = client_for(company_a, manager_a)
    for path in ("/", "/sites/", "/api-keys/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(policy_of(response))


def test_the_guards_gate_page_carries_the_policy(client_for, company_a, guard_a):
    response = client_for(company_a, guard_a).get("/m/gate/")
    assert response.status_code == 200
    assert_strict(policy_of(response))


def test_the_platform_sign_in_page_carries_the_policy(db, client_for):
    response = client_for().get("/accounts/login/")
    assert response.status_code == 200
    assert_strict(policy_of(response))


def test_the_public_board_styles_itself_with_the_nonce_of_its_own_policy(
    client_for, company_a, site_a
):
    response = client_for(company_a).get(f"/board/{site_a.board_token}/")
    assert response.status_code == 200
    policy = policy_of(response)
    assert_strict(policy)
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in policy["style-src"]


def test_every_board_gets_a_fresh_nonce(client_for, company_a, site_a):
    client = client_for(company_a)
    first, second = (client.get(f"/board/{site_a.board_token}/") for _ in range(2))
    assert policy_of(first)["style-src"] != policy_of(second)["style-src"]


def test_the_visitors_public_form_carries_the_policy(client_for, company_a, gate_a):
    response = client_for(company_a).get(f"/visit/{gate_a.visitor_token}/")
    assert response.status_code == 200
    policy = policy_of(response)
    assert_strict(policy)
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in policy["style-src"]


def test_api_docs_load_their_start_up_script_as_a_file_under_the_policy(client_for, company_a):
    client = client_for(company_a)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert_strict(policy_of(page))
    html = page.content.decode()
    assert not INLINE_SCRIPT.search(html), "Swagger UI must not start from an inline script"
    sources = re.findall(r'<script src="([^"]+)"', html)
    start_up = next(source for source in sources if "script" in source.split("?", 1)[-1])
    script = client.get(start_up.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def browser_templates() -> list[str]:
    """Templates that reach a browser: PDFs (pdf/base.html and what extends it) never do."""
    return sorted(
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if path.parent.name != "pdf" and "pdf/base.html" not in path.read_text()
    )


@pytest.mark.parametrize("path", browser_templates())
def test_no_template_has_inline_script_or_style_the_policy_would_block(path):
    text = (TEMPLATES / path).read_text()
    assert not INLINE_SCRIPT.search(text), "an inline <script> needs a nonce or a file of its own"
    allowed = django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
    for _, code in HANDLER.findall(text):
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, f"the handler {code!r} is not allowed"
    for style in STYLE_ELEMENT.findall(text):
        assert 'nonce="{{ request.csp_nonce }}"' in style, "an inline <style> needs the nonce"


def test_production_sends_plain_http_to_https_but_answers_the_health_check(
    db, client_for, settings
):
    settings.SECURE_SSL_REDIRECT = True  # production's default (tests run with DEBUG on)
    client = client_for()
    assert client.get("/healthz").status_code == 200
    redirect = client.get("/accounts/login/")
    assert redirect.status_code == 301
    assert redirect["Location"] == f"https://{PUBLIC_HOST}/accounts/login/"


def test_https_pages_tell_browsers_to_keep_to_https_on_every_company_host(db, client_for, settings):
    settings.SECURE_HSTS_SECONDS = 31536000  # production's default
    response = client_for().get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
