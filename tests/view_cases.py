"""Reusable tests for a feature's plain pages and API endpoints, after NetBox's ViewTestCases.

A page set or an endpoint that lists, shows, creates and changes one kind of row answers the
same questions every time: does the list show the row to the role that may see it, does its
page open, does a valid create make the row and an invalid one make nothing, does a change
change it, is a colleague without the permission refused, and does an outsider from another
company see and change nothing? Instead of writing those tests again for each feature, a test
module declares what its pages are and inherits them:

    from tests.view_cases import ApiEndpointCases, PortalPageCases


    class TestBuildingPages(PortalPageCases):
        model = Building
        object_fixture = "building_a"       # the row the tests read and change
        permission = "sites.change"         # what creating and changing need
        list_url = "/sites/{site}/"         # where the row is listed
        object_url = "/buildings/{pk}/edit/"  # the row's own page (its form if it has none)
        create_url = "/sites/{site}/buildings/new/"
        create_data = {"name": "2号楼", "units": "80"}
        created = {"name": "2号楼", "units": 80}   # what the new row holds
        invalid_data = {"name": "", "units": "80"}
        invalid_field = "name"              # the field the refusal names
        update_url = "/buildings/{pk}/edit/"
        update_data = {"name": "1号楼A座", "units": "96"}
        updated = {"name": "1号楼A座", "units": 96}


    class TestBuildingEndpoints(ApiEndpointCases):
        model = Building
        object_fixture = "building_a"
        permission = "sites.change"
        list_url = "/api/v1/buildings/"     # POST here creates
        object_url = "/api/v1/buildings/{pk}/"  # PATCH here changes
        create_data = {"site": "{site}", "name": "2号楼", "units": 80}
        created = {"site_id": "{site}", "name": "2号楼", "units": 80}
        ...

`{pk}` in a URL or a value is the id of the row; any other `{name}` is the id of the fixture
`<name>_a`, as in the permission table (an id alone stays a number, as JSON sends it).
`created` and `updated` are model fields (`site_id` for a foreign key) and their values after
the request. `shown_as(row)` is the text a reader finds for the row on the list and on its own
page; it is `str(row)` unless a subclass says otherwise.

The characters are those of every permission test: `permitted_role` (a manager unless told;
a site manager is assigned to alpha's site) acts; `colleague_role` (a viewer unless told), a
member of the same company whose role lacks `permission`, is refused with 403; an outsider,
beta's manager, is refused on alpha's host and finds nothing of alpha's on beta's own host.
For endpoints, a partner's read-only key reads but writes nothing.

A new feature app uses them in three steps: a fixture `<thing>_a` in tests/conftest.py that
makes one row in company alpha; a `Test<Thing>Pages(PortalPageCases)` in its page tests and a
`Test<Thing>Endpoints(ApiEndpointCases)` in its API tests, declaring the attributes above; and
its URLs in the permission table. pytest collects each subclass (its name starts with `Test`)
and runs every case below against it; the bases themselves are not collected.

These tests cover the common ground only: what is particular to a feature (its validation
messages, what its list shows in each column, which sites a site manager reaches) stays in
its own tests, and who may call each URL stays in the permission table (tests/permissions_*.py).
"""

import re
from html import escape

import pytest
from django.db import models
from django_tenants.utils import schema_context

from accounts.roles import PERMISSIONS, Role
from tests.api_helpers import field_errors, listed
from tests.sites.site_helpers import error_is_shown_on

PLACEHOLDER = re.compile(r"{(\w+)}")


class ViewCases:
    """What the portal and API cases share: the row, its ids, callers and the table's state."""

    model: type[models.Model]
    object_fixture: str
    permission: str
    permitted_role: str = Role.MANAGER
    colleague_role: str = Role.VIEWER
    list_url: str
    object_url: str
    create_data: dict
    created: dict
    invalid_data: dict
    invalid_field: str
    update_data: dict
    updated: dict

    def shown_as(self, row) -> str:
        """The text a reader finds for `row` on the list and on its own page."""
        return str(row)

    @pytest.fixture
    def row(self, request):
        return request.getfixturevalue(self.object_fixture)

    @pytest.fixture
    def ids(self, request, row) -> dict:
        """The value of every placeholder the URLs and data name."""
        texts = [self.list_url, self.object_url, *self.urls(), *self.values()]
        names = {name for text in texts for name in PLACEHOLDER.findall(str(text))}
        ids = {name: request.getfixturevalue(f"{name}_a").pk for name in names - {"pk"}}
        return {**ids, "pk": row.pk}

    def urls(self) -> list[str]:
        """The URLs besides the list's and the row's."""
        return []

    def values(self) -> list:
        """Every value of the data and of the expected rows, for their placeholders."""
        values = (self.create_data, self.invalid_data, self.update_data, self.created, self.updated)
        return [value for data in values for value in data.values()]

    @staticmethod
    def fill(value, ids):
        """A URL or a value with its placeholders replaced by ids."""
        if isinstance(value, dict):
            return {key: ViewCases.fill(item, ids) for key, item in value.items()}
        if isinstance(value, str):
            whole = PLACEHOLDER.fullmatch(value)
            return ids[whole[1]] if whole else value.format(**ids)
        return value

    @pytest.fixture
    def member(self, company_a, make_member, site_a):
        """A member of alpha in a role; a site manager is assigned to alpha's site."""

        def make(role):
            user = make_member(company_a, role, email=f"{role}.cases@alpha.test")
            if role == Role.SITE_MANAGER:
                with schema_context(company_a.schema_name):
                    site_a.assigned_users.add(user)
            return user

        return make

    def rows(self, company) -> list[dict]:
        """Every row of the model in the company, as plain values."""
        with schema_context(company.schema_name):
            return list(self.model.objects.order_by("pk").values())

    def reload(self, company, pk):
        with schema_context(company.schema_name):
            return self.model.objects.get(pk=pk)

    def the_new_row(self, company, before: list[dict]) -> dict:
        """The one row that is in the table now and was not `before`."""
        old = {row["id"] for row in before}
        new = [row for row in self.rows(company) if row["id"] not in old]
        assert len(new) == 1, new
        return new[0]

    def permitted_member(self, member):
        assert self.permitted_role in PERMISSIONS[self.permission], "pick a role that holds it"
        return member(self.permitted_role)

    def colleague(self, member):
        """A colleague whose role lacks the permission (a misdeclared case would test nothing)."""
        assert self.colleague_role not in PERMISSIONS[self.permission], "pick a role without it"
        return member(self.colleague_role)


class PortalPageCases(ViewCases):
    """A portal page set: a list, a row's page, and a create and an update form."""

    create_url: str
    update_url: str

    def urls(self) -> list[str]:
        return [self.create_url, self.update_url]

    @pytest.fixture
    def permitted(self, client_for, company_a, member):
        return client_for(company_a, self.permitted_member(member))

    def page_shows(self, response, row) -> bool:
        assert response.status_code == 200, response.content[:300]
        return escape(self.shown_as(row)) in response.content.decode()

    def test_the_list_shows_the_row_to_the_permitted_role(self, permitted, row, ids):
        assert self.page_shows(permitted.get(self.fill(self.list_url, ids)), row)

    def test_the_rows_page_opens_and_shows_it(self, permitted, row, ids):
        assert self.page_shows(permitted.get(self.fill(self.object_url, ids)), row)

    def test_a_valid_create_redirects_and_the_new_row_is_listed(self, permitted, company_a, ids):
        before = self.rows(company_a)
        response = permitted.post(self.fill(self.create_url, ids), self.fill(self.create_data, ids))
        assert response.status_code == 302, response.content[:500]
        new = self.the_new_row(company_a, before)
        assert {field: new[field] for field in self.created} == self.fill(self.created, ids)
        listing = permitted.get(self.fill(self.list_url, ids))
        assert self.page_shows(listing, self.reload(company_a, new["id"]))

    def test_an_invalid_create_marks_the_field_and_creates_nothing(self, permitted, company_a, ids):
        before = self.rows(company_a)
        response = permitted.post(
            self.fill(self.create_url, ids), self.fill(self.invalid_data, ids)
        )
        assert response.status_code == 400
        assert error_is_shown_on(self.invalid_field, response.content.decode())
        assert self.rows(company_a) == before

    def test_an_update_changes_the_row_and_the_list_shows_it(self, permitted, company_a, row, ids):
        response = permitted.post(self.fill(self.update_url, ids), self.fill(self.update_data, ids))
        assert response.status_code == 302, response.content[:500]
        changed = self.reload(company_a, row.pk)
        assert {field: getattr(changed, field) for field in self.updated} == self.fill(
            self.updated, ids
        )
        assert self.page_shows(permitted.get(self.fill(self.list_url, ids)), changed)

    def test_a_colleague_without_the_permission_is_refused_and_nothing_changes(
        self, client_for, company_a, member, ids
    ):
        colleague = client_for(company_a, self.colleague(member))
        before = self.rows(company_a)
        for url in (self.create_url, self.update_url):
            assert colleague.get(self.fill(url, ids)).status_code == 403, url
        create, update = self.fill(self.create_data, ids), self.fill(self.update_data, ids)
        assert colleague.post(self.fill(self.create_url, ids), create).status_code == 403
        assert colleague.post(self.fill(self.update_url, ids), update).status_code == 403
        assert self.rows(company_a) == before

    def test_an_outsider_sees_and_changes_nothing_here_or_from_their_own_company(
        self, client_for, company_a, company_b, outsider, row, ids
    ):
        before = self.rows(company_a)
        create, update = self.fill(self.create_data, ids), self.fill(self.update_data, ids)
        here = client_for(company_a, outsider)
        for url in (self.list_url, self.object_url, self.create_url, self.update_url):
            assert here.get(self.fill(url, ids)).status_code == 403, url
        assert here.post(self.fill(self.create_url, ids), create).status_code == 403
        assert here.post(self.fill(self.update_url, ids), update).status_code == 403
        # Ids are counted per company: beta has no row with this id, so it names nothing there.
        assert row.pk not in {other["id"] for other in self.rows(company_b)}
        home = client_for(company_b, outsider)
        for url in (self.object_url, self.update_url):
            assert home.get(self.fill(url, ids)).status_code == 404, url
        assert home.post(self.fill(self.update_url, ids), update).status_code == 404
        assert self.rows(company_a) == before


class ApiEndpointCases(ViewCases):
    """An API endpoint: GET and POST on `list_url`, GET and PATCH on `object_url`."""

    @pytest.fixture
    def permitted(self, api_for, company_a, member):
        return api_for(company_a, self.permitted_member(member))

    def test_the_list_shows_the_row_to_the_permitted_role(self, permitted, row, ids):
        assert row.pk in listed(permitted.get(self.fill(self.list_url, ids)))

    def test_the_row_is_read_at_its_address(self, permitted, row, ids):
        response = permitted.get(self.fill(self.object_url, ids))
        assert response.status_code == 200, response.content
        assert response.json()["id"] == row.pk

    def test_a_valid_create_answers_201_and_the_row_exists(self, permitted, company_a, ids):
        before = self.rows(company_a)
        url, data = self.fill(self.list_url, ids), self.fill(self.create_data, ids)
        response = permitted.post(url, data, format="json")
        assert response.status_code == 201, response.content
        new = self.the_new_row(company_a, before)
        assert response.json()["id"] == new["id"]
        assert {field: new[field] for field in self.created} == self.fill(self.created, ids)

    def test_an_invalid_create_names_the_field_and_creates_nothing(self, permitted, company_a, ids):
        before = self.rows(company_a)
        url, data = self.fill(self.list_url, ids), self.fill(self.invalid_data, ids)
        assert list(field_errors(permitted.post(url, data, format="json"))) == [self.invalid_field]
        assert self.rows(company_a) == before

    def test_an_update_changes_the_row_and_answers_with_it(self, permitted, company_a, row, ids):
        url, data = self.fill(self.object_url, ids), self.fill(self.update_data, ids)
        response = permitted.patch(url, data, format="json")
        assert response.status_code == 200, response.content
        changed = self.reload(company_a, row.pk)
        assert {field: getattr(changed, field) for field in self.updated} == self.fill(
            self.updated, ids
        )
        assert response.json()["id"] == row.pk

    def write_refused(self, api, status: int, ids) -> None:
        """A create and an update by `api` are both refused with `status`."""
        create = api.post(
            self.fill(self.list_url, ids), self.fill(self.create_data, ids), format="json"
        )
        update = api.patch(
            self.fill(self.object_url, ids), self.fill(self.update_data, ids), format="json"
        )
        assert (create.status_code, update.status_code) == (status, status)

    def test_a_colleague_without_the_permission_is_refused_and_nothing_changes(
        self, api_for, company_a, member, ids
    ):
        before = self.rows(company_a)
        self.write_refused(api_for(company_a, self.colleague(member)), 403, ids)
        assert self.rows(company_a) == before

    def test_an_outsider_sees_and_changes_nothing_here_or_from_their_own_company(
        self, api_for, company_a, company_b, outsider, row, ids
    ):
        before = self.rows(company_a)
        here = api_for(company_a, outsider)
        for url in (self.list_url, self.object_url):
            assert here.get(self.fill(url, ids)).status_code == 403, url
        self.write_refused(here, 403, ids)
        # Ids are counted per company: beta has no row with this id, so it names nothing there.
        assert row.pk not in {other["id"] for other in self.rows(company_b)}
        home = api_for(company_b, outsider)
        assert row.pk not in listed(home.get(self.fill(self.list_url, ids)))
        assert home.get(self.fill(self.object_url, ids)).status_code == 404
        update = home.patch(
            self.fill(self.object_url, ids), self.fill(self.update_data, ids), format="json"
        )
        assert update.status_code == 404
        assert self.rows(company_a) == before

    def test_a_partner_with_a_read_key_reads_but_cannot_write(self, reader, company_a, row, ids):
        before = self.rows(company_a)
        assert row.pk in listed(reader.get(self.fill(self.list_url, ids)))
        self.write_refused(reader, 403, ids)
        assert self.rows(company_a) == before
