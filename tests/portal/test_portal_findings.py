"""What a new manager noticed on a tour of the portal, as they would see it fixed.

Entries show totals for the whole filtered list; the pages of a filtered list keep its
filters; a new shift is offered, and goes, only to an open gate; an edited shift keeps the
gate it is at, even one closed since. (The board's labels and the entries table's widths are
in tests/browser/test_portal_findings_in_browser.py.)
"""

import re
import uuid
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.text import capfirst
from django_tenants.utils import schema_context

from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.views.entries import EntryListView
from tenants.notices.views.notices import NoticeListView
from tenants.rosters.services.shifts import create_shift, update_shift
from tenants.sites.models import GateStatus
from tenants.sites.services.gates import change_gate_status
from tests.conftest import make_gate, make_notice, make_site, shanghai
from tests.gate.gate_fixtures import make_entry
from tests.rosters.roster_helpers import roster_of

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
CLOSED_OR_SEALED = "The gate “%(gate)s” is closed or sealed: choose an open gate."


def in_english(message: str, **values) -> str:
    with translation.override("en"):
        return translation.gettext(message) % values


def links_to_page(page: str, number: int) -> list[str]:
    """The query strings of the pagination's links to page `number`, as a browser reads them."""
    nav = re.search(r'<nav class="pagination">(.*?)</nav>', page, re.S)
    assert nav, "the page has no pagination"
    return [
        unescape(href)
        for href in re.findall(r'href="([^"]*)"', nav[1])
        if re.search(rf"(^|[?&;])page={number}(&|$)", unescape(href))
    ]


def query_of(link: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in link.lstrip("?").split("&"))


# Entries: totals of the filtered list.


def record(company, gate, **fields):
    """A visitor recorded at the gate; without the household's consent the rules refuse them."""
    values = {"category": "visitor", "name": "李访客", "phone": "13812345678", "building": "3",
              "room": "201", "health_code": "green", **fields}  # fmt: skip
    with schema_context(company.schema_name):
        entry, _created = record_entry(
            gate, EntryIn(uuid=uuid.uuid4(), temperature=Decimal("36.6"), **values), by=None
        )
        return entry


def totals_on(page: str) -> list[tuple[str, int]]:
    """The totals above the entries table: (label, number) as a reader sees them."""
    totals = re.search(r'<dl class="totals" id="entry-totals">(.*?)</dl>', page, re.S)
    assert totals, "the page shows no totals"
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(\d+)</dd>", totals[1], re.S)
    return [(unescape(re.sub(r"<[^>]+>", "", label)).strip(), int(n)) for label, n in pairs]


def expected_totals(entries, admitted, refused, reported, overridden) -> list[tuple[str, int]]:
    with translation.override("en"):
        labels = [translation.gettext(label) for label in
                  ("Entries", "Admit", "Refuse", "Do not admit: report")]  # fmt: skip
        labels.append(capfirst(translation.gettext("overridden")))
    return list(zip(labels, (entries, admitted, refused, reported, overridden), strict=True))


@pytest.fixture
def entries_at_two_gates(company_a, site_a, gate_a):
    """At the south gate: 2 admitted, 1 refused, 1 reported and 1 refusal overridden to admit;
    at the east gate of another site: 3 admitted."""
    make_entry(company_a, gate_a, name="放行一")
    make_entry(company_a, gate_a, name="放行二")
    record(company_a, gate_a, name="劝返一")
    make_entry(company_a, gate_a, name="发热一", temperature="38.4")
    record(company_a, gate_a, name="改判一", override_outcome="admit",
           override_reason="住户电话确认同意")  # fmt: skip
    east = make_gate(company_a, make_site(company_a, name="紫云小区"), name="东门")
    for number in range(3):
        make_entry(company_a, east, name=f"东门访客{number}")
    return east


def test_the_entries_page_shows_totals_of_the_filtered_entries(
    client_for, company_a, manager_a, gate_a, entries_at_two_gates
):
    client = client_for(company_a, manager_a)
    everything = client.get("/entries/", **EN).text
    assert totals_on(everything) == expected_totals(8, 6, 1, 1, 1)
    south = client.get(f"/entries/?gate={gate_a.pk}", **EN).text
    assert totals_on(south) == expected_totals(5, 3, 1, 1, 1)
    # The totals match the rows listed.
    assert len(re.findall(r'<a href="/entries/\d+/">', south)) == 5
    refused = client.get(f"/entries/?gate={gate_a.pk}&outcome=refuse", **EN).text
    assert totals_on(refused) == expected_totals(1, 0, 1, 0, 0)
    overrides = client.get("/entries/?overridden=1", **EN).text
    assert totals_on(overrides) == expected_totals(1, 1, 0, 0, 1)


def test_the_totals_count_the_whole_list_on_every_page_in_one_query(
    client_for, company_a, manager_a, gate_a, entries_at_two_gates, monkeypatch
):
    monkeypatch.setattr(EntryListView, "paginate_by", 2)
    client = client_for(company_a, manager_a)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(f"/entries/?gate={gate_a.pk}", **EN).text
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and '"gate_entry"' in q["sql"]]
    assert len(counts) == 1, counts  # the totals, which are also the paginator's count
    assert "Page 1 of 3" in first
    [second] = links_to_page(first, 2)
    [third] = links_to_page(client.get(f"/entries/{second}", **EN).text, 3)
    last = client.get(f"/entries/{third}", **EN).text
    assert "Page 3 of 3" in last
    assert len(re.findall(r'<a href="/entries/\d+/">', last)) == 1
    assert totals_on(last) == expected_totals(5, 3, 1, 1, 1)


# Pagination keeps the list's filters.


def test_the_second_page_of_filtered_entries_keeps_every_filter(
    client_for, company_a, manager_a, gate_a, entries_at_two_gates, monkeypatch
):
    monkeypatch.setattr(EntryListView, "paginate_by", 1)
    client = client_for(company_a, manager_a)
    page = client.get(f"/entries/?gate={gate_a.pk}&outcome=admit&category=visitor", **EN).text
    [link] = links_to_page(page, 2)
    assert query_of(link) == {
        "gate": str(gate_a.pk),
        "outcome": "admit",
        "category": "visitor",
        "page": "2",
    }
    second = client.get(f"/entries/{link}", **EN).text
    [back] = links_to_page(second, 1)
    assert query_of(back) == {**query_of(link), "page": "1"}


def test_the_second_page_of_filtered_notices_keeps_the_filters(
    client_for, company_a, manager_a, site_a, monkeypatch
):
    monkeypatch.setattr(NoticeListView, "paginate_by", 2)
    other = make_site(company_a, name="紫云小区")
    for _n in range(3):
        make_notice(company_a, site_a)
    make_notice(company_a, other)
    make_notice(company_a, site_a, publish=False)
    client = client_for(company_a, manager_a)

    page = client.get(f"/notices/?status=published&site={site_a.pk}", **EN).text
    [link] = links_to_page(page, 2)
    assert query_of(link) == {"status": "published", "site": str(site_a.pk), "page": "2"}
    second = client.get(f"/notices/{link}", **EN).text
    assert "Page 2 of 2" in second
    assert len(re.findall(r'<a href="/notices/\d+/">', second)) == 1


# Shifts go to open gates only.


@pytest.fixture
def closed_gates(company_a, site_a):
    return {
        "closed": make_gate(
            company_a, site_a, name="西门", status=GateStatus.CLOSED, reason="小包围"
        ),
        "sealed": make_gate(
            company_a, site_a, name="北门", status=GateStatus.SEALED, reason="封控"
        ),
    }


def gate_choices(page: str) -> list[tuple[str, str, bool]]:
    """The gate field's options: value, label, and whether it is the one selected."""
    select = re.search(r'<select name="gate"[^>]*>(.*?)</select>', page, re.S)
    assert select, "the form has no gate field"
    return [
        (value, unescape(label).strip(), "selected" in attrs)
        for value, attrs, label in re.findall(
            r'<option value="([^"]*)"([^>]*)>(.*?)</option>', select[1], re.S
        )
        if value
    ]


def shift_form(gate, person, **changes) -> dict:
    return {"gate": gate.pk, "person": person.pk, "day": "2026-12-01", "start": "22:00",
            "end": "06:00", "note": "", **changes}  # fmt: skip


def test_the_new_shift_form_offers_only_the_open_gates(
    client_for, company_a, manager_a, site_a, gate_a, closed_gates
):
    page = client_for(company_a, manager_a).get(f"/sites/{site_a.pk}/shifts/new/", **EN).text
    assert gate_choices(page) == [(str(gate_a.pk), "南门", False)]


@pytest.mark.parametrize("status", ["closed", "sealed"])
def test_a_new_shift_at_a_closed_or_sealed_gate_is_refused_and_nothing_is_saved(
    client_for, company_a, manager_a, site_a, person_a, closed_gates, status
):
    response = client_for(company_a, manager_a).post(
        f"/sites/{site_a.pk}/shifts/new/", shift_form(closed_gates[status], person_a), **EN
    )
    assert response.status_code == 400
    assert re.search(r'<div class="field invalid">\s*<label for="id_gate"', response.text)
    assert roster_of(company_a) == []


@pytest.mark.parametrize("status", ["closed", "sealed"])
def test_the_roster_service_refuses_a_new_shift_at_a_gate_that_is_not_open(
    company_a, person_a, closed_gates, status
):
    gate = closed_gates[status]
    with (
        schema_context(company_a.schema_name),
        translation.override("en"),
        pytest.raises(ValidationError) as refused,
    ):
        create_shift(
            by=None,
            gate=gate,
            person=person_a,
            starts_at=shanghai(2026, 12, 1, 22),
            ends_at=shanghai(2026, 12, 2, 6),
        )
    assert refused.value.message_dict == {"gate": [in_english(CLOSED_OR_SEALED, gate=gate.name)]}
    assert roster_of(company_a) == []


def test_a_partner_app_cannot_put_a_shift_at_a_sealed_gate(
    api_for, company_a, manager_a, person_a, closed_gates
):
    shift = {"gate": closed_gates["sealed"].pk, "person": person_a.pk,
             "starts_at": "2026-12-01T22:00+08:00", "ends_at": "2026-12-02T06:00+08:00"}  # fmt: skip
    response = api_for(company_a, manager_a).post("/api/v1/shifts/", shift, format="json", **EN)
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"gate": [in_english(CLOSED_OR_SEALED, gate="北门")]}
    assert roster_of(company_a) == []


def test_a_shift_at_a_gate_closed_since_keeps_it_when_edited(
    client_for, company_a, manager_a, site_a, gate_a, shift_a, closed_gates
):
    with schema_context(company_a.schema_name):
        change_gate_status(gate_a, GateStatus.CLOSED, by=None, reason="夜间封闭")
    client = client_for(company_a, manager_a)
    page = client.get(f"/shifts/{shift_a.pk}/edit/", **EN).text
    # Its own gate is shown as its value, with its status; no other closed gate is offered.
    assert gate_choices(page) == [(str(gate_a.pk), "南门 · Closed", True)]

    response = client.post(
        f"/shifts/{shift_a.pk}/edit/", shift_form(gate_a, shift_a.person, end="07:00"), **EN
    )
    assert response.status_code == 302
    assert roster_of(company_a) == [
        ("南门", "李志愿", shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 7), False)
    ]


def test_a_shift_moves_to_an_open_gate_but_not_to_a_sealed_one(
    client_for, company_a, manager_a, site_a, shift_a, closed_gates
):
    east = make_gate(company_a, site_a, name="东门")
    client = client_for(company_a, manager_a)
    sealed = shift_form(closed_gates["sealed"], shift_a.person)
    assert client.post(f"/shifts/{shift_a.pk}/edit/", sealed, **EN).status_code == 400
    with schema_context(company_a.schema_name), pytest.raises(ValidationError):
        update_shift(shift_a, by=None, gate=closed_gates["sealed"])
    assert roster_of(company_a)[0][0] == "南门"

    moved = shift_form(east, shift_a.person)
    assert client.post(f"/shifts/{shift_a.pk}/edit/", moved, **EN).status_code == 302
    assert roster_of(company_a)[0][0] == "东门"
