"""The demo's gate: what a manager of 天山物业 sees after `make run`, whenever it is loaded."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from companies.models import Company
from devtools import demo
from tenants.gate.models import (
    Entry,
    EscalationCase,
    EscalationStatus,
    IsolationCase,
    IsolationChangeKind,
    NeedStatus,
    PolicyChange,
)
from tenants.gate.policy import Level, Outcome
from tenants.gate.services.policy import policy_for
from tenants.sites.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def tianshan(db):
    assert demo.load()
    return Company.objects.get(slug="tianshan")


def today_of(moment) -> datetime.date:
    return timezone.localdate(moment)


def test_the_manager_sees_the_days_fever_case_and_an_overdue_reading(tianshan, client_for):
    manager = User.objects.get(email="manager@tianshan.demo")
    client = client_for(tianshan, manager)

    home = client.get("/").content.decode()
    assert "37.6 °C" in home
    assert "南门" in home
    assert 'class="overdue"' in client.get("/isolation/").content.decode()

    with tenant_context(tianshan):
        waiting = EscalationCase.objects.get(status=EscalationStatus.REPORTED)
        assert (waiting.gate.name, waiting.temperature) == ("南门", Decimal("37.6"))
        assert today_of(waiting.reported_at) == timezone.localdate()
        handed = EscalationCase.objects.get(status=EscalationStatus.HANDED_OVER)
        assert handed.handed_over_to == "长宁区天山社区卫生服务中心"
        assert today_of(handed.reported_at) < timezone.localdate()


def test_the_south_gate_had_a_busy_day_recorded_by_the_guard(tianshan):
    guard = User.objects.get(email="guard@tianshan.demo")
    with tenant_context(tianshan):
        today = [
            entry
            for entry in Entry.objects.filter(gate__name="南门", site__name="天山天义小区")
            if today_of(entry.recorded_at) == timezone.localdate()
        ]
        assert len(today) >= 25
        assert {entry.recorded_by for entry in today} == {guard}
        assert any(entry.outcome == Outcome.REFUSE for entry in today)
        (overridden,) = Entry.objects.overridden()
        assert (overridden.decision, overridden.outcome) == (Outcome.REFUSE, Outcome.ADMIT)
        assert overridden.override_reason == "业主本人来电确认，送药"
        assert sum(entry.visitor_pass is not None for entry in today) == 1


def test_ziyun_is_on_level_1_and_returnees_are_under_home_isolation(tianshan):
    manager = User.objects.get(email="manager@tianshan.demo")
    with tenant_context(tianshan):
        ziyun = Site.objects.get(name="紫云小区")
        assert policy_for(ziyun).level == Level.LEVEL_1
        assert PolicyChange.objects.get(site=ziyun).changed_by == manager
        assert policy_for(Site.objects.get(name="天山天义小区")).level == Level.LEVEL_2

        cases = IsolationCase.objects.observing()
        assert sorted(case.site.name for case in cases if case.returnee) == [
            "中紫居民区", "天山天义小区", "天山天义小区",
        ]  # fmt: skip
        assert cases.get(site__name="中紫居民区").document_kind == "passport"
        extended = cases.get(returnee=None)
        assert extended.changes.get().kind == IsolationChangeKind.EXTENDED
        assert extended.readings.count() >= 18
        assert sorted(need.status for case in cases for need in case.needs.all()) == sorted(
            [NeedStatus.OPEN, NeedStatus.OPEN, NeedStatus.ASSIGNED, NeedStatus.CLOSED]
        )


def test_the_beihua_lobby_had_entries_today(tianshan):
    with tenant_context(Company.objects.get(slug="beihua")):
        entries = Entry.objects.filter(gate__name="大堂入口")
        assert entries.count() >= 5
        assert {today_of(entry.recorded_at) for entry in entries} == {timezone.localdate()}
