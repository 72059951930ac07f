"""The portal's menu: each role sees the jobs and pages its permissions allow, and nothing else.

The expectations come from the role table (accounts.roles) applied to the pages the apps
declare (tenants.portal.menu), and each declared page is checked against the permission its
own view demands: so the menu offers every page a role may open and none that answers 403.
"""

from html.parser import HTMLParser

import pytest
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation
from django_tenants.utils import tenant_context

from accounts.models import Role
from accounts.roles import ApiScope, role_has_permission
from partners.models import ApiKey
from tenants.portal.context_processors import portal_menu
from tenants.portal.menu import GROUPS, declared
from tests.conftest import host_of

LANGUAGE = "zh-hans"
# Roles whose home is the portal's home page; a guard's home is the gate on their phone.
OFFICE_ROLES = [Role.MANAGER, Role.SITE_MANAGER, Role.VIEWER]


class MenuParser(HTMLParser):
    """The menu as a reader meets it: [(label, [(link text, href, current)])], one per button.

    A button that is a plain link is its own only page.
    """

    def __init__(self):
        super().__init__()
        self.entries = []
        self.depth = 0  # <ul> nesting inside the menu: 1 for its buttons, 2 for their pages
        self.text_of = None  # "button", "plain link" or "page": where text read goes

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ul" and (self.depth or "portal-menu" in (attrs.get("class") or "")):
            self.depth += 1
        elif self.depth == 1 and tag == "summary":
            self.entries.append(["", [], "current" in attrs.get("class", "")])
            self.text_of = "button"
        elif self.depth and tag == "a":
            page = ["", attrs["href"], attrs.get("aria-current") == "page"]
            if self.depth == 1:
                self.entries.append(["", [page], page[2]])
                self.text_of = "plain link"
            else:
                self.entries[-1][1].append(page)
                self.text_of = "page"

    def handle_endtag(self, tag):
        if tag == "ul" and self.depth:
            self.depth -= 1
        elif tag in ("summary", "a"):
            self.text_of = None

    def handle_data(self, data):
        if self.text_of in ("button", "plain link"):
            self.entries[-1][0] += data.strip()
        if self.text_of in ("page", "plain link"):
            self.entries[-1][1][-1][0] += data.strip()


def menu_shown(response):
    parser = MenuParser()
    parser.feed(response.content.decode())
    return [
        (label, [(text, href) for text, href, _current in pages])
        for label, pages, _current in parser.entries
    ]


def menu_allowed(role):
    """What the role table lets `role` use: each job with at least one page, in menu order."""
    shown = []
    with translation.override(LANGUAGE):
        for group in GROUPS:
            pages = [
                (str(item.label), item.url)
                for item in declared()[group.key]
                if role_has_permission(role, item.permission)
            ]
            if len(pages) == 1:
                shown.append((pages[0][0], pages))
            elif pages:
                shown.append((str(group.label), pages))
    return shown


def home_of(client):
    return client.get("/", HTTP_ACCEPT_LANGUAGE=LANGUAGE, follow=True)


@pytest.mark.parametrize("role", OFFICE_ROLES)
def test_each_role_sees_exactly_the_jobs_and_pages_its_permissions_allow(
    role, company_a, make_member, client_for
):
    response = home_of(client_for(company_a, make_member(company_a, role)))

    assert response.status_code == 200
    assert menu_shown(response) == menu_allowed(role)


@pytest.mark.parametrize("role", Role.values)
def test_a_job_none_of_whose_pages_the_role_may_open_is_hidden(
    role, company_a, make_member, client_for
):
    user = make_member(company_a, role)
    menu = home_of(client_for(company_a, user)).context["portal_menu"]

    for group in GROUPS:
        usable = [i for i in declared()[group.key] if role_has_permission(role, i.permission)]
        assert (group.key in [shown.key for shown in menu]) == bool(usable), group.key
    # Jobs whose features have not arrived yet have no pages, so nobody sees them.
    assert not {"inspections", "reports"} & {shown.key for shown in menu}


@pytest.mark.parametrize(
    ("role", "home"), [(Role.GUARD, "/m/gate/"), (Role.CLEANER, "/m/cleaning/")]
)
def test_a_phone_workers_home_is_their_phone_and_their_menu_offers_their_own_pages(
    role, home, company_a, make_member, client_for
):
    response = home_of(client_for(company_a, make_member(company_a, role)))

    assert response.redirect_chain[-1][0] == home
    assert menu_shown(response) == []  # the phone pages have their own frame
    with translation.override(LANGUAGE):
        offered = [
            (str(link.label), link.url)
            for group in response.context["portal_menu"]
            for link in group.links
        ]
    assert offered == [page for _label, pages in menu_allowed(role) for page in pages]


def test_an_outsider_gets_no_menu(company_a, outsider, client_for):
    response = client_for(company_a, outsider).get("/")

    assert response.status_code == 403
    assert response.context["portal_menu"] == []
    assert "portal-menu" not in response.content.decode()


def test_a_partner_gets_no_menu(company_a, client_for, api_key_for):
    key = api_key_for(company_a, ApiScope.READ_WRITE)
    client = client_for(company_a)
    response = client.get("/", HTTP_AUTHORIZATION=f"Api-Key {key}", follow=True)

    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert response.context["portal_menu"] == []
    assert "portal-menu" not in response.content.decode()

    # Even where a partner's key is the request's access (the API), there is no menu.
    request = RequestFactory().get("/", HTTP_HOST=host_of(company_a))
    with tenant_context(company_a):
        request.auth = ApiKey.objects.get(company=company_a)
        request.membership = None
        assert portal_menu(request) == {"portal_menu": []}


def test_the_page_being_read_is_marked_in_its_job(company_a, manager_a, site_a, client_for):
    client = client_for(company_a, manager_a)

    def marked(url):
        parser = MenuParser()
        parser.feed(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
        buttons = [label for label, _pages, current in parser.entries if current]
        pages = [href for _l, pages, _c in parser.entries for _t, href, cur in pages if cur]
        return buttons, pages

    assert marked("/entries/?overridden=1") == (["Gate"], ["/entries/?overridden=1"])
    assert marked("/entries/") == (["Gate"], ["/entries/"])
    assert marked(f"/sites/{site_a.pk}/") == (["Company"], ["/sites/"])
    assert marked("/") == (["Home"], ["/"])


@pytest.mark.parametrize(
    "item",
    [item for items in declared().values() for item in items],
    ids=lambda item: item.url_name + (f"?{item.query}" if item.query else ""),
)
def test_every_page_in_the_menu_needs_the_permission_its_view_declares(item):
    view = resolve(item.path).func.view_class
    # Pages with no permission of their own (the API's documentation) are open to everyone.
    assert item.permission == getattr(view, "permission", "portal.view")
