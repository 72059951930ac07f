"""A company's gate settings: how long home isolation lasts and how long personal data is kept."""

from django.db import transaction

from companies.models import Company


@transaction.atomic
def change_gate_settings(
    company: Company, *, isolation_days: int, retention_days: int, by
) -> Company:
    """Set the days of home isolation and of keeping personal data, for cases and records to come.

    Isolation cases already open keep their last day; the nightly clean-up uses the new
    retention from its next run.
    """
    # `by` is the manager who asked, as in every service; companies keep no change log yet.
    company = Company.objects.select_for_update().get(pk=company.pk)
    company.isolation_days = isolation_days
    company.retention_days = retention_days
    company.full_clean()
    company.save(update_fields=["isolation_days", "retention_days"])
    return company
