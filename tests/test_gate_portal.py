"""The managers' gate pages: entry policies, entries and overrides, escalation cases, home
isolation, needs and the company's gate settings.

Three characters in every part: the manager who acts, a colleague with less power (a viewer
reads, a site manager sees only their sites), and someone from outside (a manager of company
beta, a regulator) who changes nothing.
"""

import datetime
import re
import uuid
from decimal import Decimal
from html import escape

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import ngettext
from django_tenants.utils import schema_context

from accounts.roles import Role
from companies.models import Company
from tenants.gate.isolation_rules import overdue_readings
from tenants.gate.models import (
    Entry,
    EntryPolicy,
    EscalationCase,
    EscalationStatus,
    IsolationCase,
    IsolationChange,
    IsolationStatus,
    NeedRequest,
    NeedStatus,
    PersonalDataView,
    PolicyChange,
    TemperatureReading,
)
from tenants.gate.policy import Category, Level
from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.services.escalations import close_escalation, hand_over
from tenants.gate.services.isolation import ObservationIn, end_isolation, place_under_observation
from tenants.gate.services.needs import close_need, open_need
from tenants.rosters.models import GapAlert
from tenants.rosters.services.people import update_duty_person
from tests.conftest import make_gate, make_site
from tests.gate_fixtures import VALID_ID, make_entry, make_returnee
from tests.site_helpers import assign, in_language

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
RETURNING = {"category": "returning", "name": "陈归沪", "document_kind": "id_card",
             "document": VALID_ID, "phone": "13812345678", "building": "2", "room": "1103"}  # fmt: skip
POLICY_FORM = {**{f"rule_{category}": "consent" for category in Category.values},
               "rule_resident": "allowed", "rule_returning": "allowed", "rule_courier": "allowed",
               "rule_renovation": "filing", "rule_agent": "refused", "threshold": "37.3",
               "green_code_required": "on", "travel_reported": "on"}  # fmt: skip


def zh(message: str, **values) -> str:
    """A message as the portal's default (Chinese) reader sees it, escaped like the page."""
    return escape(in_language("zh-hans", message, **values))


def zh_date(day: datetime.date) -> str:
    with translation.override("zh-hans"):
        return date_format(day, "SHORT_DATE_FORMAT")


def reload(company, obj):
    with schema_context(company.schema_name):
        return type(obj).objects.get(pk=obj.pk)


def rows(company, model, **filters) -> list:
    with schema_context(company.schema_name):
        return list(model.objects.filter(**filters))


def page_after(client, response) -> str:
    """The page a successful form redirects to, with its message."""
    assert response.status_code == 302, response.content[:500]
    return client.get(response["Location"]).content.decode()


def state(company) -> dict:
    """Everything the gate pages can change, to check that a refused request changed nothing."""
    with schema_context(company.schema_name):
        return {
            "policies": list(EntryPolicy.objects.values_list("site", "level", "rules", "threshold")),
            "policy_changes": PolicyChange.objects.count(),
            "escalations": list(EscalationCase.objects.values_list("pk", "status").order_by("pk")),
            "cases": list(IsolationCase.objects.values_list("pk", "status", "starts_on",
                                                            "planned_end").order_by("pk")),
            "readings": TemperatureReading.objects.count(),
            "needs": list(NeedRequest.objects.values_list("pk", "status", "assigned_to")
                          .order_by("pk")),
            "views": PersonalDataView.objects.count(),
            "settings": Company.objects.values_list("isolation_days", "retention_days")
            .get(pk=company.pk),
        }  # fmt: skip


def record(company, gate, *, by=None, **fields) -> Entry:
    """An entry recorded by a guard (`by`), e.g. with an override."""
    values = {"category": "visitor", "name": "李访客", "phone": "13812345678", "building": "3",
              "room": "201", "health_code": "green", **fields}  # fmt: skip
    with schema_context(company.schema_name):
        entry, _created = record_entry(
            gate, EntryIn(uuid=uuid.uuid4(), temperature=Decimal("36.6"), **values), by=by
        )
        return entry


def observe(company, site, *, name="刘观察", starts_on=None, **fields) -> IsolationCase:
    data = {"name": name, "building": "7", "room": "502", "phone": "13712345678",
            "starts_on": starts_on or TODAY, **fields}  # fmt: skip
    with schema_context(company.schema_name):
        return place_under_observation(site, ObservationIn(**data), by=None)


@pytest.fixture
def manager(client_for, company_a, manager_a):
    return client_for(company_a, manager_a)


@pytest.fixture
def viewer(client_for, make_member, company_a):
    return client_for(company_a, make_member(company_a, Role.VIEWER))


@pytest.fixture
def site_manager(client_for, company_a, site_a, site_manager_a):
    """A site manager of alpha's first site only."""
    assign(company_a, site_a, site_manager_a)
    return client_for(company_a, site_manager_a)


@pytest.fixture
def other_site(company_a):
    return make_site(company_a, name="紫云小区")


@pytest.fixture
def other_gate(company_a, other_site):
    return make_gate(company_a, other_site, name="东门")


# Entry policies.


def test_the_policy_page_shows_the_level_every_rule_and_the_checks(manager, site_a):
    page = manager.get(f"/sites/{site_a.pk}/entry-policy/").content.decode()
    assert zh("Level 2 response") in page
    for category in Category:
        assert escape(in_language("zh-hans", str(category.label))) in page
    assert "37.3 °C" in page
    assert zh("Non-residents must show a green health code.") in page
    # {% translate %} writes the text as it is, apostrophe included.
    assert (
        in_language("zh-hans", "The default rules: no one has set this site's policy yet.") in page
    )


def test_the_site_page_links_to_its_entry_policy(manager, site_a):
    page = manager.get(f"/sites/{site_a.pk}/").content.decode()
    assert f"/sites/{site_a.pk}/entry-policy/" in page


def test_a_manager_switches_a_site_to_level_1_and_the_change_is_in_its_history(
    manager, manager_a, company_a, site_a
):
    response = manager.post(f"/sites/{site_a.pk}/entry-policy/level/", {"level": "level_1"})
    assert response["Location"] == f"/sites/{site_a.pk}/entry-policy/"
    page = page_after(manager, response)
    assert zh("%(site)s now follows the rules of %(level)s.", site=site_a.name,
              level=in_language("zh-hans", "Level 1 response")) in page  # fmt: skip
    (policy,) = rows(company_a, EntryPolicy)
    assert (policy.level, policy.rules["courier"], policy.rules["agent"]) == (
        Level.LEVEL_1,
        "refused",
        "refused",
    )
    (change,) = rows(company_a, PolicyChange)
    assert (change.from_level, change.to_level, change.changed_by_id) == (
        "level_2",
        "level_1",
        manager_a.pk,
    )
    history = page[page.index('id="history"') :]
    assert str(manager_a) in history
    assert zh("Level 2 response") + " → " + zh("Level 1 response") in history


def test_switching_every_site_at_once_moves_each_site_and_says_how_many(
    manager, company_a, site_a, other_site
):
    response = manager.post("/entry-policy/level/", {"level": "level_1"})
    page = page_after(manager, response)
    with translation.override("zh-hans"):
        said = ngettext("%(count)s site now follows the rules of %(level)s.",
                        "%(count)s sites now follow the rules of %(level)s.", 2)  # fmt: skip
    assert escape(said % {"count": 2, "level": zh("Level 1 response")}) in page
    levels = {policy.site_id: policy.level for policy in rows(company_a, EntryPolicy)}
    assert levels == {site_a.pk: "level_1", other_site.pk: "level_1"}
    assert len(rows(company_a, PolicyChange)) == 2


def test_a_site_manager_switching_every_site_switches_only_their_own(
    site_manager, company_a, site_a, other_site
):
    assert site_manager.post("/entry-policy/level/", {"level": "level_1"}).status_code == 302
    assert [policy.site_id for policy in rows(company_a, EntryPolicy)] == [site_a.pk]


def test_editing_the_rules_bars_estate_agents_and_records_the_change(manager, company_a, site_a):
    data = {**POLICY_FORM, "threshold": "37.2", "travel_reported": ""}
    response = manager.post(f"/sites/{site_a.pk}/entry-policy/edit/", data)
    page = page_after(manager, response)
    assert zh("The entry rules of %(site)s are saved.", site=site_a.name) in page
    (policy,) = rows(company_a, EntryPolicy)
    assert policy.rules["agent"] == "refused"
    assert (policy.threshold, policy.travel_reported) == (Decimal("37.2"), False)
    assert len(rows(company_a, PolicyChange)) == 1


def test_a_fever_line_out_of_range_is_refused_on_its_field_and_nothing_changes(
    manager, company_a, site_a
):
    before = state(company_a)
    response = manager.post(f"/sites/{site_a.pk}/entry-policy/edit/",
                            {**POLICY_FORM, "threshold": "39.5"})  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert zh("Ensure this value is less than or equal to %(limit_value)s.",
              limit_value="39.0") in page  # fmt: skip
    assert re.search(r'<div class="field invalid">\s*<label for="id_threshold"', page)
    assert state(company_a) == before


def test_an_unknown_level_is_refused_and_nothing_changes(manager, company_a, site_a):
    before = state(company_a)
    response = manager.post(f"/sites/{site_a.pk}/entry-policy/level/", {"level": "level_9"})
    assert response.status_code == 400
    assert state(company_a) == before


def test_a_viewer_reads_the_policy_without_its_forms(viewer, site_a):
    page = viewer.get(f"/sites/{site_a.pk}/entry-policy/").content.decode()
    assert f"/sites/{site_a.pk}/entry-policy/edit/" not in page
    assert f'action="/sites/{site_a.pk}/entry-policy/level/"' not in page


# Entries.


def test_the_entries_list_shows_masked_numbers_and_never_the_full_ones(manager, company_a, gate_a):
    record(company_a, gate_a, **RETURNING)
    page = manager.get("/entries/").content.decode()
    assert "陈归沪" in page
    assert "110***********002X" in page and "138****5678" in page
    assert VALID_ID not in page and "13812345678" not in page


def test_entries_are_filtered_by_site_gate_category_outcome_and_day(
    manager, company_a, gate_a, other_gate
):
    record(company_a, gate_a, name="甲访客")
    record(company_a, other_gate, category="courier", name="乙快递")
    record(company_a, gate_a, name="丙昨天", recorded_at=timezone.now() - DAY)
    make_entry(company_a, gate_a, name="丁发热", temperature="38.4")

    def names(query):
        page = manager.get(f"/entries/?{query}").content.decode()
        return {name for name in ("甲访客", "乙快递", "丙昨天", "丁发热") if name in page}

    assert names("") == {"甲访客", "乙快递", "丙昨天", "丁发热"}
    assert names(f"site={other_gate.site_id}") == {"乙快递"}
    assert names(f"gate={gate_a.pk}") == {"甲访客", "丙昨天", "丁发热"}
    assert names("category=courier") == {"乙快递"}
    assert names("outcome=escalate") == {"丁发热"}
    assert names(f"day={(TODAY - DAY).isoformat()}") == {"丙昨天"}
    # A filter with a wrong value is left out, not an error.
    assert names("site=abc&day=not-a-day") == {"甲访客", "乙快递", "丙昨天", "丁发热"}


def test_overrides_show_the_guard_the_decision_the_outcome_and_the_reason(
    manager, make_member, company_a, gate_a
):
    guard = make_member(company_a, Role.GUARD)
    overridden = record(company_a, gate_a, by=guard, name="周访客", override_outcome="admit",
                        override_reason="住户电话确认同意")  # fmt: skip
    plain = record(company_a, gate_a, consent=True)
    page = manager.get("/entries/?overridden=1").content.decode()
    assert "住户电话确认同意" in page and str(guard) in page
    assert (f'<span class="status outcome-refuse">{zh("Refuse")}</span> → '
            f'<span class="status outcome-admit">{zh("Admit")}</span>') in page  # fmt: skip
    assert f"/entries/{overridden.pk}/" in page
    assert f"/entries/{plain.pk}/" not in page
    assert "/entries/?overridden=1" in manager.get("/").content.decode()


def test_the_entries_list_pages_by_50_and_keeps_its_filters(manager, company_a, site_a, gate_a):
    for number in range(51):
        record(company_a, gate_a, name=f"访客{number}")
    page = manager.get(f"/entries/?site={site_a.pk}").content.decode()
    assert len(re.findall(r'<a href="/entries/\d+/">', page)) == 50
    (link,) = re.findall(r'href="(\?[^"]*page=2[^"]*)"', page)
    assert f"site={site_a.pk}" in link
    second = manager.get(f"/entries/{link.replace('&amp;', '&')}").content.decode()
    assert len(re.findall(r'<a href="/entries/\d+/">', second)) == 1


def test_an_entry_shows_its_reasons_and_masked_numbers(manager, company_a, gate_a):
    entry = make_entry(company_a, gate_a, temperature="38.4")
    page = manager.get(f"/entries/{entry.pk}/").content.decode()
    fever = ("Temperature %(temperature)s °C is at or above %(threshold)s °C: "
             "do not admit, report and hand over.")  # fmt: skip
    assert zh(fever, temperature="38.4", threshold="37.3") in page
    assert "138****5678" in page and "13812345678" not in page
    assert f"/escalations/{entry.escalation.pk}/" in page
    assert f'action="/entries/{entry.pk}/reveal/"' in page


def test_a_manager_reveals_an_entrys_full_numbers_and_the_view_is_recorded(
    manager, manager_a, company_a, gate_a
):
    entry = record(company_a, gate_a, **RETURNING)
    response = manager.post(f"/entries/{entry.pk}/reveal/")
    assert response.status_code == 200
    page = response.content.decode()
    assert VALID_ID in page and "13812345678" in page
    assert "no-store" in response["Cache-Control"]
    (view,) = rows(company_a, PersonalDataView)
    assert (view.viewed_by_id, view.record_type, view.record_id) == (
        manager_a.pk,
        "gate.entry",
        entry.pk,
    )
    assert view.fields == ["document_number", "phone"]


def test_full_numbers_are_shown_only_in_answer_to_a_post(manager, company_a, gate_a):
    entry = record(company_a, gate_a, **RETURNING)
    assert manager.get(f"/entries/{entry.pk}/reveal/").status_code == 405
    assert rows(company_a, PersonalDataView) == []


def test_a_site_manager_cannot_reveal_full_numbers(site_manager, company_a, gate_a):
    entry = record(company_a, gate_a, **RETURNING)
    page = site_manager.get(f"/entries/{entry.pk}/").content.decode()
    assert "110***********002X" in page and "/reveal/" not in page
    assert site_manager.post(f"/entries/{entry.pk}/reveal/").status_code == 403
    assert rows(company_a, PersonalDataView) == []


def test_a_site_manager_sees_only_the_entries_of_their_sites(
    site_manager, company_a, gate_a, other_gate
):
    record(company_a, gate_a, name="本站访客")
    elsewhere = record(company_a, other_gate, name="他站访客")
    page = site_manager.get("/entries/").content.decode()
    assert "本站访客" in page and "他站访客" not in page
    assert site_manager.get(f"/entries/{elsewhere.pk}/").status_code == 404


# Escalation cases.


def test_open_cases_are_on_the_home_page_above_the_gap_alerts(
    manager, viewer, company_a, gate_a, escalation_a
):
    with schema_context(company_a.schema_name):
        now = timezone.now()
        GapAlert.objects.create(gate=gate_a, starts_at=now + DAY, ends_at=now + 2 * DAY,
                                missing=1)  # fmt: skip
    page = manager.get("/").content.decode()
    assert page.index('id="escalations"') < page.index('id="gap-alerts"')
    assert f"/escalations/{escalation_a.pk}/" in page
    assert f"/escalations/{escalation_a.pk}/" in viewer.get("/").content.decode()


def test_open_cases_come_first_with_how_long_each_step_took(manager, manager_a, company_a, gate_a):
    still_open = make_entry(company_a, gate_a, name="先报告", temperature="38.0").escalation
    closed = make_entry(company_a, gate_a, name="后报告", temperature="38.1").escalation
    with schema_context(company_a.schema_name):
        closed = hand_over(closed, to="社区卫生服务中心", by=manager_a)
        closed = close_escalation(closed, note="排除发热", by=manager_a)
    page = manager.get("/escalations/").content.decode()
    assert page.index(f"/escalations/{still_open.pk}/") < page.index(f"/escalations/{closed.pk}/")
    with translation.override("zh-hans"):
        took = timesince(closed.reported_at, closed.handed_over_at)
    assert zh("after %(took)s", took=took) in page


def test_a_manager_hands_a_person_over_and_closes_the_case(
    manager, manager_a, company_a, escalation_a
):
    url = f"/escalations/{escalation_a.pk}/"
    response = manager.post(f"{url}hand-over/", {"handed_over_to": "天山社区卫生服务中心"})
    assert response["Location"] == url
    assert zh("Handed over to %(to)s.", to="天山社区卫生服务中心") in page_after(manager, response)
    case = reload(company_a, escalation_a)
    assert (case.status, case.handed_over_by_id) == (EscalationStatus.HANDED_OVER, manager_a.pk)

    response = manager.post(f"{url}close/", {"closing_note": "复测正常，已回家观察"})
    assert zh("The case is closed.") in page_after(manager, response)
    case = reload(company_a, escalation_a)
    assert (case.status, case.closing_note) == (EscalationStatus.CLOSED, "复测正常，已回家观察")
    assert url not in manager.get("/").content.decode()


def test_a_case_cannot_be_closed_before_the_hand_over(manager, company_a, escalation_a):
    response = manager.post(f"/escalations/{escalation_a.pk}/close/", {"closing_note": "结束"})
    assert response.status_code == 400
    assert zh("Hand the person over before closing the case.") in response.content.decode()
    assert reload(company_a, escalation_a).status == EscalationStatus.REPORTED


def test_a_hand_over_to_nobody_is_refused(manager, company_a, escalation_a):
    response = manager.post(f"/escalations/{escalation_a.pk}/hand-over/", {"handed_over_to": ""})
    assert response.status_code == 400
    assert zh("This field is required.") in response.content.decode()
    assert reload(company_a, escalation_a).status == EscalationStatus.REPORTED


def test_a_viewer_reads_a_case_without_its_forms(viewer, escalation_a):
    page = viewer.get(f"/escalations/{escalation_a.pk}/").content.decode()
    assert "hand-over/" not in page


# Home isolation.


def test_a_manager_places_someone_under_observation_for_the_companys_days(
    manager, company_a, site_a
):
    data = {"site": site_a.pk, "name": "赵观察", "building": "4", "room": "601",
            "phone": "13712345678", "document_kind": "id_card", "document": "",
            "starts_on": TODAY.isoformat()}  # fmt: skip
    response = manager.post("/isolation/new/", data)
    (case,) = rows(company_a, IsolationCase)
    assert response["Location"] == f"/isolation/{case.pk}/"
    assert (case.starts_on, case.planned_end) == (TODAY, TODAY + 13 * DAY)
    assert zh("%(name)s is under home observation until %(date)s.", name="赵观察",
              date=zh_date(case.planned_end)) in page_after(manager, response)  # fmt: skip


def test_an_invalid_mobile_number_is_refused_and_no_case_is_opened(manager, company_a, site_a):
    data = {"site": site_a.pk, "name": "赵观察", "building": "4", "room": "601",
            "phone": "12345", "document_kind": "id_card", "starts_on": TODAY.isoformat()}  # fmt: skip
    response = manager.post("/isolation/new/", data)
    assert response.status_code == 400
    assert zh("Enter a valid mobile number.") in response.content.decode()
    assert rows(company_a, IsolationCase) == []


def test_the_list_shows_observation_first_with_overdue_readings_and_masked_numbers(
    manager, company_a, site_a, isolation_a
):
    ended = observe(company_a, site_a, name="已结束", starts_on=TODAY - 5 * DAY)
    with schema_context(company_a.schema_name):
        # Registered at the gate on arrival, two days ago.
        IsolationCase.objects.filter(pk=isolation_a.pk).update(created_at=timezone.now() - 3 * DAY)
        end_isolation(ended, on=TODAY, reason="解除观察", transferred=False, by=None)
    page = manager.get("/isolation/").content.decode()
    assert page.index(isolation_a.name) < page.index("已结束")
    # Registered two days ago and never measured: both readings of that day are overdue.
    first_day = (TODAY - 2 * DAY).strftime("%m-%d")
    assert f"{first_day} {in_language('zh-hans', 'Morning')}" in page
    assert f"{first_day} {in_language('zh-hans', 'Evening')}" in page
    assert "139****5678" in page and "13912345678" not in page


def test_the_case_page_marks_missing_readings_as_overdue(manager, company_a, isolation_a):
    # The case was opened before its first day began, so every reading of it is owed.
    opened = timezone.now() - 3 * DAY
    with schema_context(company_a.schema_name):
        IsolationCase.objects.filter(pk=isolation_a.pk).update(created_at=opened)
        TemperatureReading.objects.create(case=isolation_a, taken_on=TODAY - 2 * DAY,
                                          period="morning", temperature=Decimal("36.4"))  # fmt: skip
    page = manager.get(f"/isolation/{isolation_a.pk}/").content.decode()
    assert "36.4 °C" in page
    # The evening before last and yesterday's two at least; today's once past their time.
    taken = {(TODAY - 2 * DAY, "morning")}
    due = overdue_readings(TODAY - 2 * DAY, isolation_a.planned_end, taken, timezone.now(), opened)
    assert len(due) >= 3
    assert page.count('<span class="overdue">') == len(due)
    assert 'id="overdue"' in page


def test_a_morning_reading_is_recorded_and_a_fever_opens_an_escalation(
    manager, company_a, isolation_a
):
    url = f"/isolation/{isolation_a.pk}/readings/"
    data = {"on": TODAY.isoformat(), "period": "morning", "temperature": "36.5"}
    page = page_after(manager, manager.post(url, data))
    assert zh("The reading is recorded: %(value)s °C.", value="36.5") in page
    response = manager.post(url, {**data, "period": "evening", "temperature": "38.2"})
    page = page_after(manager, response)
    assert zh("%(value)s °C is a fever: the reading is recorded and an escalation case is open.",
              value="38.2") in page  # fmt: skip
    assert len(rows(company_a, TemperatureReading)) == 2
    (case,) = rows(company_a, EscalationCase)
    assert case.isolation_case_id == isolation_a.pk
    assert f"/escalations/{case.pk}/" in page


def test_a_reading_for_tomorrow_is_refused_with_the_reason(manager, company_a, isolation_a):
    data = {"on": (TODAY + DAY).isoformat(), "period": "morning", "temperature": "36.5"}
    response = manager.post(f"/isolation/{isolation_a.pk}/readings/", data)
    assert response.status_code == 400
    window = {"first": (TODAY - 90 * DAY).isoformat(), "last": TODAY.isoformat()}
    assert zh("Enter a date between %(first)s and %(last)s.", **window) in (
        response.content.decode()
    )
    assert rows(company_a, TemperatureReading) == []


def test_an_extension_and_a_transfer_are_in_the_case_history(manager, company_a, isolation_a):
    url = f"/isolation/{isolation_a.pk}/"
    until = isolation_a.planned_end + 7 * DAY
    response = manager.post(f"{url}extend/", {"until": until.isoformat(), "reason": "同住家属发热"})
    assert zh("Home isolation now lasts until %(date)s.", date=zh_date(until)) in (
        page_after(manager, response)
    )
    assert reload(company_a, isolation_a).planned_end == until

    response = manager.post(f"{url}end/", {"on": TODAY.isoformat(), "reason": "转至集中隔离点",
                                           "transferred": "on"})  # fmt: skip
    page = page_after(manager, response)
    case = reload(company_a, isolation_a)
    assert (case.status, case.ended_on) == (IsolationStatus.TRANSFERRED, TODAY)
    assert [change.kind for change in rows(company_a, IsolationChange)] == [
        "extended",
        "transferred",
    ]
    assert "同住家属发热" in page and "转至集中隔离点" in page
    assert f"{url}readings/" not in page  # an ended case takes no more readings


def test_an_extension_that_shortens_the_isolation_is_refused(manager, company_a, isolation_a):
    response = manager.post(f"/isolation/{isolation_a.pk}/extend/",
                            {"until": TODAY.isoformat(), "reason": "提前"})  # fmt: skip
    assert response.status_code == 400
    assert zh("An extension ends after the current last day.") in response.content.decode()
    assert reload(company_a, isolation_a).planned_end == isolation_a.planned_end


def test_the_committees_date_restarts_a_returnees_count(manager, company_a, isolation_a):
    registered = TODAY - DAY
    response = manager.post(f"/isolation/{isolation_a.pk}/committee/",
                            {"committee_registered_on": registered.isoformat()})  # fmt: skip
    assert response["Location"] == f"/isolation/{isolation_a.pk}/"
    case = reload(company_a, isolation_a)
    assert (case.starts_on, case.planned_end) == (registered, registered + 13 * DAY)
    assert reload(company_a, isolation_a.returnee).committee_registered_on == registered


def test_someone_who_is_not_a_returnee_has_no_committee_date(manager, company_a, site_a):
    case = observe(company_a, site_a)
    page = manager.get(f"/isolation/{case.pk}/").content.decode()
    assert "/committee/" not in page
    assert manager.get(f"/isolation/{case.pk}/committee/").status_code == 404


def test_a_double_submitted_need_opens_one_request(manager, company_a, isolation_a):
    page = manager.get(f"/isolation/{isolation_a.pk}/").content.decode()
    (key,) = re.findall(r'name="uuid" value="([0-9a-f-]{36})"', page)
    data = {"uuid": key, "kind": "groceries", "details": "米和青菜"}
    first = manager.post(f"/isolation/{isolation_a.pk}/needs/new/", data)
    second = manager.post(f"/isolation/{isolation_a.pk}/needs/new/", data)
    assert first.status_code == second.status_code == 302
    (need,) = rows(company_a, NeedRequest)
    assert (need.kind, need.details, need.status) == ("groceries", "米和青菜", NeedStatus.OPEN)
    assert "米和青菜" in manager.get(f"/isolation/{isolation_a.pk}/").content.decode()


def test_other_needs_need_their_details(manager, company_a, isolation_a):
    data = {"uuid": str(uuid.uuid4()), "kind": "other", "details": ""}
    response = manager.post(f"/isolation/{isolation_a.pk}/needs/new/", data)
    assert response.status_code == 400
    assert zh("Say what is needed.") in response.content.decode()
    assert rows(company_a, NeedRequest) == []


def test_a_manager_reveals_the_numbers_of_someone_in_isolation(
    manager, manager_a, company_a, isolation_a
):
    assert "139****5678" in manager.get(f"/isolation/{isolation_a.pk}/").content.decode()
    response = manager.post(f"/isolation/{isolation_a.pk}/reveal/")
    page = response.content.decode()
    assert response.status_code == 200
    assert VALID_ID in page and "13912345678" in page
    (view,) = rows(company_a, PersonalDataView)
    assert (view.viewed_by_id, view.record_type, view.record_id) == (
        manager_a.pk,
        "gate.isolationcase",
        isolation_a.pk,
    )


def test_a_site_manager_cannot_reveal_the_numbers_of_someone_in_isolation(
    site_manager, company_a, isolation_a
):
    assert site_manager.post(f"/isolation/{isolation_a.pk}/reveal/").status_code == 403
    assert rows(company_a, PersonalDataView) == []


# Needs.


def test_the_needs_page_lists_what_is_not_done_oldest_first(
    manager, company_a, site_a, isolation_a, need_a
):
    other = observe(company_a, site_a, name="钱观察")
    with schema_context(company_a.schema_name):
        later, _ = open_need(other, uuid=uuid.uuid4(), kind="parcels", details="快递两件", by=None)
        done, _ = open_need(other, uuid=uuid.uuid4(), kind="rubbish", details="倒垃圾", by=None)
        close_need(done, note="已倒", by=None)
    page = manager.get("/needs/").content.decode()
    assert page.index("两桶水") < page.index("快递两件")
    assert "倒垃圾" not in page
    assert f"{isolation_a.building}-{isolation_a.room}" in page


def test_a_manager_assigns_a_need_and_closes_it(manager, company_a, need_a, person_a):
    response = manager.post(f"/needs/{need_a.pk}/assign/", {"assigned_to": person_a.pk})
    assert response["Location"] == "/needs/"
    page = page_after(manager, response)
    assert zh("%(need)s is assigned to %(person)s.", need=in_language("zh-hans", "Drinking water"),
              person=person_a.name) in page  # fmt: skip
    need = reload(company_a, need_a)
    assert (need.status, need.assigned_to_id) == (NeedStatus.ASSIGNED, person_a.pk)

    response = manager.post(f"/needs/{need_a.pk}/close/?back=case", {"closing_note": "已送两桶水"})
    assert response["Location"] == f"/isolation/{need_a.case_id}/"
    need = reload(company_a, need_a)
    assert (need.status, need.closing_note) == (NeedStatus.CLOSED, "已送两桶水")
    assert "两桶水" not in manager.get("/needs/").content.decode()


def test_a_need_cannot_go_to_someone_no_longer_active(manager, company_a, need_a, person_a):
    with schema_context(company_a.schema_name):
        update_duty_person(person_a, by=None, company=company_a, active=False)
    response = manager.post(f"/needs/{need_a.pk}/assign/", {"assigned_to": person_a.pk})
    assert response.status_code == 400
    assert reload(company_a, need_a).status == NeedStatus.OPEN


def test_closing_a_need_needs_a_note(manager, company_a, need_a):
    response = manager.post(f"/needs/{need_a.pk}/close/", {"closing_note": " "})
    assert response.status_code == 400
    assert reload(company_a, need_a).status == NeedStatus.OPEN


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
