"""The nightly clean-up on a real worker: it runs in the company it was sent for, once is enough."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from companies.models import Company
from tasks.base import SCHEMA_HEADER
from tasks.gate import gate_housekeeping
from tenants.gate.models import Entry
from tenants.gate.services.entries import EntryIn, record_entry
from tenants.sites.models import Site
from tests.conftest import make_gate, make_site
from tests.workers import WAIT_SECONDS


def visitor_entry(gate, days_ago: int) -> Entry:
    when = timezone.now() - datetime.timedelta(days=days_ago)
    entry, _created = record_entry(
        gate,
        EntryIn(
            uuid=uuid.uuid4(),
            category="courier",
            temperature=Decimal("36.5"),
            recorded_at=when,
            name="王快递",
            phone="13812345678",
            health_code="green",
        ),
        by=None,
        # Recorded when it happened: the entry window is counted from then.
        now=when,
    )
    return entry


@pytest.fixture
def old_and_new_entries(django_db_setup, django_db_blocker):
    """In each company a courier's entry from 30 days ago and one from today, committed,
    since the worker reads them through its own connection."""
    with django_db_blocker.unblock():
        alpha, beta = Company.objects.get(slug="alpha"), Company.objects.get(slug="beta")
        sites = {alpha: make_site(alpha, name="清理甲"), beta: make_site(beta, name="清理乙")}
        for company, site in sites.items():
            gate = make_gate(company, site, name="东门")
            with schema_context(company.schema_name):
                visitor_entry(gate, days_ago=30)
                visitor_entry(gate, days_ago=0)
        try:
            yield alpha, beta
        finally:
            for company, site in sites.items():
                with schema_context(company.schema_name):
                    Entry.objects.filter(site=site).delete()
                    Site.objects.filter(pk=site.pk).delete()


def names_and_phones(company) -> list[tuple[str, bool, bool]]:
    with schema_context(company.schema_name):
        return sorted(
            (entry.name, bool(entry.phone), entry.personal_data_removed_at is not None)
            for entry in Entry.objects.filter(site__name__startswith="清理")
        )


@pytest.mark.worker
def test_the_nightly_clean_up_strips_old_entries_of_its_company_only(old_and_new_entries, worker):
    alpha, beta = old_and_new_entries
    runs = [
        gate_housekeeping.apply_async(headers={SCHEMA_HEADER: alpha.schema_name}).get(
            timeout=WAIT_SECONDS
        )
        for _ in range(2)
    ]
    assert [run["entries"] for run in runs] == [1, 0]
    # The old courier lost name and phone; today's keeps them; the other company is untouched.
    assert names_and_phones(alpha) == [("", False, True), ("王快递", True, False)]
    assert names_and_phones(beta) == [("王快递", True, False), ("王快递", True, False)]
    with schema_context(alpha.schema_name):
        assert Entry.objects.filter(site__name="清理甲", category="courier").count() == 2
