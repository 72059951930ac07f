"""The manager's home: today's numbers per site and for the company, each the total of the list
it links to, read on the demo's 天山物业 after `make run`."""

import pytest
from django.test import Client

from accounts.models import User
from companies.models import Company
from devtools import demo
from tenants.portal.home import declared

pytestmark = pytest.mark.django_db


@pytest.fixture
def tianshan(db):
    assert demo.load()
    return Company.objects.get(slug="tianshan")


def listed(client: Client, url: str) -> int:
    """How many rows the page at `url` lists, all pages together."""
    response = client.get(url)
    assert response.status_code == 200, url
    if url.split("?")[0].rstrip("/") == "" or url.startswith("/?") or url.startswith("/#"):
        return len(response.context["alerts"])
    return response.context["paginator"].count


def glance_of(client: Client):
    response = client.get("/")
    assert response.status_code == 200
    return response.context["glance"]


def test_every_number_on_the_managers_home_is_the_total_of_the_list_it_links_to(
    tianshan, client_for
):
    client = client_for(tianshan, User.objects.get(email="manager@tianshan.demo"))
    glance = glance_of(client)

    assert [figure.key for figure in glance.figures] == [figure.key for figure in declared()]
    company, *sites = glance.rows
    assert company.site is None
    assert [row.site.name for row in sites] == [
        "中紫居民区",
        "天山天义小区",
        "玉屏小区",
        "紫云小区",
    ]
    # The demo's day: entries admitted and refused, an override, an open fever case, people
    # in isolation with a reading overdue, a roster gap, notices missing a translation.
    assert all(cell.count > 0 for cell in company.cells), [c.count for c in company.cells]
    for row in glance.rows:
        for figure, cell in zip(glance.figures, row.cells, strict=True):
            assert listed(client, cell.url) == cell.count, (figure.key, row.site, cell.url)
    open_cases = company.cells[[f.key for f in glance.figures].index("open_cases")]
    assert open_cases.alert and open_cases.since is not None


def test_a_site_manager_reads_the_numbers_of_their_site_only(tianshan, client_for):
    client = client_for(tianshan, User.objects.get(email="sitemanager@tianshan.demo"))
    glance = glance_of(client)

    # One site: its row alone, since the company's would repeat it.
    assert [row.site.name for row in glance.rows] == ["天山天义小区"]
    for figure, cell in zip(glance.figures, glance.rows[0].cells, strict=True):
        assert listed(client, cell.url) == cell.count, figure.key


def test_a_viewer_reads_the_numbers_and_a_cleaner_lands_on_their_round(tianshan, client_for):
    viewer = client_for(tianshan, User.objects.get(email="viewer@tianshan.demo"))
    assert glance_of(viewer).rows[0].site is None
    cleaner = client_for(tianshan, User.objects.get(email="cleaner@tianshan.demo"))
    assert cleaner.get("/").url == "/m/cleaning/"


def test_an_outsider_reads_no_number_of_another_company(tianshan, client_for):
    beihua_manager = User.objects.get(email="manager@beihua.demo")
    assert client_for(tianshan, beihua_manager).get("/").status_code == 403
