"""A guard sees their own entries of today on the phone and voids a mistaken one with a reason.

The entry is never deleted: it stays in every list, marked with the reason, and is no longer
counted (the entries' totals, the home page's figures). The void is in the entry's history.
Only the guard who recorded it may void it on the phone, on the day it was recorded, once;
managers and site managers of its site may void it from its page. Another guard, a viewer and
an outsider from another company cannot. A case the entry opened stays open.
"""

import datetime
import re
import uuid
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django_tenants.utils import schema_context, tenant_context

from accounts.roles import Role
from tenants.gate.forms import VoidEntryForm
from tenants.gate.models import Entry, EscalationStatus
from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.services.voids import void_entry
from tenants.history.describe import describe
from tenants.history.models import LogEntry
from tests.conftest import make_gate, make_site, shanghai
from tests.sites.site_helpers import assign, in_language

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY_PAGE = "/m/gate/today/"
REASON = "体温输错，应为 36.8"


def void_url(entry) -> str:
    return f"/m/gate/today/{entry.pk}/void/"


def record(company, gate, by, *, temperature="36.6", at=None, **fields) -> Entry:
    """A visitor let in with the household's consent, recorded by `by` (at `at`, or now)."""
    values = {"category": "visitor", "name": "李访客", "phone": "13812345678", "building": "3",
              "room": "201", "consent": True, "health_code": "green", **fields}  # fmt: skip
    with schema_context(company.schema_name):
        entry, _created = record_entry(
            gate,
            EntryIn(uuid=uuid.uuid4(), temperature=Decimal(temperature), recorded_at=at, **values),
            by=by,
            now=at,
        )
        return entry


def reload(company, entry) -> Entry:
    with schema_context(company.schema_name):
        return Entry.objects.get(pk=entry.pk)


def voids_logged(company) -> list[LogEntry]:
    with schema_context(company.schema_name):
        return list(LogEntry.objects.filter(action="entry.voided"))


@pytest.fixture
def guard(make_member, company_a, site_a):
    """The guard who records at site_a's gate and voids their own mistakes."""
    user = make_member(company_a, Role.GUARD, email="guard.one@alpha.test")
    assign(company_a, site_a, user)
    return user


@pytest.fixture
def other_guard(make_member, company_a, site_a):
    """A colleague at the same gate: less power over the first guard's entries."""
    user = make_member(company_a, Role.GUARD, email="guard.two@alpha.test")
    assign(company_a, site_a, user)
    return user


@pytest.fixture
def phone_of(client_for, company_a):
    return lambda user: client_for(company_a, user)


# The phone: my entries today.


def test_the_guard_sees_their_own_entries_of_today_newest_first(
    company_a, gate_a, guard, other_guard, phone_of
):
    first = record(company_a, gate_a, guard, name="早一")
    second = record(company_a, gate_a, guard, name="早二")
    record(company_a, gate_a, other_guard, name="别人的")
    yesterday = record(company_a, gate_a, guard, name="昨天的")
    with schema_context(company_a.schema_name):
        Entry.objects.filter(pk=yesterday.pk).update(
            recorded_at=timezone.now() - datetime.timedelta(days=1)
        )

    page = phone_of(guard).get(TODAY_PAGE)
    assert page.status_code == 200
    assert [entry.pk for entry in page.context["entries"]] == [second.pk, first.pk]
    assert "别人的" not in page.text and "昨天的" not in page.text
    # Each with its own Void form, which asks for the reason.
    assert f'action="{void_url(second)}#entry-{second.pk}"' in page.text
    assert f'id="void-reason-{second.pk}" name="reason"' in page.text


def test_the_gate_page_links_to_my_entries_today(company_a, gate_a, guard, phone_of):
    page = phone_of(guard).get("/m/gate/")
    assert f'href="{TODAY_PAGE}"' in page.text


def test_a_guard_voids_their_own_mistaken_entry_with_a_reason_and_it_is_kept(
    company_a, gate_a, guard, phone_of
):
    entry = record(company_a, gate_a, guard, name="输错的")
    phone = phone_of(guard)

    response = phone.post(void_url(entry), {"reason": f"  {REASON}  "})
    assert response.status_code == 302 and response.url == TODAY_PAGE

    voided = reload(company_a, entry)
    assert voided.void_reason == REASON
    assert voided.voided_by == guard and voided.voided_at is not None
    # Never deleted: listed still, marked with the reason, with no Void button.
    page = phone.get(TODAY_PAGE).text
    assert "输错的" in page and REASON in page
    assert f'action="{void_url(entry)}' not in page
    assert 'class="guard-card today-entry voided"' in page
    [logged] = voids_logged(company_a)
    assert (logged.actor_user_id, logged.data) == (guard.pk, {"reason": REASON})


@pytest.mark.parametrize("reason", ["", "   ", "错" * 201], ids=["empty", "blank", "too-long"])
def test_a_void_without_a_reason_or_with_too_long_a_reason_is_refused_and_changes_nothing(
    company_a, gate_a, guard, phone_of, reason
):
    entry = record(company_a, gate_a, guard)
    response = phone_of(guard).post(void_url(entry), {"reason": reason})
    assert response.status_code == 400
    # Said in the guard's language (the company's, Chinese), next to the reason.
    with translation.override("zh-hans"):
        [expected] = VoidEntryForm({"reason": reason}).errors["reason"]
    assert re.search(r"[\u4e00-\u9fff]", expected)
    assert expected in unescape(response.text)
    # The failed form is the one open, with the error next to it.
    assert re.search(r'<details class="today-void" open>\s*<summary>', response.text)
    assert reload(company_a, entry).voided_at is None
    assert voids_logged(company_a) == []


def test_voiding_twice_is_a_clear_error_and_the_first_void_stands(
    company_a, gate_a, guard, phone_of
):
    entry = record(company_a, gate_a, guard)
    phone = phone_of(guard)
    assert phone.post(void_url(entry), {"reason": REASON}).status_code == 302
    first = reload(company_a, entry)

    again = phone.post(void_url(entry), {"reason": "再来一次"})
    assert again.status_code == 400
    assert in_language("zh-hans", "This entry is already voided.") in unescape(again.text)
    after = reload(company_a, entry)
    assert (after.voided_at, after.void_reason) == (first.voided_at, REASON)
    assert len(voids_logged(company_a)) == 1


def test_an_entry_of_yesterday_cannot_be_voided(company_a, gate_a, guard, phone_of):
    entry = record(company_a, gate_a, guard)
    with schema_context(company_a.schema_name):
        Entry.objects.filter(pk=entry.pk).update(
            recorded_at=timezone.now() - datetime.timedelta(days=1)
        )
    response = phone_of(guard).post(void_url(entry), {"reason": REASON})
    assert response.status_code == 400
    message = "An entry can be voided only on the day it was recorded."
    assert in_language("zh-hans", message) in unescape(response.text)
    assert reload(company_a, entry).voided_at is None


def test_the_day_is_shanghais_not_utcs(company_a, gate_a, guard, in_a):
    # 00:10 in Shanghai is 16:10 UTC the day before: still the same day at 23:50 in Shanghai.
    early = record(company_a, gate_a, guard, at=shanghai(2026, 12, 3, 0, 10))
    void_entry(early, reason=REASON, by=guard, now=shanghai(2026, 12, 3, 23, 50))
    late = record(company_a, gate_a, guard, at=shanghai(2026, 12, 3, 23, 50))
    with pytest.raises(ValidationError):
        void_entry(late, reason=REASON, by=guard, now=shanghai(2026, 12, 4, 0, 10))
    assert reload(company_a, late).voided_at is None


def test_another_guard_of_the_company_cannot_void_your_entry(
    company_a, gate_a, guard, other_guard, phone_of, in_a
):
    entry = record(company_a, gate_a, guard)
    response = phone_of(other_guard).post(void_url(entry), {"reason": REASON})
    assert response.status_code == 404
    # Nor through the service, whatever calls it.
    with pytest.raises(PermissionDenied):
        void_entry(entry, reason=REASON, by=other_guard)
    assert reload(company_a, entry).voided_at is None
    assert voids_logged(company_a) == []


def test_an_outsider_from_another_company_sees_and_voids_nothing(
    company_a, company_b, gate_a, guard, outsider, client_for
):
    entry = record(company_a, gate_a, guard, name="甲公司的")
    # On alpha's host: not a member, so refused.
    at_alpha = client_for(company_a, outsider)
    assert at_alpha.get(TODAY_PAGE).status_code == 403
    assert at_alpha.post(void_url(entry), {"reason": REASON}).status_code == 403
    # On their own company's host: alpha's entry does not exist there.
    at_beta = client_for(company_b, outsider)
    assert at_beta.post(void_url(entry), {"reason": REASON}).status_code == 404
    assert "甲公司的" not in at_beta.get(TODAY_PAGE).text
    assert reload(company_a, entry).voided_at is None


def test_a_viewer_has_no_entries_page_and_voids_nothing(
    company_a, gate_a, guard, make_member, client_for
):
    entry = record(company_a, gate_a, guard)
    viewer = client_for(company_a, make_member(company_a, Role.VIEWER))
    assert viewer.get(TODAY_PAGE).status_code == 403
    assert viewer.post(f"/entries/{entry.pk}/void/", {"reason": REASON}).status_code == 403
    assert reload(company_a, entry).voided_at is None


# The office: managers and site managers void from the entry's page; lists and figures.


def test_a_manager_voids_an_entry_of_today_from_its_page_and_its_history_says_so(
    company_a, gate_a, guard, manager_a, client_for
):
    entry = record(company_a, gate_a, guard, name="重复的")
    office = client_for(company_a, manager_a)
    page = office.get(f"/entries/{entry.pk}/", **EN).text
    assert f'action="/entries/{entry.pk}/void/"' in page

    response = office.post(f"/entries/{entry.pk}/void/", {"reason": "重复登记"}, **EN)
    assert response.status_code == 302 and response.url == f"/entries/{entry.pk}/"
    page = office.get(f"/entries/{entry.pk}/", **EN).text
    [logged] = voids_logged(company_a)
    with schema_context(company_a.schema_name), translation.override("en"):
        line = describe(logged)
    assert f"{manager_a} voided the entry 重复的: 重复登记" in line
    assert unescape(line) in unescape(page)
    assert 'class="status voided"' in page
    assert f'action="/entries/{entry.pk}/void/"' not in page  # voided once


def test_the_history_of_a_guards_void_names_the_guard_and_the_reason(
    company_a, gate_a, guard, manager_a, phone_of, client_for
):
    entry = record(company_a, gate_a, guard, name="输错的")
    phone_of(guard).post(void_url(entry), {"reason": REASON})
    page = client_for(company_a, manager_a).get(f"/entries/{entry.pk}/", **EN).text
    assert f"{guard} voided the entry 输错的: {REASON}" in unescape(page)


def test_a_site_manager_voids_entries_of_their_site_only(
    company_a, site_a, gate_a, guard, site_manager_a, client_for
):
    other_site_gate = make_gate(company_a, make_site(company_a, name="古北小区"), name="古北门")
    theirs = record(company_a, gate_a, guard)
    elsewhere = record(company_a, other_site_gate, guard)
    assign(company_a, site_a, site_manager_a)
    office = client_for(company_a, site_manager_a)
    assert office.post(f"/entries/{elsewhere.pk}/void/", {"reason": REASON}).status_code == 404
    assert office.post(f"/entries/{theirs.pk}/void/", {"reason": REASON}).status_code == 302
    assert reload(company_a, theirs).voided_by == site_manager_a
    assert reload(company_a, elsewhere).voided_at is None


def test_a_manager_is_told_when_a_void_fails_on_the_entrys_page(
    company_a, gate_a, guard, manager_a, client_for
):
    entry = record(company_a, gate_a, guard)
    office = client_for(company_a, manager_a)
    response = office.post(f"/entries/{entry.pk}/void/", {"reason": " "})
    assert response.status_code == 400
    assert in_language("zh-hans", "This field is required.") in unescape(response.text)
    assert reload(company_a, entry).voided_at is None


def totals_on(page: str) -> dict[str, int]:
    totals = re.search(r'<dl class="totals" id="entry-totals">(.*?)</dl>', page, re.S)
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(\d+)</dd>", totals[1], re.S)
    return {unescape(re.sub(r"<[^>]+>", "", label)).strip(): int(n) for label, n in pairs}


def test_a_voided_entry_stays_listed_marked_but_is_not_counted(
    company_a, gate_a, guard, manager_a, client_for, in_a
):
    kept = record(company_a, gate_a, guard, name="留着的")
    mistaken = record(company_a, gate_a, guard, name="输错的")
    void_entry(mistaken, reason=REASON, by=guard)
    office = client_for(company_a, manager_a)

    page = office.get("/entries/", **EN).text
    assert len(re.findall(r'<a href="/entries/\d+/">', page)) == 2
    assert f'<a href="/entries/{kept.pk}/">' in page
    assert re.search(r'<tr class="voided">.*?输错的.*?Voided.*?' + re.escape(REASON), page, re.S)
    assert totals_on(page) == {
        "Entries": 1, "Admit": 1, "Refuse": 0, "Do not admit: report": 0, "Overridden": 0,
        "Voided, not counted": 1,
    }  # fmt: skip


def test_the_home_figures_do_not_count_voided_entries(
    company_a, gate_a, guard, manager_a, client_for, in_a
):
    record(company_a, gate_a, guard)
    void_entry(record(company_a, gate_a, guard), reason=REASON, by=guard)
    glance = client_for(company_a, manager_a).get("/").context["glance"]
    keys = [figure.key for figure in glance.figures]
    admitted = glance.rows[0].cells[keys.index("admitted")]
    assert admitted.count == 1


def test_a_case_opened_by_a_voided_entry_stays_open_and_says_why(
    company_a, gate_a, guard, manager_a, client_for, in_a
):
    fever = record(company_a, gate_a, guard, temperature="38.2", name="发热的")
    void_entry(fever, reason="体温计故障，复测 36.6", by=guard)
    case = reload(company_a, fever).escalation
    assert case.status == EscalationStatus.REPORTED
    page = client_for(company_a, manager_a).get(f"/escalations/{case.pk}/", **EN).text
    assert "体温计故障，复测 36.6" in unescape(page)
    glance = client_for(company_a, manager_a).get("/").context["glance"]
    keys = [figure.key for figure in glance.figures]
    assert glance.rows[0].cells[keys.index("open_cases")].count == 1


def test_the_api_shows_a_void_read_only(company_a, gate_a, guard, manager_a, api_for, in_a):
    entry = void_entry(record(company_a, gate_a, guard), reason=REASON, by=guard)
    client = api_for(company_a, manager_a)
    shown = client.get(f"/api/v1/entries/{entry.pk}/").json()
    assert shown["void_reason"] == REASON and shown["voided_at"] is not None
    fresh = client.get(f"/api/v1/entries/{record(company_a, gate_a, guard).pk}/").json()
    assert (fresh["voided_at"], fresh["void_reason"]) == (None, "")
    # Read-only: the API has no way to void or un-void.
    response = client.patch(f"/api/v1/entries/{entry.pk}/", {"void_reason": ""}, format="json")
    assert response.status_code in (403, 405)
    assert reload(company_a, entry).void_reason == REASON


def test_the_database_refuses_a_void_without_a_reason(company_a, gate_a, guard):
    entry = record(company_a, gate_a, guard)
    with tenant_context(company_a):
        with pytest.raises(IntegrityError), transaction.atomic():
            Entry.objects.filter(pk=entry.pk).update(voided_at=timezone.now())
        assert Entry.objects.get(pk=entry.pk).voided_at is None
