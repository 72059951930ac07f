"""The checklist of tenants/README.md, as far as code can check it: a feature app's pages,
roles, menu, home figures and models are registered in every place the checklist names.

The permission table's rows for every page and endpoint are checked by
tests/project/test_permissions.py (test_every_portal_and_api_url_is_in_the_table).
"""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, path

import tenants
from accounts.roles import PERMISSIONS
from guanjia import urls_tenant
from tenants.portal import home, menu
from tenants.portal import urls as portal_urls

APPS = sorted(
    folder.name
    for folder in Path(tenants.__file__).parent.iterdir()
    if folder.is_dir() and (folder / "apps.py").exists()
)
# The portal's own pages are declared in tenants/portal; these modules hold a feature's pages.
PAGE_MODULES = ("urls_portal", "urls_manager")


def has_module(app: str, name: str) -> bool:
    return (Path(tenants.__file__).parent / app / f"{name}.py").exists()


@pytest.mark.parametrize("app", APPS)
def test_every_feature_app_is_installed_in_each_companys_schema(app):
    assert f"tenants.{app}" in settings.TENANT_APPS


def missing_from_the_root(patterns) -> list[str]:
    """The page patterns that the portal's URL root does not serve."""
    served = set(map(id, portal_urls.urlpatterns))
    return [str(pattern.pattern) for pattern in patterns if id(pattern) not in served]


@pytest.mark.parametrize("app", APPS)
def test_every_page_of_a_feature_app_is_in_the_portals_url_root(app):
    for name in PAGE_MODULES:
        if has_module(app, name):
            module = importlib.import_module(f"tenants.{app}.{name}")
            missing = missing_from_the_root(module.urlpatterns)
            assert missing == [], f"add tenants.{app}.{name} to tenants/portal/urls.py"


@pytest.mark.parametrize("app", [app for app in APPS if has_module(app, "urls_public")])
def test_every_apps_public_pages_are_on_the_company_host(app):
    included = {
        getattr(pattern.urlconf_name, "__name__", pattern.urlconf_name)
        for pattern in urls_tenant.urlpatterns
        if hasattr(pattern, "urlconf_name")
    }
    assert f"tenants.{app}.urls_public" in included, "add it to guanjia/urls_tenant.py"


def portal_views():
    for pattern in portal_urls.urlpatterns:
        assert isinstance(pattern, URLPattern), "the portal's URL root lists pages, not includes"
        yield pattern.name, getattr(pattern.callback, "view_class", None)


@pytest.mark.parametrize(("name", "view"), list(portal_views()))
def test_every_portal_page_asks_for_a_permission_of_the_roles_table(name, view):
    assert view is not None, f"portal:{name} should be a class-based view with a permission"
    assert getattr(view, "permission", None) in PERMISSIONS, f"portal:{name}"


@pytest.mark.parametrize("app", [app for app in APPS if has_module(app, "menu")])
def test_every_apps_menu_is_read_by_the_portals_menu(app):
    assert f"tenants.{app}.menu" in menu.MODULES


@pytest.mark.parametrize("app", [app for app in APPS if has_module(app, "home")])
def test_every_apps_home_figures_are_read_by_the_portals_home(app):
    assert f"tenants.{app}.home" in home.MODULES


def test_every_menu_item_and_home_figure_asks_for_a_permission_of_the_roles_table():
    items = [item for items in menu.declared().values() for item in items]
    assert {item.permission for item in items} <= set(PERMISSIONS)
    assert {figure.permission for figure in home.declared()} <= set(PERMISSIONS)


def test_the_check_sees_a_page_the_root_does_not_serve():
    stray = path("stray/", lambda request: None, name="stray")
    assert missing_from_the_root([portal_urls.urlpatterns[1], stray]) == ["stray/"]
