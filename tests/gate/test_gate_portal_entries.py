"""The managers' gate pages for entry policies, entries and overrides, and escalation cases.

A manager switches a site's level and edits its rules, each change in its history; the entries
list shows masked numbers and a manager's reveal is recorded; fever cases are handed over and
closed. A viewer reads without the forms; a site manager sees only their sites.
"""

import re
from decimal import Decimal
from html import escape

import pytest
from django.utils import timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import ngettext
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenants.gate.models import EntryPolicy, EscalationStatus, PersonalDataView, PolicyChange
from tenants.gate.policy import Category, Level
from tenants.gate.services.escalations import close_escalation, hand_over
from tenants.rosters.models import GapAlert
from tests.gate.gate_fixtures import VALID_ID, make_entry
from tests.gate.gate_portal_helpers import (
    DAY,
    POLICY_FORM,
    RETURNING,
    TODAY,
    page_after,
    record,
    reload,
    rows,
    state,
    zh,
)
from tests.sites.site_helpers import in_language

pytestmark = pytest.mark.django_db

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
