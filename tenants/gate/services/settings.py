"""A company's gate settings: how long home isolation lasts and how long personal data is kept."""

from django.db import transaction

from companies.models import Company
from tenants.history.services import log_changed, snapshot


@transaction.atomic
def change_gate_settings(
    company: Company, *, isolation_days: int, retention_days: int, by
) -> Company:
    """Set the days of home isolation and of keeping personal data, for cases and records to come.

    Isolation cases already open keep their last day; the nightly clean-up uses the new
    retention from its next run.
    """
    company = Company.objects.select_for_update().get(pk=company.pk)
    fields = ("isolation_days", "retention_days")
    before = snapshot(company, fields)
    company.isolation_days = isolation_days
    company.retention_days = retention_days
    company.full_clean()
    company.save(update_fields=["isolation_days", "retention_days"])
    # In the company's own log: it is the company's setting, read by its managers.
    log_changed(company, "company.gate_settings_changed", before, fields, by=by)
    return company
