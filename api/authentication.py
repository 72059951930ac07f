from django.db import connection
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from partners.services import find_active_key

KEYWORD = "Api-Key"


class PartnerApp:
    """The principal of a request made with an API key: a partner app, not a person."""

    is_authenticated = True
    is_anonymous = False
    is_regulator = False
    is_staff = False
    pk = None

    def __init__(self, api_key):
        self.api_key = api_key

    def __str__(self):
        return f"partner app {self.api_key.name}"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key gj_…`: a key works only on the host of the company that issued it."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        keyword, _sep, key = header.partition(" ")
        if keyword != KEYWORD:
            return None
        if connection.schema_name == get_public_schema_name() or not key.strip():
            raise exceptions.AuthenticationFailed(_("Invalid API key."))
        api_key = find_active_key(key.strip(), company=request.tenant)
        if api_key is None:
            raise exceptions.AuthenticationFailed(_("Invalid API key."))
        return PartnerApp(api_key), api_key

    def authenticate_header(self, request):
        return KEYWORD


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key gj_…`, created by a manager on the company's API keys page.",
        }
