"""Entries recorded at the gates: the list with its filters and the overrides, one entry."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import DetailView, ListView

from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.gate.forms import VoidEntryForm
from tenants.gate.manager_forms import EntryFilterForm
from tenants.gate.models import Entry
from tenants.gate.policy import Outcome
from tenants.gate.views.personal import RevealMixin
from tenants.sites.models import Gate, Site


def entry_totals(entries) -> dict[str, int]:
    """How many entries count, of each outcome and overridden, and how many were voided (listed,
    not counted): one aggregate query over them all.

    It costs what the paginator's count of the same rows would, and replaces that count
    (`listed`: every row, voided or not).
    """
    counted = Q(voided_at__isnull=True)
    return entries.order_by().aggregate(
        listed=Count("pk"),
        entries=Count("pk", filter=counted),
        overridden=Count("pk", filter=counted & ~Q(override_reason="")),
        voided=Count("pk", filter=~counted),
        **{outcome: Count("pk", filter=counted & Q(outcome=outcome)) for outcome in Outcome.values},
    )


class EntryListView(CompanyPermissionRequiredMixin, ListView):
    permission = "gate.view"
    template_name = "gate/portal/entry_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_filter_form(self) -> EntryFilterForm:
        if not hasattr(self, "filter_form"):
            self.filter_form = EntryFilterForm(
                self.request.GET,
                sites=Site.objects.visible_to(self.access),
                gates=Gate.objects.visible_to(self.access).select_related("site"),
            )
        return self.filter_form

    def get_queryset(self):
        entries = Entry.objects.visible_to(self.access).select_related(
            "site", "gate", "recorded_by"
        )
        filters = self.get_filter_form().filters()
        for name in ("site", "gate", "category", "outcome"):
            if name in filters:
                entries = entries.filter(**{name: filters[name]})
        if "day" in filters:
            # A range, not recorded_at__date: the indexes on recorded_at serve it.
            start = timezone.make_aware(datetime.datetime.combine(filters["day"], datetime.time()))
            entries = entries.filter(
                recorded_at__gte=start, recorded_at__lt=start + datetime.timedelta(days=1)
            )
        if filters.get("overridden"):
            entries = entries.overridden()
        return entries

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.totals["listed"]  # counted with the totals, not a second time
        return paginator

    def get_context_data(self, **kwargs):
        form = self.get_filter_form()
        # The whole filtered list's totals, whatever the page.
        self.totals = entry_totals(self.object_list)
        return super().get_context_data(
            filters=form,
            overrides=bool(form.filters().get("overridden")),
            totals=self.totals,
            outcome_totals=[(outcome, self.totals[outcome.value]) for outcome in Outcome],
            **kwargs,
        )


class EntryDetailView(CompanyPermissionRequiredMixin, DetailView):
    permission = "gate.view"
    template_name = "gate/portal/entry_detail.html"
    context_object_name = "entry"

    def get_queryset(self):
        return Entry.objects.visible_to(self.access).select_related(
            "site", "gate", "recorded_by", "voided_by", "visitor_pass", "escalation"
        )

    def get_context_data(self, **kwargs):
        entry = self.object
        if "void_form" not in kwargs and self.may_void(entry):
            kwargs["void_form"] = VoidEntryForm()
        return super().get_context_data(
            can_reveal=self.access.has("personal_data.reveal"), **kwargs
        )

    def may_void(self, entry) -> bool:
        """Whether to offer Void: a role that voids, an entry not voided, of today."""
        return (
            self.access.has("gate.void")
            and not entry.voided
            and timezone.localdate(entry.recorded_at) == timezone.localdate()
        )


class EntryRevealView(RevealMixin, EntryDetailView):
    """The entry's page with its full ID and phone numbers, for managers; each time recorded."""
