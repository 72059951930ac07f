"""Helpers shared by the site tests (portal and API)."""

import re

from django.utils import translation
from django_tenants.utils import schema_context

from tenants.sites.models import Site

SITE_FORM = {
    "name": "虹桥花园",
    "kind": "compound",
    "district": "changning",
    "sub_district": "虹桥街道",
    "address": "虹桥路 1 号",
    "households": "420",
}

DUPLICATE_NAME = "This company already has a site called “%(name)s”."


def error_is_shown_on(field: str, page: str) -> bool:
    return re.search(rf'<div class="field invalid">\s*<label for="id_{field}"', page) is not None


def sites_of(company) -> dict[str, dict]:
    """Every site of the company, by name, as plain values."""
    with schema_context(company.schema_name):
        return {site["name"]: site for site in Site.objects.values()}


def reload(company, site) -> Site:
    with schema_context(company.schema_name):
        return Site.objects.get(pk=site.pk)


def in_language(language: str, message: str, **values) -> str:
    """The message as a reader of `language` sees it (the source text until it is translated)."""
    with translation.override(language):
        return translation.gettext(message) % values


def assign(company, site, user) -> None:
    with schema_context(company.schema_name):
        site.assigned_users.add(user)
