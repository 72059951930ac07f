"""Gap alerts: a gap in the next 48 hours alerts the site's managers once, until it is filled.

The hourly task runs in each company's schema on a real worker; one test below runs it there.
"""

import pytest
from celery.signals import before_task_publish
from django_tenants.utils import schema_context

from companies.models import Company
from tasks.base import SCHEMA_HEADER
from tasks.celery import app
from tasks.rosters import refresh_gap_alerts_task
from tenants.rosters.models import Shift
from tenants.rosters.services.alerts import refresh_gap_alerts
from tenants.rosters.services.shifts import delete_shift, update_shift
from tenants.sites.models import GateStatus, Site
from tenants.sites.services.gates import change_gate_status
from tests.conftest import make_gate, make_person, make_shift, make_site, shanghai
from tests.rosters.roster_helpers import HOUR, alerts_of, staff
from tests.workers import WAIT_SECONDS

MORNING = shanghai(2026, 12, 1, 8)
NIGHT = (shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6))


def refresh(company, now, site=None) -> tuple[int, int]:
    """One run of the hourly check in the company's schema: (new alerts, resolved alerts)."""
    with schema_context(company.schema_name):
        return refresh_gap_alerts(by=None, site=site, now=now)


def make_volunteer(company):
    return make_person(company, name="赵志愿")


@pytest.fixture
def night_gap(company_a, gate_a, person_a):
    """The south gate is staffed for the next three days except on the first night."""
    staff(company_a, gate_a, person_a, MORNING, NIGHT[0])
    staff(company_a, gate_a, person_a, NIGHT[1], MORNING + 72 * HOUR)
    return NIGHT


def test_a_gap_alerts_once_however_often_the_hourly_check_runs(company_a, night_gap):
    runs = [refresh(company_a, MORNING + hours * HOUR) for hours in range(5)]
    assert runs == [(1, 0), (0, 0), (0, 0), (0, 0), (0, 0)]
    assert alerts_of(company_a) == [("南门", *night_gap, 1, False)]


def test_an_unstaffed_gate_keeps_one_alert_as_the_window_moves_on(company_a, gate_a):
    runs = [refresh(company_a, MORNING + hours * HOUR) for hours in range(3)]
    assert runs == [(1, 0), (0, 0), (0, 0)]
    # Since the first run, and until the end of the latest run's 48 hours.
    assert alerts_of(company_a) == [("南门", MORNING, MORNING + 50 * HOUR, 1, False)]


def test_filling_the_gap_resolves_its_alert(company_a, gate_a, night_gap):
    refresh(company_a, MORNING)
    make_shift(company_a, gate_a, make_volunteer(company_a), *night_gap)
    assert refresh(company_a, MORNING + HOUR) == (0, 1)
    assert refresh(company_a, MORNING + 2 * HOUR) == (0, 0)
    assert alerts_of(company_a) == [("南门", *night_gap, 1, True)]


def test_a_gap_that_opens_again_after_being_filled_alerts_again(company_a, gate_a, night_gap):
    refresh(company_a, MORNING)
    cover = make_shift(company_a, gate_a, make_volunteer(company_a), *night_gap)
    refresh(company_a, MORNING + HOUR)
    with schema_context(company_a.schema_name):
        delete_shift(cover, by=None)  # the volunteer cancels
    assert refresh(company_a, MORNING + 2 * HOUR) == (1, 0)
    unresolved = [alert for alert in alerts_of(company_a) if not alert[-1]]
    assert unresolved == [("南门", *night_gap, 1, False)]


def test_a_gap_that_comes_back_in_steps_keeps_one_open_alert(company_a, gate_a, night_gap):
    refresh(company_a, MORNING)
    cover = make_shift(company_a, gate_a, make_volunteer(company_a), *night_gap)
    refresh(company_a, MORNING + HOUR)
    with schema_context(company_a.schema_name):
        cover = update_shift(cover, by=None, starts_at=shanghai(2026, 12, 2, 2))  # comes late
        refresh_gap_alerts(by=None, now=MORNING + 2 * HOUR)
        delete_shift(cover, by=None)  # and then not at all
    assert refresh(company_a, MORNING + 3 * HOUR) == (0, 0)
    unresolved = [alert for alert in alerts_of(company_a) if not alert[-1]]
    assert unresolved == [("南门", *night_gap, 1, False)]


def test_filling_the_start_of_a_gap_moves_its_alert_to_what_is_left(company_a, gate_a, night_gap):
    refresh(company_a, MORNING)
    make_shift(company_a, gate_a, make_volunteer(company_a), night_gap[0], shanghai(2026, 12, 2, 2))
    assert refresh(company_a, MORNING + HOUR) == (0, 0)
    assert alerts_of(company_a) == [("南门", shanghai(2026, 12, 2, 2), night_gap[1], 1, False)]


def test_a_gap_three_days_away_is_alerted_only_once_it_is_within_48_hours(
    company_a, gate_a, person_a
):
    staff(company_a, gate_a, person_a, MORNING, MORNING + 72 * HOUR)
    assert refresh(company_a, MORNING) == (0, 0)
    assert alerts_of(company_a) == []
    # A day later the gap after the last shift (4 December, 08:00) comes within 48 hours.
    assert refresh(company_a, MORNING + 26 * HOUR) == (1, 0)
    assert alerts_of(company_a) == [
        ("南门", shanghai(2026, 12, 4, 8), shanghai(2026, 12, 4, 10), 1, False)
    ]


def test_closing_the_gate_resolves_its_alert(company_a, gate_a, night_gap, manager_a):
    refresh(company_a, MORNING)
    with schema_context(company_a.schema_name):
        change_gate_status(
            gate_a, GateStatus.CLOSED, by=manager_a, reason="封闭管理", at=MORNING + HOUR
        )
    assert refresh(company_a, MORNING + HOUR) == (0, 1)
    assert alerts_of(company_a) == [("南门", *night_gap, 1, True)]


def test_a_gate_another_company_staffs_is_never_alerted(company_a, site_a):
    make_gate(company_a, site_a, name="共用东门", responsible=False)
    assert refresh(company_a, MORNING) == (0, 0)
    assert alerts_of(company_a) == []


def test_a_check_of_one_site_leaves_the_other_sites_alerts_alone(company_a, site_a, gate_a):
    other_site = make_site(company_a, name="虹桥花园")
    make_gate(company_a, other_site, name="虹桥东门")
    assert refresh(company_a, MORNING, site=other_site) == (1, 0)
    assert refresh(company_a, MORNING + HOUR, site=site_a) == (1, 0)
    assert sorted(alert[0] for alert in alerts_of(company_a)) == ["南门", "虹桥东门"]


# Two companies


def test_companies_never_see_each_others_alerts(company_a, company_b, gate_a, gate_b):
    assert refresh(company_a, MORNING) == (1, 0)
    assert alerts_of(company_b) == []
    assert refresh(company_b, MORNING) == (1, 0)
    assert [alert[0] for alert in alerts_of(company_a)] == ["南门"]
    assert [alert[0] for alert in alerts_of(company_b)] == ["北门"]


def test_filling_a_gap_resolves_only_this_companys_alert(
    company_a, company_b, gate_a, gate_b, person_a
):
    refresh(company_a, MORNING)
    refresh(company_b, MORNING)
    staff(company_a, gate_a, person_a, MORNING, MORNING + 49 * HOUR)
    assert refresh(company_a, MORNING + HOUR) == (0, 1)
    assert [alert[-1] for alert in alerts_of(company_a)] == [True]
    assert alerts_of(company_b) == [("北门", MORNING, MORNING + 48 * HOUR, 1, False)]
    with schema_context(company_b.schema_name):
        assert not Shift.objects.exists()


# On a real worker


@pytest.fixture
def unstaffed_gates(django_db_setup, django_db_blocker):
    """A gate with nobody on duty in each company, committed, since the worker reads it
    through its own connection."""
    with django_db_blocker.unblock():
        alpha, beta = Company.objects.get(slug="alpha"), Company.objects.get(slug="beta")
        sites = {alpha: make_site(alpha, name="湾流甲"), beta: make_site(beta, name="湾流乙")}
        for company, site in sites.items():
            make_gate(company, site, name=f"{site.name}南门")
        try:
            yield alpha, beta
        finally:
            for company, site in sites.items():
                with schema_context(company.schema_name):
                    Site.objects.filter(pk=site.pk).delete()  # its gates and alerts with it


@pytest.mark.worker
def test_the_hourly_check_on_a_worker_alerts_in_the_company_it_was_sent_for(
    unstaffed_gates, worker
):
    alpha, beta = unstaffed_gates
    runs = [
        refresh_gap_alerts_task.apply_async(headers={SCHEMA_HEADER: alpha.schema_name}).get(
            timeout=WAIT_SECONDS
        )
        for _ in range(2)
    ]
    assert runs == [{"new": 1, "resolved": 0}, {"new": 0, "resolved": 0}]
    assert [(gate, missing, resolved) for gate, _s, _e, missing, resolved in alerts_of(alpha)] == [
        ("湾流甲南门", 1, False)
    ]
    assert alerts_of(beta) == []


def test_a_shift_change_asks_for_its_sites_gap_check_once_committed(
    company_a, gate_a, person_a, django_capture_on_commit_callbacks
):
    sent = []

    def note(sender=None, headers=None, body=None, **kwargs):
        sent.append((sender, headers[SCHEMA_HEADER], body[0]))

    before_task_publish.connect(note, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=False) as pending:
            make_shift(company_a, gate_a, person_a, MORNING, MORNING + 8 * HOUR)
        assert sent == []  # nothing before the change is committed
        for callback in pending:
            callback()
    finally:
        before_task_publish.disconnect(note)
        app.control.purge()
    assert sent == [("tasks.rosters.refresh_gap_alerts", company_a.schema_name, (gate_a.site_id,))]
