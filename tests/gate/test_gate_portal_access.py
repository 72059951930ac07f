"""The company's gate settings, and who may do what on every gate page and form.

Only managers change the gate settings. Someone from outside (beta's manager, a regulator) reads
and changes nothing; a viewer reads every page and posts nothing; a site manager finds nothing
of a site they do not manage; signing in comes first.
"""

import uuid

import pytest
from django_tenants.utils import schema_context

from accounts.roles import Role
from companies.models import Company
from tenants.gate.models import IsolationCase
from tenants.gate.services.needs import open_need
from tests.gate.gate_fixtures import make_entry, make_returnee
from tests.gate.gate_portal_helpers import DAY, POLICY_FORM, TODAY, page_after, rows, state, zh

pytestmark = pytest.mark.django_db

# The company's gate settings.


def test_a_manager_sets_the_days_of_isolation_and_of_keeping_personal_data(
    manager, company_a, site_a
):
    page = manager.get("/gate-settings/").content.decode()
    assert 'value="14"' in page and 'value="28"' in page
    response = manager.post("/gate-settings/", {"isolation_days": "21", "retention_days": "60"})
    assert zh("The gate settings are saved.") in page_after(manager, response)
    company = Company.objects.get(pk=company_a.pk)
    assert (company.isolation_days, company.retention_days) == (21, 60)
    data = {"site": site_a.pk, "name": "孙观察", "building": "1", "room": "101",
            "phone": "13712345678", "document_kind": "id_card", "starts_on": TODAY.isoformat()}  # fmt: skip
    manager.post("/isolation/new/", data)
    (case,) = rows(company_a, IsolationCase)
    assert case.planned_end == TODAY + 20 * DAY


def test_days_out_of_range_are_refused_and_nothing_changes(manager, company_a):
    response = manager.post("/gate-settings/", {"isolation_days": "0", "retention_days": "400"})
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        zh("Ensure this value is greater than or equal to %(limit_value)s.", limit_value=1) in page
    )
    assert (
        zh("Ensure this value is less than or equal to %(limit_value)s.", limit_value=365) in page
    )
    company = Company.objects.get(pk=company_a.pk)
    assert (company.isolation_days, company.retention_days) == (14, 28)


def test_the_navigation_shows_the_gate_pages_to_those_who_may_see_them(
    manager, viewer, client_for, make_member, company_a
):
    links = ('href="/entries/"', 'href="/entries/?overridden=1"', 'href="/escalations/"',
             'href="/isolation/"', 'href="/needs/"')  # fmt: skip
    home = manager.get("/").content.decode()
    assert all(link in home for link in links) and 'href="/gate-settings/"' in home
    home = viewer.get("/").content.decode()
    assert all(link in home for link in links) and 'href="/gate-settings/"' not in home
    cleaner = client_for(company_a, make_member(company_a, Role.CLEANER))
    assert not any(link in cleaner.get("/").content.decode() for link in links)


# Who may do what: every page and every form, for the people who may not use them.


@pytest.fixture
def world(company_a, site_a, gate_a, entry_a, escalation_a, isolation_a, need_a, person_a):
    """One of everything at alpha's first site, by URL placeholder."""
    return {"site": site_a.pk, "entry": entry_a.pk, "escalation": escalation_a.pk,
            "isolation": isolation_a.pk, "need": need_a.pk, "person": person_a.pk}  # fmt: skip


@pytest.fixture
def elsewhere(company_a, other_site, other_gate, person_a):
    """One of everything at alpha's second site, which the site manager does not manage."""
    entry = make_entry(company_a, other_gate)
    escalation = make_entry(company_a, other_gate, temperature="38.0").escalation
    case = make_returnee(company_a, other_site, phone="13612345678").isolation_case
    with schema_context(company_a.schema_name):
        need, _ = open_need(case, uuid=uuid.uuid4(), kind="water", details="", by=None)
    return {"site": other_site.pk, "entry": entry.pk, "escalation": escalation.pk,
            "isolation": case.pk, "need": need.pk, "person": person_a.pk}  # fmt: skip


PAGES = [
    "/sites/{site}/entry-policy/", "/entries/", "/entries/?overridden=1", "/entries/{entry}/",
    "/escalations/", "/escalations/{escalation}/", "/isolation/", "/isolation/{isolation}/",
    "/needs/",
]  # fmt: skip
FORM_PAGES = [
    "/sites/{site}/entry-policy/level/", "/sites/{site}/entry-policy/edit/",
    "/entry-policy/level/", "/escalations/{escalation}/hand-over/",
    "/escalations/{escalation}/close/", "/isolation/new/", "/isolation/{isolation}/readings/",
    "/isolation/{isolation}/extend/", "/isolation/{isolation}/end/",
    "/isolation/{isolation}/committee/", "/isolation/{isolation}/needs/new/",
    "/needs/{need}/assign/", "/needs/{need}/close/", "/gate-settings/",
]  # fmt: skip
# Valid data: were a refused caller let through, the state would change.
POSTS = [
    ("/sites/{site}/entry-policy/level/", {"level": "level_1"}),
    ("/sites/{site}/entry-policy/edit/", POLICY_FORM),
    ("/entry-policy/level/", {"level": "level_1"}),
    ("/entries/{entry}/reveal/", {}),
    ("/escalations/{escalation}/hand-over/", {"handed_over_to": "120"}),
    ("/isolation/new/", {"site": "{site}", "name": "赵观察", "building": "4", "room": "601",
                         "phone": "13712345678", "document_kind": "id_card",
                         "starts_on": TODAY.isoformat()}),
    ("/isolation/{isolation}/reveal/", {}),
    ("/isolation/{isolation}/readings/", {"on": TODAY.isoformat(), "period": "morning",
                                          "temperature": "36.5"}),
    ("/isolation/{isolation}/extend/", {"until": (TODAY + 30 * DAY).isoformat(), "reason": "延长"}),
    ("/isolation/{isolation}/end/", {"on": TODAY.isoformat(), "reason": "解除"}),
    ("/isolation/{isolation}/committee/", {"committee_registered_on": TODAY.isoformat()}),
    ("/isolation/{isolation}/needs/new/", {"uuid": "0b5f8a34-7d6e-4a7b-8c9d-1e2f3a4b5c6d",
                                           "kind": "water"}),
    ("/needs/{need}/assign/", {"assigned_to": "{person}"}),
    ("/needs/{need}/close/", {"closing_note": "已完成"}),
    ("/gate-settings/", {"isolation_days": "21", "retention_days": "60"}),
]  # fmt: skip
OBJECT_PAGES = [url for url in PAGES + FORM_PAGES if "{" in url and "{site}" not in url]
OBJECT_POSTS = [(url, data) for url, data in POSTS if "{" in url and "{site}" not in url]


def fill(data: dict, ids: dict) -> dict:
    return {key: value.format(**ids) for key, value in data.items()}


@pytest.fixture
def stranger(request, client_for, company_a, outsider, regulator_user):
    """Someone on alpha's host who is no member of alpha: beta's manager or a regulator."""
    user = outsider if request.param == "outsider" else regulator_user
    return client_for(company_a, user)


@pytest.mark.parametrize("stranger", ["outsider", "regulator"], indirect=True)
def test_no_one_outside_the_company_reads_a_gate_page(stranger, world):
    for url in PAGES + FORM_PAGES:
        assert stranger.get(url.format(**world)).status_code == 403, url


@pytest.mark.parametrize("stranger", ["outsider", "regulator"], indirect=True)
@pytest.mark.parametrize(("url", "data"), POSTS, ids=[url for url, _ in POSTS])
def test_no_one_outside_the_company_changes_anything(stranger, company_a, world, url, data):
    before = state(company_a)
    assert stranger.post(url.format(**world), fill(data, world)).status_code == 403
    assert state(company_a) == before


def test_another_companys_manager_finds_nothing_of_alpha_on_their_own_host(
    client_for, company_a, company_b, outsider, world
):
    before = state(company_a)
    beta = client_for(company_b, outsider)
    for url in OBJECT_PAGES:
        assert beta.get(url.format(**world)).status_code == 404, url
    for url, data in OBJECT_POSTS:
        assert beta.post(url.format(**world), fill(data, world)).status_code == 404, url
    assert state(company_a) == before


def test_signing_in_comes_first(client_for, company_a, world):
    anonymous = client_for(company_a)
    for url in PAGES:
        assert anonymous.get(url.format(**world)).status_code == 302, url


def test_a_viewer_reads_every_page_and_may_not_post_anything(viewer, company_a, world):
    for url in PAGES:
        assert viewer.get(url.format(**world)).status_code == 200, url
    for url in FORM_PAGES:
        assert viewer.get(url.format(**world)).status_code == 403, url
    before = state(company_a)
    for url, data in POSTS:
        assert viewer.post(url.format(**world), fill(data, world)).status_code == 403, url
    assert state(company_a) == before


def test_a_site_manager_finds_nothing_of_a_site_they_do_not_manage(
    site_manager, company_a, world, elsewhere
):
    for url in PAGES:
        if "{" in url:
            assert site_manager.get(url.format(**world)).status_code == 200, url
            assert site_manager.get(url.format(**elsewhere)).status_code == 404, url
    lists = {"/entries/": "/entries/{entry}/", "/escalations/": "/escalations/{escalation}/",
             "/isolation/": "/isolation/{isolation}/", "/needs/": "/isolation/{isolation}/"}  # fmt: skip
    for url, link in lists.items():
        page = site_manager.get(url).content.decode()
        assert link.format(**world) in page and link.format(**elsewhere) not in page, url
    before = state(company_a)
    for url, data in POSTS:
        if "{" in url:
            response = site_manager.post(url.format(**elsewhere), fill(data, elsewhere))
            # Full numbers are for managers only (403); everything else is not found (404).
            assert response.status_code == (403 if "reveal" in url else 404), url
    assert state(company_a) == before


def test_a_site_manager_cannot_place_someone_at_another_site(site_manager, company_a, other_site):
    data = fill(dict(POSTS)["/isolation/new/"], {"site": other_site.pk})
    response = site_manager.post("/isolation/new/", data)
    assert response.status_code == 400
    assert rows(company_a, IsolationCase) == []


def test_only_managers_change_the_gate_settings(site_manager, viewer):
    for client in (site_manager, viewer):
        assert client.get("/gate-settings/").status_code == 403
        assert client.post("/gate-settings/", {"isolation_days": "7",
                                               "retention_days": "7"}).status_code == 403  # fmt: skip
