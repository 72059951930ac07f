"""Personal data is kept only as long as it is needed: the daily clean-up of one company."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from companies.services import current_company
from tenants.gate.models import (
    Entry,
    EscalationCase,
    IsolationCase,
    NeedRequest,
    Returnee,
    TemperatureReading,
    VisitorPass,
)
from tenants.history.services import forget_entries_about, log_action

# Isolation cases keep names and numbers this long after they end, whatever the company's setting.
ISOLATION_KEPT = datetime.timedelta(days=28)


def _strip(queryset, fields: dict, now) -> int:
    return queryset.filter(personal_data_removed_at__isnull=True).update(
        **fields, personal_data_removed_at=now
    )


def _forget_logged_names(now) -> int:
    """Delete the log entries that name the people whose data this run stripped."""
    # The kinds of record whose log entries carry a name, in their label or their data: an
    # entry (labelled with the entrant's name), a returnee and an isolation case, and a case's
    # readings and needs (labelled with the case). A pass, an escalation and an isolation
    # change are logged without one. Stripped rows carry this run's `now`, and the log rows
    # about them were written before them: the subqueries find exactly what was stripped.
    cases = IsolationCase.objects.filter(personal_data_removed_at=now)
    return sum(
        forget_entries_about(records)
        for records in (
            Entry.objects.filter(personal_data_removed_at=now),
            Returnee.objects.filter(personal_data_removed_at=now),
            cases,
            TemperatureReading.objects.filter(case__in=cases),
            NeedRequest.objects.filter(case__in=cases),
        )
    )


@transaction.atomic
def remove_expired_personal_data(now=None, *, by) -> dict[str, int]:
    """Strip names, ID and phone numbers from old entries, passes and ended isolation cases,
    and delete the log entries that name those people.

    Counts, categories, temperatures and decisions stay for the reports. Safe to run twice:
    stripped rows are marked and skipped.
    """
    now = now or timezone.now()
    company = current_company()
    entries_before = now - datetime.timedelta(days=company.retention_days)
    cases_before = timezone.localdate(now) - ISOLATION_KEPT
    ended = Q(ended_on__lt=cases_before) | Q(
        ended_on__isnull=True, status="finished", planned_end__lt=cases_before
    )
    old_cases = IsolationCase.objects.exclude(status="observing").filter(ended)
    counts = {
        "entries": _strip(
            Entry.objects.filter(recorded_at__lt=entries_before), Entry.PERSONAL_FIELDS, now
        ),
        "passes": _strip(
            VisitorPass.objects.filter(created_at__lt=entries_before),
            VisitorPass.PERSONAL_FIELDS,
            now,
        ),
        "returnees": _strip(
            Returnee.objects.filter(isolation_case__in=old_cases), Returnee.PERSONAL_FIELDS, now
        ),
        "isolation_cases": _strip(old_cases, IsolationCase.PERSONAL_FIELDS, now),
    }
    # A case's name goes with the entry or isolation it came from.
    EscalationCase.objects.exclude(person_name="").filter(
        Q(entry__personal_data_removed_at__isnull=False)
        | Q(isolation_case__personal_data_removed_at__isnull=False)
    ).update(person_name="")
    counts["log_entries"] = _forget_logged_names(now)
    # One entry per run with the counts only: the log is append-only, so it must never hold
    # the data this run removes.
    log_action(company, "personal_data.expired_removed", by=by, data=counts)
    return counts
