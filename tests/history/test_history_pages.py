"""The read side of the action log: a record's history on its page, the company log, the API.

Three characters throughout: the manager, a colleague with less power (a site manager of
another site, a guard) and an outsider from another company.
"""

import datetime

import pytest
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from accounts.roles import ApiScope, Role
from guanjia.actors import System
from partners.services import create_api_key
from tenants.gate.policy import Level
from tenants.gate.services.policy import switch_level
from tenants.history.describe import describe
from tenants.history.models import LogEntry
from tenants.history.services import entry_values, log_action
from tenants.sites.services.gates import change_gate_status
from tenants.sites.services.places import update_building
from tests.conftest import shanghai

pytestmark = pytest.mark.django_db


@pytest.fixture
def wang(make_member, company_a):
    manager = make_member(company_a, Role.MANAGER, email="wang@alpha.test")
    manager.full_name = "王伟"
    manager.save(update_fields=["full_name"])
    return manager


@pytest.fixture
def sealed_gate(company_a, gate_a, wang):
    """Alpha's gate, sealed by 王伟 for renovation."""
    with schema_context(company_a.schema_name):
        return change_gate_status(gate_a, "sealed", by=wang, reason="装修")


def page(client, path, language):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def api_list(client, query=""):
    response = client.get(f"/api/v1/log/{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


def test_a_gate_page_tells_who_sealed_it_and_why_in_chinese(
    client_for, company_a, wang, sealed_gate
):
    html = page(client_for(company_a, wang), f"/gates/{sealed_gate.pk}/edit/", "zh-hans")

    assert "<h2>变更记录</h2>" in html
    assert f"王伟开放、关闭或封闭了出入口“{sealed_gate.name}”：封闭、装修，" in html


def test_a_gate_page_tells_who_sealed_it_and_why_in_japanese(
    client_for, company_a, wang, sealed_gate
):
    html = page(client_for(company_a, wang), f"/gates/{sealed_gate.pk}/edit/", "ja")

    assert f"王伟が出入口を開放・閉鎖・封鎖しました（{sealed_gate.name}）：封鎖、装修、" in html


def test_a_change_names_the_changed_fields_in_words(client_for, company_a, wang, building_a):
    with schema_context(company_a.schema_name):
        update_building(building_a, by=wang, units=9)

    html = page(client_for(company_a, wang), f"/buildings/{building_a.pk}/edit/", "en")

    assert f"王伟 changed the building {building_a.name}: changed " in html


def test_an_entry_recorded_by_a_partner_app_names_its_key(
    api_for, client_for, company_a, gate_a, wang
):
    key = create_api_key(company=company_a, name="美团柜", scope=ApiScope.READ_WRITE, by=None)
    partner = api_for(company_a, key=key.plaintext)
    entry = {"uuid": "2b1f0c9e-5a4d-4c3b-9e8f-7a6b5c4d3e2f", "gate": gate_a.pk,
             "category": "resident", "name": "李访客", "temperature": 36.4}  # fmt: skip
    created = partner.post("/api/v1/entries/", entry, format="json")
    assert created.status_code == 201, created.content[:300]

    html = page(client_for(company_a, wang), f"/entries/{created.json()['id']}/", "en")

    assert "API key 美团柜 recorded the entry" in html


def test_the_time_is_shanghai_time_written_the_reader_s_way(company_a, gate_a, wang):
    with schema_context(company_a.schema_name):
        values = entry_values(gate_a, "gate.status_changed", by=wang, data={"reason": "装修"})
        entry = LogEntry.objects.create(**{**values, "at": shanghai(2026, 2, 3, 14, 2)})
    with translation.override("en"):
        english = describe(entry)
    with translation.override("zh-hans"):
        chinese = describe(entry)

    assert english.endswith("Feb. 3, 2026, 2:02 p.m.")
    assert chinese.endswith("2026年2月3日 14:02")


def test_a_task_is_named_by_what_it_is_in_the_reader_s_language(company_a, gate_a):
    with schema_context(company_a.schema_name):
        entry = log_action(gate_a, "gate.changed", by=System("gate_housekeeping"))
        unnamed = log_action(gate_a, "gate.changed", by=System("one_off_script"))
    with translation.override("en"):
        assert describe(entry).startswith(f"The nightly clean-up changed the gate {gate_a.name}")
        # A task with no words yet is still named, by what it is called.
        assert describe(unnamed).startswith(f"one_off_script changed the gate {gate_a.name}")
    with translation.override("zh-hans"):
        assert describe(entry).startswith(f"夜间清理任务修改了出入口“{gate_a.name}”")


def test_a_level_switch_reads_in_the_reader_s_words_whoever_wrote_it(company_a, site_a, wang):
    with schema_context(company_a.schema_name), translation.override("zh-hans"):
        switch_level([site_a], Level.LEVEL_1, by=wang)
        entry = LogEntry.objects.get(action="entry_policy.level_switched")
    with translation.override("en"):
        english = describe(entry)
    with translation.override("ja"):
        japanese = describe(entry)
    # The record is named by its site, and the new level is in the reader's language.
    assert english.startswith(f"王伟 switched the response level {site_a.name}: Level 1 response")
    assert "一级" not in english
    assert f"（{site_a.name}）：対応レベル 1" in japanese


def test_a_record_page_shows_only_its_last_fifty_changes(client_for, company_a, wang, gate_a):
    with schema_context(company_a.schema_name):
        for _ in range(51):
            log_action(gate_a, "gate.changed", by=wang)

    html = page(client_for(company_a, wang), f"/gates/{gate_a.pk}/edit/", "en")

    assert html.count("王伟 changed the gate") == 50
    assert "The last 50 changes are shown." in html


def test_a_new_record_s_form_has_no_history_section(client_for, company_a, wang, site_a):
    html = page(client_for(company_a, wang), f"/sites/{site_a.pk}/gates/new/", "en")

    assert "No changes recorded yet." not in html


def test_the_company_log_lists_changes_newest_first(client_for, company_a, wang, sealed_gate):
    with schema_context(company_a.schema_name):
        log_action(sealed_gate, "gate.changed", by=wang)

    html = page(client_for(company_a, wang), "/log/", "en")

    newest = html.index("王伟 changed the gate")
    assert newest < html.index("王伟 opened, closed or sealed the gate")
    assert 'href="/log/"' in html  # the navigation links it for managers


def test_the_company_log_filters_by_person_kind_site_and_days(
    client_for, company_a, wang, manager_a, sealed_gate, other_site, building_a
):
    with schema_context(company_a.schema_name):
        update_building(building_a, by=manager_a, units=7)
        log_action(other_site, "site.changed", by=wang)
    client = client_for(company_a, wang)

    by_wang = page(client, f"/log/?actor={wang.pk}", "en")
    buildings = page(client, "/log/?object_type=sites.building", "en")
    other = page(client, f"/log/?site={other_site.pk}", "en")
    today = timezone.localdate()
    yesterday = page(client, f"/log/?end={today - datetime.timedelta(days=1)}", "en")
    this_day = page(client, f"/log/?start={today}&end={today}", "en")

    assert "sealed the gate" in by_wang and "changed the building" not in by_wang
    assert "changed the building" in buildings and "sealed the gate" not in buildings
    assert "changed the site 紫云小区" in other and "sealed the gate" not in other
    assert "No changes match these filters." in yesterday
    assert "sealed the gate" in this_day


def test_a_site_manager_sees_only_their_sites_entries(
    client_for, api_for, company_a, site_manager_a, sealed_gate, other_site, wang
):
    with schema_context(company_a.schema_name):
        other_site.assigned_users.add(site_manager_a)
        log_action(other_site, "site.changed", by=wang)

    html = page(client_for(company_a, site_manager_a), "/log/", "en")
    listed = api_list(api_for(company_a, site_manager_a))

    assert "changed the site 紫云小区" in html
    assert "sealed the gate" not in html
    assert {entry["site"] for entry in listed} == {other_site.pk}
    entry_elsewhere = api_for(company_a, site_manager_a).get(
        f"/api/v1/log/{entry_about(company_a, sealed_gate).pk}/"
    )
    assert entry_elsewhere.status_code == 404
    assert 'href="/log/"' in html


def entry_about(company, record):
    with schema_context(company.schema_name):
        return LogEntry.objects.about(record).first()


def test_a_guard_has_no_company_log(client_for, company_a, guard_a):
    client = client_for(company_a, guard_a)

    assert client.get("/log/").status_code == 403
    assert 'href="/log/"' not in page(client, "/m/shifts/", "en")


def test_an_outsider_sees_nothing_of_another_company_s_log(
    client_for, api_for, company_a, company_b, outsider, sealed_gate, site_b
):
    assert client_for(company_a, outsider).get("/log/").status_code == 403
    assert api_for(company_a, outsider).get("/api/v1/log/").status_code == 403

    own_log = page(client_for(company_b, outsider), "/log/", "en")
    assert "sealed the gate" not in own_log
    assert all(
        e["object_label"] != sealed_gate.name for e in api_list(api_for(company_b, outsider))
    )


def test_the_api_filters_the_log_like_the_page(
    api_for, api_key_for, company_a, wang, manager_a, sealed_gate, other_site, building_a
):
    with schema_context(company_a.schema_name):
        update_building(building_a, by=manager_a, units=7)
        log_action(other_site, "site.changed", by=wang)
    reader = api_for(company_a, key=api_key_for(company_a, ApiScope.READ))
    today = timezone.localdate()

    by_wang = api_list(reader, f"?actor={wang.pk}")
    buildings = api_list(reader, "?object_type=sites.building")
    other = api_list(reader, f"?site={other_site.pk}")
    earlier = api_list(reader, f"?to={today - datetime.timedelta(days=1)}")
    this_day = api_list(reader, f"?from={today}&to={today}")

    assert {e["action"] for e in by_wang} == {"gate.status_changed", "site.changed"}
    assert {e["object_type"] for e in buildings} == {"sites.building"}
    assert "building.changed" in {e["action"] for e in buildings}
    assert {e["object_label"] for e in other} == {"紫云小区"}
    assert earlier == []
    assert this_day[0]["text"].startswith("王伟 changed the site 紫云小区")
    assert [e["at"] for e in this_day] == sorted((e["at"] for e in this_day), reverse=True)


def test_the_api_refuses_a_filter_it_cannot_read(
    api_for, api_key_for, company_a, company_b, outsider
):
    reader = api_for(company_a, key=api_key_for(company_a, ApiScope.READ))

    for query in ("?actor=", f"?actor={outsider.pk}", "?object_type=sites.nothing",
                  "?from=0001-01-01", "?site=999999"):  # fmt: skip
        response = reader.get(f"/api/v1/log/{query}")
        assert response.status_code == 400, query
        assert query[1:].split("=")[0] in response.json()["errors"], query


def test_the_api_log_cannot_be_changed(api_for, api_key_for, company_a, sealed_gate):
    writer = api_for(company_a, key=api_key_for(company_a, ApiScope.READ_WRITE))
    entry = entry_about(company_a, sealed_gate)

    assert writer.delete(f"/api/v1/log/{entry.pk}/").status_code == 403
    assert (
        writer.patch(f"/api/v1/log/{entry.pk}/", {"action": "x"}, format="json").status_code == 403
    )
    assert entry_about(company_a, sealed_gate).action == "gate.status_changed"
