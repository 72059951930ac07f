"""Tasks run in the schema of the company that enqueued them, on a real worker and broker."""

import datetime

import pytest
from celery.signals import before_task_publish
from django.db import transaction
from django_tenants.utils import schema_context

from companies.models import Company
from tasks.base import LOCALE_HEADER, SCHEMA_HEADER
from tasks.celery import app
from tasks.gate import gate_housekeeping
from tasks.reports import produce_all_daily_reports, produce_daily_report_task
from tenants.history.models import ActorKind, LogEntry
from tenants.reports.models import DailyReport
from tenants.sites.models import Site
from tests.conftest import make_site
from tests.workers import WAIT_SECONDS


@pytest.fixture
def committed_companies(django_db_setup, django_db_blocker):
    """Sites committed for real, since the worker reads through its own connection."""
    with django_db_blocker.unblock():
        alpha = Company.objects.get(slug="alpha")
        beta = Company.objects.get(slug="beta")
        make_site(alpha, name="甲一", households=100)
        make_site(alpha, name="甲二", households=50)
        make_site(beta, name="乙一", households=7)
        try:
            yield alpha, beta
        finally:
            for company in (alpha, beta):
                with schema_context(company.schema_name):
                    DailyReport.objects.all().delete()
                    Site.objects.all().delete()


def report_for(company, day):
    with schema_context(company.schema_name):
        return DailyReport.objects.filter(day=day).first()


def wait_for_report(company, day):
    import time

    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        report = report_for(company, day)
        if report is not None:
            return report
        time.sleep(0.1)
    raise AssertionError(f"no report for {company} on {day}")


def test_task_sees_the_schema_of_the_company_named_in_it(committed_companies, worker):
    alpha, beta = committed_companies
    result = produce_daily_report_task.apply_async(
        ("2026-11-22",), headers={SCHEMA_HEADER: beta.schema_name}
    )
    assert result.get(timeout=WAIT_SECONDS) == {"day": "2026-11-22", "sites": 1, "households": 7}
    assert report_for(alpha, datetime.date(2026, 11, 22)) is None


def test_task_enqueued_in_a_company_runs_there_after_commit(committed_companies, worker):
    alpha, beta = committed_companies
    day = datetime.date(2026, 11, 21)
    with schema_context(alpha.schema_name), transaction.atomic():
        produce_daily_report_task.delay_on_commit(day.isoformat())
    report = wait_for_report(alpha, day)
    assert (report.sites, report.households) == (2, 150)
    assert report_for(beta, day) is None


def test_daily_reports_fan_out_to_every_company_each_in_its_own_schema(committed_companies, worker):
    alpha, beta = committed_companies
    day = datetime.date(2026, 11, 20)
    assert produce_all_daily_reports.delay(day.isoformat()).get(timeout=WAIT_SECONDS) == 2
    assert (wait_for_report(alpha, day).households, wait_for_report(beta, day).households) == (
        150,
        7,
    )


def test_producing_a_report_twice_keeps_one_report(committed_companies, worker):
    alpha, _beta = committed_companies
    for _ in range(2):
        produce_daily_report_task.apply_async(
            ("2026-11-19",), headers={SCHEMA_HEADER: alpha.schema_name}
        ).get(timeout=WAIT_SECONDS)
    with schema_context(alpha.schema_name):
        assert DailyReport.objects.filter(day="2026-11-19").count() == 1


def log_of(company, before=()):
    """The company's log entries by system tasks, newer than the ids in `before`."""
    with schema_context(company.schema_name):
        entries = LogEntry.objects.filter(actor_kind=ActorKind.SYSTEM).exclude(pk__in=before)
        return {(entry.actor_label, entry.action): entry.data for entry in entries}


def test_tasks_log_their_runs_under_their_own_names(committed_companies, worker):
    alpha, beta = committed_companies
    with schema_context(alpha.schema_name):
        before = list(LogEntry.objects.values_list("pk", flat=True))
    headers = {SCHEMA_HEADER: alpha.schema_name}
    gate_housekeeping.apply_async(headers=headers).get(timeout=WAIT_SECONDS)
    produce_daily_report_task.apply_async(("2026-11-18",), headers=headers).get(
        timeout=WAIT_SECONDS
    )
    logged = log_of(alpha, before)
    assert logged[("gate_housekeeping", "isolation.elapsed_finished")] == {"count": 0}
    assert logged[("gate_housekeeping", "personal_data.expired_removed")]["entries"] == 0
    assert logged[("produce_daily_report", "daily_report.produced")] == {
        "day": "2026-11-18",
        "sites": 2,
        "households": 150,
    }
    assert len(logged) == 3


def test_tasks_fan_out_to_every_company_in_its_own_language(committed_companies):
    """What the broker is given for each company: its schema and its language."""
    alpha, beta = committed_companies
    Company.objects.filter(pk=beta.pk).update(language="ja")
    sent = []

    def note(sender=None, headers=None, **kwargs):
        sent.append((headers[SCHEMA_HEADER], headers[LOCALE_HEADER]))

    before_task_publish.connect(note, weak=False)
    try:
        assert produce_all_daily_reports("2026-11-17") == 2
    finally:
        before_task_publish.disconnect(note)
        Company.objects.filter(pk=beta.pk).update(language="zh-hans")
        app.control.purge()
    assert sorted(sent) == [(alpha.schema_name, "zh-hans"), (beta.schema_name, "ja")]
