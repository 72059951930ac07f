"""The company's cleaning setting: how long after its work a log counts as recorded late."""

from django.db import transaction

from companies.models import Company
from tenants.history.services import log_changed, snapshot


@transaction.atomic
def change_cleaning_settings(company: Company, *, late_record_hours: int, by) -> Company:
    """Set after how many hours a log is marked "recorded late" (补录), for logs to come."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    fields = ("late_record_hours",)
    before = snapshot(company, fields)
    company.late_record_hours = late_record_hours
    company.full_clean()
    company.save(update_fields=["late_record_hours"])
    log_changed(company, "company.cleaning_settings_changed", before, fields, by=by)
    return company
